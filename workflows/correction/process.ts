// One data correction (校核) from receipt to its result: national Art. 26 (10 working days), HLJ
// Art. 24 (5), a late result a violation of the provider (Art. 39 (6)), escalated as any missed duty
// is. A result the requester contests stays open for a dispute (Art. 28). Only this process's rules
// live here; timers, recording, escalation and search attributes are the engine's (../case/).
import { acts } from '../case/activities';
import type { Breach, CaseLink } from '../case/contract';
import type { Draft } from '../case/draft';
import { ErrorCodes } from '../case/errors';
import { nonEmpty, reject } from '../case/failures';
import { departmentIn, dutyOf, mustBe, mustBeIn, supervisionLadder } from '../case/parties';
import type { CaseProcess, CommandRules, EventSpec, InitialParty } from '../case/process';
import { periodOf } from '../case/rules';
import {
  CORRECTION_OUTCOMES,
  correctionDeclaration,
  type CorrectionData,
  type CorrectionInput,
  type CorrectionSource,
  type CorrectionStage,
  type CorrectionState,
} from './contract';

type CorrectionDraft = Draft<CorrectionData, CorrectionStage>;

/** Art. 39 (6): a correction not verified and corrected in time. */
const LATE_CORRECTION: Breach = { article: 'Art. 39', clause: '(6)' };

const OPENING_EVENT: Record<CorrectionSource, string> = {
  requester: 'correction_requested',
  data_subject: 'correction_application_recorded',
  authority_check: 'cross_check_notice_received',
};

/** Receipt: the provider's rules in force on the day of receipt give its period (HLJ 5, else the national 10). */
async function open(draft: CorrectionDraft, input: CorrectionInput): Promise<EventSpec> {
  const resolved = await acts.resolveRules({ jurisdiction: input.provider.jurisdictionCode, at: input.receivedAt, kinds: ['correction'] });
  const period = periodOf(resolved, 'correction', 'a correction');
  draft.data.period = period;
  draft.state.ruleSet = resolved.ruleSet ?? period.ruleSet;
  const d = await draft.addDeadline({
    kind: 'correction',
    dutyBearer: dutyOf(draft.state, 'provider'),
    rule: period,
    startedAt: input.receivedAt,
    breach: LATE_CORRECTION,
    ladder: supervisionLadder(input.supervisor),
  });
  draft.notify(input.provider.departmentId, 'correction_received', `Verify, correct and report on ${input.catalogueEntry.nameZh} by ${d.dueAt} (${period.article})`);
  return {
    type: OPENING_EVENT[input.source],
    data: {
      source: input.source,
      items: input.items,
      problem: input.problem,
      ...(input.shareRequestId ? { shareRequestId: input.shareRequestId } : {}),
      ...(input.subjectReference ? { subjectReference: input.subjectReference } : {}),
      catalogueEntryId: input.catalogueEntry.id,
    },
  };
}

const commands: CommandRules<CorrectionData, CorrectionStage, typeof correctionDeclaration.commands> = {
  /** Art. 26: the provider verifies, corrects and reports the result; anything short of corrected is explained. */
  result: {
    validate(s, cmd, actor) {
      mustBe(s, actor, 'provider', 'report the result');
      mustBeIn(s, ['awaiting_result'], 'report a result');
      if (!CORRECTION_OUTCOMES.includes(cmd.outcome)) reject(ErrorCodes.VALIDATION_FAILED, `outcome must be one of ${CORRECTION_OUTCOMES.join(', ')}`);
      if (cmd.outcome !== 'corrected' && !nonEmpty(cmd.explanation)) reject(ErrorCodes.VALIDATION_FAILED, `a result of ${cmd.outcome} needs its explanation`);
    },
    apply(draft, cmd) {
      const late = draft.state.violations.some((v) => v.duty === 'correction');
      draft.data.result = { outcome: cmd.outcome, ...(cmd.explanation ? { explanation: cmd.explanation } : {}), reportedAt: draft.now, late };
      draft.dutyDone('correction');
      const { input } = draft.data;
      // Only a requester's correction has an applicant that accepts or contests; a person's application and a cross-check end here.
      draft.setStage(input.source === 'requester' ? 'awaiting_acceptance' : 'resolved');
      const told = input.source === 'requester' ? input.requester!.departmentId : input.supervisor.departmentId;
      draft.notify(told, 'correction_result', `Correction of ${input.catalogueEntry.nameZh}: ${cmd.outcome}${cmd.explanation ? ` — ${cmd.explanation}` : ''}`);
      return { type: 'result_reported', data: { ...draft.data.result } };
    },
  },
  accept: {
    validate(s, _cmd, actor) {
      mustBe(s, actor, 'requester', 'accept the result');
      mustBeIn(s, ['awaiting_acceptance'], 'accept the result');
    },
    apply(draft) {
      draft.data.acceptedAt = draft.now;
      draft.setStage('accepted');
      return { type: 'result_accepted' };
    },
  },
  /** The requester contests the result: the case stays open and the same-level authority is told (a dispute, Art. 28, decides). */
  contest: {
    validate(s, cmd, actor) {
      mustBe(s, actor, 'requester', 'contest the result');
      mustBeIn(s, ['awaiting_acceptance'], 'contest the result');
      if (!nonEmpty(cmd.reason)) reject(ErrorCodes.VALIDATION_FAILED, 'a contest states why the result is wrong');
    },
    apply(draft, cmd) {
      draft.data.contest = { reason: cmd.reason, contestedAt: draft.now };
      draft.setStage('contested');
      draft.notify(draft.data.input.supervisor.departmentId, 'correction_contested', `The requester contests the correction result: ${cmd.reason}`);
      return { type: 'result_contested', data: { reason: cmd.reason } };
    },
  },
  /** The requester withdraws its request before the result: the provider's duty ends. */
  withdrawal: {
    validate(s, _cmd, actor) {
      mustBe(s, actor, 'requester', 'withdraw the correction request');
      mustBeIn(s, ['awaiting_result'], 'withdraw');
    },
    apply(draft, cmd) {
      draft.data.withdrawal = { ...(cmd.reason ? { reason: cmd.reason } : {}), withdrawnAt: draft.now };
      draft.closeDeadlines(() => true, 'cancelled');
      draft.resolveViolations(() => true, 'withdrawn', 'the correction request was withdrawn');
      draft.setStage('withdrawn');
      return { type: 'withdrawn', data: { ...(cmd.reason ? { reason: cmd.reason } : {}) } };
    },
  },
};

function awaiting(s: CorrectionState): string | undefined {
  switch (s.stage) {
    case 'awaiting_result':
      return departmentIn(s, 'provider');
    case 'awaiting_acceptance':
      return departmentIn(s, 'requester');
    case 'contested':
      return departmentIn(s, 'authority');
    default:
      return undefined;
  }
}

export const correctionProcess: CaseProcess<CorrectionInput, CorrectionData, CorrectionStage, typeof correctionDeclaration.commands> = {
  declaration: correctionDeclaration,
  initial(input) {
    const parties: InitialParty[] = [
      ...(input.requester ? [{ role: 'requester', ...input.requester }] : []),
      { role: 'provider', ...input.provider },
      { role: 'authority', departmentId: input.supervisor.departmentId, jurisdictionCode: input.supervisor.jurisdictionCode },
    ];
    const links: CaseLink[] = input.shareRequestId ? [{ caseId: input.shareRequestId, process: 'share-request', relation: 'corrects' }] : [];
    return {
      id: input.id,
      stage: 'awaiting_result',
      parties,
      jurisdiction: input.provider.jurisdictionCode,
      catalogueEntryId: input.catalogueEntry.id,
      ...(links.length > 0 ? { links } : {}),
      openedAt: input.receivedAt,
      data: { input },
    };
  },
  open,
  commands,
  awaiting,
  headline: (s) => `**${s.data.input.catalogueEntry.nameZh}** — correction (${s.data.input.source}) at ${s.data.input.provider.departmentId}`,
};
