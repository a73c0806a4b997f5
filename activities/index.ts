// Every side effect of the workflows lives here, built by a factory with injected dependencies.
//   case/           the engine's: deadlines, the recorder (events + read model), notices
//   shareRequest/   the share request's rules at receipt (and its pre-engine recorder)
//   audit           the audit log's sequencer and checkpoints (audit/)
//   webhooks/       the webhook dispatcher's pass: send what is due, record attempts (and the SSRF guard, secrets)
import type { Database } from '../db/client';
import type { CheckpointSigner } from '../audit/signing';
import type { CryptoSuite } from '../crypto/suite';
import type { CalendarSource } from '../rules/calendar';
import type { JurisdictionTree } from '../rules/jurisdictions';
import type { CaseState, Process } from '../workflows/case/contract';
import { SHARE_REQUEST_TERMINAL_STAGES } from '../workflows/shareRequest/contract';
import { createAuditActivities } from './audit';
import { createDeadlineActivities } from './case/deadlines';
import { createNotifyActivities } from './case/notify';
import { createRecorderActivities } from './case/recorder';
import { createLegacyShareRequestActivities } from './shareRequest/legacy';
import { createShareRequestRuleActivities } from './shareRequest/rules';
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
}

/** The stages in which each process's cases are closed. */
export const TERMINAL_STAGES: Partial<Record<Process, readonly string[]>> = {
  'share-request': SHARE_REQUEST_TERMINAL_STAGES,
};

export const isTerminal = (s: Pick<CaseState, 'process' | 'stage'>): boolean => TERMINAL_STAGES[s.process]?.includes(s.stage) ?? false;

export function createActivities(deps: ActivityDeps) {
  return {
    ...createDeadlineActivities(deps),
    ...createRecorderActivities({ db: deps.db, isTerminal, ...(deps.suite ? { suite: deps.suite } : {}) }),
    ...createNotifyActivities(deps),
    ...createShareRequestRuleActivities(deps),
    ...createLegacyShareRequestActivities(deps),
    ...createAuditActivities({ db: deps.db, signer: deps.auditSigner }),
    ...createWebhookActivities({ db: deps.db, webhooks: deps.webhooks }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
