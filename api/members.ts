// A person named by a department's head — an assignee of its work, an acting head — must be a
// member of that department (the directory's staff).
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { staff } from '../db/schema';
import { ErrorCodes } from '../workflows/shared';
import type { Caller } from './caller';
import { badRequest } from './errors';

export async function assertMember(db: Database, caller: Caller, userId: string): Promise<void> {
  const departmentId = caller.department?.id ?? '';
  const [member] = await db.select({ id: staff.id }).from(staff).where(and(eq(staff.id, userId), eq(staff.departmentId, departmentId)));
  if (!member) throw badRequest(ErrorCodes.VALIDATION_FAILED, `${userId} is not a member of ${departmentId}`);
}
