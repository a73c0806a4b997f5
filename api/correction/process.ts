// The correction's API half (校核, Art. 26; HLJ Art. 24): its route, its bodies, who may take each
// step — no head's approval (Art. 26 prescribes none) — and its view. Its deterministic half is
// correctionDeclaration.
import { departmentPeople } from '../../identity/policy';
import { correctionDeclaration as declaration, type CorrectionInput } from '../../workflows/correction/contract';
import { commandApi, opening, type ProcessApi } from '../cases/registry';
import { assembleCorrectionInput } from './input';
import * as schemas from './schemas';
import { CorrectionFields } from './answers';
import { correctionView } from './view';

const c = declaration.commands;
/** The role its department takes by the source of the correction. */
const OPENER_ROLE = { requester: 'requester', data_subject: 'provider', authority_check: 'authority' } as const;

export const correctionApi: ProcessApi = {
  declaration,
  route: '/corrections',
  listKey: 'corrections',
  label: 'correction',
  schemaName: 'Correction',
  tag: { name: 'corrections', description: '校核: the provider verifies, corrects and reports within 10 working days (Heilongjiang 5); late is Art. 39 (6)' },
  opening: opening(
    {
      action: 'file',
      who: departmentPeople('requester', 'provider', 'authority'),
      body: schemas.CorrectionBody,
      doc: {
        operationId: 'fileCorrection',
        summary: 'The department that uses shared data asks its provider to verify and correct it (Art. 26)',
        description: 'source requester (default): names a delivered or completed share request of the caller. Under Heilongjiang rules (HLJ Art. 24) the provider records a person\'s application (source data_subject, an opaque subjectReference) and the same-level authority sends a cross-check notice (source authority_check), each naming a catalogue entry; those have no accept or contest step.',
      },
      openerRole: (body) => OPENER_ROLE[body.source],
      build: ({ id, receivedAt, ...ctx }, body): Promise<CorrectionInput> => assembleCorrectionInput(ctx, body, id, receivedAt),
      summary: (i) => `Correction of ${i.catalogueEntry.nameZh} (${i.source}) at ${i.provider.departmentId}`,
    },
    declaration.opener,
  ),
  commands: {
    result: commandApi(c.result, {
      who: departmentPeople('provider'),
      body: schemas.ResultBody,
      doc: { operationId: 'reportCorrectionResult', summary: 'The provider reports: corrected, confirmed accurate or partly corrected (the last two explained)' },
    }),
    accept: commandApi(c.accept, { who: departmentPeople('requester'), body: schemas.AcceptBody, doc: { operationId: 'acceptCorrectionResult', summary: 'The requester accepts the result: the case closes' } }),
    contest: commandApi(c.contest, {
      who: departmentPeople('requester'),
      body: schemas.ContestBody,
      doc: { operationId: 'contestCorrectionResult', summary: 'The requester contests the result: the case stays open and the authority is told (a dispute decides, Art. 28)' },
    }),
    withdrawal: commandApi(c.withdrawal, { who: departmentPeople('requester'), body: schemas.WithdrawalBody, doc: { operationId: 'withdrawCorrection', summary: 'The requester withdraws its request before the result' } }),
  },
  view: correctionView,
  viewSchema: CorrectionFields,
};
