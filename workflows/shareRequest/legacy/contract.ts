// FROZEN with ./workflow.ts: the share-request state as it was before the case engine.
import { defineQuery, defineUpdate } from '@temporalio/workflow';

// The input and its parts did not change with the engine: they are the current contract's.
import type { Approval, SharingMethod, ShareRequestInput } from '../contract';
export type { Approval, SharingMethod, ShareRequestInput };

/** The rules resolved at receipt from the provider's jurisdiction (docs/statute.md: the duty-bearer's rules). */
export interface ShareRules {
  ruleSet: string;
  reply: { workingDays: number; ruleSet: string; article: string };
  /** HLJ Art. 22 / Fushun Art. 21: unconditional data is granted without a provider review. */
  grantedWithoutReview?: { ruleSet: string; article: string };
  delivery: { workingDays: number; ruleSet: string; article: string };
  extensionCap: { workingDays: number; ruleSet: string; article: string };
  /** Fushun Art. 21: a refusal must cite its legal basis. */
  refusalMustCiteLegalBasis?: { ruleSet: string; article: string };
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
export const TERMINAL_STAGES: readonly ShareRequestStage[] = ['completed', 'refused', 'withdrawn'];

export type DeadlineKind = 'reply' | 'delivery' | 'rectification';
export type DeadlineStatus = 'open' | 'met' | 'missed' | 'superseded' | 'cancelled';

export interface CaseDeadline {
  id: number;
  kind: DeadlineKind;
  /** For a rectification: the duty whose missed deadline it rectifies. */
  rectifies?: 'reply' | 'delivery';
  startedAt: string;
  workingDays: number;
  dueAt: string;
  dueDate: string;
  provisional: boolean;
  ruleSet: string;
  article: string;
  status: DeadlineStatus;
  /** The instant the duty was breached: the deadline itself. */
  missedAt?: string;
  /** Who was told when it was missed: the authority (Art. 39), then its people's government. */
  escalatedTo?: 'authority' | 'government';
  /** When the workflow's timer fired and the escalation was recorded (at or just after dueAt). */
  escalatedAt?: string;
}

export interface Extension {
  workingDays: number;
  reason: string;
  requestedAt: string;
  decision?: { approved: boolean; note?: string; decidedAt: string; deciderId?: string };
}

export interface Actor {
  departmentId: string;
  staffId?: string;
}

export interface ShareRequestState {
  id: string;
  stage: ShareRequestStage;
  overdue: boolean;
  input: ShareRequestInput;
  rules?: ShareRules;
  deadlines: CaseDeadline[];
  supplementNotice?: { missingItems: string[]; noticeAt: string };
  supplement?: { items: string[]; note?: string; receivedAt: string };
  extensions: Extension[];
  reply?: { decision: 'agree' | 'refuse'; reasons?: string; legalBasis?: string; approval: Approval; repliedAt: string; automatic?: boolean };
  delivery?: { method: SharingMethod; reference: string; deliveredAt: string };
  receiptConfirmedAt?: string;
  withdrawal?: { reason?: string; withdrawnAt: string };
  violations: Array<{ kind: 'reply' | 'delivery' | 'rectification'; article: string; at: string; deadlineId: number }>;
  /** Increases with every recorded event: the read model ignores stale writes. */
  version: number;
}

// Commands (updates with validators: an illegal one never enters history).
export interface ReplyCommand { actor: Actor; decision: 'agree' | 'refuse'; reasons?: string; legalBasis?: string; approval: Approval }
export interface SupplementNoticeCommand { actor: Actor; missingItems: string[] }
export interface SupplementCommand { actor: Actor; items: string[]; note?: string }
export interface ExtensionRequestCommand { actor: Actor; workingDays: number; reason: string }
export interface ExtensionDecisionCommand { actor: Actor; approved: boolean; note?: string }
export interface DeliveryCommand { actor: Actor; method: SharingMethod; reference: string }
export interface ReceiptConfirmationCommand { actor: Actor }
export interface RectificationOrderCommand { actor: Actor; workingDays: number; instructions: string }
export interface WithdrawalCommand { actor: Actor; reason?: string }

export const replyUpdate = defineUpdate<ShareRequestState, [ReplyCommand]>('reply');
export const supplementNoticeUpdate = defineUpdate<ShareRequestState, [SupplementNoticeCommand]>('supplementNotice');
export const supplementUpdate = defineUpdate<ShareRequestState, [SupplementCommand]>('supplement');
export const extensionRequestUpdate = defineUpdate<ShareRequestState, [ExtensionRequestCommand]>('extensionRequest');
export const extensionDecisionUpdate = defineUpdate<ShareRequestState, [ExtensionDecisionCommand]>('extensionDecision');
export const deliveryUpdate = defineUpdate<ShareRequestState, [DeliveryCommand]>('delivery');
export const receiptConfirmationUpdate = defineUpdate<ShareRequestState, [ReceiptConfirmationCommand]>('receiptConfirmation');
export const rectificationOrderUpdate = defineUpdate<ShareRequestState, [RectificationOrderCommand]>('rectificationOrder');
export const withdrawalUpdate = defineUpdate<ShareRequestState, [WithdrawalCommand]>('withdrawal');
/** Waits until the case has its first deadline, then answers the state (used right after start). */
export const startedUpdate = defineUpdate<ShareRequestState, []>('started');

export const shareRequestStateQuery = defineQuery<ShareRequestState>('state');

/** A case event as written to the read model's history. */
export interface CaseEvent {
  seq: number;
  type: string;
  at: string;
  actor?: Actor;
  data?: Record<string, unknown>;
}
