// Machine-readable error codes shared by the API, the workflows (ApplicationFailure types) and tests:
// the engine's and the API's. A process declares its own beside its declaration (ProcessErrors).
export const ErrorCodes = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  INVALID_DATE: 'INVALID_DATE',
  INVALID_WORKING_DAYS: 'INVALID_WORKING_DAYS',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  UNKNOWN_JURISDICTION: 'UNKNOWN_JURISDICTION',
  NOT_FOUND: 'NOT_FOUND',
  /** No signed checkpoint of the audit log (of that size). */
  CHECKPOINT_NOT_FOUND: 'CHECKPOINT_NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  WRONG_PARTY: 'WRONG_PARTY',
  FORBIDDEN: 'FORBIDDEN',
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  /** The case is still being opened (its first event not yet recorded): send the command again in a moment. */
  CASE_NOT_READY: 'CASE_NOT_READY',
  INVALID_APPROVAL: 'INVALID_APPROVAL',
  CATALOGUE_ENTRY_NOT_PUBLISHED: 'CATALOGUE_ENTRY_NOT_PUBLISHED',
  /** No rule set in force over the duty-bearer gives the period a duty needs. */
  NO_APPLICABLE_RULES: 'NO_APPLICABLE_RULES',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  DRAFT_EXPIRED: 'DRAFT_EXPIRED',
  /** The draft is not at the version the head names: someone edited it since it was read. */
  DRAFT_CHANGED: 'DRAFT_CHANGED',
  /** The head approves a draft naming the version it read (If-Match or `version`). */
  PRECONDITION_REQUIRED: 'PRECONDITION_REQUIRED',
  OPEN_CASE_LIMIT: 'OPEN_CASE_LIMIT',
  /** A webhook's URL is not https, carries credentials, or reaches a non-public address (SSRF guard). */
  WEBHOOK_TARGET_REFUSED: 'WEBHOOK_TARGET_REFUSED',
  /** A department already has the most webhooks allowed. */
  WEBHOOK_LIMIT: 'WEBHOOK_LIMIT',
  /** A disabled webhook delivers nothing, redeliveries included. */
  WEBHOOK_DISABLED: 'WEBHOOK_DISABLED',
  /** A holiday notice (structured, or its text: `line` names the line) that cannot be the calendar. */
  INVALID_NOTICE: 'INVALID_NOTICE',
  /** A regional calendar adjustment that cannot be the calendar. */
  INVALID_ADJUSTMENT: 'INVALID_ADJUSTMENT',
  /** The calendar changed since the preview was made: preview the load again. */
  CALENDAR_PREVIEW_STALE: 'CALENDAR_PREVIEW_STALE',
  /** The acting head already has a delegation for part of that period. */
  DELEGATION_OVERLAP: 'DELEGATION_OVERLAP',
  RATE_LIMITED: 'RATE_LIMITED',
  DATA_REJECTED: 'DATA_REJECTED',
  HEADERS_TOO_LARGE: 'HEADERS_TOO_LARGE',
  /** The request (headers, or headers and body) did not arrive within the server's timeouts. */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  /** An `Expect:` other than 100-continue. */
  EXPECTATION_FAILED: 'EXPECTATION_FAILED',
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
  CATALOGUE_ENTRY_NOT_PUBLISHED: 400,
  NO_APPLICABLE_RULES: 400,
  UNAUTHENTICATED: 401,
  WRONG_PARTY: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CHECKPOINT_NOT_FOUND: 404,
  ILLEGAL_TRANSITION: 409,
  CASE_NOT_READY: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  DRAFT_EXPIRED: 409,
  DRAFT_CHANGED: 409,
  PRECONDITION_REQUIRED: 428,
  OPEN_CASE_LIMIT: 409,
  WEBHOOK_TARGET_REFUSED: 400,
  WEBHOOK_LIMIT: 409,
  WEBHOOK_DISABLED: 409,
  INVALID_NOTICE: 400,
  INVALID_ADJUSTMENT: 400,
  CALENDAR_PREVIEW_STALE: 409,
  DELEGATION_OVERLAP: 409,
  RATE_LIMITED: 429,
  DATA_REJECTED: 400,
  HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  EXPECTATION_FAILED: 417,
  INVALID_TEXT: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TEMPORAL_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  INTERNAL: 500,
};


/** A process's own error codes (its declaration's `errors`): each code's HTTP status and title. */
export type ProcessErrors = Readonly<Record<string, { status: number; title: string }>>;

/** The codes of a process's errors, by name, for its validators: `reject(X.SOME_CODE, …)`. */
export function codesOf<E extends ProcessErrors>(errors: E): { readonly [K in keyof E]: K } {
  return Object.fromEntries(Object.keys(errors).map((k) => [k, k])) as { readonly [K in keyof E]: K };
}

/**
 * Failures the Temporal server itself gives an update (not the workflow's verdict): an update a
 * workflow task did not take up (sent again, it is taken), and one whose workflow completed under it.
 */
export const SERVER_UPDATE_FAILURES: readonly string[] = ['UnprocessedUpdate', 'AcceptedUpdateCompletedWorkflow'];
