// MAX_OPEN_CASES_PER_REQUESTER: a department with that many cases it opened (in the role its
// process gives the opener) not yet closed opens no more until one closes. 409 OPEN_CASE_LIMIT, not
// 429: the refusal is about the department's state, not its pace, and waiting out a Retry-After would
// not lift it (as EXTENSION_CAP_EXCEEDED). Best effort: submissions racing each other, or opened but
// not yet recorded, are not counted, so the cap can be passed by as many as are in flight at once.
import { and, count, eq, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { caseParties, cases } from '../../db/schema';
import { ErrorCodes } from '../../workflows/shared';
import { ApiError } from '../errors';
import type { ProcessRegistry } from './registry';

/** Counts no further than `max` (a department's history can be long); `max` 0: no cap. */
export async function checkOpenCaseCap(db: Database, processes: ProcessRegistry, departmentId: string, max: number): Promise<void> {
  if (max <= 0) return;
  const opened = or(...processes.all.map((p) => and(eq(cases.process, p.declaration.process), eq(caseParties.role, p.declaration.opener))))!;
  const open = db
    .select({ one: sql`1` })
    .from(caseParties)
    .innerJoin(cases, eq(cases.id, caseParties.caseId))
    .where(and(eq(caseParties.departmentId, departmentId), opened, isNull(cases.closedAt)))
    .limit(max)
    .as('open');
  const [row] = await db.select({ n: count() }).from(open);
  if ((row?.n ?? 0) >= max) {
    throw new ApiError(409, ErrorCodes.OPEN_CASE_LIMIT, `this department already has ${max} cases it opened that are not closed, the most allowed; open another once one has closed`, { max });
  }
}
