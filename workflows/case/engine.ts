// The case engine: what every statutory case does, whatever its process (docs/design.md "The case
// engine"). Commands are serialized, applied to a copy, and committed only once their event is
// recorded; deadlines are waited on with `condition` at the stored instant and a miss is recorded
// at the deadline itself, then escalated along the deadline's ladder; long-lived cases
// continue-as-new carrying the chain. Deterministic: every side effect is an activity.
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  currentUpdateInfo,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Actor, CaseParty, CaseStart, CaseState, ChainHead } from './contract';
import { caseStateQuery, openedUpdate, reprojectUpdate } from './contract';
import { ENGINE_COMMANDS, engineCommandRules } from './commands';
import { acts } from './activities';
import { nextDeadline } from './deadlines';
import { Draft } from './draft';
import { ErrorCodes } from './errors';
import { rejectNotReady } from './failures';
import type { CaseProcess, CommandDeclaration, CommandRule, EventSpec, InitialParty, ProcessDeclaration, RoleDeclaration } from './process';
import { createPublisher } from './publish';
import { shanghaiIso } from './time';

export const GENESIS_HASH = '0'.repeat(64);
/** A command without a verified principal (no API sent it): it satisfies no party check. */
const UNKNOWN_ACTOR: Actor = { departmentId: '' };
/** Outcomes of this many recent commands are kept (and carried across continue-as-new). */
const OUTCOMES_KEPT = 200;

// Inside the workflow sandbox Date.now() is the deterministic workflow time (the task start).
const nowIso = (): string => shanghaiIso(Date.now());

/** A failed step as the command's rejection: our code survives, the state is untouched. */
function asRejection(err: unknown, stage: string): ApplicationFailure {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    return ApplicationFailure.create({ type: cause.type ?? ErrorCodes.DATA_REJECTED, message: cause.message, nonRetryable: true, details: [{ stage }] });
  }
  return ApplicationFailure.create({ type: ErrorCodes.DATA_REJECTED, message: String((cause as Error)?.message ?? cause), nonRetryable: true, details: [{ stage }] });
}

/** The parties of a new case, each with its role's standing (the declaration's). */
function withStanding(declaration: ProcessDeclaration, parties: InitialParty[]): CaseParty[] {
  const roles: Readonly<Record<string, RoleDeclaration>> = declaration.roles;
  return parties.map((p) => {
    const role = roles[p.role];
    if (!role) throw new TypeError(`${declaration.process} declares no role ${p.role}`);
    return { ...p, standing: role.standing };
  });
}

export async function runCase<I, D, S extends string>(def: CaseProcess<I, D, S, any>, start: CaseStart<I>): Promise<CaseState<D, S>> {
  const { process, terminal } = def.declaration;
  const isTerminal = (s: CaseState<D, S>): boolean => terminal.includes(s.stage);
  const carried = start.carried as CaseStart<I>['carried'] & { state: CaseState<D, S> } | undefined;
  const initial = carried ? undefined : def.initial(start.input);
  let state: CaseState<D, S> = carried?.state ?? {
    ...initial!,
    parties: withStanding(def.declaration, initial!.parties),
    process,
    version: 0,
    overdue: false,
    ruleSet: null,
    deadlines: [],
    violations: [],
  };
  let head: ChainHead = carried?.head ?? { seq: 0, hash: GENESIS_HASH };
  const outcomes = new Map<string, number>(carried?.outcomes ?? []);
  const publish = createPublisher(def, carried?.published ?? []);
  let ready = carried !== undefined;
  let openFailure: ApplicationFailure | undefined;

  // One step at a time: commands, deadline misses and the opening never interleave.
  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(step: () => Promise<T>): Promise<T> {
    const run = tail.then(step);
    tail = run.catch(() => undefined);
    return run;
  }

  const draft = (): Draft<D, S> => new Draft(state, nowIso(), acts.computeDeadline);

  /** Records the draft's event; only then does the draft become the case's state. */
  async function commit(next: Draft<D, S>, ev: EventSpec, actor?: Actor, updateId?: string): Promise<void> {
    const s = next.state;
    s.version = state.version + 1;
    s.overdue = s.violations.some((v) => v.status === 'open');
    const event = { seq: s.version, type: ev.type, at: next.now, ...(actor ? { actor } : {}), ...(ev.data ? { data: ev.data } : {}) };
    let hash: string;
    try {
      const partiesChanged = JSON.stringify(s.parties) !== JSON.stringify(state.parties);
      ({ hash } = await acts.recordCaseEvent({ event, state: s, prevHash: head.hash, terminal: isTerminal(s), ...(partiesChanged ? { partiesChanged } : {}) }));
    } catch (err) {
      throw asRejection(err, state.stage);
    }
    state = s;
    head = { seq: event.seq, hash };
    if (updateId) {
      outcomes.set(updateId, s.version);
      if (outcomes.size > OUTCOMES_KEPT) outcomes.delete(outcomes.keys().next().value!);
    }
    publish(state);
    for (const [i, n] of next.notices.entries()) {
      // The event is on record; a notice that cannot be written is logged, not a reason to undo it.
      await acts.notify({ id: `${state.id}:${event.seq}:${i}`, caseId: state.id, to: n.to, kind: n.kind, message: n.message }).catch((err: unknown) => {
        log.error('notice not written', { caseId: state.id, kind: n.kind, error: String(err) });
      });
    }
  }

  /** Every open deadline already past is missed first, at its own instant (Art. 39–41). */
  async function sweepMissed(): Promise<void> {
    for (let due = nextDeadline(state); due && Date.parse(due.dueAt) <= Date.now(); due = nextDeadline(state)) {
      const next = draft();
      const d = next.state.deadlines.find((x) => x.id === due!.id)!;
      const rung = d.ladder[Math.min(d.rung, d.ladder.length - 1)]!;
      d.status = 'missed';
      d.missedAt = shanghaiIso(d.dueAt);
      d.escalatedAt = next.now;
      d.escalatedTo = rung.tier;
      const duty = d.rectifies ?? d.kind;
      const breach = `${d.breach.article}${d.breach.clause ? ` ${d.breach.clause}` : ''}`;
      const violationId = next.state.violations.length + 1;
      next.state.violations.push({
        id: violationId,
        deadlineId: d.id,
        duty,
        article: d.breach.article,
        ...(d.breach.clause ? { clause: d.breach.clause } : {}),
        party: d.dutyBearer.departmentId,
        ordersRectification: rung.ordersRectification,
        at: d.missedAt,
        status: 'open',
      });
      next.notify(rung.notify, rung.noticeKind, `${d.kind} deadline ${d.dueAt} missed by ${d.dutyBearer.departmentId} (${breach}) — to ${rung.name}`);
      await commit(next, {
        type: 'deadline_missed',
        data: { deadlineId: d.id, kind: d.kind, dueAt: d.dueAt, escalatedTo: rung.tier, escalatedAt: next.now, article: breach, violationId },
      });
    }
  }

  // Reads and commands.
  setHandler(caseStateQuery, () => state);
  setHandler(openedUpdate, async () => {
    await condition(() => ready || openFailure !== undefined);
    if (openFailure) throw openFailure;
    await tail;
    return state;
  });

  // The read model lost or garbled this case: the workflow projects its state again through its own
  // recorder (nothing else writes the read model), without a new event.
  setHandler(
    reprojectUpdate,
    () =>
      exclusive(async () => {
        await acts.projectCase({ state, terminal: isTerminal(state) });
        return state;
      }),
    { validator: () => (ready ? undefined : rejectNotReady()) },
  );

  const replayed = (): boolean => {
    const id = currentUpdateInfo()?.id;
    return id !== undefined && outcomes.has(id);
  };
  // The principal interceptor (principal.ts) passes the verified actor as a second argument.
  const register = <W>(decl: CommandDeclaration<W>, rule: CommandRule<D, S, W>): void => {
    setHandler(
      decl.update,
      (cmd: W, actor: Actor = UNKNOWN_ACTOR) =>
        exclusive(async () => {
          // A command retried after continue-as-new (same update ID) replays: it is never applied twice.
          if (replayed()) return state;
          await sweepMissed();
          rule.validate(state, cmd, actor); // again: a racing command may have changed the case since validation
          const next = draft();
          const ev = await rule.apply(next, cmd, actor);
          // Nothing changed (e.g. the same assignment again): nothing is recorded.
          if (ev) await commit(next, ev, actor, currentUpdateInfo()?.id);
          return state;
        }),
      {
        validator: (cmd: W, actor: Actor = UNKNOWN_ACTOR) => {
          if (replayed()) return;
          if (!ready) rejectNotReady();
          rule.validate(state, cmd, actor);
        },
      },
    );
  };
  const registerAll = (decls: Record<string, CommandDeclaration<unknown>>, rules: Record<string, CommandRule<D, S, unknown>>): void => {
    for (const [name, decl] of Object.entries(decls)) register(decl, rules[name]!);
  };
  registerAll(def.declaration.commands, def.commands);
  registerAll(ENGINE_COMMANDS, engineCommandRules);

  // Receipt: the process resolves its rules and opens its first deadline.
  if (!carried) {
    try {
      await exclusive(async () => {
        const next = draft();
        await commit(next, await def.open(next, start.input, start.opener), start.opener);
      });
    } catch (err) {
      // Nothing was recorded: the case does not exist. The opening update answers the failure.
      openFailure = asRejection(err, state.stage);
      await condition(allHandlersFinished);
      throw openFailure;
    }
    ready = true;
  } else {
    publish(state);
  }

  const threshold = start.historyThreshold ?? 0;
  const continueSuggested = (): boolean => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || (threshold > 0 && info.historyLength >= threshold);
  };

  // The statutory timers: wait for the earliest open deadline, or for anything to change.
  while (!isTerminal(state)) {
    if (continueSuggested()) {
      await condition(allHandlersFinished);
      await tail;
      if (isTerminal(state)) break;
      await continueAsNew<(start: CaseStart<I>) => Promise<unknown>>({
        input: start.input,
        carried: { state, head, outcomes: [...outcomes], published: publish.snapshot() },
        historyThreshold: start.historyThreshold,
      });
    }
    const due = nextDeadline(state);
    const seen = state.version;
    const changed = () => state.version !== seen || continueSuggested();
    if (!due) {
      await condition(changed);
      continue;
    }
    const ms = Date.parse(due.dueAt) - Date.now();
    if (ms > 0 && (await condition(changed, ms, { summary: `${due.kind} due ${due.dueAt}` }))) continue;
    try {
      await exclusive(sweepMissed);
    } catch (err) {
      // Only a non-retryable failure gets here (the recorder retries outages itself): wait and retry.
      log.error('deadline miss not recorded', { caseId: state.id, error: String(err) });
      await condition(() => state.version !== seen, '1 hour');
    }
  }

  await condition(allHandlersFinished);
  await tail;
  return state;
}
