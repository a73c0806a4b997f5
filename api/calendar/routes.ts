// /calendar: Chinese working days (docs/statute.md "Working days") and their administration
// (docs/calendar.md). Reading is public. The State Council's holiday notice is loaded by the national
// data-sharing authority's head, a regional adjustment by a provincial authority's head; a load is a
// preview until that head confirms it (identity/policy.ts CALENDAR_POLICY).
import { Router, type RequestHandler } from 'express';
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import type { AppDeps } from '../app';
import { ApiError, badRequest, notFound, parseInput } from '../errors';
import { callerOf, type Caller } from '../caller';
import { calendarAdjustments, calendarPreviews, calendarRecomputations, holidayNotices, type CalendarPreviewRow } from '../../db/schema';
import { calendarVersion, structuredHash, textHash } from '../../db/calendar';
import { CALENDAR_POLICY, decideOnOwn } from '../../identity/policy';
import { effectiveRole } from '../../identity/principal';
import { shanghaiDate } from '../../rules/calendar';
import { holidayNoticeSchema, type HolidayNotice } from '../../rules/holidayNotice';
import { NoticeTextError, parseNoticeText } from '../../rules/noticeText';
import { AUTHORITY_SECTOR, authorityDepartmentId, NATIONAL_CODE } from '../../rules/seedData';
import { isWeekend, tryParseIsoDate } from '../../rules/statutoryHolidays';
import { ErrorCodes } from '../../workflows/shared';
import { shanghaiIso } from '../../workflows/case/time';
import { AdjustmentListQuery, AdjustmentLoadBody, DeadlineQuery, EmptyBody, NoticeListQuery, NoticeLoadBody } from './contract';
import { confirmLoad, previewLoad } from './loads';
import { recomputationHref, recomputationView } from './recomputations';
import { adjustmentView, noticeDetail, noticeView, previewView } from './view';

const NATIONAL_AUTHORITY = authorityDepartmentId(NATIONAL_CODE);
const RECORD_ID = /^[1-9]\d{0,14}$/;
const PREVIEW_ID = /^cp_[0-9a-f]{24}$/;

const forbidden = (message: string) => new ApiError(403, ErrorCodes.FORBIDDEN, message);

/** 403 unless the policy lets the caller load for an authority it is (`own`). */
function mayLoad(caller: Caller, own: boolean, who: string): void {
  if (decideOnOwn(CALENDAR_POLICY, 'load', effectiveRole(caller), own) !== 'allow') throw forbidden(`only ${who} loads it`);
}

/** The structured notice, checked as the calendar checks it; 400 INVALID_NOTICE naming each bad field. */
function structuredNotice(input: unknown): HolidayNotice {
  const result = holidayNoticeSchema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({ path: ['notice', ...i.path].join('.'), message: i.message }));
  throw badRequest(ErrorCodes.INVALID_NOTICE, errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}

/** The notice read from its text; 400 INVALID_NOTICE naming the line that fails. */
function noticeFromText(text: string, opts: { year?: number; source?: string }): HolidayNotice {
  try {
    return parseNoticeText(text, opts);
  } catch (err) {
    if (!(err instanceof NoticeTextError)) throw err;
    throw badRequest(ErrorCodes.INVALID_NOTICE, err.message, err.line === undefined ? undefined : { line: err.line, lineText: err.lineText });
  }
}

/** A regional adjustment's days: in its year, none twice, a make-up working day on a weekend. */
function checkAdjustmentDays(body: { year: number; days: Array<{ date: string; kind: string }> }): void {
  const seen = new Set<string>();
  const errors = body.days.flatMap((d, i) => {
    const path = `days.${i}.date`;
    const problems: string[] = [];
    if (Number(d.date.slice(0, 4)) !== body.year) problems.push(`${d.date} is not in ${body.year}`);
    if (seen.has(d.date)) problems.push(`${d.date} is listed more than once`);
    if (d.kind === 'workday' && !isWeekend(tryParseIsoDate(d.date)!)) problems.push(`${d.date} is a weekday; a make-up working day is a Saturday or Sunday`);
    seen.add(d.date);
    return problems.map((message) => ({ path, message }));
  });
  if (errors.length > 0) throw badRequest(ErrorCodes.INVALID_ADJUSTMENT, errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}

export function calendarRoutes({ db, calendar, tree, temporal, log, authenticated, now = () => new Date() }: Pick<AppDeps, 'db' | 'calendar' | 'tree' | 'now' | 'temporal' | 'log'> & { authenticated: RequestHandler }): Router {
  const router = Router();

  router.get('/deadline', async (req, res) => {
    const q = parseInput(DeadlineQuery, req.query);
    if (q.jurisdiction && !tree.has(q.jurisdiction)) {
      throw badRequest(ErrorCodes.UNKNOWN_JURISDICTION, `unknown jurisdiction ${q.jurisdiction}`);
    }
    const d = (await calendar.current()).addWorkingDays(q.from, q.workingDays, q.jurisdiction);
    res.json({ dueAt: shanghaiIso(d.dueAt), dueDate: d.dueDate, provisional: d.provisional, skipped: d.skipped, from: q.from, workingDays: q.workingDays, jurisdiction: q.jurisdiction ?? null });
  });

  // Each year from the first notice to next year: where its days come from, and at which version.
  router.get('/years', async (_req, res) => {
    const snap = await calendar.snapshot();
    const next = Number(shanghaiDate(now()).slice(0, 4)) + 1;
    const known = [...snap.notices.map((n) => n.year), ...snap.adjustments.map((a) => a.year)];
    const years = [];
    for (let year = Math.min(next, ...known); year <= Math.max(next, ...known); year++) {
      const n = snap.notices.find((r) => r.year === year);
      years.push({
        year,
        source: !n ? 'provisional' : n.origin === 'package' ? 'package' : 'notice',
        notice: n ? { id: n.id, origin: n.origin, source: n.source, loadedAt: shanghaiIso(n.loadedAt), loadedBy: n.loadedBy, version: n.version, textHash: n.textHash } : null,
        adjustments: snap.adjustments.filter((a) => a.year === year).map((a) => ({ id: a.id, jurisdiction: a.jurisdictionCode, source: a.source, version: a.version })),
      });
    }
    res.json({ version: snap.version, years });
  });

  router.get('/notices', async (req, res) => {
    const q = parseInput(NoticeListQuery, req.query);
    const rows = await db.select().from(holidayNotices).where(q.year === undefined ? undefined : eq(holidayNotices.year, q.year)).orderBy(asc(holidayNotices.year), desc(holidayNotices.id));
    res.json({ notices: rows.map(noticeView) });
  });

  /** One record by its id; 404 for an id that is not one. */
  const one =
    <R>(find: (id: number) => Promise<R[]>, view: (row: R) => unknown, what: string): RequestHandler =>
    async (req, res) => {
      const id = String(req.params.id);
      const [row] = RECORD_ID.test(id) ? await find(Number(id)) : [];
      if (!row) throw notFound(`no ${what} ${id}`);
      res.json(view(row));
    };

  router.get('/notices/:id', one((id) => db.select().from(holidayNotices).where(eq(holidayNotices.id, id)), noticeDetail, 'holiday notice'));

  router.post('/notices', authenticated, async (req, res) => {
    const caller = callerOf(req);
    mayLoad(caller, caller.department?.id === NATIONAL_AUTHORITY, `the sharing office head of the national data-sharing authority (${NATIONAL_AUTHORITY})`);
    const body = parseInput(NoticeLoadBody, req.body);
    const text = body.text ?? null;
    const notice = text === null ? structuredNotice(body.notice) : noticeFromText(text, { year: body.year, source: body.source });
    const hash = text === null ? structuredHash(notice) : textHash(text);
    const row = await previewLoad(db, calendar, { kind: 'notice', year: notice.year, source: notice.source, text, textHash: hash, authorityDepartmentId: NATIONAL_AUTHORITY, notice }, caller);
    res.status(201).location(`/calendar/previews/${row.id}`).json(previewView(row, row.baseVersion));
  });

  router.get('/adjustments', async (req, res) => {
    const q = parseInput(AdjustmentListQuery, req.query);
    const where: SQL[] = [];
    if (q.jurisdiction !== undefined) where.push(eq(calendarAdjustments.jurisdictionCode, q.jurisdiction));
    if (q.year !== undefined) where.push(eq(calendarAdjustments.year, q.year));
    const rows = await db.select().from(calendarAdjustments).where(and(...where)).orderBy(asc(calendarAdjustments.jurisdictionCode), asc(calendarAdjustments.year), desc(calendarAdjustments.id));
    res.json({ adjustments: rows.map(adjustmentView) });
  });

  router.get('/adjustments/:id', one((id) => db.select().from(calendarAdjustments).where(eq(calendarAdjustments.id, id)), adjustmentView, 'calendar adjustment'));

  router.post('/adjustments', authenticated, async (req, res) => {
    const caller = callerOf(req);
    const home = caller.department?.sector === AUTHORITY_SECTOR && tree.has(caller.department.jurisdictionCode) ? tree.get(caller.department.jurisdictionCode) : undefined;
    mayLoad(caller, home?.level === 'province', 'the sharing office head of a provincial data-sharing authority');
    const body = parseInput(AdjustmentLoadBody, req.body);
    if (!tree.has(body.jurisdiction)) throw badRequest(ErrorCodes.UNKNOWN_JURISDICTION, `unknown jurisdiction ${body.jurisdiction}`);
    if (!tree.isWithin(body.jurisdiction, home!.code)) throw forbidden(`${caller.department!.id} loads adjustments for ${home!.code} and the jurisdictions within it only`);
    checkAdjustmentDays(body);
    const row = await previewLoad(
      db,
      calendar,
      { kind: 'adjustment', year: body.year, source: body.source, text: null, textHash: structuredHash(body.days), authorityDepartmentId: caller.department!.id, jurisdiction: body.jurisdiction, days: body.days },
      caller,
    );
    res.status(201).location(`/calendar/previews/${row.id}`).json(previewView(row, row.baseVersion));
  });

  /** The preview, or 404 unless the caller is of the authority it belongs to; 403 if the policy refuses `action`. */
  async function preview(caller: Caller, id: string, action: 'read' | 'confirm'): Promise<CalendarPreviewRow> {
    const [row] = PREVIEW_ID.test(id) ? await db.select().from(calendarPreviews).where(eq(calendarPreviews.id, id)) : [];
    const decision = decideOnOwn(CALENDAR_POLICY, action, effectiveRole(caller), row !== undefined && caller.department?.id === row.authorityDepartmentId);
    if (decision === 'not-found') throw notFound(`no calendar preview ${id}`);
    if (decision === 'forbidden') throw forbidden(`only the sharing office head of ${row!.authorityDepartmentId} confirms its loads`);
    return row!;
  }

  router.get('/previews/:previewId', authenticated, async (req, res) => {
    const row = await preview(callerOf(req), String(req.params.previewId), 'read');
    res.json(previewView(row, await calendarVersion(db)));
  });

  router.post('/previews/:previewId/confirmation', authenticated, async (req, res) => {
    const caller = callerOf(req);
    const row = await preview(caller, String(req.params.previewId), 'confirm');
    parseInput(EmptyBody, req.body ?? {});
    const { status, body } = await confirmLoad(db, calendar, row.id, caller, { temporal, log });
    // 202: the load is on record; the recomputation of the open cases it reaches goes on (its link).
    res.status(status).location(recomputationHref(body.version)).json(body);
  });

  router.get('/recomputations/:version', async (req, res) => {
    const version = String(req.params.version);
    // A calendar version is a PostgreSQL integer: anything larger names none.
    const [row] = RECORD_ID.test(version) && Number(version) <= 2 ** 31 - 1 ? await db.select().from(calendarRecomputations).where(eq(calendarRecomputations.version, Number(version))) : [];
    if (!row) throw notFound(`no calendar recomputation ${version}`);
    res.json(recomputationView(row));
  });

  return router;
}
