// What a process supplies to the engine: its stages, its commands with their validators, and its
// first step. Nothing about timers, hashing, projections or search attributes (STYLE 11).
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseParty, CaseState, ComputedDeadline, DeadlineInput, Process } from './contract';
import type { Draft } from './draft';

/** The event a step records: its type and data (the engine adds seq, time and actor). */
export interface EventSpec {
  type: string;
  data?: Record<string, unknown>;
}

export interface CommandSpec<D, S extends string, C extends { actor: { departmentId: string } }> {
  update: UpdateDefinition<CaseState<D, S>, [C]> | UpdateDefinition<unknown, [C]>;
  /** Pure: throws a rejection (failures.ts) when the command may not be taken now. */
  validate(state: CaseState<D, S>, cmd: C): void;
  /** Applies the command to the draft and names its event. */
  apply(draft: Draft<D, S>, cmd: C): Promise<EventSpec> | EventSpec;
}

/** The activities a process may call in its steps (local activities, results in history). */
export interface ProcessActivities {
  computeDeadline(input: DeadlineInput): Promise<ComputedDeadline>;
  [name: string]: (...args: never[]) => Promise<unknown>;
}

export interface CaseProcess<I, D, S extends string> {
  process: Process;
  terminal: readonly S[];
  /** The case before anything is recorded: its id, stage, parties, jurisdiction and data. */
  initial(input: I): {
    id: string;
    stage: S;
    parties: CaseParty[];
    jurisdiction: string;
    catalogueEntryId?: string;
    openedAt: string;
    data: D;
  };
  /** Receipt: resolve the rules, open the first deadline, name the first event. */
  open(draft: Draft<D, S>, input: I): Promise<EventSpec>;
  // The specs take the process's own command types; the engine only passes them through.
  commands: ReadonlyArray<CommandSpec<D, S, any>>;
  /** Whose move it is now (GdsAwaiting), if anyone's. */
  awaiting(state: CaseState<D, S>): string | undefined;
  /** A one-line summary for Temporal UI's current details. */
  headline(state: CaseState<D, S>): string;
  /** A dispute's rung (GdsRung); other processes have none. */
  rung?(state: CaseState<D, S>): number | undefined;
}
