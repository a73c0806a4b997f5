// The message contract between workflows, the API, the worker and the tests. Import this, never
// workflow internals. Pure: safe inside the workflow sandbox.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The one task queue of the statutory-process worker. */
export const TASK_QUEUE = 'gov-data-sharing';

/** The statutory processes; each case is one workflow (DESIGN: one workflow per case). */
export const PROCESSES = ['share-request', 'correction', 'catalogue-update', 'dispute'] as const;
export type Process = (typeof PROCESSES)[number];

// Typed custom search attributes, so supervisors can filter every case in Temporal UI.
export const GdsProcess = defineSearchAttributeKey('GdsProcess', SearchAttributeType.KEYWORD);
export const GdsStage = defineSearchAttributeKey('GdsStage', SearchAttributeType.KEYWORD);
export const GdsRequester = defineSearchAttributeKey('GdsRequester', SearchAttributeType.KEYWORD);
export const GdsProvider = defineSearchAttributeKey('GdsProvider', SearchAttributeType.KEYWORD);
export const GdsJurisdiction = defineSearchAttributeKey('GdsJurisdiction', SearchAttributeType.KEYWORD);
export const GdsRuleSet = defineSearchAttributeKey('GdsRuleSet', SearchAttributeType.KEYWORD);
export const GdsDueAt = defineSearchAttributeKey('GdsDueAt', SearchAttributeType.DATETIME);
export const GdsOverdue = defineSearchAttributeKey('GdsOverdue', SearchAttributeType.BOOL);

export const SEARCH_ATTRIBUTE_KEYS = [
  GdsProcess,
  GdsStage,
  GdsRequester,
  GdsProvider,
  GdsJurisdiction,
  GdsRuleSet,
  GdsDueAt,
  GdsOverdue,
] as const;

/** The same attributes in the Temporal CLI's spelling (`--search-attribute Name=Type`). */
export const SEARCH_ATTRIBUTES: Record<string, 'Keyword' | 'Datetime' | 'Bool'> = {
  GdsProcess: 'Keyword',
  GdsStage: 'Keyword',
  GdsRequester: 'Keyword',
  GdsProvider: 'Keyword',
  GdsJurisdiction: 'Keyword',
  GdsRuleSet: 'Keyword',
  GdsDueAt: 'Datetime',
  GdsOverdue: 'Bool',
};

// Business workflow IDs, so a retried API call finds the same case, and their inverses.
const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function isValidCaseId(id: string): boolean {
  return CASE_ID.test(id);
}

export function workflowIdFor(process: Process, caseId: string): string {
  if (!isValidCaseId(caseId)) throw new TypeError(`invalid case id: ${JSON.stringify(caseId)}`);
  return `${process}:${caseId}`;
}

export const shareRequestWorkflowId = (id: string): string => workflowIdFor('share-request', id);
export const correctionWorkflowId = (id: string): string => workflowIdFor('correction', id);
export const catalogueUpdateWorkflowId = (id: string): string => workflowIdFor('catalogue-update', id);
export const disputeWorkflowId = (id: string): string => workflowIdFor('dispute', id);

/** The inverse of workflowIdFor; undefined for an ID that is not one of ours. */
export function parseWorkflowId(workflowId: string): { process: Process; caseId: string } | undefined {
  const sep = workflowId.indexOf(':');
  if (sep < 0) return undefined;
  const process = workflowId.slice(0, sep) as Process;
  const caseId = workflowId.slice(sep + 1);
  if (!PROCESSES.includes(process) || !isValidCaseId(caseId)) return undefined;
  return { process, caseId };
}

/** Machine-readable error codes shared by the API, the workflows (ApplicationFailure types) and tests. */
export const ErrorCodes = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  INVALID_DATE: 'INVALID_DATE',
  INVALID_WORKING_DAYS: 'INVALID_WORKING_DAYS',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  UNKNOWN_JURISDICTION: 'UNKNOWN_JURISDICTION',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  WRONG_PARTY: 'WRONG_PARTY',
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  INVALID_APPROVAL: 'INVALID_APPROVAL',
  REFUSAL_REASONS_REQUIRED: 'REFUSAL_REASONS_REQUIRED',
  REFUSAL_LEGAL_BASIS_REQUIRED: 'REFUSAL_LEGAL_BASIS_REQUIRED',
  SUPPLEMENT_NOTICE_ALREADY_SENT: 'SUPPLEMENT_NOTICE_ALREADY_SENT',
  EXTENSION_CAP_EXCEEDED: 'EXTENSION_CAP_EXCEEDED',
  EXTENSION_PENDING: 'EXTENSION_PENDING',
  CATALOGUE_ENTRY_NOT_PUBLISHED: 'CATALOGUE_ENTRY_NOT_PUBLISHED',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  INVALID_TEXT: 'INVALID_TEXT',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  TEMPORAL_UNAVAILABLE: 'TEMPORAL_UNAVAILABLE',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** The HTTP status of each error code; a rejected command's ApplicationFailure type is its code. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  INVALID_DATE: 400,
  INVALID_WORKING_DAYS: 400,
  OUT_OF_RANGE: 400,
  UNKNOWN_JURISDICTION: 400,
  INVALID_APPROVAL: 400,
  REFUSAL_REASONS_REQUIRED: 400,
  REFUSAL_LEGAL_BASIS_REQUIRED: 400,
  CATALOGUE_ENTRY_NOT_PUBLISHED: 400,
  UNAUTHENTICATED: 401,
  WRONG_PARTY: 403,
  NOT_FOUND: 404,
  ILLEGAL_TRANSITION: 409,
  SUPPLEMENT_NOTICE_ALREADY_SENT: 409,
  EXTENSION_CAP_EXCEEDED: 409,
  EXTENSION_PENDING: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  INVALID_TEXT: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TEMPORAL_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export * from './shareRequestContract';

/** Input of the computeDeadline activity: the clock starts at `startedAt` (ISO instant). */
export interface DeadlineInput {
  startedAt: string;
  workingDays: number;
  /** The duty-bearer's jurisdiction, for its own calendar adjustments. */
  jurisdiction?: string;
}

export interface ComputedDeadline {
  /** ISO 8601 with +08:00: 24:00 Asia/Shanghai of the last working day. */
  dueAt: string;
  dueDate: string;
  /** True when any counted day lies in a year whose State Council notice is not loaded. */
  provisional: boolean;
  workingDays: number;
}
