// One share request (共享申请) from receipt to delivery: national Art. 14, 15, 20–22, 39 (4), with
// the Heilongjiang and Fushun rules where they apply. Only this process's rules live here; timers,
// recording, escalation and search attributes are the engine's (../case/).
import { acts } from '../case/activities';
import type { Actor, Breach } from '../case/contract';
import type { Draft } from '../case/draft';
import { ErrorCodes } from '../case/errors';
import { reject } from '../case/failures';
import { approvalOf, departmentIn, dutyOf, isHead, supervisionLadder } from '../case/parties';
import type { CaseProcess, CommandRules, EventSpec } from '../case/process';
import { shareRequestDeclaration, type ShareRequestData, type ShareRequestInput, type ShareRequestStage, type ShareRequestState } from './contract';
import { SHARE_REQUEST_PERIODS, shareRules } from './rules';
import * as v from './validators';

type ShareDraft = Draft<ShareRequestData, ShareRequestStage>;

/** Art. 39 (4): a late reply or delivery, without a proper reason. */
const LATE_REPLY_OR_DELIVERY: Breach = { article: 'Art. 39', clause: '(4)' };

/** The provider owes the reply and the delivery; a miss goes to its same-level authority (Art. 39). */
function duty(draft: ShareDraft, kind: 'reply' | 'delivery', startedAt: string) {
  const { input, rules } = draft.data;
  return draft.addDeadline({ kind, dutyBearer: dutyOf(draft.state, 'provider'), rule: rules![kind], startedAt, breach: LATE_REPLY_OR_DELIVERY, ladder: supervisionLadder(input.supervisor) });
}

/** Art. 22: delivery within 20 working days of the day of agreement. */
async function agree(draft: ShareDraft, at: string): Promise<void> {
  draft.setStage('awaiting_delivery');
  await duty(draft, 'delivery', at);
}

/** A pending extension request ends with the wait it was for (Art. 21). */
function closePendingExtension(draft: ShareDraft, by: 'reply' | 'supplement_notice'): void {
  const pending = draft.data.extensions.find((e) => !e.decision && !e.closed);
  if (pending) pending.closed = { by, at: draft.now };
}

const commands: CommandRules<ShareRequestData, ShareRequestStage, typeof shareRequestDeclaration.commands> = {
  reply: {
    validate: v.validateReply,
    async apply(draft, cmd, actor) {
      const r = { decision: cmd.decision, reasons: cmd.reasons, legalBasis: cmd.legalBasis, approval: approvalOf(actor, draft.now), repliedAt: draft.now };
      draft.data.reply = r;
      closePendingExtension(draft, 'reply');
      draft.dutyDone('reply');
      if (cmd.decision === 'refuse') draft.setStage('refused');
      else await agree(draft, draft.now);
      return { type: cmd.decision === 'agree' ? 'reply_agreed' : 'reply_refused', data: { ...r } };
    },
  },
  'supplement-notice': {
    validate: v.validateSupplementNotice,
    apply(draft, cmd) {
      draft.data.supplementNotice = { missingItems: cmd.missingItems, noticeAt: draft.now };
      // Art. 21: the clock stops; it restarts in full from the receipt of the completed materials.
      draft.closeDeadlines((d) => d.kind === 'reply', 'superseded');
      draft.closeDeadlines((d) => d.rectifies === 'reply', 'cancelled');
      draft.resolveViolations((x) => x.duty === 'reply', 'rectified', 'the provider asked for the missing materials (Art. 21)');
      closePendingExtension(draft, 'supplement_notice');
      draft.setStage('awaiting_supplement');
      return { type: 'supplement_notice_sent', data: { missingItems: cmd.missingItems } };
    },
  },
  supplement: {
    validate: v.validateSupplement,
    async apply(draft, cmd) {
      draft.data.supplement = { items: cmd.items, note: cmd.note, receivedAt: draft.now };
      draft.setStage('awaiting_reply');
      await duty(draft, 'reply', draft.now);
      return { type: 'supplement_received', data: { items: cmd.items, note: cmd.note } };
    },
  },
  'extension-request': {
    validate: v.validateExtensionRequest,
    apply(draft, cmd) {
      draft.data.extensions.push({ workingDays: cmd.workingDays, reason: cmd.reason, requestedAt: draft.now });
      draft.notify(draft.data.input.supervisor.departmentId, 'extension_requested', `Extension of ${cmd.workingDays} working days requested: ${cmd.reason}`);
      return { type: 'extension_requested', data: { workingDays: cmd.workingDays, reason: cmd.reason } };
    },
  },
  'extension-decision': {
    validate: v.validateExtensionDecision,
    async apply(draft, cmd, actor) {
      const ext = draft.data.extensions.find((e) => !e.decision && !e.closed)!;
      ext.decision = { approved: cmd.approved, note: cmd.note, decidedAt: draft.now, deciderId: actor.userId };
      if (cmd.approved) await draft.extendDeadline('reply', { ...draft.data.rules!.extensionCap, workingDays: ext.workingDays });
      // Art. 21: the requester is told of the extension.
      const verdict = cmd.approved ? 'approved' : 'refused';
      draft.notify(draft.data.input.requester.departmentId, `extension_${verdict}`, `Extension of ${ext.workingDays} working days ${verdict} by the authority`);
      return { type: `extension_${verdict}`, data: { workingDays: ext.workingDays, note: cmd.note } };
    },
  },
  delivery: {
    validate: v.validateDelivery,
    apply(draft, cmd) {
      draft.data.delivery = { method: cmd.method, reference: cmd.reference, deliveredAt: draft.now };
      draft.dutyDone('delivery');
      draft.setStage('delivered');
      return { type: 'delivered', data: { ...draft.data.delivery } };
    },
  },
  'receipt-confirmation': {
    validate: v.validateReceiptConfirmation,
    apply(draft) {
      draft.data.receiptConfirmedAt = draft.now;
      draft.setStage('completed');
      return { type: 'receipt_confirmed' };
    },
  },
  withdrawal: {
    validate: v.validateWithdrawal,
    apply(draft, cmd) {
      draft.data.withdrawal = { reason: cmd.reason, withdrawnAt: draft.now };
      draft.closeDeadlines(() => true, 'cancelled');
      draft.resolveViolations(() => true, 'withdrawn', 'the request was withdrawn');
      draft.setStage('withdrawn');
      return { type: 'withdrawn', data: { reason: cmd.reason } };
    },
  },
};

/** Receipt: the rules of the provider's jurisdiction in force on the day of receipt; the opener's head approved it (Art. 20). */
async function open(draft: ShareDraft, input: ShareRequestInput, opener: Actor | undefined): Promise<EventSpec> {
  if (!isHead(opener)) reject(ErrorCodes.INVALID_APPROVAL, "a share request is sent with the approval of the requester's sharing office head (Art. 20)");
  draft.data.input = { ...input, submission: { ...input.submission, approval: approvalOf(opener!, input.receivedAt) } };
  const entry = input.catalogueEntry;
  const resolved = await acts.resolveRules({ jurisdiction: input.provider.jurisdictionCode, at: input.receivedAt, kinds: SHARE_REQUEST_PERIODS });
  const rules = shareRules(resolved, entry.sharingAttribute);
  draft.data.rules = rules;
  draft.state.ruleSet = rules.ruleSet;
  if (entry.sharingAttribute === 'not_shared') {
    // Art. 14, 15: refused at once with the catalogue's reason and legal basis.
    const r = draft.data.reply = {
      decision: 'refuse',
      reasons: entry.notSharedReason ?? 'not shared',
      legalBasis: entry.legalBasis ?? undefined,
      approval: { approverId: 'catalogue', approvedAt: input.receivedAt },
      repliedAt: input.receivedAt,
      automatic: true,
    };
    draft.setStage('refused');
    return { type: 'refused_not_shared', data: { reasons: r.reasons, legalBasis: r.legalBasis, article: 'Art. 14, 15' } };
  }
  if (entry.sharingAttribute === 'unconditional' && rules.grantedWithoutReview) {
    // HLJ Art. 22 / Fushun Art. 21: unconditional data is granted without a provider review.
    const g = rules.grantedWithoutReview;
    draft.data.reply = { decision: 'agree', approval: { approverId: g.ruleSet, approvedAt: input.receivedAt }, repliedAt: input.receivedAt, automatic: true };
    await agree(draft, input.receivedAt);
    return { type: 'granted_without_review', data: { article: g.article } };
  }
  await duty(draft, 'reply', input.receivedAt);
  return { type: 'received', data: { submission: input.submission } };
}

function awaiting(s: ShareRequestState): string | undefined {
  const pending = v.pendingExtension(s);
  if (pending) return departmentIn(s, 'authority');
  switch (s.stage) {
    case 'awaiting_reply':
    case 'awaiting_delivery':
      return departmentIn(s, 'provider');
    case 'awaiting_supplement':
    case 'delivered':
      return departmentIn(s, 'requester');
    default:
      return undefined;
  }
}

export const shareRequestProcess: CaseProcess<ShareRequestInput, ShareRequestData, ShareRequestStage, typeof shareRequestDeclaration.commands> = {
  declaration: shareRequestDeclaration,
  initial(input) {
    const parties = [
      { role: 'requester', ...input.requester },
      { role: 'provider', ...input.provider },
      { role: 'authority', departmentId: input.supervisor.departmentId, jurisdictionCode: input.supervisor.jurisdictionCode },
    ];
    return {
      id: input.id,
      stage: 'awaiting_reply',
      parties,
      jurisdiction: input.provider.jurisdictionCode,
      catalogueEntryId: input.catalogueEntry.id,
      openedAt: input.receivedAt,
      data: { input, extensions: [] },
    };
  },
  open,
  commands,
  awaiting,
  headline: (s) => `**${s.data.input.catalogueEntry.nameZh}** — ${s.data.input.requester.departmentId} → ${s.data.input.provider.departmentId}`,
};
