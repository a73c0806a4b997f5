// A command is applied to a Draft: a copy of the case state. It becomes the case's state only after
// its event is recorded (engine.ts), so a failed recording changes nothing. Deterministic.
import type {
  Breach,
  CaseDeadline,
  CaseMessage,
  CaseState,
  ComputedDeadline,
  DeadlineInput,
  DeadlineStatus,
  DutyBearer,
  EscalationRung,
  MissMeaning,
  StatutoryRule,
  ViolationStatus,
} from './contract';
import { shanghaiIso } from './time';

/** A notice the engine writes to the outbox once the event is recorded. */
export interface Notice {
  to: string;
  kind: string;
  message: string;
}

/** A command to another case, delivered once the event is recorded (as the system, idempotent by the event). */
export type Message = Pick<CaseMessage, 'to' | 'command' | 'body'>;

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
  /** Default `violation`: a miss is the duty-bearer's breach. */
  onMiss?: MissMeaning;
}

/** The activities a draft's clocks are computed with (never in workflow code: the calendar changes). */
export interface Clock {
  computeDeadline(input: DeadlineInput): Promise<ComputedDeadline>;
  remainingPeriod(input: { at: string; dueAt: string; dueDate: string; jurisdiction?: string }): Promise<{ workingDays: number }>;
}

const LIVE: readonly DeadlineStatus[] = ['open', 'suspended'];
const DAY_MS = 86_400_000;

export class Draft<D, S extends string = string> {
  readonly state: CaseState<D, S>;
  readonly notices: Notice[] = [];
  readonly messages: Message[] = [];

  constructor(
    current: CaseState<D, S>,
    /** The workflow's time of this step, as written in events. */
    readonly now: string,
    private readonly clock: Clock,
  ) {
    // The state is plain JSON (it travels through history and the read model as JSON), and bounded:
    // closed deadlines and resolved violations leave it (prune.ts), so this copy costs the same at
    // the 5,000th event as at the 10th.
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

  deadline(id: number): CaseDeadline | undefined {
    return this.state.deadlines.find((d) => d.id === id);
  }

  /** The next id of a kind of record: stable, never reused, whatever has left the state. */
  private nextId(of: 'deadlines' | 'violations'): number {
    const counters = (this.state.counters ??= { deadlines: this.state.deadlines.length, violations: this.state.violations.length });
    counters[of] += 1;
    return counters[of];
  }

  /** Computes the due instant in an activity (never in workflow code) and opens the deadline. */
  async addDeadline(spec: DeadlineSpec): Promise<CaseDeadline> {
    const { workingDays, months } = spec.rule;
    const computed = await this.clock.computeDeadline({ startedAt: spec.startedAt, workingDays, months, jurisdiction: spec.dutyBearer.jurisdictionCode });
    if (computed.fastClock) this.state.fastClock = true;
    const deadline: CaseDeadline = {
      id: this.nextId('deadlines'),
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
      ...(spec.onMiss && spec.onMiss !== 'violation' ? { onMiss: spec.onMiss } : {}),
    };
    this.state.deadlines.push(deadline);
    return deadline;
  }

  /** A violation of a missed deadline, with a stable id. */
  addViolation(v: Omit<CaseState['violations'][number], 'id'>): number {
    const id = this.nextId('violations');
    this.state.violations.push({ id, ...v });
    return id;
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

  /** Pauses a deadline's clock (a coordinator's order, a suspended relationship): what is left is kept. */
  async suspendDeadline(id: number, reason: string, by: string): Promise<CaseDeadline> {
    const d = this.liveDeadline(id, 'open');
    const remaining = await this.clock.remainingPeriod({ at: this.now, dueAt: d.dueAt, dueDate: d.dueDate, jurisdiction: d.dutyBearer.jurisdictionCode });
    d.status = 'suspended';
    d.suspension = { at: this.now, reason, by, remaining };
    return d;
  }

  /** Runs a paused clock again: what was left is counted from today (the day itself not counted; `now` is Asia/Shanghai's). */
  async resumeDeadline(id: number, reason: string): Promise<CaseDeadline> {
    const d = this.liveDeadline(id, 'suspended');
    const left = d.suspension!.remaining.workingDays ?? 0;
    // Paused on its last day, it has the rest of the day it resumes on (to 24:00, Civil Code Art. 203).
    const today = this.now.slice(0, 10);
    const computed =
      left > 0
        ? await this.clock.computeDeadline({ startedAt: this.now, workingDays: left, jurisdiction: d.dutyBearer.jurisdictionCode })
        : { dueAt: shanghaiIso(Date.parse(`${today}T00:00:00.000+08:00`) + DAY_MS), dueDate: today, provisional: false };
    this.moveDue(d, computed, reason);
    d.status = 'open';
    delete d.suspension;
    return d;
  }

  /**
   * Counts a running deadline again from its start with the calendar as it is now (a State Council
   * notice loaded, a regional adjustment). Moved earlier, it never falls before `notBefore` (nor after
   * where it was): nobody is in breach retroactively. Answers whether it changed (moved, or made final).
   */
  async rearmDeadline(id: number, reason: string, notBefore: string): Promise<boolean> {
    const d = this.liveDeadline(id);
    if (d.status === 'suspended') return false; // counted again on resumption, from what was left
    const computed = await this.clock.computeDeadline({ startedAt: d.startedAt, workingDays: d.workingDays, months: d.months, jurisdiction: d.dutyBearer.jurisdictionCode });
    const [was, now, bound] = [Date.parse(d.dueAt), Date.parse(computed.dueAt), Date.parse(notBefore)];
    const dueAt = now >= was || now >= bound ? computed.dueAt : shanghaiIso(Math.min(was, bound));
    if (dueAt === d.dueAt && computed.provisional === d.provisional) return false;
    this.moveDue(d, { ...computed, dueAt }, reason);
    return true;
  }

  /**
   * A miss the calendar now places later. Still past, the miss stands at its new instant (its
   * violations re-dated). Not yet past, it is disproved: its violations are withdrawn with the reason,
   * a rectification of it ends, and its clock runs again to the new instant.
   */
  async recountMiss(id: number, reason: string): Promise<'redated' | 'disproved' | undefined> {
    const d = this.deadline(id);
    if (!d || d.status !== 'missed') return undefined;
    const computed = await this.clock.computeDeadline({ startedAt: d.startedAt, workingDays: d.workingDays, months: d.months, jurisdiction: d.dutyBearer.jurisdictionCode });
    if (Date.parse(computed.dueAt) <= Date.parse(d.dueAt)) return undefined;
    if (Date.parse(computed.dueAt) <= Date.parse(this.now)) {
      this.moveDue(d, computed, reason);
      d.missedAt = computed.dueAt;
      for (const v of this.state.violations) if (v.deadlineId === id) v.at = computed.dueAt;
      return 'redated';
    }
    this.moveDue(d, computed, reason);
    d.status = 'open';
    delete d.missedAt;
    delete d.escalatedAt;
    delete d.escalatedTo;
    this.closeDeadlines((x) => x.rectifiesDeadline === id, 'cancelled');
    this.resolveViolations((v) => v.deadlineId === id, 'withdrawn', `the calendar no longer makes it late: ${reason}`);
    return 'disproved';
  }

  private moveDue(d: CaseDeadline, to: { dueAt: string; dueDate: string; provisional: boolean }, reason: string): void {
    d.rearms = [...(d.rearms ?? []), { at: this.now, from: d.dueAt, to: to.dueAt, reason }];
    d.dueAt = to.dueAt;
    d.dueDate = to.dueDate;
    d.provisional = to.provisional;
  }

  private liveDeadline(id: number, status?: DeadlineStatus): CaseDeadline {
    const d = this.deadline(id);
    if (!d || !LIVE.includes(d.status) || (status && d.status !== status)) throw new TypeError(`deadline ${id} is not ${status ?? 'running'}`);
    return d;
  }

  closeDeadlines(match: (d: CaseDeadline) => boolean, status: Exclude<DeadlineStatus, 'open' | 'suspended' | 'missed' | 'elapsed'>): void {
    for (const d of this.state.deadlines) {
      if (LIVE.includes(d.status) && match(d)) {
        d.status = status;
        delete d.suspension;
      }
    }
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

  /** Sends a command to another case once this step's event is recorded (courier.ts). */
  send(to: Message['to'], command: string, body: Record<string, unknown>): void {
    this.messages.push({ to, command, body });
  }
}
