// A statutory process, declared once: its deterministic half (this file's ProcessDeclaration, in the
// message contract: names, stages, party roles, commands and the events they record) and its rules
// (CaseProcess: the opening, each command's validate/apply, whose move it is). The API half
// (api/cases/registry.ts) adds routes, bodies and who may act; the engine does timers, hashing,
// projection and search attributes (STYLE 11). Pure: sandbox-safe.
import type { UpdateDefinition } from '@temporalio/common';
import { defineUpdate } from '@temporalio/workflow';
import type { Actor, CaseLink, CaseParty, CaseState, PartyStanding } from './contract';
import type { ProcessErrors } from './errors';
import type { BatchItem } from './batch';
import type { Draft } from './draft';
import type { Elapsed } from './missed';

/** The event a step records: its type and data (the engine adds seq, time and actor). */
export interface EventSpec {
  type: string;
  data?: Record<string, unknown>;
}

/** A party role: how it stands in the case, and the search attribute that names its department. */
export interface RoleDeclaration {
  standing: PartyStanding;
  /** GdsRequester or GdsProvider (workflows/case/searchAttributes.ts): filter by this party in Temporal UI. */
  searchAttribute?: 'GdsRequester' | 'GdsProvider';
}

/** A command: the update that carries its body (`W`, as the API sends it) and the events it may record. */
export interface CommandDeclaration<W = unknown> {
  update: UpdateDefinition<CaseState, [W]>;
  events: readonly string[];
}

/** A command named `name` whose body is `W`; the update's name is the command's. */
export function command<W>(name: string, events: readonly string[]): CommandDeclaration<W> {
  return { update: defineUpdate<CaseState, [W]>(name), events };
}

export interface ProcessDeclaration<S extends string = string, R extends string = string, C extends Record<string, CommandDeclaration<unknown>> = Record<string, CommandDeclaration<unknown>>> {
  /** The name: the workflow-ID prefix (`<process>:<caseId>`), GdsProcess, `cases.process`. */
  process: string;
  /** The prefix of its case IDs (`sr-…`). */
  idPrefix: string;
  /** The workflow function's export name in workflows/index.ts. */
  workflowType: string;
  stages: readonly S[];
  terminal: readonly S[];
  roles: Readonly<Record<R, RoleDeclaration>>;
  /** The role the department that opens a case takes. */
  opener: R;
  /** The events an opening may record. */
  openingEvents: readonly string[];
  /** Commands by name (the name is the route segment and the update's name). */
  commands: C;
  /** The kinds of deadline the process opens (besides the engine's `rectification`). */
  deadlineKinds: readonly string[];
  /** Its own refusals, beyond the engine's ErrorCodes: each code's HTTP status and title. */
  errors?: ProcessErrors;
  /** Commands only another case sends (as the system, courier.ts), never a caller: they have no route. */
  messages?: Readonly<Record<string, CommandDeclaration<unknown>>>;
  /**
   * The messages a case of this process takes after its workflow has closed (or left retention): it is
   * run again from its recorded state to take them. Any other message to a closed case is refused.
   */
  closedCaseTakes?: readonly string[];
}

/** The body type a command declaration carries. */
export type BodyOf<C> = C extends CommandDeclaration<infer W> ? W : never;

/**
 * A command's rule. `validate` is pure and throws a rejection (failures.ts) when the command may not
 * be taken now; `apply` changes the draft and names its event, or answers null when nothing changes
 * (no event is recorded).
 */
export interface CommandRule<D, S extends string, W> {
  validate(state: CaseState<D, S>, cmd: W, actor: Actor): void;
  apply(draft: Draft<D, S>, cmd: W, actor: Actor): Promise<EventSpec | null> | EventSpec | null;
}

export type CommandRules<D, S extends string, C> = { [K in keyof C]: CommandRule<D, S, BodyOf<C[K]>> };

/** The parties before the engine stamps each with its role's standing. */
export type InitialParty = Omit<CaseParty, 'standing'>;

export interface CaseProcess<I, D, S extends string, C extends Record<string, CommandDeclaration<unknown>> = Record<string, CommandDeclaration<unknown>>> {
  declaration: ProcessDeclaration<S, string, C>;
  /** The case before anything is recorded: its id, stage, parties, jurisdiction and data. */
  initial(input: I): {
    id: string;
    stage: S;
    parties: InitialParty[];
    jurisdiction: string;
    catalogueEntryId?: string;
    links?: CaseLink[];
    openedAt: string;
    data: D;
  };
  /** Receipt: resolve the rules, open the first deadline, name the first event. */
  open(draft: Draft<D, S>, input: I, opener: Actor | undefined): Promise<EventSpec>;
  commands: CommandRules<D, S, C>;
  /** Whose move it is now (GdsAwaiting), if anyone's. */
  awaiting(state: CaseState<D, S>): string | undefined;
  /** A one-line summary for Temporal UI's current details. */
  headline(state: CaseState<D, S>): string;
  /** A dispute's rung (GdsRung); other processes have none. */
  rung?(state: CaseState<D, S>): number | undefined;
  /** The rules of its declaration's `messages` (the engine admits only the system's). */
  messageRules?: Readonly<Record<string, CommandRule<D, S, any>>>;
  /** What a deadline opened with `onMiss: 'elapse'` means when it passes (default: `deadline_elapsed`). */
  elapsed?: Elapsed<D, S>;
  /** Applies batched items (batch.ts) as one event, or null when they change nothing. */
  absorb?(draft: Draft<D, S>, items: readonly BatchItem[]): EventSpec | null;
}

/** Checks a declaration's own consistency (the registry calls it for every process). */
export function declarationProblems(d: ProcessDeclaration): string[] {
  const problems: string[] = [];
  if (!/^[a-z][a-z-]*$/.test(d.process)) problems.push(`${d.process}: a process name is lower-case words joined by '-'`);
  if (!/^[a-z]{2,4}$/.test(d.idPrefix)) problems.push(`${d.process}: idPrefix must be 2–4 lower-case letters`);
  for (const t of d.terminal) if (!d.stages.includes(t)) problems.push(`${d.process}: terminal stage ${t} is not a stage`);
  if (!(d.opener in d.roles)) problems.push(`${d.process}: the opener's role ${d.opener} is not declared`);
  for (const name of Object.keys(d.commands)) {
    if (!/^[a-z][a-z-]*$/.test(name)) problems.push(`${d.process}: command ${name} is not a route segment`);
  }
  for (const name of Object.keys(d.messages ?? {})) {
    if (name in d.commands) problems.push(`${d.process}: ${name} is both a command and a message`);
  }
  for (const name of d.closedCaseTakes ?? []) {
    if (!(name in (d.messages ?? {}))) problems.push(`${d.process}: a closed case takes ${name}, which is not one of its messages`);
  }
  return problems;
}
