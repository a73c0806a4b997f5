// A made-up process that exists only in the tests (test/case/registry.test.ts, the engine's tests):
// an inspector asks a cataloguing department to answer within 3 working days; a late answer is the
// cataloguer's breach of "Test Art. 2", escalated as any missed duty is. Two stages, one deadline,
// one command, and a party role — `cataloguer` — that the share request does not have. Registered by
// the tests alone: no generic file knows it.
import type { CaseState, Supervisor } from '../../../workflows/case/contract';
import { command, type ProcessDeclaration } from '../../../workflows/case/process';

export interface InspectionParty {
  departmentId: string;
  jurisdictionCode: string;
}

export interface InspectionInput {
  id: string;
  question: string;
  inspector: InspectionParty;
  cataloguer: InspectionParty;
  /** The cataloguer's same-level authority (where a miss goes). */
  supervisor: Supervisor;
  receivedAt: string;
}

export const INSPECTION_STAGES = ['awaiting_answer', 'answered'] as const;
export type InspectionStage = (typeof INSPECTION_STAGES)[number];

export interface InspectionData {
  input: InspectionInput;
  answer?: { text: string; answeredAt: string };
}
export type InspectionState = CaseState<InspectionData, InspectionStage>;

export interface AnswerCommand { text: string }

export const inspectionDeclaration = {
  process: 'test-inspection',
  idPrefix: 'ti',
  workflowType: 'testInspection',
  stages: INSPECTION_STAGES,
  terminal: ['answered'],
  roles: {
    inspector: { standing: 'party', searchAttribute: 'GdsRequester' },
    cataloguer: { standing: 'party', searchAttribute: 'GdsProvider' },
  },
  opener: 'inspector',
  openingEvents: ['inspection_opened'],
  commands: { answer: command<AnswerCommand>('answer', ['inspection_answered']) },
  deadlineKinds: ['answer'],
} as const satisfies ProcessDeclaration<InspectionStage, 'inspector' | 'cataloguer'>;
