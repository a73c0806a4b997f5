// Validators of the share-request commands: pure functions of the case state and the actor. An
// update whose validator throws is rejected before it enters history (docs/design.md: commands are
// validated updates). Parties are checked before stages, and a message never names a third party.
import type { Actor } from '../case/contract';
import { openDeadline } from '../case/deadlines';
import { ErrorCodes } from '../case/errors';
import { nonEmpty, reject } from '../case/failures';
import { isHead, mustBe, mustBeIn } from '../case/parties';
import type {
  DeliveryCommand,
  Extension,
  ExtensionDecisionCommand,
  ExtensionRequestCommand,
  ReplyCommand,
  ShareRequestState,
  SupplementCommand,
  SupplementNoticeCommand,
} from './contract';
import { SHARING_METHODS, ShareRequestErrors } from './contract';

export const pendingExtension = (state: ShareRequestState): Extension | undefined =>
  state.data.extensions.find((e) => !e.decision && !e.closed);

/** Approved and pending extensions count against the cap (Art. 21). */
export function extensionDaysUsed(state: ShareRequestState): number {
  return state.data.extensions.filter((e) => e.decision?.approved ?? !e.closed).reduce((n, e) => n + e.workingDays, 0);
}

/** Art. 20, 21: the provider agrees or refuses, approved by its sharing office head; a refusal states reasons. */
export function validateReply(state: ShareRequestState, cmd: ReplyCommand, actor: Actor): void {
  mustBe(state, actor, 'provider', 'reply');
  mustBeIn(state, ['awaiting_reply'], 'reply');
  if (!isHead(actor)) reject(ErrorCodes.INVALID_APPROVAL, "the reply needs the sharing office head's approval (Art. 20)");
  if (cmd.decision !== 'agree' && cmd.decision !== 'refuse') reject(ErrorCodes.VALIDATION_FAILED, 'decision must be agree or refuse');
  if (cmd.decision === 'refuse') {
    if (!nonEmpty(cmd.reasons)) reject(ShareRequestErrors.REFUSAL_REASONS_REQUIRED, 'a refusal must state its reasons (Art. 21)');
    const mustCite = state.data.rules?.refusalMustCiteLegalBasis;
    if (mustCite && !nonEmpty(cmd.legalBasis)) {
      reject(ShareRequestErrors.REFUSAL_LEGAL_BASIS_REQUIRED, `a refusal must cite its legal basis (${mustCite.article})`);
    }
  }
}

/** Art. 21: the provider tells the requester once, and all at once, what materials are missing. */
export function validateSupplementNotice(state: ShareRequestState, cmd: SupplementNoticeCommand, actor: Actor): void {
  mustBe(state, actor, 'provider', 'send a supplement notice');
  if (state.data.supplementNotice) reject(ShareRequestErrors.SUPPLEMENT_NOTICE_ALREADY_SENT, 'the supplement notice is given once, listing everything (Art. 21)', state.stage);
  mustBeIn(state, ['awaiting_reply'], 'send a supplement notice');
  if (!Array.isArray(cmd.missingItems) || cmd.missingItems.length === 0 || !cmd.missingItems.every(nonEmpty)) {
    reject(ErrorCodes.VALIDATION_FAILED, 'missingItems must list every missing item (Art. 21)');
  }
}

export function validateSupplement(state: ShareRequestState, cmd: SupplementCommand, actor: Actor): void {
  mustBe(state, actor, 'requester', 'supplement the materials');
  mustBeIn(state, ['awaiting_supplement'], 'supplement the materials');
  if (!Array.isArray(cmd.items) || cmd.items.length === 0 || !cmd.items.every(nonEmpty)) {
    reject(ErrorCodes.VALIDATION_FAILED, 'items must list the supplied materials');
  }
}

/** Art. 21: extensions for special reasons, all together at most the cap, one decision at a time. */
export function validateExtensionRequest(state: ShareRequestState, cmd: ExtensionRequestCommand, actor: Actor): void {
  mustBe(state, actor, 'provider', 'request an extension');
  mustBeIn(state, ['awaiting_reply'], 'request an extension');
  if (!openDeadline(state, 'reply')) reject(ErrorCodes.ILLEGAL_TRANSITION, 'an extension is requested before the reply deadline passes', state.stage);
  if (pendingExtension(state)) reject(ShareRequestErrors.EXTENSION_PENDING, 'an extension request is already awaiting the authority', state.stage);
  if (!Number.isInteger(cmd.workingDays) || cmd.workingDays < 1) reject(ErrorCodes.VALIDATION_FAILED, 'workingDays must be a positive whole number');
  if (!nonEmpty(cmd.reason)) reject(ErrorCodes.VALIDATION_FAILED, 'an extension needs a special reason (Art. 21)');
  const cap = state.data.rules?.extensionCap;
  const used = extensionDaysUsed(state);
  if (used + cmd.workingDays > (cap?.workingDays ?? 0)) {
    const max = cap?.workingDays ?? 0;
    reject(ShareRequestErrors.EXTENSION_CAP_EXCEEDED, `extensions total at most ${max} working days (${cap?.article}); ${used} used, ${max - used} left`, state.stage);
  }
}

/** Art. 21: the same-level data-sharing authority approves or refuses a pending extension. */
export function validateExtensionDecision(state: ShareRequestState, cmd: ExtensionDecisionCommand, actor: Actor): void {
  mustBe(state, actor, 'authority', 'decide an extension');
  if (!pendingExtension(state)) reject(ErrorCodes.ILLEGAL_TRANSITION, 'no extension request awaits a decision', state.stage);
  if (typeof cmd.approved !== 'boolean') reject(ErrorCodes.VALIDATION_FAILED, 'approved must be true or false');
}

/** Art. 22: delivery after agreement, by one of the three sharing methods, with a reference. */
export function validateDelivery(state: ShareRequestState, cmd: DeliveryCommand, actor: Actor): void {
  mustBe(state, actor, 'provider', 'record the delivery');
  mustBeIn(state, ['awaiting_delivery'], 'record a delivery');
  if (!SHARING_METHODS.includes(cmd.method)) reject(ErrorCodes.VALIDATION_FAILED, 'method must be service_api, batch_exchange or file_download (Art. 22)');
  if (!nonEmpty(cmd.reference)) reject(ErrorCodes.VALIDATION_FAILED, 'the delivery needs a reference');
}

export function validateReceiptConfirmation(state: ShareRequestState, _cmd: unknown, actor: Actor): void {
  mustBe(state, actor, 'requester', 'confirm receipt');
  mustBeIn(state, ['delivered'], 'confirm receipt');
}

/** The requester may withdraw before the provider replies. */
export function validateWithdrawal(state: ShareRequestState, _cmd: unknown, actor: Actor): void {
  mustBe(state, actor, 'requester', 'withdraw the request');
  mustBeIn(state, ['awaiting_reply', 'awaiting_supplement'], 'withdraw');
}
