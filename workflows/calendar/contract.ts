// The recomputation of open cases after a calendar change (docs/calendar.md "Recomputing open
// cases"): one workflow per calendar version a load produced. Pure: safe inside the workflow sandbox.

/** The workflow's type (its export name in workflows/index.ts) and ID, one per calendar version. */
export const RECOMPUTATION_WORKFLOW_TYPE = 'calendarRecomputation';
export const recomputationWorkflowId = (version: number): string => `calendar-recomputation:${version}`;

/** A place in case_deadlines' order (case id, deadline id): where the walk goes on. */
export interface DeadlineCursor {
  caseId: string;
  id: number;
}

export interface RecomputationCounts {
  /** Cases messaged, and how each took it: its clocks moved, nothing moved, or not messaged (closed). */
  rearmed: number;
  unchanged: number;
  skipped: number;
}

export interface RecomputationInput {
  version: number;
  /** What each case's history records as the reason. */
  reason: string;
  /** A regional adjustment's jurisdiction (its first working day bounds the new instants); null: national. */
  jurisdiction: string | null;
  /** Every process sees the new calendar within this (CALENDAR_MAX_AGE): the walk starts after it. */
  maxAgeMs: number;
  /** Carried by continue-as-new. */
  after?: DeadlineCursor;
  notBefore?: string;
  counts?: RecomputationCounts;
}
