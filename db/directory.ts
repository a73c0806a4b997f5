// Builds the in-memory jurisdiction tree and working-day calendar from what the database holds.
import { existsSync } from 'node:fs';
import type { Database } from './client';
import { calendarAdjustments, holidayNotices, jurisdictions } from './schema';
import { JurisdictionTree } from '../rules/jurisdictions';
import { WorkingDayCalendar } from '../rules/calendar';
import { loadNoticesFromDir, parseHolidayNotice } from '../rules/holidayNotice';

export async function loadJurisdictionTree(db: Database): Promise<JurisdictionTree> {
  return new JurisdictionTree(await db.select().from(jurisdictions));
}

/**
 * The calendar from, in rising precedence: the packaged State Council data, notice files in
 * `noticesDir`, notices stored in the database; plus each jurisdiction's own adjustments.
 */
export async function loadCalendar(db: Database, tree: JurisdictionTree, noticesDir?: string): Promise<WorkingDayCalendar> {
  const calendar = new WorkingDayCalendar({ ancestorsOf: (code) => (tree.has(code) ? tree.ancestorsOf(code).map((j) => j.code) : [code]) });
  if (noticesDir && existsSync(noticesDir)) {
    for (const notice of loadNoticesFromDir(noticesDir)) calendar.loadNotice(notice);
  }
  for (const row of await db.select().from(holidayNotices)) calendar.loadNotice(parseHolidayNotice(row.notice));
  for (const a of await db.select().from(calendarAdjustments)) {
    calendar.addAdjustment({ jurisdiction: a.jurisdictionCode, date: a.date, kind: a.kind, name: a.name });
  }
  return calendar;
}
