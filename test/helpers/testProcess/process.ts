// The test-only process's rules (contract.ts): its period comes from an activity of its own, so the
// registry's process activities are proven too.
import { proxyLocalActivities } from '@temporalio/workflow';
import type { Draft } from '../../../workflows/case/draft';
import { departmentIn, dutyOf, mustBe, mustBeIn, supervisionLadder } from '../../../workflows/case/parties';
import type { CaseProcess } from '../../../workflows/case/process';
import { nonEmpty, reject } from '../../../workflows/case/failures';
import { ErrorCodes } from '../../../workflows/case/errors';
import type { StatutoryRule } from '../../../workflows/case/contract';
import { isSystem } from '../../../workflows/case/system';
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
  if (input.observationDays) await observe(draft, 1, input.receivedAt);
  return { type: 'inspection_opened', data: { question: input.question } };
}

/** An observation period: nobody breaches it; when it elapses it climbs a rung, and after the third the case lapses. */
async function observe(draft: Draft<InspectionData, InspectionStage>, rung: number, startedAt: string) {
  draft.data.observationRung = rung;
  await draft.addDeadline({
    kind: 'observation',
    dutyBearer: dutyOf(draft.state, 'inspector'),
    rule: { workingDays: draft.data.input.observationDays!, ruleSet: 'test', article: 'Test Art. 3' },
    startedAt,
    breach: { article: 'Test Art. 3' },
    ladder: supervisionLadder(draft.data.input.supervisor),
    onMiss: 'elapse',
  });
}

const answerDeadline = (draft: Draft<InspectionData, InspectionStage>) => draft.state.deadlines.find((d) => d.kind === 'answer' && (d.status === 'open' || d.status === 'suspended'));

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
    ...(input.links ? { links: input.links } : {}),
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
    pause: {
      validate(s, _cmd, actor) {
        mustBe(s, actor, 'inspector', 'pause');
        if (!s.deadlines.some((d) => d.kind === 'answer' && d.status === 'open')) reject(ErrorCodes.ILLEGAL_TRANSITION, 'no answer deadline running', s.stage);
      },
      async apply(draft, cmd, actor) {
        const d = await draft.suspendDeadline(answerDeadline(draft)!.id, cmd.reason, actor.departmentId);
        return { type: 'answer_paused', data: { deadlineId: d.id, remaining: d.suspension!.remaining } };
      },
    },
    resume: {
      validate(s, _cmd, actor) {
        mustBe(s, actor, 'inspector', 'resume');
        if (!s.deadlines.some((d) => d.kind === 'answer' && d.status === 'suspended')) reject(ErrorCodes.ILLEGAL_TRANSITION, 'the answer deadline is not paused', s.stage);
      },
      async apply(draft, cmd) {
        const d = await draft.resumeDeadline(answerDeadline(draft)!.id, cmd.reason);
        return { type: 'answer_resumed', data: { deadlineId: d.id, dueAt: d.dueAt } };
      },
    },
    forward: {
      validate(s, cmd, actor) {
        mustBe(s, actor, 'inspector', 'forward');
        if (!nonEmpty(cmd.note) || !nonEmpty(cmd.to?.caseId)) reject(ErrorCodes.VALIDATION_FAILED, 'a forward names the case and the note');
      },
      apply(draft, cmd) {
        draft.send(cmd.to, 'note', { note: cmd.note });
        return { type: 'note_forwarded', data: { to: cmd.to, note: cmd.note } };
      },
    },
  },
  messageRules: {
    note: {
      validate(_s, cmd: { note: string }) {
        if (!nonEmpty(cmd.note)) reject(ErrorCodes.VALIDATION_FAILED, 'a note says something');
      },
      apply(draft, cmd: { note: string }, actor) {
        if (!isSystem(actor)) throw new TypeError('unreachable: the engine admits only the system');
        draft.data.notes = [...(draft.data.notes ?? []), cmd.note];
        return { type: 'note_received', data: { note: cmd.note } };
      },
    },
  },
  elapsed: async (draft, d) => {
    const rung = draft.data.observationRung ?? 1;
    if (rung >= 3) {
      draft.setStage('lapsed');
      draft.closeDeadlines((x) => x.id !== d.id, 'cancelled');
      return { type: 'observation_lapsed', data: { deadlineId: d.id } };
    }
    await observe(draft, rung + 1, `${d.dueDate}T00:00:00.000+08:00`);
    return { type: 'observation_climbed', data: { deadlineId: d.id, rung: rung + 1 } };
  },
  absorb: (draft, items) => {
    const usage = items.filter((i) => i.kind === 'usage');
    if (usage.length === 0) return null;
    draft.data.usage = (draft.data.usage ?? 0) + usage.length;
    return { type: 'usage_recorded', data: { items: usage.length, total: draft.data.usage } };
  },
  awaiting: (s) => (s.stage === 'awaiting_answer' ? departmentIn(s, 'cataloguer') : undefined),
  headline: (s) => `Inspection: ${s.data.input.question}`,
};
