// A command is applied to a Draft: a copy of the case state. It becomes the case's state only after
// its event is recorded (engine.ts), so a failed recording changes nothing. Deterministic.
import type {
  Breach,
  CaseDeadline,
  CaseState,
  ComputedDeadline,
  DeadlineInput,
  DeadlineStatus,
  DutyBearer,
  EscalationRung,
  StatutoryRule,
  ViolationStatus,
} from './contract';

/** A notice the engine writes to the outbox once the event is recorded. */
export interface Notice {
  to: string;
  kind: string;
  message: string;
}

export interface DeadlineSpec {
  kind: string;
  dutyBearer: DutyBearer;
  rule: StatutoryRule;
  startedAt: string;
  breach: Breach;
  ladder: EscalationRung[];
  rung?: number;
  rectifies?: string;
  rectifiesDeadline?: number;
}

export type ComputeDeadline = (input: DeadlineInput) => Promise<ComputedDeadline>;

export class Draft<D, S extends string = string> {
  readonly state: CaseState<D, S>;
  readonly notices: Notice[] = [];

  constructor(
    current: CaseState<D, S>,
    /** The workflow's time of this step, as written in events. */
    readonly now: string,
    private readonly computeDeadline: ComputeDeadline,
  ) {
    // The state is plain JSON (it travels through history and the read model as JSON).
    this.state = JSON.parse(JSON.stringify(current)) as CaseState<D, S>;
  }

  get data(): D {
    return this.state.data;
  }

  setStage(stage: S): void {
    this.state.stage = stage;
  }

  openDeadline(kind?: string): CaseDeadline | undefined {
    return this.state.deadlines.find((d) => d.status === 'open' && (!kind || d.kind === kind));
  }

  /** Computes the due instant in an activity (never in workflow code) and opens the deadline. */
  async addDeadline(spec: DeadlineSpec): Promise<CaseDeadline> {
    const { workingDays, months } = spec.rule;
    const computed = await this.computeDeadline({ startedAt: spec.startedAt, workingDays, months, jurisdiction: spec.dutyBearer.jurisdictionCode });
    if (computed.fastClock) this.state.fastClock = true;
    const deadline: CaseDeadline = {
      id: this.state.deadlines.length + 1,
      kind: spec.kind,
      dutyBearer: spec.dutyBearer,
      ...(spec.rectifies ? { rectifies: spec.rectifies, rectifiesDeadline: spec.rectifiesDeadline } : {}),
      startedAt: spec.startedAt,
      ...(workingDays !== undefined ? { workingDays } : { months }),
      dueAt: computed.dueAt,
      dueDate: computed.dueDate,
      provisional: computed.provisional,
      ruleSet: spec.rule.ruleSet,
      article: spec.rule.article,
      breach: spec.breach,
      ladder: spec.ladder,
      rung: spec.rung ?? 0,
      status: 'open',
    };
    this.state.deadlines.push(deadline);
    return deadline;
  }

  /**
   * An extension supersedes the open deadline of the same kind; its working days run on from the
   * current due date (Art. 21 for replies, Art. 17 for catalogue updates).
   */
  async extendDeadline(kind: string, rule: StatutoryRule): Promise<CaseDeadline | undefined> {
    const current = this.openDeadline(kind);
    if (!current) return undefined;
    current.status = 'superseded';
    return this.addDeadline({ ...current, rule, startedAt: `${current.dueDate}T00:00:00.000+08:00` });
  }

  closeDeadlines(match: (d: CaseDeadline) => boolean, status: Exclude<DeadlineStatus, 'open' | 'missed'>): void {
    for (const d of this.state.deadlines) if (d.status === 'open' && match(d)) d.status = status;
  }

  /** The duty is done: its deadline and any rectification of it are met; its open violations rectified. */
  dutyDone(duty: string): void {
    this.closeDeadlines((d) => d.kind === duty || d.rectifies === duty, 'met');
    this.resolveViolations((v) => v.duty === duty, 'rectified', 'the duty was done');
  }

  resolveViolations(match: (v: CaseState['violations'][number]) => boolean, status: Exclude<ViolationStatus, 'open'>, reason: string, by?: string): void {
    for (const v of this.state.violations) {
      if (v.status === 'open' && match(v)) {
        v.status = status;
        v.resolution = { ...(by ? { by } : {}), reason, at: this.now };
      }
    }
  }

  notify(to: string, kind: string, message: string): void {
    this.notices.push({ to, kind, message });
  }
}
