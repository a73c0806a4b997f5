// The test-only process's API half and activities, registered by the tests beside the real ones.
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { departments } from '../../../db/schema';
import { commandApi, opening, type ProcessApi } from '../../../api/cases/registry';
import { supervisorOf } from '../../../api/cases/supervisor';
import { badRequest } from '../../../api/errors';
import { text } from '../../../api/text';
import { identifier } from '../../../api/validation';
import { departmentPeople } from '../../../identity/policy';
import { shanghaiIso } from '../../../workflows/case/time';
import { ErrorCodes } from '../../../workflows/shared';
import { registryOf, PROCESS_APIS } from '../../../processes';
import { inspectionDeclaration as declaration, type InspectionInput, type InspectionState } from './contract';
import type { InspectionActivities } from './process';

export const INSPECTION_WORKFLOWS_PATH = fileURLToPath(new URL('./workflows.ts', import.meta.url));
/** Its period, from its own activity (3 working days, "Test Art. 1"). */
export const INSPECTION_PERIOD = { workingDays: 3, ruleSet: 'test', article: 'Test Art. 1' };

const OpenBody = z.object({ cataloguerId: identifier, question: text({ max: 500, prose: true }) }).strict();
const AnswerBody = z.object({ text: text({ max: 500, prose: true }) }).strict();
const ClockBody = z.object({ reason: text({ max: 500, prose: true }) }).strict();
const ForwardBody = z.object({ to: z.object({ process: identifier, caseId: identifier }).strict(), note: text({ max: 500, prose: true }) }).strict();

export const inspectionApi: ProcessApi = {
  declaration,
  route: '/test-inspections',
  listKey: 'testInspections',
  label: 'test inspection',
  schemaName: 'TestInspection',
  tag: { name: 'test inspections', description: 'A process of the tests alone' },
  opening: opening(
    {
      action: 'inspect',
      who: departmentPeople('inspector'),
      body: OpenBody,
      doc: { operationId: 'openTestInspection', summary: 'An inspector asks a cataloguer' },
      async build({ db, caller, id, receivedAt }, body): Promise<InspectionInput> {
        const [c] = await db.select().from(departments).where(eq(departments.id, body.cataloguerId));
        if (!c) throw badRequest(ErrorCodes.VALIDATION_FAILED, `cataloguerId: no department ${body.cataloguerId}`);
        const me = caller.department!;
        return {
          id,
          question: body.question,
          inspector: { departmentId: me.id, jurisdictionCode: me.jurisdictionCode },
          cataloguer: { departmentId: c.id, jurisdictionCode: c.jurisdictionCode },
          supervisor: await supervisorOf(db, c.jurisdictionCode),
          receivedAt: shanghaiIso(receivedAt),
        };
      },
      summary: (i) => `Inspection of ${i.cataloguer.departmentId}`,
    },
    declaration.opener,
  ),
  commands: {
    answer: commandApi(declaration.commands.answer, { who: departmentPeople('cataloguer'), body: AnswerBody, doc: { operationId: 'answerTestInspection', summary: 'The cataloguer answers' } }),
    pause: commandApi(declaration.commands.pause, { who: departmentPeople('inspector'), body: ClockBody, doc: { operationId: 'pauseTestInspection', summary: 'The inspector pauses the answer clock' } }),
    resume: commandApi(declaration.commands.resume, { who: departmentPeople('inspector'), body: ClockBody, doc: { operationId: 'resumeTestInspection', summary: 'The inspector resumes it' } }),
    forward: commandApi(declaration.commands.forward, { who: departmentPeople('inspector'), body: ForwardBody, doc: { operationId: 'forwardTestInspection', summary: 'The inspector forwards a note to another case' } }),
  },
  view: (s) => ({ question: (s as InspectionState).data.input.question, answer: (s as InspectionState).data.answer ?? null }),
  viewSchema: z.object({ question: z.string(), answer: z.object({ text: z.string(), answeredAt: z.string() }).nullable() }),
  activities: (): InspectionActivities & Record<string, (...args: never[]) => Promise<unknown>> => ({
    inspectionPeriod: async () => INSPECTION_PERIOD,
  }),
};

/** The service's processes and the test-only one. */
export const WITH_INSPECTION = [...PROCESS_APIS, inspectionApi];
export const withInspection = () => registryOf(WITH_INSPECTION);
