// The one drizzle schema for both PGlite (embedded default) and PostgreSQL via `pg`.
import { sql } from 'drizzle-orm';
import type { CaseDeadline, CaseState, DeadlineStatus, PartyStanding, Violation, ViolationStatus } from '../workflows/case/contract';
import type { HolidayNotice } from '../rules/holidayNotice';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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

/**
 * Who put a calendar record there: the packaged data or a notice file seeding the database at start,
 * or an authority loading it through the API (docs/calendar.md).
 */
export const calendarOrigin = pgEnum('calendar_origin', ['package', 'file', 'authority']);

/** The audit columns of a calendar record: where it came from, who loaded it and when, and its history. */
const calendarRecord = {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  origin: calendarOrigin('origin').notNull(),
  /** The document: 国办发明电〔2025〕7号, a regional notice's number, `chinese-days 1.5.7`, a file name. */
  source: text('source').notNull(),
  /** `sha256:<hex>` of the text as loaded (the Chinese text, or the structured form's canonical JSON). */
  textHash: text('text_hash').notNull(),
  /** The user and department that confirmed the load (null for a seed). */
  loadedBy: text('loaded_by'),
  loadedByDepartment: text('loaded_by_department'),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  /** The calendar version this record took effect at. */
  version: integer('version').notNull(),
  /** The preview whose confirmation loaded it. */
  previewId: text('preview_id'),
  /** Set once, when a corrected record takes its place; nothing else of a record ever changes (migration 0011). */
  supersededAt: timestamp('superseded_at', { withTimezone: true }),
  supersededBy: bigint('superseded_by', { mode: 'number' }),
};

/**
 * Every State Council holiday notice the calendar has held: one current per year (not superseded),
 * and the ones it replaced. The database is the calendar's single runtime source.
 */
export const holidayNotices = pgTable(
  'holiday_notices',
  {
    ...calendarRecord,
    year: integer('year').notNull(),
    /** The structured form (rules/holidayNotice.ts). */
    notice: jsonb('notice').$type<HolidayNotice>().notNull(),
    /** The notice's Chinese text, when it was loaded as published. */
    text: text('text'),
  },
  (t) => [uniqueIndex('holiday_notices_current_idx').on(t.year).where(sql`${t.supersededAt} IS NULL`)],
);

export interface AdjustmentDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

/**
 * A province's own days for a year (a regional holiday and its make-up working day): they apply to
 * duties owed in the jurisdiction and everything below it. One current per jurisdiction and year.
 */
export const calendarAdjustments = pgTable(
  'calendar_adjustments',
  {
    ...calendarRecord,
    jurisdictionCode: text('jurisdiction_code').notNull().references(() => jurisdictions.code),
    year: integer('year').notNull(),
    days: jsonb('days').$type<AdjustmentDay[]>().notNull(),
  },
  (t) => [uniqueIndex('calendar_adjustments_current_idx').on(t.jurisdictionCode, t.year).where(sql`${t.supersededAt} IS NULL`)],
);

/** The calendar's versions: one row per change (a seed, a notice, an adjustment); every process checks the latest. */
export const calendarVersions = pgTable('calendar_versions', {
  version: integer('version').primaryKey(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  /** What changed, for people: `2027 notice 国办发明电〔2026〕N号`, `seed chinese-days 1.5.7`. */
  change: text('change').notNull(),
});

/**
 * The recomputation of open cases after a calendar change (workflows/calendar/recompute.ts), one per
 * calendar version that a load produced: written pending with the load, then by its workflow.
 */
export const calendarRecomputations = pgTable('calendar_recomputations', {
  version: integer('version').primaryKey().references(() => calendarVersions.version),
  /** What the cases' histories record as the reason (the load). */
  reason: text('reason').notNull(),
  /** A regional adjustment's jurisdiction; null for a State Council notice. */
  jurisdictionCode: text('jurisdiction_code'),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull(),
  status: text('status').$type<'pending' | 'running' | 'done'>().notNull(),
  /** No due instant moves earlier than this (24:00 of the first working day after the load). */
  notBefore: timestamp('not_before', { withTimezone: true }),
  /** Cases the change reaches (as counted at the load), and how each went so far. */
  cases: integer('cases').notNull(),
  rearmed: integer('rearmed').notNull().default(0),
  unchanged: integer('unchanged').notNull().default(0),
  skipped: integer('skipped').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/**
 * A load awaiting confirmation: what it would change, computed against `base_version`. Confirmed once
 * (its answer kept for a repeated confirmation); refused when the calendar moved on since.
 */
export const calendarPreviews = pgTable(
  'calendar_previews',
  {
    id: text('id').primaryKey(),
    kind: text('kind').$type<'notice' | 'adjustment'>().notNull(),
    year: integer('year').notNull(),
    /** The adjustment's jurisdiction (null for a State Council notice). */
    jurisdictionCode: text('jurisdiction_code'),
    /** The authority whose people see the preview and whose head confirms it. */
    authorityDepartmentId: text('authority_department_id').notNull(),
    source: text('source').notNull(),
    /** The notice (HolidayNotice) or the adjustment's days, as they will be stored. */
    body: jsonb('body').notNull(),
    text: text('text'),
    textHash: text('text_hash').notNull(),
    baseVersion: integer('base_version').notNull(),
    /** What the load changes, as answered. */
    changes: jsonb('changes').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    confirmedBy: text('confirmed_by'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** The confirmation's answer, replayed to a repeated confirmation. */
    confirmation: jsonb('confirmation'),
  },
  (t) => [index('calendar_previews_authority_idx').on(t.authorityDepartmentId, t.createdAt)],
);

export type HolidayNoticeRow = typeof holidayNotices.$inferSelect;
export type CalendarAdjustmentRow = typeof calendarAdjustments.$inferSelect;
export type CalendarPreviewRow = typeof calendarPreviews.$inferSelect;
export type CalendarRecomputationRow = typeof calendarRecomputations.$inferSelect;

export type Jurisdiction = typeof jurisdictions.$inferSelect;
export type Department = typeof departments.$inferSelect;
export type Staff = typeof staff.$inferSelect;
export type CatalogueEntry = typeof catalogueEntries.$inferSelect;
export type NewCatalogueEntry = typeof catalogueEntries.$inferInsert;

/**
 * The one read model of every statutory case, whatever its process (docs/design.md: the database
 * is the read model and the record), projected by the engine's recorder with each event. What
 * lists and the supervisors' ledger filter on are columns; the rest is the state at `version`.
 */
export const cases = pgTable(
  'cases',
  {
    /** Unique across processes (each process declares its own prefix: sr-, co-, …). */
    id: text('id').primaryKey(),
    process: text('process').notNull(),
    workflowId: text('workflow_id').notNull(),
    stage: text('stage').notNull(),
    /** The jurisdiction whose rules govern the case (the duty-bearer's). */
    jurisdictionCode: text('jurisdiction_code').notNull().references(() => jurisdictions.code),
    ruleSet: text('rule_set'),
    catalogueEntryId: text('catalogue_entry_id'),
    /** The running deadline (the earliest open one). */
    dueAt: timestamp('due_at', { withTimezone: true }),
    overdue: boolean('overdue').notNull().default(false),
    provisional: boolean('provisional').notNull().default(false),
    openViolations: integer('open_violations').notNull().default(0),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** Set when the case reaches a terminal stage. */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** The workflow's state at `version`; a stale write (lower version) never overwrites a newer one. */
    version: integer('version').notNull(),
    state: jsonb('state').$type<CaseState>().notNull(),
  },
  (t) => [
    index('cases_process_opened_idx').on(t.process, t.openedAt, t.id),
    index('cases_opened_idx').on(t.openedAt, t.id),
    index('cases_jurisdiction_idx').on(t.jurisdictionCode, t.openedAt),
    index('cases_stage_idx').on(t.process, t.stage, t.openedAt),
    index('cases_overdue_idx').on(t.openedAt).where(sql`${t.overdue}`),
    index('cases_open_due_idx').on(t.dueAt).where(sql`${t.closedAt} IS NULL`),
  ],
);

/** Who takes part in each case and how: "my cases" lists read this (one row per role). */
export const caseParties = pgTable(
  'case_parties',
  {
    caseId: text('case_id').notNull().references(() => cases.id),
    departmentId: text('department_id').notNull(),
    role: text('role').notNull(),
    /** How the role stands (workflows/case/contract.ts PartyStanding): who sees, lists and supervises the case. */
    standing: text('standing').$type<PartyStanding>().notNull(),
    /** The case's opening, kept here so a department's list is one index range. */
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.departmentId, t.role] }),
    index('case_parties_department_idx').on(t.departmentId, t.openedAt, t.caseId),
    check('case_parties_standing', sql`${t.standing} IN ('party', 'authority', 'coordinator')`),
  ],
);

/**
 * Cases a case names (a correction names the share request whose data it corrects): the named case's
 * view lists the cases that name it. Written with the naming case's first event.
 */
export const caseLinks = pgTable(
  'case_links',
  {
    caseId: text('case_id').notNull().references(() => cases.id),
    linkedCaseId: text('linked_case_id').notNull(),
    /** How the case relates to the one it names, in its process's terms (e.g. `corrects`). */
    relation: text('relation').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.linkedCaseId, t.relation] }), index('case_links_linked_idx').on(t.linkedCaseId, t.createdAt)],
);

/**
 * Every deadline a case ever ran, one row each, as its workflow last recorded it: the state keeps
 * only the recent ones (workflows/case/prune.ts); supervision, the ledger and a calendar change read
 * these (the running ones by due instant), never the state JSON.
 */
export const caseDeadlines = pgTable(
  'case_deadlines',
  {
    caseId: text('case_id').notNull().references(() => cases.id),
    /** Stable within the case (workflows/case/draft.ts nextId). */
    id: integer('id').notNull(),
    process: text('process').notNull(),
    kind: text('kind').notNull(),
    /** The duty-bearer and the jurisdiction whose calendar counts its days. */
    departmentId: text('department_id').notNull(),
    jurisdictionCode: text('jurisdiction_code').notNull(),
    status: text('status').$type<DeadlineStatus>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    dueDate: text('due_date').notNull(),
    provisional: boolean('provisional').notNull(),
    /** The case version that wrote this row: an older write never overwrites a newer one. */
    version: integer('version').notNull(),
    record: jsonb('record').$type<CaseDeadline>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.id] }),
    index('case_deadlines_running_idx').on(t.dueAt).where(sql`${t.status} IN ('open', 'suspended')`),
    index('case_deadlines_provisional_idx').on(t.jurisdictionCode, t.dueAt).where(sql`${t.status} IN ('open', 'suspended') AND ${t.provisional}`),
  ],
);

/** Every violation a case ever recorded (Art. 39–41), one row each: the ledger reads these by jurisdiction. */
export const caseViolations = pgTable(
  'case_violations',
  {
    caseId: text('case_id').notNull().references(() => cases.id),
    id: integer('id').notNull(),
    process: text('process').notNull(),
    deadlineId: integer('deadline_id').notNull(),
    duty: text('duty').notNull(),
    article: text('article').notNull(),
    /** The department in breach, and the jurisdiction of the deadline it missed. */
    party: text('party').notNull(),
    jurisdictionCode: text('jurisdiction_code').notNull(),
    status: text('status').$type<ViolationStatus>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    version: integer('version').notNull(),
    record: jsonb('record').$type<Violation>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.id] }),
    index('case_violations_open_idx').on(t.jurisdictionCode, t.at).where(sql`${t.status} = 'open'`),
    index('case_violations_party_idx').on(t.party, t.at),
  ],
);

/**
 * A note meant for one department only (an assignment's): the case's event carries its hash, over a
 * nonce kept here, so the chain verifies and other parties see that a note exists, not what it says.
 */
export const caseNotes = pgTable(
  'case_notes',
  {
    caseId: text('case_id').notNull(),
    noteHash: text('note_hash').notNull(),
    departmentId: text('department_id').notNull(),
    nonce: text('nonce').notNull(),
    note: text('note').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.noteHash] }), index('case_notes_department_idx').on(t.caseId, t.departmentId)],
);

/**
 * Idempotent opening, decided in PostgreSQL before Temporal is asked: a requester's key names one
 * case for good, after the workflow closed, continued-as-new or left retention.
 */
export const caseSubmissions = pgTable(
  'case_submissions',
  {
    departmentId: text('department_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    process: text('process').notNull(),
    /** sha256 of the canonical JSON of the submission. */
    requestHash: text('request_hash').notNull(),
    caseId: text('case_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.departmentId, t.idempotencyKey] })],
);

/** Idempotent commands: the key, scoped to the sending department, with the command's hash, and its outcome once known. */
export const caseCommands = pgTable(
  'case_commands',
  {
    caseId: text('case_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    departmentId: text('department_id').notNull(),
    command: text('command').notNull(),
    requestHash: text('request_hash').notNull(),
    /** The Temporal update ID (Temporal deduplicates a retried update within a run). */
    updateId: text('update_id').notNull(),
    /** The answer once known: replayed as it was. */
    responseStatus: integer('response_status'),
    response: jsonb('response'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.departmentId, t.idempotencyKey] })],
);

/**
 * Append-only, hash-chained history of every case (Art. 29 records as evidence; Art. 35 tamper
 * prevention): UPDATE, DELETE and TRUNCATE are refused by triggers (migration 0004) and not granted
 * to the application's role (db/roles.sql). The chain is the highest revision of each seq; a lower
 * revision is an attempt whose workflow task never completed, kept as it was written.
 */
export const caseEvents = pgTable(
  'case_events',
  {
    caseId: text('case_id').notNull(),
    seq: integer('seq').notNull(),
    /** 0, or one more than the attempt at this seq it supersedes (same seq, same prevHash). */
    revision: integer('revision').notNull().default(0),
    process: text('process').notNull(),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actor: jsonb('actor'),
    data: jsonb('data'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** The hash of the canonical JSON of the state this event produced. */
    stateHash: text('state_hash').notNull(),
    /** What a verifier recomputes (activities/case/hash.ts HASH_FORMATS): 3 = SHA-256, 4 = SM3. */
    hashFormat: integer('hash_format').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.seq, t.revision] }),
    // The missed deadlines the metrics count at every scrape (ops/metrics.ts), without reading every event.
    index('case_events_deadline_missed_idx').on(t.process).where(sql`${t.type} = 'deadline_missed'`),
  ],
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

/**
 * Requests per rate-limit key in fixed windows, shared by every API process (api/rateLimit.ts).
 * UNLOGGED in the migration: counters need no WAL, and losing them in a crash only forgives callers.
 */
export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    hits: integer('hits').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_limit_hits_window_idx').on(t.windowStart)],
);

export type CaseRow = typeof cases.$inferSelect;

/**
 * The one append-only log of every case event, across cases (Art. 35: tamper-evident records; the
 * record is kept ≥ 3 years, Art. 29). Leaf `log_index` of the RFC 9162 Merkle tree is the event's
 * hash (its hex decoded to bytes). Filled by the sequencer (audit/sequencer.ts) from
 * `audit_log_pending`; UPDATE, DELETE and TRUNCATE are refused by triggers (migration 0005).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    logIndex: bigint('log_index', { mode: 'number' }).primaryKey(),
    caseId: text('case_id').notNull(),
    seq: integer('seq').notNull(),
    /** The event's `hash` when it was written: the leaf. */
    eventHash: text('event_hash').notNull(),
    appendedAt: timestamp('appended_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('audit_log_event_idx').on(t.caseId, t.seq, t.eventHash)],
);

/** Events written but not yet in the log, queued by a trigger on `case_events` (so no event insert waits for the log). */
export const auditLogPending = pgTable('audit_log_pending', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: text('case_id').notNull(),
  seq: integer('seq').notNull(),
  eventHash: text('event_hash').notNull(),
});

/** Completed perfect subtrees of the log at levels that are multiples of audit/tree.ts STRIDE (hex MTH); never change once written. */
export const auditLogNodes = pgTable(
  'audit_log_nodes',
  {
    level: smallint('level').notNull(),
    nodeIndex: bigint('node_index', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.nodeIndex] })],
);

/** The public keys that have signed checkpoints, published by the API. */
export const auditSigningKeys = pgTable('audit_signing_keys', {
  keyId: text('key_id').primaryKey(),
  suite: text('suite').notNull(),
  publicKey: text('public_key').notNull(),
  firstUsedAt: timestamp('first_used_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Signed tree heads of the log (size, root, time): see audit/signing.ts for the exact signed bytes. */
export const auditCheckpoints = pgTable(
  'audit_checkpoints',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    treeSize: bigint('tree_size', { mode: 'number' }).notNull(),
    /** Hex MTH of the first `tree_size` leaves. */
    rootHash: text('root_hash').notNull(),
    /** The signed time, to the millisecond. */
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
    suite: text('suite').notNull(),
    keyId: text('key_id').notNull().references(() => auditSigningKeys.keyId),
    /** Base64 signature of the signed text. */
    signature: text('signature').notNull(),
  },
  (t) => [index('audit_checkpoints_size_idx').on(t.treeSize, t.id)],
);

export type AuditCheckpointRow = typeof auditCheckpoints.$inferSelect;

/**
 * How long case records are kept (Art. 29: usage records at least 3 years), written at start from
 * CASE_RECORD_RETENTION_YEARS. One row. The triggers of migration 0008 refuse deleting a case younger
 * than this, and never less than 3 years whatever the row says.
 */
export const recordRetention = pgTable(
  'record_retention',
  {
    id: boolean('id').primaryKey().default(true),
    caseRecordYears: integer('case_record_years').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('record_retention_one_row', sql`${t.id}`), check('record_retention_art_29', sql`${t.caseRecordYears} >= 3`)],
);

export * from './identitySchema';
export * from './webhookSchema';
