// Who may open a case: the policy's rule for the opening action, with the relation the opener takes
// (a share request's requester is the caller's own department).
import { effectiveRole } from '../../identity/principal';
import { decide, type Relation } from '../../identity/policy';
import type { Process } from '../../workflows/shared';
import { ErrorCodes } from '../../workflows/shared';
import type { Caller } from '../caller';
import { ApiError } from '../errors';

export function authorizeOpening(caller: Caller, process: Process, action: string, as: Relation): void {
  if (!caller.department || decide(process, action, effectiveRole(caller), new Set([as])) !== 'allow') {
    throw new ApiError(403, ErrorCodes.FORBIDDEN, `your role may not ${action} a ${process.replace('-', ' ')} (Art. 20: the sharing office head approves it)`);
  }
}
