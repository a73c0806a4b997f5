// /calendar and /rule-sets: working-day deadlines, the calendar's administration (docs/calendar.md)
// and the statutory periods in force.
import { z } from 'zod';
import {
  AdjustmentList,
  AdjustmentListQuery,
  AdjustmentLoadBody,
  AdjustmentRecordView,
  CalendarYears,
  Confirmation,
  DeadlineQuery,
  EmptyBody,
  NoticeList,
  NoticeListQuery,
  NoticeLoadBody,
  NoticeRecordDetail,
  PreviewView,
  Recomputation,
} from '../../calendar/contract';
import { ApplicableQuery } from '../../routes/ruleSets';
import { named, type ApiArea } from '../kit';

const Deadline = named(
  'WorkingDayDeadline',
  z.object({
    dueAt: z.string().meta({ description: '24:00 Asia/Shanghai of dueDate, written as 00:00+08:00 of the next day' }),
    dueDate: z.string(),
    provisional: z.boolean().meta({ description: 'counted through a year without a State Council holiday notice' }),
    skipped: z.array(z.object({ date: z.string(), reason: z.string() })),
    from: z.string(),
    workingDays: z.number().int(),
    jurisdiction: z.string().nullable(),
  }),
);

const Rule = z.object({
  kind: z.string(),
  workingDays: z.number().int().optional(),
  months: z.number().int().optional(),
  configurable: z.boolean(),
  article: z.string(),
  summary: z.string(),
  flags: z.array(z.string()),
});
const RuleSet = named(
  'RuleSet',
  z.object({
    id: z.string(),
    name: z.object({ zh: z.string(), en: z.string() }),
    title: z.object({ zh: z.string(), en: z.string() }),
    source: z.string(),
    inForce: z.object({ from: z.string(), to: z.string().optional(), article: z.string() }),
    appliesTo: z.string(),
    deadlines: z.array(Rule),
  }),
);
const Applicable = named(
  'ApplicableRules',
  z.object({
    jurisdictionCode: z.string(),
    date: z.string(),
    ruleSets: z.array(RuleSet),
    primaryRuleSet: z.string().nullable(),
    deadlines: z
      .record(z.string(), z.object({ kind: z.string(), ruleSet: z.string(), article: z.string(), summary: z.string(), configurable: z.boolean(), considered: z.array(Rule.extend({ ruleSet: z.string() })) }))
      .meta({ description: 'per kind, the effective rule: the stricter of national and local wins' }),
  }),
);

export const calendarArea: ApiArea = {
  register(doc) {
    doc.tag('calendar', 'Chinese working days, their administration (State Council notices, regional adjustments) and the statutory rule sets');
    const common = { method: 'get', tag: 'calendar', auth: 'public' } as const;
    doc.operation({
      ...common,
      path: '/calendar/deadline',
      operationId: 'computeDeadline',
      summary: 'A deadline N working days after a date, with every skipped day and why',
      query: DeadlineQuery,
      responses: { 200: { description: 'The deadline', schema: Deadline } },
    });
    const record = z.object({ id: z.string().meta({ description: 'the record id (a number)' }) });
    const previewId = z.object({ previewId: z.string().meta({ description: 'cp_ and 24 hex digits' }) });
    const preview = named('CalendarPreview', PreviewView);
    const confirmation = named('CalendarConfirmation', Confirmation);
    const located = (what: string) => ({ Location: { description: what, schema: { type: 'string' } } }) as const;
    const load = (path: string, operationId: string, summary: string, body: z.ZodType) =>
      doc.operation({ method: 'post', tag: 'calendar', path, operationId, summary, body, errors: [403], responses: { 201: { description: 'The preview: what the load changes and the open deadlines it reaches', schema: preview, headers: located('/calendar/previews/{previewId}') } } });
    doc.operation({ ...common, path: '/calendar/years', operationId: 'listCalendarYears', summary: "Each year's source (a notice loaded, the packaged data, or provisional) and the version it took effect at", responses: { 200: { description: 'From the first year known to next year', schema: named('CalendarYears', CalendarYears) } } });
    doc.operation({ ...common, path: '/calendar/notices', operationId: 'listHolidayNotices', summary: 'The State Council notices the calendar holds and held (a correction supersedes, never edits)', query: NoticeListQuery, responses: { 200: { description: 'By year, newest record first', schema: NoticeList } } });
    doc.operation({ ...common, path: '/calendar/notices/{id}', operationId: 'getHolidayNotice', summary: 'One notice record with its text as loaded', params: record, errors: [404], responses: { 200: { description: 'The record', schema: named('HolidayNoticeRecord', NoticeRecordDetail) } } });
    load('/calendar/notices', 'previewHolidayNotice', "Load a year's State Council notice (structured, or its text as published): the national authority's head; a preview until confirmed", NoticeLoadBody);
    doc.operation({ ...common, path: '/calendar/adjustments', operationId: 'listCalendarAdjustments', summary: 'Regional adjustments the calendar holds and held', query: AdjustmentListQuery, responses: { 200: { description: 'By jurisdiction and year, newest record first', schema: AdjustmentList } } });
    doc.operation({ ...common, path: '/calendar/adjustments/{id}', operationId: 'getCalendarAdjustment', summary: 'One regional adjustment record', params: record, errors: [404], responses: { 200: { description: 'The record', schema: named('CalendarAdjustmentRecord', AdjustmentRecordView) } } });
    load('/calendar/adjustments', 'previewCalendarAdjustment', "Load a jurisdiction's own days for a year (a regional holiday, its make-up working day): a provincial authority's head; a preview until confirmed", AdjustmentLoadBody);
    doc.operation({ method: 'get', tag: 'calendar', path: '/calendar/previews/{previewId}', operationId: 'getCalendarPreview', summary: "A load's preview, for the people of its authority", params: previewId, errors: [404], responses: { 200: { description: 'The preview; status stale once the calendar changed since', schema: preview } } });
    doc.operation({
      method: 'post',
      tag: 'calendar',
      path: '/calendar/previews/{previewId}/confirmation',
      operationId: 'confirmCalendarPreview',
      summary: "Apply a previewed load: its authority's head; again: the same answer; refused once the calendar changed since",
      params: previewId,
      body: EmptyBody,
      errors: [403, 404, 409],
      responses: {
        202: { description: 'Applied: the new record, the version, the open deadlines it reaches; their recomputation goes on', schema: confirmation, headers: located('/calendar/recomputations/{version}') },
        200: { description: 'Applied before: the same answer', schema: confirmation, headers: located('/calendar/recomputations/{version}') },
      },
    });
    doc.operation({
      ...common,
      path: '/calendar/recomputations/{version}',
      operationId: 'getCalendarRecomputation',
      summary: 'The recomputation of the open cases a load reaches: how far it is',
      params: z.object({ version: z.string().meta({ description: 'the calendar version (a number)' }) }),
      errors: [404],
      responses: { 200: { description: 'Its progress', schema: named('CalendarRecomputation', Recomputation) } },
    });
    doc.operation({ ...common, path: '/rule-sets', operationId: 'listRuleSets', summary: 'The rule sets, their periods in force and every deadline with its article', responses: { 200: { description: 'The rule sets', schema: z.object({ ruleSets: z.array(RuleSet) }) } } });
    doc.operation({
      ...common,
      path: '/rule-sets/applicable',
      operationId: 'applicableRules',
      summary: 'The effective deadlines for a jurisdiction on a date',
      query: ApplicableQuery,
      responses: { 200: { description: 'The effective rules', schema: Applicable } },
    });
  },
};
