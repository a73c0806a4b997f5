// The API half of a process's declaration (the deterministic half is its ProcessDeclaration in
// workflows/<process>/contract.ts): its route, the bodies its opening and commands take (the same zod
// schemas validate requests and write the OpenAPI document), who may act, its view, and its
// activities. The registry checks the declarations and gives every generic layer — routes, OpenAPI,
// policy and its table, webhook event types, activities, reconcile, lists — what it needs, so a
// process is its own folders and one line in ../../processes.ts.
import type { WorkflowHandle } from '@temporalio/client';
import type { z } from 'zod';
import type { Database } from '../../db/client';
import type { JurisdictionTree } from '../../rules/jurisdictions';
import type { CaseState } from '../../workflows/case/contract';
import { declarationProblems, type CommandDeclaration, type ProcessDeclaration } from '../../workflows/case/process';
import type { ProcessPolicy, Relation, Rule } from '../../identity/policy';
import { relationsOf } from '../../identity/relations';
import type { ActivityDeps, ProcessActivities } from '../../activities';
import type { ProcessSettings } from '../../config';
import type { Caller } from '../caller';
import { parseInput } from '../errors';

/** What a route has at hand when a process builds its workflow's input or checks a command. */
export interface RequestContext {
  db: Database;
  tree: JurisdictionTree;
  caller: Caller;
}

/** How an operation is documented in the OpenAPI document. */
export interface OperationDoc {
  operationId: string;
  summary: string;
  description?: string;
}

/** A parsed opening: its body (hashed for idempotency), the role its opener takes, and how to build the workflow's input from it. */
export interface PreparedOpening {
  body: unknown;
  openerRole: string;
  build(ctx: RequestContext & { id: string; receivedAt: Date }): Promise<{ input: unknown; summary: string }>;
}

export interface OpeningApi {
  /** The policy's name of the action (`submit`, `file` …). */
  action: string;
  /** Who may open, by the role the opener's department takes in the new case (the declaration's `opener`, or `openerRole`'s). */
  who: Rule;
  /** Who may draft the opening for a head to approve and send (Art. 20); absent: no drafts. */
  draft?: Rule;
  body: z.ZodType;
  doc: OperationDoc;
  prepare(raw: unknown): PreparedOpening;
}

export type CommandContext = RequestContext & { caseId: string };

/** A parsed command: its body (hashed for idempotency) and how to send it to the case's workflow. */
export interface PreparedCommand {
  body: unknown;
  /** Checks that need the database, after the policy and before Temporal; may store what the command refers to. */
  precheck(ctx: CommandContext): Promise<void>;
  send(handle: WorkflowHandle, updateId: string): Promise<CaseState>;
  /** Undoes what precheck stored, when the case refused the command. */
  undo(ctx: CommandContext): Promise<void>;
}

export interface CommandApi {
  name: string;
  /** Who may take it; engine commands have defaults from the process's roles. */
  who?: Rule;
  draft?: Rule;
  body: z.ZodType;
  doc: OperationDoc;
  prepare(raw: unknown): PreparedCommand;
}

export interface ProcessApi {
  declaration: ProcessDeclaration;
  /** Where its routes are mounted: `/share-requests`. */
  route: string;
  /** The list answer's key: `{ shareRequests: [...], nextCursor }`. */
  listKey: string;
  /** How messages name one case: `share request`. */
  label: string;
  tag: { name: string; description: string };
  opening: OpeningApi;
  /** One per command of the declaration (checked). */
  commands: Readonly<Record<string, CommandApi>>;
  /** Overrides of the default rules (read: every relation; engine commands: see defaultRules). */
  rules?: Readonly<Record<string, Rule>>;
  /** The process's own fields of a case's view, beside the engine's (api/cases/view.ts). */
  view(state: CaseState): Record<string, unknown>;
  /** Those fields as a zod object, for the OpenAPI document. */
  viewSchema: z.ZodObject;
  /** Named in the OpenAPI document's components (e.g. ShareRequest). */
  schemaName: string;
  /** Activities of its own, beside the engine's, that its workflow calls. */
  activities?: (deps: ActivityDeps) => ProcessActivities;
  /** The same process under the service's configuration (e.g. a bound its bodies check). */
  withSettings?: (settings: ProcessSettings) => ProcessApi;
}

/** An opening whose body `B` the process turns into its workflow's input `I`. */
export function opening<B, I>(o: Omit<OpeningApi, 'prepare' | 'body'> & {
  body: z.ZodType<B>;
  build(ctx: RequestContext & { id: string; receivedAt: Date }, body: B): Promise<I>;
  summary(input: I): string;
  /** The role the opener takes, where the body decides it (default the declaration's `opener`). */
  openerRole?(body: B): string;
}, opener: string): OpeningApi {
  const { build, summary, openerRole, ...rest } = o;
  return {
    ...rest,
    prepare(raw) {
      const body = parseInput(o.body, raw);
      return {
        body,
        openerRole: openerRole?.(body) ?? opener,
        async build(ctx) {
          const input = await build(ctx, body);
          return { input, summary: summary(input) };
        },
      };
    },
  };
}

interface CommandOptions<B> {
  who?: Rule;
  draft?: Rule;
  body: z.ZodType<B>;
  doc: OperationDoc;
  /** Checks that need the database, after the policy (e.g. that an assignee is a member). */
  precheck?(ctx: CommandContext, body: B): Promise<void>;
}

function buildCommand<W, B>(decl: CommandDeclaration<W>, o: CommandOptions<B>, toCommand: (ctx: CommandContext, body: B) => Promise<W>, undo?: (ctx: CommandContext, command: W) => Promise<void>): CommandApi {
  const { precheck, ...rest } = o;
  return {
    ...rest,
    name: decl.update.name,
    prepare(raw) {
      const body = parseInput(o.body, raw);
      let command: Promise<W> | undefined;
      return {
        body,
        async precheck(ctx) {
          await precheck?.(ctx, body);
          await (command ??= toCommand(ctx, body));
        },
        send: async (handle, updateId) => {
          if (!command) throw new Error(`command ${decl.update.name} sent before its precheck`);
          return handle.executeUpdate(decl.update, { args: [await command], updateId });
        },
        undo: async (ctx) => {
          if (undo && command) await undo(ctx, await command);
        },
      };
    },
  };
}

/** A command whose request body is exactly its declaration's body (typed end to end). */
export function commandApi<W>(decl: CommandDeclaration<W>, o: CommandOptions<W>): CommandApi {
  return buildCommand(decl, o, async (_ctx, body) => body);
}

/**
 * A command whose request body `B` becomes the declaration's body `W` before it is sent (e.g. a note
 * kept apart, its hash sent); `undo` removes what `toCommand` stored when the case refuses it.
 */
export function commandApiVia<W, B>(
  decl: CommandDeclaration<W>,
  o: CommandOptions<B> & { toCommand(ctx: CommandContext, body: B): Promise<W>; undo?(ctx: CommandContext, command: W): Promise<void> },
): CommandApi {
  return buildCommand(decl, o, (ctx, body) => o.toCommand(ctx, body), o.undo ? (ctx, command) => o.undo!(ctx, command) : undefined);
}

/** A process as the generic layers use it: its declaration's API half with every rule resolved. */
export interface RegisteredProcess extends ProcessApi {
  /** Its own commands and the engine's (api/cases/engineCommands.ts). */
  allCommands: Readonly<Record<string, CommandApi>>;
  policy: ProcessPolicy;
  relations: readonly Relation[];
  /** Every event type its chain can hold: the opening's, its commands', the engine's. */
  eventTypes: readonly string[];
}

export class RegistryError extends Error {
  override name = 'RegistryError';
}

/** Every process the service runs, checked once: names, prefixes, routes and list keys are unique, every command has its API. */
export class ProcessRegistry {
  readonly all: readonly RegisteredProcess[];
  private readonly byName = new Map<string, RegisteredProcess>();

  constructor(
    processes: readonly ProcessApi[],
    engine: { commands: Readonly<Record<string, CommandApi>>; events: readonly string[]; rules(relations: readonly Relation[], roles: ProcessDeclaration['roles']): Record<string, Rule> },
  ) {
    const problems: string[] = [];
    const unique = (what: string, values: string[]) => {
      for (const v of new Set(values)) if (values.filter((x) => x === v).length > 1) problems.push(`two processes have the ${what} ${v}`);
    };
    unique('name', processes.map((p) => p.declaration.process));
    unique('id prefix', processes.map((p) => p.declaration.idPrefix));
    unique('route', processes.map((p) => p.route));
    unique('list key', processes.map((p) => p.listKey));
    this.all = processes.map((p) => {
      const d = p.declaration;
      problems.push(...declarationProblems(d));
      const declared = Object.keys(d.commands).sort();
      const given = Object.keys(p.commands).sort();
      if (declared.join() !== given.join()) problems.push(`${d.process}: commands declared (${declared.join(', ')}) differ from those with an API (${given.join(', ')})`);
      for (const name of declared) if (name in engine.commands) problems.push(`${d.process}: command ${name} is an engine command`);
      for (const [name, c] of Object.entries(p.commands)) if (c.name !== name) problems.push(`${d.process}: command ${name} sends the update ${c.name}`);
      const relations = relationsOf(d.roles);
      const rules: Record<string, Rule> = { ...engine.rules(relations, d.roles), ...p.rules };
      const policy: ProcessPolicy = {
        ...rules,
        read: rules.read!,
        [p.opening.action]: p.opening.who,
        ...(p.opening.draft ? { [`${p.opening.action}-draft`]: p.opening.draft } : {}),
        ...Object.fromEntries(Object.entries(p.commands).flatMap(([name, c]) => [[name, c.who ?? {}], ...(c.draft ? [[`${name}-draft`, c.draft]] : [])])),
      };
      const eventTypes = [...new Set([...d.openingEvents, ...[...Object.values(d.commands), ...Object.values(d.messages ?? {})].flatMap((c) => c.events), ...engine.events])];
      return { ...p, allCommands: { ...p.commands, ...engine.commands }, policy, relations, eventTypes };
    });
    if (problems.length > 0) throw new RegistryError(`invalid process declarations:\n  ${problems.join('\n  ')}`);
    for (const p of this.all) this.byName.set(p.declaration.process, p);
  }

  get(process: string): RegisteredProcess | undefined {
    return this.byName.get(process);
  }

  names(): string[] {
    return this.all.map((p) => p.declaration.process);
  }

  policies(): ProcessPolicy[] {
    return this.all.map((p) => p.policy);
  }

  /** What the policy tables show of each process (identity/policyTable.ts). */
  policySections(): Array<{ process: string; relations: readonly Relation[]; policy: ProcessPolicy }> {
    return this.all.map((p) => ({ process: p.declaration.process, relations: p.relations, policy: p.policy }));
  }
}
