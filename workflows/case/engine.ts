// The case engine: what every statutory case does, whatever its process (docs/design.md "The case
// engine"). Steps are serialized, applied to a copy, and committed only once their event is
// recorded; deadlines are waited on with `condition` at the stored instant and a miss is recorded
// at the deadline itself (missed.ts); other cases are told what concerns them once it is on record
// (messages); batched input is applied a step at a time (batch.ts); long-lived cases stay small
// (prune.ts) and continue-as-new carrying the chain. Deterministic: every side effect is an activity.
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
import type { Actor, CaseLink, CaseParty, CaseStart, CaseState, ChainHead } from './contract';
import { caseStateQuery, openedUpdate, reprojectUpdate } from './contract';
import { ENGINE_COMMANDS, engineCommandRules } from './commands';
import { acts } from './activities';
import { Batches, batchSignal } from './batch';
import { Courier } from './courier';
import { nextDeadline } from './deadlines';
import { Draft, type Message } from './draft';
import { ErrorCodes } from './errors';
import { rejectNotReady } from './failures';
import { missDeadline } from './missed';
import type { CaseProcess, CommandDeclaration, CommandRule, EventSpec, InitialParty, ProcessDeclaration, RoleDeclaration } from './process';
import { changedRecords, prune } from './prune';
import { createPublisher } from './publish';
import { onlySystem, SYSTEM_COMMANDS, systemCommandRules } from './system';
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

/** The links a step added: each linked case is told, so that it records the link in its own chain. */
const newLinks = (before: readonly CaseLink[] = [], after: readonly CaseLink[] = []): CaseLink[] =>
  after.filter((l) => !before.some((b) => b.caseId === l.caseId && b.relation === l.relation));

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
  const batches = new Batches(carried?.batchSeen);
  const courier = new Courier(carried?.outbox);
  let ready = carried !== undefined;
  let openFailure: ApplicationFailure | undefined;

  // One step at a time: commands, deadline misses, batches and the opening never interleave.
  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(step: () => Promise<T>): Promise<T> {
    const run = tail.then(step);
    tail = run.catch(() => undefined);
    return run;
  }

  const draft = (): Draft<D, S> => new Draft(state, nowIso(), acts);

  /** Records the draft's event; only then does the draft become the case's state. */
  async function commit(next: Draft<D, S>, ev: EventSpec, actor?: Actor, updateId?: string): Promise<void> {
    const s = next.state;
    s.version = state.version + 1;
    s.overdue = s.violations.some((v) => v.status === 'open');
    const changes = changedRecords(state, s);
    prune(s);
    const event = { seq: s.version, type: ev.type, at: next.now, ...(actor ? { actor } : {}), ...(ev.data ? { data: ev.data } : {}) };
    // The opening's links are new too (the initial state already names them).
    const linked = newLinks(state.version === 0 ? [] : state.links, s.links);
    let hash: string;
    try {
      const partiesChanged = JSON.stringify([s.parties, s.links]) !== JSON.stringify([state.parties, state.links]);
      ({ hash } = await acts.recordCaseEvent({ event, state: s, prevHash: head.hash, terminal: isTerminal(s), changes, ...(partiesChanged ? { partiesChanged } : {}) }));
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
    const messages: Message[] = [
      ...linked.map((l) => ({ to: { process: l.process, caseId: l.caseId }, command: SYSTEM_COMMANDS.linked.update.name, body: { caseId: state.id, process, relation: l.relation } })),
      ...next.messages,
    ];
    courier.post(messages.map((m, i) => ({ id: `${state.id}:${event.seq}:${i}`, from: { process, caseId: state.id }, ...m })));
  }

  /** Every running deadline already past passes first, at its own instant. */
  async function sweepMissed(): Promise<void> {
    for (let due = nextDeadline(state); due && Date.parse(due.dueAt) <= Date.now(); due = nextDeadline(state)) {
      const next = draft();
      await commit(next, await missDeadline(next, due.id, def.elapsed));
    }
  }

  /** Applies the batched items waiting (new ones only) as one event, as the process says. */
  async function absorbBatches(): Promise<void> {
    const taken = batches.take();
    if (taken.fresh.length > 0 && def.absorb) {
      await sweepMissed();
      const next = draft();
      const ev = def.absorb(next, taken.fresh);
      if (ev) await commit(next, ev);
    } else if (taken.fresh.length > 0) {
      log.warn('batched items for a process that takes none', { caseId: state.id, items: taken.fresh.length });
    }
    batches.settle(taken);
  }

  // Reads and commands.
  setHandler(caseStateQuery, () => state);
  setHandler(openedUpdate, async () => {
    await condition(() => ready || openFailure !== undefined);
    if (openFailure) throw openFailure;
    await tail;
    return state;
  });
  setHandler(batchSignal, (items, actor?: Actor) => batches.add(items, actor));

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
  registerAll(SYSTEM_COMMANDS, systemCommandRules);
  // The process's messages: only another case (the system principal) sends them.
  for (const [name, decl] of Object.entries(def.declaration.messages ?? {})) {
    const rule = def.messageRules?.[name];
    if (!rule) throw new TypeError(`${process} declares the message ${name} without its rule`);
    register(decl, { validate: (s, cmd, actor) => (onlySystem(actor), rule.validate(s, cmd, actor)), apply: (d, cmd, actor) => rule.apply(d, cmd, actor) });
  }

  // A message another case refused is recorded in this case's chain: the refusal is on record too.
  void courier.run((m, answer) =>
    exclusive(() => commit(draft(), { type: 'message_refused', data: { messageId: m.id, to: m.to, command: m.command, code: answer.code, reason: answer.reason } })),
  );

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

  // The statutory timers: wait for the earliest running deadline, for batched input, or for anything to change.
  while (!isTerminal(state)) {
    if (continueSuggested()) {
      await condition(allHandlersFinished);
      await tail;
      if (isTerminal(state)) break;
      if (!batches.waiting) {
        await continueAsNew<(start: CaseStart<I>) => Promise<unknown>>({
          input: start.input,
          // A message being delivered goes too: sent again, its receiver applies it once.
          carried: { state, head, outcomes: [...outcomes], published: publish.snapshot(), batchSeen: batches.snapshot(), outbox: courier.snapshot() },
          historyThreshold: start.historyThreshold,
        });
      }
    }
    const due = nextDeadline(state);
    const seen = state.version;
    const changed = () => state.version !== seen || batches.waiting || continueSuggested();
    try {
      if (batches.waiting) {
        await exclusive(absorbBatches);
        continue;
      }
      if (!due) {
        await condition(changed);
        continue;
      }
      const ms = Date.parse(due.dueAt) - Date.now();
      if (ms > 0 && (await condition(changed, ms, { summary: `${due.kind} due ${due.dueAt}` }))) continue;
      await exclusive(sweepMissed);
    } catch (err) {
      // Only a non-retryable failure gets here (the recorder retries outages itself): wait and retry.
      log.error('step not recorded', { caseId: state.id, error: String(err) });
      await condition(() => state.version !== seen, '1 hour');
    }
  }

  await condition(allHandlersFinished);
  await tail;
  // Closed, the case still tells the others what its last events mean for them.
  await condition(() => courier.idle);
  await tail;
  return state;
}
