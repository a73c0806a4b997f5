// The calendar API's contract as zod schemas: the queries and bodies its routes validate with and
// the answers (for the OpenAPI document). docs/calendar.md says what each means.
import { z } from 'zod';
import { MAX_YEAR, MIN_YEAR } from '../../rules/statutoryHolidays';
import { text } from '../text';
import { isoDate, jurisdictionCode, wholeNumber } from '../validation';

export const DeadlineQuery = z.object({
  from: isoDate,
  workingDays: wholeNumber('workingDays', { min: 1, max: 3650 }),
  jurisdiction: jurisdictionCode.optional(),
});

const year = z.number().int().min(MIN_YEAR).max(MAX_YEAR);
const yearQuery = wholeNumber('year', { min: MIN_YEAR, max: MAX_YEAR });
/** A festival as the notice names it (元旦, 春节, 中秋节 …). */
const festival = text({ max: 60 });
/** A document number: 国办发明电〔2025〕7号, or a regional government's. */
const documentNumber = text({ max: 200 });

/** The longest notice text taken: the published notices run to about 1,000 characters. */
export const MAX_NOTICE_TEXT = 20_000;

const noticeDay = z.strictObject({ date: isoDate, name: festival, nameEn: text({ max: 100 }).optional() });

/** The structured form (rules/holidayNotice.ts): every day off and make-up working day listed one by one. */
export const StructuredNotice = z.strictObject({
  year,
  source: documentNumber.describe('the document number, e.g. 国办发明电〔2025〕7号'),
  url: text({ max: 2000 }).optional(),
  publishedOn: isoDate.optional(),
  holidays: z.array(noticeDay).max(120).describe('every day off, weekend days inside a block included'),
  workdays: z.array(noticeDay).max(60).describe('the weekend days made working days (调休上班)'),
});

/** The text as published; Windows line ends are taken as they are pasted. */
const noticeText = z.preprocess((v) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : v), text({ max: MAX_NOTICE_TEXT, prose: true }));

export const NoticeLoadBody = z
  .strictObject({
    notice: StructuredNotice.optional(),
    text: noticeText.optional().describe('the notice as published: 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。…'),
    source: documentNumber.optional().describe('with `text`: the document number, when the text does not carry it'),
    year: year.optional().describe('with `text`: the year, when the text does not name it (must agree when it does)'),
  })
  .superRefine((b, ctx) => {
    if ((b.notice === undefined) === (b.text === undefined)) ctx.addIssue({ code: 'custom', path: [], message: 'give either notice (the structured form) or text (the notice as published)' });
    for (const key of ['source', 'year'] as const) {
      if (b.notice !== undefined && b[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} goes with text; the structured notice carries its own` });
    }
  });

export const AdjustmentLoadBody = z.strictObject({
  jurisdiction: jurisdictionCode.describe('the province, or a jurisdiction within it'),
  year,
  source: documentNumber.describe("the regional government's document"),
  days: z
    .array(z.strictObject({ date: isoDate, kind: z.enum(['holiday', 'workday']), name: festival }))
    .min(1)
    .max(60)
    .describe('every regional day off (holiday) and make-up working day (workday) of the year; a later load for the same jurisdiction and year supersedes this one whole'),
});

export const EmptyBody = z.strictObject({});

export const NoticeListQuery = z.strictObject({ year: yearQuery.optional() });
export const AdjustmentListQuery = z.strictObject({ jurisdiction: jurisdictionCode.optional(), year: yearQuery.optional() });

// ---------------------------------------------------------------------------------------------
// Answers. Strings are described with the same primitive as inputs (no other string schema lives in api/).

const str = (max = 2048) => text({ max });
const Instant = str(40).describe('ISO 8601 in Asia/Shanghai with milliseconds');
const Origin = z.enum(['package', 'file', 'authority']).describe('package: seeded from chinese-days; file: seeded from HOLIDAY_NOTICES_DIR; authority: loaded through this API');
const NamedDay = z.object({ date: str(10), name: str(), nameEn: str().optional() });

const RecordAudit = {
  id: z.number().int(),
  origin: Origin,
  source: str().describe('the document'),
  textHash: str(80).describe('sha256:<hex> of the text as loaded (the Chinese text, or the canonical JSON of the structured form)'),
  loadedBy: str().nullable(),
  loadedByDepartment: str().nullable(),
  loadedAt: Instant,
  version: z.number().int().describe('the calendar version it took effect at'),
  previewId: str().nullable(),
  current: z.boolean(),
  supersededAt: Instant.nullable(),
  supersededBy: z.number().int().nullable(),
};

export const NoticeRecordView = z.object({
  ...RecordAudit,
  year: z.number().int(),
  url: str().nullable(),
  publishedOn: str(10).nullable(),
  holidays: z.array(NamedDay),
  workdays: z.array(NamedDay),
});
export const NoticeRecordDetail = NoticeRecordView.extend({ text: str(MAX_NOTICE_TEXT).nullable().describe('the notice text as loaded, when it was') });

export const AdjustmentRecordView = z.object({
  ...RecordAudit,
  jurisdiction: str(6),
  year: z.number().int(),
  days: z.array(z.object({ date: str(10), kind: z.enum(['holiday', 'workday']), name: str() })),
});

export const NoticeList = z.object({ notices: z.array(NoticeRecordView) });
export const AdjustmentList = z.object({ adjustments: z.array(AdjustmentRecordView) });

const Superseded = z.object({ id: z.number().int(), origin: Origin, source: str(), loadedAt: Instant, version: z.number().int() });

const ChangedDay = z.object({
  date: str(10),
  working: z.boolean(),
  reason: str(),
  was: z.object({ working: z.boolean(), reason: str(), provisional: z.boolean() }),
});

export const OpenDeadlines = z
  .object({ examined: z.number().int(), affected: z.number().int(), cases: z.number().int().describe('the cases they belong to'), caseIds: z.array(str()).describe('the first 100, by id') })
  .describe("deadlines of open cases the new calendar reaches: running ones whose due date or provisional mark it changes, missed ones it makes later (the confirmation's recomputation re-arms them)");

export const Recomputation = z.object({
  version: z.number().int().describe('the calendar version whose load started it'),
  href: str(),
  reason: str(),
  jurisdiction: str(6).nullable(),
  status: z.enum(['pending', 'running', 'done']).describe('pending: not started yet (confirm the load again to start it if it stays so)'),
  loadedAt: Instant,
  notBefore: Instant.nullable().describe('24:00 of the first working day after the load: no due instant moves earlier'),
  cases: z.number().int().describe('cases the change reaches, as counted at the load'),
  rearmed: z.number().int().describe('cases whose clocks moved'),
  unchanged: z.number().int().describe('cases told, whose clocks had nothing to move by then'),
  skipped: z.number().int().describe('cases that could not be told (closed meanwhile)'),
  updatedAt: Instant,
  finishedAt: Instant.nullable(),
});

export const Confirmation = z.object({
  previewId: str(),
  kind: z.enum(['notice', 'adjustment']),
  year: z.number().int(),
  jurisdiction: str(6).nullable(),
  version: z.number().int().describe('the calendar version the load took effect at'),
  record: z.number().int().describe('the new record: /calendar/notices/{id} or /calendar/adjustments/{id}'),
  supersedes: z.number().int().nullable(),
  openDeadlines: OpenDeadlines,
  recomputation: str().describe('/calendar/recomputations/{version}: the recomputation of the open cases it reaches'),
  confirmedBy: str(),
  confirmedAt: Instant,
});

export const PreviewView = z.object({
  id: str(),
  kind: z.enum(['notice', 'adjustment']),
  status: z.enum(['pending', 'confirmed', 'stale']).describe('stale: the calendar changed since; preview again'),
  year: z.number().int(),
  jurisdiction: str(6).nullable(),
  source: str(),
  textHash: str(80),
  baseVersion: z.number().int(),
  notice: z.object({ holidays: z.array(NamedDay), workdays: z.array(NamedDay) }).nullable(),
  days: z.array(z.object({ date: str(10), kind: z.enum(['holiday', 'workday']), name: str() })).nullable(),
  supersedes: Superseded.nullable(),
  changes: z.object({
    daysOff: z.array(ChangedDay).describe('days that become days off'),
    workingDays: z.array(ChangedDay).describe('days that become working days (make-up working days, 调休上班)'),
    relabelled: z.number().int().describe('days whose status stays but whose reason changes'),
    becomesFinal: z.boolean().describe('the year was provisional and no longer is'),
  }),
  openDeadlines: OpenDeadlines,
  createdBy: str(),
  createdAt: Instant,
  confirmation: Confirmation.nullable(),
});

export const CalendarYears = z.object({
  version: z.number().int().describe('the calendar version this process uses'),
  years: z.array(
    z.object({
      year: z.number().int(),
      source: z.enum(['notice', 'package', 'provisional']).describe('notice: a State Council notice loaded (through this API or a file); package: the packaged data; provisional: no notice, counted with the statutory holidays'),
      notice: z.object({ id: z.number().int(), origin: Origin, source: str(), loadedAt: Instant, loadedBy: str().nullable(), version: z.number().int(), textHash: str(80) }).nullable(),
      adjustments: z.array(z.object({ id: z.number().int(), jurisdiction: str(6), source: str(), version: z.number().int() })),
    }),
  ),
});
