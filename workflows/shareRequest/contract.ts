// The share-request process (共享申请, national Art. 14, 15, 20–22, 39 (4)): its input, stages,
// data and commands. Re-exported by workflows/shared.ts, which is what api/ and tests import.
import { defineUpdate } from '@temporalio/workflow';
import type { Actor, CaseState, StatutoryRule } from '../case/contract';

export type SharingAttribute = 'unconditional' | 'conditional' | 'not_shared';
export const SHARING_METHODS = ['service_api', 'batch_exchange', 'file_download'] as const;
export type SharingMethod = (typeof SHARING_METHODS)[number];

/** The sharing office head's approval (共享工作机构负责人, Art. 20). */
export interface Approval {
  /** The authenticated head (or acting head) who approved, at the server's time. */
  approverId: string;
  approvedAt: string;
  /** Approved by an acting head (代理) for this head. */
  actingFor?: string;
  /** Drafted by staff (the draft's id and author) before the head approved it. */
  draftId?: string;
  draftedBy?: string;
}

/** What the requesting department submits (Art. 20). */
export interface ShareRequestSubmission {
  catalogueEntryId: string;
  legalBasis: string;
  usageScenario: string;
  usageScope: string;
  sharingMethod: SharingMethod;
  usagePeriod: { from: string; to: string };
  approval: Approval;
}

export interface Party {
  departmentId: string;
  jurisdictionCode: string;
}

/** The same-level data-sharing authority of the provider, and the people's government above it. */
export interface Supervisor {
  departmentId: string;
  jurisdictionCode: string;
  authorityName: string;
  governmentName: string;
}

/** The rules resolved at receipt from the provider's jurisdiction (docs/statute.md: the duty-bearer's rules). */
export interface ShareRules {
  ruleSet: string;
  reply: StatutoryRule;
  /** HLJ Art. 22 / Fushun Art. 21: unconditional data is granted without a provider review. */
  grantedWithoutReview?: { ruleSet: string; article: string };
  delivery: StatutoryRule;
  extensionCap: StatutoryRule;
  /** Fushun Art. 21: a refusal must cite its legal basis. */
  refusalMustCiteLegalBasis?: { ruleSet: string; article: string };
}

/** The workflow's input, assembled by the API from the directory. */
export interface ShareRequestInput {
  id: string;
  submission: ShareRequestSubmission;
  requester: Party;
  provider: Party;
  supervisor: Supervisor;
  catalogueEntry: {
    id: string;
    nameZh: string;
    sharingAttribute: SharingAttribute;
    notSharedReason: string | null;
    legalBasis: string | null;
  };
  /** Instant of receipt (ISO); the day of receipt is not counted. */
  receivedAt: string;
}

export const SHARE_REQUEST_STAGES = [
  'awaiting_reply',
  'awaiting_supplement',
  'awaiting_delivery',
  'delivered',
  'completed',
  'refused',
  'withdrawn',
] as const;
export type ShareRequestStage = (typeof SHARE_REQUEST_STAGES)[number];
export const SHARE_REQUEST_TERMINAL_STAGES: readonly ShareRequestStage[] = ['completed', 'refused', 'withdrawn'];

export interface Extension {
  workingDays: number;
  reason: string;
  requestedAt: string;
  decision?: { approved: boolean; note?: string; decidedAt: string; deciderId?: string };
  /** Art. 21: a reply (or the supplement notice) ends the wait; a request still pending then is closed undecided. */
  closed?: { by: 'reply' | 'supplement_notice'; at: string };
}

/** The share request's own data inside the case state. */
export interface ShareRequestData {
  input: ShareRequestInput;
  rules?: ShareRules;
  supplementNotice?: { missingItems: string[]; noticeAt: string };
  supplement?: { items: string[]; note?: string; receivedAt: string };
  extensions: Extension[];
  reply?: { decision: 'agree' | 'refuse'; reasons?: string; legalBasis?: string; approval: Approval; repliedAt: string; automatic?: boolean };
  delivery?: { method: SharingMethod; reference: string; deliveredAt: string };
  receiptConfirmedAt?: string;
  withdrawal?: { reason?: string; withdrawnAt: string };
}

export type ShareRequestState = CaseState<ShareRequestData, ShareRequestStage>;

// Commands (updates with validators: an illegal one never enters history).
export interface ReplyCommand { actor: Actor; decision: 'agree' | 'refuse'; reasons?: string; legalBasis?: string; approval: Approval }
export interface SupplementNoticeCommand { actor: Actor; missingItems: string[] }
export interface SupplementCommand { actor: Actor; items: string[]; note?: string }
export interface ExtensionRequestCommand { actor: Actor; workingDays: number; reason: string }
export interface ExtensionDecisionCommand { actor: Actor; approved: boolean; note?: string }
export interface DeliveryCommand { actor: Actor; method: SharingMethod; reference: string }
export interface ReceiptConfirmationCommand { actor: Actor }
export interface WithdrawalCommand { actor: Actor; reason?: string }

export const replyUpdate = defineUpdate<ShareRequestState, [ReplyCommand]>('reply');
export const supplementNoticeUpdate = defineUpdate<ShareRequestState, [SupplementNoticeCommand]>('supplementNotice');
export const supplementUpdate = defineUpdate<ShareRequestState, [SupplementCommand]>('supplement');
export const extensionRequestUpdate = defineUpdate<ShareRequestState, [ExtensionRequestCommand]>('extensionRequest');
export const extensionDecisionUpdate = defineUpdate<ShareRequestState, [ExtensionDecisionCommand]>('extensionDecision');
export const deliveryUpdate = defineUpdate<ShareRequestState, [DeliveryCommand]>('delivery');
export const receiptConfirmationUpdate = defineUpdate<ShareRequestState, [ReceiptConfirmationCommand]>('receiptConfirmation');
export const withdrawalUpdate = defineUpdate<ShareRequestState, [WithdrawalCommand]>('withdrawal');
