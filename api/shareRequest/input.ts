// Turns a submission into the workflow's input: the catalogue entry, the parties, and the
// provider's same-level authority, all looked up in the directory (Art. 14, 20).
import { eq } from 'drizzle-orm';
import { catalogueEntries, departments } from '../../db/schema';
import { ErrorCodes } from '../../workflows/shared';
import type { ShareRequestBody, ShareRequestInput } from '../../workflows/shareRequest/contract';
import { shanghaiIso } from '../../workflows/case/time';
import { badRequest } from '../errors';
import type { RequestContext } from '../cases/registry';
import { supervisorOf } from '../cases/supervisor';

export async function assembleShareRequestInput(
  { db, caller }: Pick<RequestContext, 'db' | 'caller'>,
  body: ShareRequestBody,
  id: string,
  receivedAt: Date,
): Promise<ShareRequestInput> {
  const requester = caller.department!;
  const [entry] = await db.select().from(catalogueEntries).where(eq(catalogueEntries.id, body.catalogueEntryId));
  if (!entry) throw badRequest(ErrorCodes.CATALOGUE_ENTRY_NOT_PUBLISHED, `no published catalogue entry ${body.catalogueEntryId}`);
  if (entry.providerDepartmentId === requester.id) throw badRequest(ErrorCodes.VALIDATION_FAILED, 'a department does not request its own data');
  if (entry.sharingAttribute !== 'not_shared' && !entry.sharingMethods.includes(body.sharingMethod)) {
    throw badRequest(ErrorCodes.VALIDATION_FAILED, `the catalogue offers ${entry.sharingMethods.join(', ')}, not ${body.sharingMethod}`);
  }
  const [provider] = await db.select().from(departments).where(eq(departments.id, entry.providerDepartmentId));
  return {
    id,
    // The approval is the opener's, stamped by the workflow from the verified principal (Art. 20).
    submission: { ...body },
    requester: { departmentId: requester.id, jurisdictionCode: requester.jurisdictionCode },
    provider: { departmentId: provider!.id, jurisdictionCode: provider!.jurisdictionCode },
    supervisor: await supervisorOf(db, provider!.jurisdictionCode),
    catalogueEntry: {
      id: entry.id,
      nameZh: entry.nameZh,
      sharingAttribute: entry.sharingAttribute,
      notSharedReason: entry.notSharedReason,
      legalBasis: entry.legalBasis,
    },
    receivedAt: shanghaiIso(receivedAt),
  };
}
