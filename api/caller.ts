// Who is calling. Until real authentication lands, the caller names its department in the
// X-Department-Id header (and optionally its staff member in X-Staff-Id); both must exist.
import type { Request, RequestHandler } from 'express';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { departments, staff, type Department } from '../db/schema';
import { ApiError } from './errors';
import { ErrorCodes } from '../workflows/shared';

export interface Caller {
  department: Department;
  staffId?: string;
}

const callers = new WeakMap<Request, Caller>();

export function identifyCaller(db: Database): RequestHandler {
  return async (req, _res, next) => {
    const departmentId = req.get('X-Department-Id');
    if (!departmentId) throw new ApiError(401, ErrorCodes.UNAUTHENTICATED, 'X-Department-Id header is required');
    const [department] = await db.select().from(departments).where(eq(departments.id, departmentId));
    if (!department) throw new ApiError(401, ErrorCodes.UNAUTHENTICATED, `unknown department ${departmentId}`);
    const staffId = req.get('X-Staff-Id') || undefined;
    if (staffId) {
      const [member] = await db.select().from(staff).where(and(eq(staff.id, staffId), eq(staff.departmentId, departmentId)));
      if (!member) throw new ApiError(401, ErrorCodes.UNAUTHENTICATED, `staff ${staffId} is not in ${departmentId}`);
    }
    callers.set(req, { department, staffId });
    next();
  };
}

export function callerOf(req: Request): Caller {
  const c = callers.get(req);
  if (!c) throw new Error('identifyCaller middleware did not run');
  return c;
}
