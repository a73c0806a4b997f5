// Turns a correction body into the workflow's input, from the read model and the directory: the
// share request whose delivered data is concerned (Art. 26), or, under HLJ Art. 24, the catalogue
// entry a person's application or the authority's cross-check names.
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { catalogueEntries, cases, departments } from '../../db/schema';
import { shanghaiDate } from '../../rules/calendar';
import { applicableRules } from '../../rules/ruleSets';
import { authorityDepartmentId } from '../../rules/seedData';
import type { CorrectionInput, CorrectionParty } from '../../workflows/correction/contract';
import type { ShareRequestState } from '../../workflows/shareRequest/contract';
import { shanghaiIso } from '../../workflows/case/time';
import { ErrorCodes } from '../../workflows/shared';
import { ApiError, badRequest } from '../errors';
import type { RequestContext } from '../cases/registry';
import { supervisorOf } from '../cases/supervisor';
import type { CorrectionBody } from './schemas';

type Body = z.output<typeof CorrectionBody>;

/** Data is corrected once it was shared. */
const SHARED_STAGES = ['delivered', 'completed'];

async function fromShareRequest({ db, caller }: RequestContext, shareRequestId: string) {
  const [row] = await db.select().from(cases).where(and(eq(cases.id, shareRequestId), eq(cases.process, 'share-request')));
  const state = row?.state as ShareRequestState | undefined;
  // Another department's request does not exist for this one.
  if (!state || state.data.input.requester.departmentId !== caller.department!.id) throw badRequest(ErrorCodes.VALIDATION_FAILED, `shareRequestId: no share request ${shareRequestId} of this department`);
  if (!SHARED_STAGES.includes(state.stage)) throw new ApiError(409, ErrorCodes.ILLEGAL_TRANSITION, `the share request's data has not been delivered (${state.stage})`, { stage: state.stage });
  const { input } = state.data;
  return { requester: input.requester, provider: input.provider, catalogueEntry: { id: input.catalogueEntry.id, nameZh: input.catalogueEntry.nameZh } };
}

/** HLJ Art. 24: a person's application or the authority's cross-check, where the provider's rules in force provide for them. */
async function fromCatalogueEntry({ db, tree, caller }: RequestContext, body: Body, receivedAt: Date) {
  const [entry] = await db.select().from(catalogueEntries).where(eq(catalogueEntries.id, body.catalogueEntryId!));
  if (!entry) throw badRequest(ErrorCodes.CATALOGUE_ENTRY_NOT_PUBLISHED, `no published catalogue entry ${body.catalogueEntryId}`);
  const [dept] = await db.select().from(departments).where(eq(departments.id, entry.providerDepartmentId));
  const provider: CorrectionParty = { departmentId: dept!.id, jurisdictionCode: dept!.jurisdictionCode };
  const rule = applicableRules(provider.jurisdictionCode, shanghaiDate(receivedAt), tree).deadlines.correction;
  if (!rule?.flags.directCorrectionApplications) {
    throw badRequest(ErrorCodes.VALIDATION_FAILED, `source: ${body.source} is provided for only where rules such as HLJ Art. 24 are in force over the provider`);
  }
  if (body.source === 'data_subject' && caller.department!.id !== provider.departmentId) {
    throw new ApiError(403, ErrorCodes.FORBIDDEN, "a person's application is recorded by the provider of the data (HLJ Art. 24)");
  }
  if (body.source === 'authority_check' && caller.department!.id !== authorityDepartmentId(provider.jurisdictionCode)) {
    throw new ApiError(403, ErrorCodes.FORBIDDEN, "a cross-check notice is sent by the provider's same-level data-sharing authority (HLJ Art. 24)");
  }
  return { provider, catalogueEntry: { id: entry.id, nameZh: entry.nameZh } };
}

export async function assembleCorrectionInput(ctx: RequestContext, body: Body, id: string, receivedAt: Date): Promise<CorrectionInput> {
  const parties = body.source === 'requester' ? await fromShareRequest(ctx, body.shareRequestId!) : await fromCatalogueEntry(ctx, body, receivedAt);
  return {
    id,
    source: body.source,
    items: body.items,
    problem: body.problem,
    ...(body.shareRequestId ? { shareRequestId: body.shareRequestId } : {}),
    ...(body.subjectReference ? { subjectReference: body.subjectReference } : {}),
    ...parties,
    supervisor: await supervisorOf(ctx.db, parties.provider.jurisdictionCode),
    receivedAt: shanghaiIso(receivedAt),
  };
}
