// A made-up process that exists only in the tests (test/case/registry.test.ts, the engine's tests):
// an inspector asks a cataloguing department to answer within 3 working days; a late answer is the
// cataloguer's breach of "Test Art. 2", escalated as any missed duty is. A party role — `cataloguer`
// — that the share request does not have. Registered by the tests alone: no generic file knows it.
// It also uses every engine capability the coming processes need (test/case/engine.*.test.ts): an
// observation period that only elapses and climbs (then lapses the case), a clock the inspector
// pauses and resumes, links and messages to other cases, batched usage records.
import type { CaseLink, CaseRef, CaseState, Supervisor } from '../../../workflows/case/contract';
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
  /** Open an observation period of this many working days that elapses (no breach), climbing twice. */
  observationDays?: number;
  /** Cases this one names. */
  links?: CaseLink[];
}

export const INSPECTION_STAGES = ['awaiting_answer', 'answered', 'lapsed'] as const;
export type InspectionStage = (typeof INSPECTION_STAGES)[number];

export interface InspectionData {
  input: InspectionInput;
  answer?: { text: string; answeredAt: string };
  /** The observation period's rung (1, 2, 3). */
  observationRung?: number;
  /** Usage records absorbed (batched), and notes other cases sent. */
  usage?: number;
  notes?: string[];
}
export type InspectionState = CaseState<InspectionData, InspectionStage>;

export interface AnswerCommand { text: string }
export interface ClockCommand { reason: string }
export interface ForwardCommand { to: CaseRef; note: string }
export interface NoteMessage { note: string }

export const inspectionDeclaration = {
  process: 'test-inspection',
  idPrefix: 'ti',
  workflowType: 'testInspection',
  stages: INSPECTION_STAGES,
  terminal: ['answered', 'lapsed'],
  roles: {
    inspector: { standing: 'party', searchAttribute: 'GdsRequester' },
    cataloguer: { standing: 'party', searchAttribute: 'GdsProvider' },
  },
  opener: 'inspector',
  openingEvents: ['inspection_opened'],
  commands: {
    answer: command<AnswerCommand>('answer', ['inspection_answered']),
    pause: command<ClockCommand>('pause', ['answer_paused']),
    resume: command<ClockCommand>('resume', ['answer_resumed']),
    forward: command<ForwardCommand>('forward', ['note_forwarded']),
  },
  messages: { note: command<NoteMessage>('note', ['note_received']) },
  closedCaseTakes: ['note'],
  deadlineKinds: ['answer', 'observation'],
} as const satisfies ProcessDeclaration<InspectionStage, 'inspector' | 'cataloguer'>;
