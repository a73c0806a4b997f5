// The one drizzle schema for both PGlite (embedded default) and PostgreSQL via `pg`.
import { sql } from 'drizzle-orm';
import { SHARE_REQUEST_STAGES, type ShareRequestState } from '../workflows/shareRequestContract';
import { boolean, check, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const jurisdictionLevel = pgEnum('jurisdiction_level', ['national', 'province', 'city', 'county']);

/** Administrative divisions, each with its data-sharing authority and people's government. */
export const jurisdictions = pgTable(
  'jurisdictions',
  {
    /** Administrative division code (GB/T 2260), e.g. 230100 for Harbin. */
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    nameZh: text('name_zh').notNull(),
    level: jurisdictionLevel('level').notNull(),
    parentCode: text('parent_code').references((): any => jurisdictions.code),
    /** 政务数据共享主管部门 of this jurisdiction. */
    authorityName: text('authority_name').notNull(),
    /** 人民政府 of this jurisdiction. */
    governmentName: text('government_name').notNull(),
  },
  (t) => [index('jurisdictions_parent_idx').on(t.parentCode)],
);

export const departments = pgTable(
  'departments',
  {
    id: text('id').primaryKey(),
    jurisdictionCode: text('jurisdiction_code').notNull().references(() => jurisdictions.code),
    name: text('name').notNull(),
    nameZh: text('name_zh').notNull(),
    /** Line of work, e.g. public-security, market-regulation. */
    sector: text('sector').notNull(),
  },
  (t) => [index('departments_jurisdiction_idx').on(t.jurisdictionCode)],
);

export const staffRole = pgEnum('staff_role', ['staff', 'sharing_office_head']);

/** People in a department; the sharing office head (共享工作机构负责人) approves requests and replies (Art. 20). */
export const staff = pgTable(
  'staff',
  {
    id: text('id').primaryKey(),
    departmentId: text('department_id').notNull().references(() => departments.id),
    name: text('name').notNull(),
    role: staffRole('role').notNull(),
  },
  (t) => [index('staff_department_idx').on(t.departmentId)],
);

export const sharingAttribute = pgEnum('sharing_attribute', ['unconditional', 'conditional', 'not_shared']);
export const sharingMethod = pgEnum('sharing_method', ['service_api', 'batch_exchange', 'file_download']);

/** A published catalogue entry with the Art. 13 fields; Art. 15 fields by sharing attribute. */
export const catalogueEntries = pgTable(
  'catalogue_entries',
  {
    id: text('id').primaryKey(),
    providerDepartmentId: text('provider_department_id').notNull().references(() => departments.id),
    name: text('name').notNull(),
    nameZh: text('name_zh').notNull(),
    dataItems: jsonb('data_items').$type<string[]>().notNull(),
    dataFormat: text('data_format').notNull(),
    updateFrequency: text('update_frequency').notNull(),
    sharingAttribute: sharingAttribute('sharing_attribute').notNull(),
    sharingMethods: jsonb('sharing_methods').$type<Array<'service_api' | 'batch_exchange' | 'file_download'>>().notNull(),
    /** Conditional entries: sharing scope and usage conditions (Art. 15). */
    sharingScope: text('sharing_scope'),
    usageConditions: text('usage_conditions'),
    /** Not-shared entries: reason and the law, administrative regulation or State Council decision (Art. 15). */
    notSharedReason: text('not_shared_reason'),
    legalBasis: text('legal_basis'),
    classification: text('classification').notNull(),
    grading: text('grading').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('catalogue_entries_provider_idx').on(t.providerDepartmentId),
    check(
      'catalogue_entries_art15_conditional',
      sql`${t.sharingAttribute} <> 'conditional' OR (${t.sharingScope} IS NOT NULL AND ${t.usageConditions} IS NOT NULL)`,
    ),
    check(
      'catalogue_entries_art15_not_shared',
      sql`${t.sharingAttribute} <> 'not_shared' OR (${t.notSharedReason} IS NOT NULL AND ${t.legalBasis} IS NOT NULL)`,
    ),
  ],
);

/** A State Council holiday notice loaded at run time (overrides the packaged data for its year). */
export const holidayNotices = pgTable('holiday_notices', {
  year: integer('year').primaryKey(),
  source: text('source').notNull(),
  notice: jsonb('notice').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});

export const adjustmentKind = pgEnum('calendar_adjustment_kind', ['holiday', 'workday']);

/** A jurisdiction's own closing day or make-up working day; applies to it and everything below it. */
export const calendarAdjustments = pgTable(
  'calendar_adjustments',
  {
    jurisdictionCode: text('jurisdiction_code').notNull().references(() => jurisdictions.code),
    date: date('date', { mode: 'string' }).notNull(),
    kind: adjustmentKind('kind').notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionCode, t.date] })],
);

export type Jurisdiction = typeof jurisdictions.$inferSelect;
export type Department = typeof departments.$inferSelect;
export type Staff = typeof staff.$inferSelect;
export type CatalogueEntry = typeof catalogueEntries.$inferSelect;
export type NewCatalogueEntry = typeof catalogueEntries.$inferInsert;

export const shareRequestStage = pgEnum('share_request_stage', SHARE_REQUEST_STAGES);

/** The read model of share requests (Art. 20–22), projected by activities from the workflow. */
export const shareRequests = pgTable(
  'share_requests',
  {
    id: text('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    requesterDepartmentId: text('requester_department_id').notNull().references(() => departments.id),
    providerDepartmentId: text('provider_department_id').notNull().references(() => departments.id),
    catalogueEntryId: text('catalogue_entry_id').notNull().references(() => catalogueEntries.id),
    /** The provider's jurisdiction: its rules govern the reply and delivery. */
    jurisdictionCode: text('jurisdiction_code').notNull().references(() => jurisdictions.code),
    sharingAttribute: sharingAttribute('sharing_attribute').notNull(),
    ruleSet: text('rule_set').notNull(),
    stage: shareRequestStage('stage').notNull(),
    overdue: boolean('overdue').notNull().default(false),
    dueAt: timestamp('due_at', { withTimezone: true }),
    /** The running deadline touches a year whose holiday notice is not loaded. */
    provisional: boolean('provisional').notNull().default(false),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** The workflow's state at `version`; a stale write (lower version) never overwrites a newer one. */
    version: integer('version').notNull(),
    state: jsonb('state').$type<ShareRequestState>().notNull(),
  },
  (t) => [
    index('share_requests_requester_idx').on(t.requesterDepartmentId, t.receivedAt),
    index('share_requests_provider_idx').on(t.providerDepartmentId, t.receivedAt),
    index('share_requests_jurisdiction_idx').on(t.jurisdictionCode, t.receivedAt),
    index('share_requests_stage_idx').on(t.stage, t.receivedAt),
    index('share_requests_overdue_idx').on(t.receivedAt).where(sql`${t.overdue}`),
    index('share_requests_received_idx').on(t.receivedAt, t.id),
  ],
);

/** Append-only, hash-chained history of every case (DESIGN: the DB is the record). */
export const caseEvents = pgTable(
  'case_events',
  {
    caseId: text('case_id').notNull(),
    seq: integer('seq').notNull(),
    process: text('process').notNull(),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actor: jsonb('actor'),
    data: jsonb('data'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.seq] })],
);

/** Notices to parties, authorities and governments (an outbox; delivery channels come later). */
export const notifications = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    recipient: text('recipient').notNull(),
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notifications_case_idx').on(t.caseId), index('notifications_recipient_idx').on(t.recipient, t.createdAt)],
);

export type ShareRequestRow = typeof shareRequests.$inferSelect;
