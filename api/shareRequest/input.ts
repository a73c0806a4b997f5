// Turns a submission into the workflow's input: the catalogue entry, the parties, and the
// provider's same-level authority, all looked up in the directory (Art. 14, 20).
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../../db/client';
import { catalogueEntries, departments, jurisdictions } from '../../db/schema';
import { shanghaiIso } from '../../workflows/case/time';
import type { Caller } from '../caller';
import { authorityDepartmentId } from '../../rules/seedData';
import { ErrorCodes, type Approval, type ShareRequestInput } from '../../workflows/shared';
import { badRequest } from '../errors';
import type { SubmissionBody } from './schemas';

/** Art. 20: the approval is the authenticated head's (the policy let only a head act), at the server's time. */
export function approvalBy(head: Caller, at: Date): Approval {
  return { approverId: head.userId, approvedAt: shanghaiIso(at), ...(head.actingFor ? { actingFor: head.actingFor } : {}) };
}

export async function assembleShareRequestInput(
  db: Database,
  head: Caller,
  body: z.infer<typeof SubmissionBody>,
  id: string,
  receivedAt: Date,
): Promise<ShareRequestInput> {
  const requester = head.department!;
  const [entry] = await db.select().from(catalogueEntries).where(eq(catalogueEntries.id, body.catalogueEntryId));
  if (!entry) throw badRequest(ErrorCodes.CATALOGUE_ENTRY_NOT_PUBLISHED, `no published catalogue entry ${body.catalogueEntryId}`);
  if (entry.providerDepartmentId === requester.id) throw badRequest(ErrorCodes.VALIDATION_FAILED, 'a department does not request its own data');
  if (entry.sharingAttribute !== 'not_shared' && !entry.sharingMethods.includes(body.sharingMethod)) {
    throw badRequest(ErrorCodes.VALIDATION_FAILED, `the catalogue offers ${entry.sharingMethods.join(', ')}, not ${body.sharingMethod}`);
  }
  const [provider] = await db.select().from(departments).where(eq(departments.id, entry.providerDepartmentId));
  const [place] = await db.select().from(jurisdictions).where(eq(jurisdictions.code, provider!.jurisdictionCode));
  return {
    id,
    submission: { ...body, approval: approvalBy(head, receivedAt) },
    requester: { departmentId: requester.id, jurisdictionCode: requester.jurisdictionCode },
    provider: { departmentId: provider!.id, jurisdictionCode: provider!.jurisdictionCode },
    supervisor: {
      departmentId: authorityDepartmentId(place!.code),
      jurisdictionCode: place!.code,
      authorityName: place!.authorityName,
      governmentName: place!.governmentName,
    },
    catalogueEntry: {
      id: entry.id,
      nameZh: entry.nameZh,
      sharingAttribute: entry.sharingAttribute,
      notSharedReason: entry.notSharedReason,
      legalBasis: entry.legalBasis,
    },
    receivedAt: receivedAt.toISOString(),
  };
}
