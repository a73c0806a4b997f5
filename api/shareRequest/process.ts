// The share request's API half (共享申请, Art. 14, 15, 20–22, 39): its route, the bodies of its
// opening and commands, who may take each (Art. 20: the sharing office head sends the request and
// the reply; staff draft them), and its view. Its deterministic half is shareRequestDeclaration.
import { departmentPeople, headOnly } from '../../identity/policy';
import type { ProcessSettings } from '../../config';
import { shareRequestDeclaration as declaration, type ShareRequestInput } from '../../workflows/shareRequest/contract';
import { commandApi, opening, type ProcessApi } from '../cases/registry';
import { assembleShareRequestInput } from './input';
import * as schemas from './schemas';
import { ShareRequestFields } from './answers';
import { shareRequestView } from './view';

const c = declaration.commands;

/** The share request's API half, its submissions' usage period at most `usagePeriodMaxYears` long. */
const shareRequestProcess = (settings: Partial<ProcessSettings> = {}): ProcessApi => ({
  declaration,
  route: '/share-requests',
  listKey: 'shareRequests',
  label: 'share request',
  schemaName: 'ShareRequest',
  tag: { name: 'share requests', description: '共享申请: one durable workflow per case; deadlines in working days escalate by themselves (Art. 14, 15, 20–22, 39)' },
  opening: opening({
    action: 'submit',
    // Art. 20: sent only with the approval of the requester's sharing office head; staff draft it.
    who: headOnly('requester'),
    draft: departmentPeople('requester'),
    body: schemas.submissionBody({ maxYears: settings.usagePeriodMaxYears }),
    doc: {
      operationId: 'submitShareRequest',
      summary: "Submit: the requester's sharing office head's submission is the approval (Art. 20)",
      description: "A request for a not_shared catalogue entry is also 201, with stage refused and the catalogue's reason (Art. 14, 15).",
    },
    build: ({ db, caller, id, receivedAt }, body): Promise<ShareRequestInput> => assembleShareRequestInput({ db, caller }, body, id, receivedAt),
    summary: (i) => `Share request ${i.catalogueEntry.nameZh}: ${i.requester.departmentId} → ${i.provider.departmentId}`,
  }, declaration.opener),
  commands: {
    // Art. 20: the reply too is approved by the provider's sharing office head.
    reply: commandApi(c.reply, {
      who: headOnly('provider'),
      draft: departmentPeople('provider'),
      body: schemas.ReplyBody,
      doc: { operationId: 'reply', summary: "The provider's head agrees or refuses (a refusal needs reasons, Art. 21; in Fushun its legal basis)" },
    }),
    'supplement-notice': commandApi(c['supplement-notice'], {
      who: departmentPeople('provider'),
      body: schemas.SupplementNoticeBody,
      doc: { operationId: 'sendSupplementNotice', summary: 'Ask once for everything missing; stops the reply clock (Art. 21)' },
    }),
    supplement: commandApi(c.supplement, {
      who: departmentPeople('requester'),
      body: schemas.SupplementBody,
      doc: { operationId: 'supplement', summary: 'The requester supplies what was missing; the reply period restarts' },
    }),
    'extension-request': commandApi(c['extension-request'], {
      who: departmentPeople('provider'),
      body: schemas.ExtensionRequestBody,
      doc: { operationId: 'requestExtension', summary: 'The provider asks for more working days (all together ≤ 10)' },
    }),
    // Art. 21: the provider's same-level authority agrees to an extension.
    'extension-decision': commandApi(c['extension-decision'], {
      who: departmentPeople('provider-authority'),
      body: schemas.ExtensionDecisionBody,
      doc: { operationId: 'decideExtension', summary: "The provider's same-level authority approves or refuses the extension" },
    }),
    delivery: commandApi(c.delivery, {
      who: departmentPeople('provider'),
      body: schemas.DeliveryBody,
      doc: { operationId: 'deliver', summary: 'The provider delivers (Art. 22)' },
    }),
    'receipt-confirmation': commandApi(c['receipt-confirmation'], {
      who: departmentPeople('requester'),
      body: schemas.EmptyBody,
      doc: { operationId: 'confirmReceipt', summary: 'The requester confirms receipt: the case completes' },
    }),
    withdrawal: commandApi(c.withdrawal, {
      who: headOnly('requester'),
      body: schemas.WithdrawalBody,
      doc: { operationId: 'withdraw', summary: "The requester's head withdraws the request before the reply" },
    }),
  },
  rules: {
    // Art. 39: a late reply or delivery reaches the provider's same-level authority, then its people's government.
    'rectification-order': { ...departmentPeople('provider-authority'), government_official: ['government'] },
    'violation-decision': { ...departmentPeople('provider-authority'), government_official: ['government'] },
    assignment: headOnly('requester', 'provider', 'provider-authority'),
  },
  view: shareRequestView,
  viewSchema: ShareRequestFields,
  withSettings: (s) => shareRequestProcess(s),
});

export const shareRequestApi = shareRequestProcess();
