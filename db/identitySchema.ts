// Tables of identity (issue 8): Art. 20 drafts awaiting the sharing office head, and the head's
// delegations to an acting head (代理). Re-exported by db/schema.ts.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * An opening or a command drafted by staff, not yet approved by their head (Art. 20 for a share
 * request or a reply; whatever a process's declaration marks): visible to its department only,
 * never in supervisors' lists, the ledger or overdue queries (it is not a case).
 */
export const drafts = pgTable(
  'drafts',
  {
    id: text('id').primaryKey(),
    process: text('process').notNull(),
    /** The opening's action (e.g. `submit`) or a command's name (e.g. `reply`, to `case_id`). */
    action: text('action').notNull(),
    departmentId: text('department_id').notNull(),
    caseId: text('case_id'),
    body: jsonb('body').notNull(),
    /** Increases with every edit: the head approves the version it read (If-Match). */
    version: integer('version').notNull(),
    /** draft → returned (with a note) → draft …; sending while its head's approval sends it; approved once. Expiry is read from `expires_at`. */
    status: text('status').notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    /** The case the approval opened (a submission) or answered (a reply). */
    resultCaseId: text('result_case_id'),
  },
  (t) => [
    index('drafts_department_idx').on(t.departmentId, t.updatedAt),
    check('drafts_status', sql`${t.status} IN ('draft', 'returned', 'sending', 'approved')`),
    check('drafts_version', sql`${t.version} >= 1`),
  ],
);

/** A sharing office head names an acting head for a period (代理); revocable, never deleted. */
export const delegations = pgTable(
  'delegations',
  {
    id: text('id').primaryKey(),
    departmentId: text('department_id').notNull(),
    headUserId: text('head_user_id').notNull(),
    actingUserId: text('acting_user_id').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validTo: timestamp('valid_to', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('delegations_acting_idx').on(t.actingUserId, t.validTo), check('delegations_period', sql`${t.validFrom} < ${t.validTo}`)],
);

export type DraftRow = typeof drafts.$inferSelect;
export type DelegationRow = typeof delegations.$inferSelect;
