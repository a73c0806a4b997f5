// Share-request side effects: resolving the rules at receipt, projecting every transition into the
// read model with its hash-chained event, and notifying parties and supervisors.
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { caseEvents, notifications, shareRequests } from '../db/schema';
import { shanghaiDate } from '../rules/calendar';
import type { JurisdictionTree } from '../rules/jurisdictions';
import { applicableRules, type EffectiveRule } from '../rules/ruleSets';
import type { CaseEvent, SharingAttribute, ShareRequestState, ShareRules } from '../workflows/shared';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level: PostgreSQL's jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * sha256 over the previous hash and the event's canonical content, so the chain can be checked
 * again from the stored rows alone.
 */
export function eventHash(prevHash: string, caseId: string, e: CaseEvent): string {
  const body = canonicalJson([caseId, e.seq, e.type, new Date(e.at).toISOString(), e.actor ?? null, e.data ?? null]);
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

function period(rule: EffectiveRule | undefined, what: string): { workingDays: number; ruleSet: string; article: string } {
  if (!rule?.workingDays) throw ApplicationFailure.nonRetryable(`no rule set in force gives a period for ${what}`, 'NO_APPLICABLE_RULES');
  return { workingDays: rule.workingDays, ruleSet: rule.ruleSet, article: rule.article };
}

export function createShareRequestActivities({ db, tree }: { db: Database; tree: JurisdictionTree }) {
  return {
    /** The provider's rules in force on the day of receipt; the stricter of national and local wins. */
    async resolveShareRules(input: { providerJurisdiction: string; receivedAt: string; sharingAttribute: SharingAttribute }): Promise<ShareRules> {
      const applicable = applicableRules(input.providerJurisdiction, shanghaiDate(new Date(input.receivedAt)), tree);
      const d = applicable.deadlines;
      const replyRule = input.sharingAttribute === 'conditional' ? d['reply.conditional'] : d['reply.unconditional'];
      const granted = input.sharingAttribute === 'unconditional' ? d['reply.unconditional']?.flags.grantedWithoutProviderReview : undefined;
      const mustCite = d['reply.conditional']?.flags.refusalMustCiteLegalBasis ?? d['reply.unconditional']?.flags.refusalMustCiteLegalBasis;
      return {
        ruleSet: applicable.primaryRuleSet ?? 'national',
        // A not-shared entry is refused at once; its "reply" period is never used.
        reply: input.sharingAttribute === 'not_shared' ? { workingDays: 1, ruleSet: 'national', article: 'Art. 14, 15' } : period(replyRule, 'the reply'),
        ...(granted ? { grantedWithoutReview: granted } : {}),
        delivery: period(d.delivery, 'delivery'),
        extensionCap: period(d['extension.cap'], 'extensions'),
        ...(mustCite ? { refusalMustCiteLegalBasis: mustCite } : {}),
      };
    },

    /**
     * Appends the event (idempotent on retry: same seq) and projects the state, in one transaction.
     * The row keeps the newest version only.
     */
    async recordShareRequestEvent({ state, event }: { state: ShareRequestState; event: CaseEvent }): Promise<void> {
      const { input } = state;
      const due = state.deadlines.find((x) => x.status === 'open');
      await db.transaction(async (tx) => {
        const [prev] = await tx
          .select({ seq: caseEvents.seq, hash: caseEvents.hash })
          .from(caseEvents)
          .where(eq(caseEvents.caseId, state.id))
          .orderBy(desc(caseEvents.seq))
          .limit(1);
        if (prev && prev.seq >= event.seq) return; // already written by an earlier attempt
        const prevHash = prev?.hash ?? GENESIS_HASH;
        await tx.insert(caseEvents).values({
          caseId: state.id,
          seq: event.seq,
          process: 'share-request',
          type: event.type,
          at: new Date(event.at),
          actor: event.actor ?? null,
          data: event.data ?? null,
          prevHash,
          hash: eventHash(prevHash, state.id, event),
        });
        const row = {
          id: state.id,
          workflowId: `share-request:${state.id}`,
          requesterDepartmentId: input.requester.departmentId,
          providerDepartmentId: input.provider.departmentId,
          catalogueEntryId: input.catalogueEntry.id,
          jurisdictionCode: input.provider.jurisdictionCode,
          sharingAttribute: input.catalogueEntry.sharingAttribute,
          ruleSet: state.rules?.ruleSet ?? 'national',
          stage: state.stage,
          overdue: state.overdue,
          dueAt: due ? new Date(due.dueAt) : null,
          provisional: due?.provisional ?? false,
          receivedAt: new Date(input.receivedAt),
          updatedAt: new Date(event.at),
          version: state.version,
          state,
        };
        await tx
          .insert(shareRequests)
          .values(row)
          .onConflictDoUpdate({ target: shareRequests.id, set: row, setWhere: sql`${shareRequests.version} < ${state.version}` });
      });
    },

    /** Writes a notice to the outbox; the activity's identity makes a retry a no-op. */
    async notify(n: { caseId: string; to: string; kind: string; message: string }): Promise<void> {
      const info = Context.current().info;
      const id = `${info.workflowExecution?.runId ?? "standalone"}:${info.activityId}`;
      await db.insert(notifications).values({ id, caseId: n.caseId, recipient: n.to, kind: n.kind, message: n.message }).onConflictDoNothing();
    },
  };
}

