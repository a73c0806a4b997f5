// The actor a case event records for a verified caller (workflows/case/contract.ts Actor).
import { effectiveRole } from '../identity/principal';
import type { Actor } from '../workflows/shared';
import type { Caller } from './caller';

/** A people's government acts as the engine names it in escalation ladders: `government:<code>`. */
export const actorOf = (c: Caller): Actor => ({
  departmentId: c.governmentOf ? `government:${c.governmentOf}` : c.organisationId,
  userId: c.userId,
  role: effectiveRole(c),
  ...(c.actingFor ? { actingFor: c.actingFor } : {}),
});
