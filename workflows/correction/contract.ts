// Data correction (校核, national Art. 26, 39 (6); HLJ Art. 24): its input, stages, data and
// commands, and its declaration. The department that uses shared data asks the provider to verify
// and correct it; under Heilongjiang rules the provider also records applications made to it
// directly by the persons the data concerns, and the authority's cross-check notices.
import type { CaseState, StatutoryRule, Supervisor } from '../case/contract';
import { command, type ProcessDeclaration } from '../case/process';

/** Who set the correction going: the requester of a share request (Art. 26), or, under HLJ Art. 24, a person or the authority. */
export const CORRECTION_SOURCES = ['requester', 'data_subject', 'authority_check'] as const;
export type CorrectionSource = (typeof CORRECTION_SOURCES)[number];

export interface CorrectionParty {
  departmentId: string;
  jurisdictionCode: string;
}

/** The workflow's input, assembled by the API from the directory and the share request. */
export interface CorrectionInput {
  id: string;
  source: CorrectionSource;
  /** The records or data items concerned. */
  items: string[];
  /** What is inaccurate or incomplete. */
  problem: string;
  /** The share request whose delivered data is concerned (source `requester`). */
  shareRequestId?: string;
  /** An opaque reference to the person who applied (source `data_subject`): events are hashed and kept three years. */
  subjectReference?: string;
  catalogueEntry: { id: string; nameZh: string };
  /** The department that uses the data (source `requester`). */
  requester?: CorrectionParty;
  provider: CorrectionParty;
  /** The provider's same-level data-sharing authority and the people's government above it (Art. 39). */
  supervisor: Supervisor;
  /** Instant of receipt (ISO); the day of receipt is not counted. */
  receivedAt: string;
}

export const CORRECTION_STAGES = ['awaiting_result', 'awaiting_acceptance', 'accepted', 'contested', 'resolved', 'withdrawn'] as const;
export type CorrectionStage = (typeof CORRECTION_STAGES)[number];
/** `contested` stays open: a dispute (Art. 28) decides it. */
export const CORRECTION_TERMINAL_STAGES: readonly CorrectionStage[] = ['accepted', 'resolved', 'withdrawn'];

export const CORRECTION_OUTCOMES = ['corrected', 'confirmed_accurate', 'partly_corrected'] as const;
export type CorrectionOutcome = (typeof CORRECTION_OUTCOMES)[number];

export interface CorrectionData {
  input: CorrectionInput;
  /** The period in force over the provider on the day of receipt. */
  period?: StatutoryRule;
  result?: { outcome: CorrectionOutcome; explanation?: string; reportedAt: string; late: boolean };
  acceptedAt?: string;
  contest?: { reason: string; contestedAt: string };
  withdrawal?: { reason?: string; withdrawnAt: string };
}

export type CorrectionState = CaseState<CorrectionData, CorrectionStage>;

// Commands: their bodies as the API sends them.
export interface ResultCommand { outcome: CorrectionOutcome; explanation?: string }
export type AcceptCommand = Record<string, never>;
export interface ContestCommand { reason: string }
export interface CorrectionWithdrawalCommand { reason?: string }

/** The correction, declared once: every layer reads this (workflows/case/process.ts). */
export const correctionDeclaration = {
  process: 'correction',
  idPrefix: 'co',
  workflowType: 'correction',
  stages: CORRECTION_STAGES,
  terminal: CORRECTION_TERMINAL_STAGES,
  roles: {
    requester: { standing: 'party', searchAttribute: 'GdsRequester' },
    provider: { standing: 'party', searchAttribute: 'GdsProvider' },
    authority: { standing: 'authority' },
  },
  opener: 'requester',
  openingEvents: ['correction_requested', 'correction_application_recorded', 'cross_check_notice_received'],
  commands: {
    result: command<ResultCommand>('result', ['result_reported']),
    accept: command<AcceptCommand>('accept', ['result_accepted']),
    contest: command<ContestCommand>('contest', ['result_contested']),
    withdrawal: command<CorrectionWithdrawalCommand>('withdrawal', ['withdrawn']),
  },
  deadlineKinds: ['correction'],
} as const satisfies ProcessDeclaration<CorrectionStage, 'requester' | 'provider' | 'authority'>;
