// Every side effect of the workflows lives here, built by a factory with injected dependencies.
//   case/           the engine's: rules and deadlines, the recorder (events + read model), notices
//   audit           the audit log's sequencer and checkpoints (audit/)
//   webhooks/       the webhook dispatcher's pass: send what is due, record attempts (and the SSRF guard, secrets)
// A process that needs activities of its own declares them with its API half (api/cases/registry.ts);
// they are added for every registered process (../processes.ts).
import type { Database } from '../db/client';
import type { CheckpointSigner } from '../audit/signing';
import type { CryptoSuite } from '../crypto/suite';
import type { Client } from '@temporalio/client';
import type { CalendarSource } from '../rules/calendar';
import type { ProcessDeclaration } from '../workflows/case/process';
import type { JurisdictionTree } from '../rules/jurisdictions';
import { createAuditActivities } from './audit';
import { createRecomputationActivities } from './calendar/recompute';
import { createDeadlineActivities } from './case/deadlines';
import { createMessageActivities } from './case/messages';
import { createNotifyActivities } from './case/notify';
import { createRecorderActivities } from './case/recorder';
import { createRuleActivities } from './case/rules';
import { createWebhookActivities } from './webhooks/dispatch';
import type { WebhookDeps } from './webhooks/settings';

export interface ActivityDeps {
  db: Database;
  /** The working-day calendar: the database's current one, checked within CALENDAR_MAX_AGE. */
  calendar: CalendarSource;
  tree: JurisdictionTree;
  /** DEMO_FAST_CLOCK (development only): a working day lasts a minute. */
  fastClock?: boolean;
  /** Signs the audit log's checkpoints; without it the audit activity fails (non-retryable). */
  auditSigner?: CheckpointSigner;
  /** The suite of the event hash chain (CRYPTO_SUITE); default the standard one. */
  suite?: CryptoSuite;
  /** Outbound webhooks (WEBHOOK_*); without them a dispatcher pass waits for a worker that has them. */
  webhooks?: WebhookDeps;
  /** Delivers messages between cases (activities/case/messages.ts); without it they wait for a worker that has one. */
  temporal?: Client;
  /** The task queue a case closed in Temporal is run again on to take a message (default TASK_QUEUE). */
  taskQueue?: string;
}

/** A process's own activities, by name (called from its workflow code as local activities). */
export type ProcessActivities = Record<string, (...args: never[]) => Promise<unknown>>;

/** The engine's activities, which every case workflow calls (workflows/case/activities.ts); messages reach the processes given. */
export function createEngineActivities(deps: ActivityDeps, processes: ReadonlyArray<{ declaration: ProcessDeclaration }> = []) {
  return {
    ...createMessageActivities({ ...deps, processes }),
    ...createRecomputationActivities({ ...deps, processes }),
    ...createRuleActivities(deps),
    ...createDeadlineActivities(deps),
    ...createRecorderActivities({ db: deps.db, ...(deps.suite ? { suite: deps.suite } : {}) }),
    ...createNotifyActivities(deps),
    ...createAuditActivities({ db: deps.db, signer: deps.auditSigner }),
    ...createWebhookActivities({ db: deps.db, webhooks: deps.webhooks }),
  };
}

export type Activities = ReturnType<typeof createEngineActivities>;

/** The engine's activities and those of every process given. */
export function createActivities(
  deps: ActivityDeps,
  processes: ReadonlyArray<{ declaration: ProcessDeclaration; activities?: (deps: ActivityDeps) => ProcessActivities }>,
): Activities & ProcessActivities {
  return Object.assign({}, ...processes.map((p) => p.activities?.(deps) ?? {}), createEngineActivities(deps, processes));
}
