// Notices to parties, authorities and governments, written to the outbox (delivery channels come later).
import { Context } from '@temporalio/activity';
import type { Database } from '../../db/client';
import { notifications } from '../../db/schema';
import { rejectDataErrors } from './dataErrors';

export interface NoticeInput {
  /** Deterministic (case, event, index): a retry or a replayed step writes it once. */
  id?: string;
  caseId: string;
  to: string;
  kind: string;
  message: string;
}

export function createNotifyActivities({ db }: { db: Database }) {
  return {
    async notify(n: NoticeInput): Promise<void> {
      await db
        .insert(notifications)
        .values({ id: n.id ?? activityIdentity(), caseId: n.caseId, recipient: n.to, kind: n.kind, message: n.message })
        .onConflictDoNothing()
        .catch(rejectDataErrors);
    },
  };
}

/** Legacy cases name no notice id: the activity's own identity in its run stands in. */
function activityIdentity(): string {
  const info = Context.current().info;
  return `${info.workflowExecution?.runId ?? 'standalone'}:${info.activityId}`;
}
