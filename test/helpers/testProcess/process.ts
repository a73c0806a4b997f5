// The test-only process's rules (contract.ts): its period comes from an activity of its own, so the
// registry's process activities are proven too.
import { proxyLocalActivities } from '@temporalio/workflow';
import type { Draft } from '../../../workflows/case/draft';
import { departmentIn, dutyOf, mustBe, mustBeIn, supervisionLadder } from '../../../workflows/case/parties';
import type { CaseProcess } from '../../../workflows/case/process';
import { nonEmpty, reject } from '../../../workflows/case/failures';
import { ErrorCodes } from '../../../workflows/case/errors';
import type { StatutoryRule } from '../../../workflows/case/contract';
import { inspectionDeclaration, type InspectionData, type InspectionInput, type InspectionStage } from './contract';

/** The process's own activities (api.ts registers them with the worker). */
export interface InspectionActivities {
  inspectionPeriod(input: { jurisdiction: string }): Promise<StatutoryRule>;
}
const own = proxyLocalActivities<InspectionActivities>({ startToCloseTimeout: '10 seconds' });

async function open(draft: Draft<InspectionData, InspectionStage>, input: InspectionInput) {
  const rule = await own.inspectionPeriod({ jurisdiction: input.cataloguer.jurisdictionCode });
  draft.state.ruleSet = rule.ruleSet;
  await draft.addDeadline({
    kind: 'answer',
    dutyBearer: dutyOf(draft.state, 'cataloguer'),
    rule,
    startedAt: input.receivedAt,
    breach: { article: 'Test Art. 2' },
    ladder: supervisionLadder(input.supervisor),
  });
  return { type: 'inspection_opened', data: { question: input.question } };
}

export const inspectionProcess: CaseProcess<InspectionInput, InspectionData, InspectionStage, typeof inspectionDeclaration.commands> = {
  declaration: inspectionDeclaration,
  initial: (input) => ({
    id: input.id,
    stage: 'awaiting_answer',
    parties: [
      { role: 'inspector', ...input.inspector },
      { role: 'cataloguer', ...input.cataloguer },
    ],
    jurisdiction: input.cataloguer.jurisdictionCode,
    openedAt: input.receivedAt,
    data: { input },
  }),
  open,
  commands: {
    answer: {
      validate(s, cmd, actor) {
        mustBe(s, actor, 'cataloguer', 'answer');
        mustBeIn(s, ['awaiting_answer'], 'answer');
        if (!nonEmpty(cmd.text)) reject(ErrorCodes.VALIDATION_FAILED, 'the answer says something');
      },
      apply(draft, cmd) {
        draft.data.answer = { text: cmd.text, answeredAt: draft.now };
        draft.dutyDone('answer');
        draft.setStage('answered');
        return { type: 'inspection_answered', data: { text: cmd.text } };
      },
    },
  },
  awaiting: (s) => (s.stage === 'awaiting_answer' ? departmentIn(s, 'cataloguer') : undefined),
  headline: (s) => `Inspection: ${s.data.input.question}`,
};
