// The share-request process (共享申请, national Art. 14, 15, 20–22, 39 (4)): its input, stages,
// data and commands. Re-exported by workflows/shared.ts, which is what api/ and tests import.
import type { Approval, CaseState, StatutoryRule, Supervisor } from '../case/contract';
import { codesOf } from '../case/errors';
import { command, type ProcessDeclaration } from '../case/process';

export type SharingAttribute = 'unconditional' | 'conditional' | 'not_shared';
export const SHARING_METHODS = ['service_api', 'batch_exchange', 'file_download'] as const;
export type SharingMethod = (typeof SHARING_METHODS)[number];

/** What the requesting department submits (Art. 20): the body of POST /share-requests. */
export interface ShareRequestBody {
  catalogueEntryId: string;
  legalBasis: string;
  usageScenario: string;
  usageScope: string;
  sharingMethod: SharingMethod;
  usagePeriod: { from: string; to: string };
}

/** The submission as received: its body and the approval of the head who sent it (Art. 20). */
export interface ShareRequestSubmission extends ShareRequestBody {
  approval?: Approval;
}

export interface Party {
  departmentId: string;
  jurisdictionCode: string;
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
  /** The provider's same-level data-sharing authority and the people's government above it. */
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

// Commands: their bodies as the API sends them (the actor travels in a header).
export interface ReplyCommand { decision: 'agree' | 'refuse'; reasons?: string; legalBasis?: string }
export interface SupplementNoticeCommand { missingItems: string[] }
export interface SupplementCommand { items: string[]; note?: string }
export interface ExtensionRequestCommand { workingDays: number; reason: string }
export interface ExtensionDecisionCommand { approved: boolean; note?: string }
export interface DeliveryCommand { method: SharingMethod; reference: string }
export type ReceiptConfirmationCommand = Record<string, never>;
export interface WithdrawalCommand { reason?: string }

/** The share request's own refusals (Art. 21). */
export const SHARE_REQUEST_ERRORS = {
  REFUSAL_REASONS_REQUIRED: { status: 400, title: 'A refusal needs its reasons (Art. 21)' },
  REFUSAL_LEGAL_BASIS_REQUIRED: { status: 400, title: 'A refusal needs its legal basis' },
  SUPPLEMENT_NOTICE_ALREADY_SENT: { status: 409, title: 'The supplement notice was already sent (Art. 21: once)' },
  EXTENSION_CAP_EXCEEDED: { status: 409, title: 'Extensions would exceed their cap' },
  EXTENSION_PENDING: { status: 409, title: 'An extension request is waiting for its decision' },
} as const;
export const ShareRequestErrors = codesOf(SHARE_REQUEST_ERRORS);

/** The share request, declared once: every layer reads this (workflows/case/process.ts). */
export const shareRequestDeclaration = {
  process: 'share-request',
  idPrefix: 'sr',
  workflowType: 'shareRequest',
  stages: SHARE_REQUEST_STAGES,
  terminal: SHARE_REQUEST_TERMINAL_STAGES,
  roles: {
    requester: { standing: 'party', searchAttribute: 'GdsRequester' },
    provider: { standing: 'party', searchAttribute: 'GdsProvider' },
    // The provider's same-level authority decides extensions (Art. 21) and supervises (Art. 39).
    authority: { standing: 'authority' },
  },
  opener: 'requester',
  openingEvents: ['received', 'refused_not_shared', 'granted_without_review'],
  commands: {
    reply: command<ReplyCommand>('reply', ['reply_agreed', 'reply_refused']),
    'supplement-notice': command<SupplementNoticeCommand>('supplement-notice', ['supplement_notice_sent']),
    supplement: command<SupplementCommand>('supplement', ['supplement_received']),
    'extension-request': command<ExtensionRequestCommand>('extension-request', ['extension_requested']),
    'extension-decision': command<ExtensionDecisionCommand>('extension-decision', ['extension_approved', 'extension_refused']),
    delivery: command<DeliveryCommand>('delivery', ['delivered']),
    'receipt-confirmation': command<ReceiptConfirmationCommand>('receipt-confirmation', ['receipt_confirmed']),
    withdrawal: command<WithdrawalCommand>('withdrawal', ['withdrawn']),
  },
  deadlineKinds: ['reply', 'delivery'],
  errors: SHARE_REQUEST_ERRORS,
} as const satisfies ProcessDeclaration<ShareRequestStage, 'requester' | 'provider' | 'authority'>;
