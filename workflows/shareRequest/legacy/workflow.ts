// FROZEN: the share-request workflow as it ran before the case engine (commit 1c389a0). Cases
// started then (no 'case-engine' patch marker in their history) replay and finish on this code;
// new cases run on the engine (../workflow.ts). Delete with deprecatePatch once none is open.
// One share request (共享申请) from receipt to delivery: national Art. 14, 15, 20–22, 39 (4), with
// the Heilongjiang and Fushun rules where they apply. Deterministic: deadlines come from activities,
// timers are `condition` with the stored instant, every transition is persisted by an activity.
import {
  condition,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  allHandlersFinished,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { Activities } from '../../../activities';
import { GdsDueAt, GdsJurisdiction, GdsOverdue, GdsProcess, GdsProvider, GdsRequester, GdsRuleSet, GdsStage } from '../../shared';
import {
  deliveryUpdate,
  extensionDecisionUpdate,
  extensionRequestUpdate,
  receiptConfirmationUpdate,
  rectificationOrderUpdate,
  replyUpdate,
  shareRequestStateQuery,
  startedUpdate,
  supplementNoticeUpdate,
  supplementUpdate,
  TERMINAL_STAGES,
  withdrawalUpdate,
  type Actor,
  type CaseDeadline,
  type ShareRequestInput,
  type ShareRequestStage,
  type ShareRequestState,
} from './contract';
import * as v from './validators';

// Every step is short and idempotent (a deadline lookup, one DB transaction keyed by event seq, one
// outbox row keyed by activity id), so they run as local activities: no server round trip per step,
// a command costs one workflow task (bench/README.md). Their results are recorded in history as
// markers, so replay never recomputes a deadline with a newer calendar.
const acts = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

// Inside the workflow sandbox Date.now() is the deterministic workflow time (the task start), not the wall clock.
const nowIso = (): string => new Date(Date.now()).toISOString();

export async function legacyShareRequest(input: ShareRequestInput): Promise<ShareRequestState> {
  const state: ShareRequestState = {
    id: input.id,
    stage: 'awaiting_reply',
    overdue: false,
    input,
    deadlines: [],
    extensions: [],
    violations: [],
    version: 0,
  };
  let ready = false;
  /** Search attribute values last upserted, by name. */
  const published = new Map<string, string>();
  // Persistence is serialized so the hash-chained history is written in order.
  let persisted: Promise<void> = Promise.resolve();

  function record(type: string, actor?: Actor, data?: Record<string, unknown>): Promise<void> {
    state.version += 1;
    const event = { seq: state.version, type, at: nowIso(), actor, data };
    const snapshot: ShareRequestState = JSON.parse(JSON.stringify(state));
    publish();
    persisted = persisted.then(() => acts.recordShareRequestEvent({ state: snapshot, event }));
    return persisted;
  }

  /** Search attributes and current details follow every stage, for supervisors in Temporal UI. */
  function publish(): void {
    const due = v.openDeadline(state);
    // Only what changed is upserted: each upsert is a command in history and work for the server.
    const wanted: SearchAttributeUpdatePair[] = [
      { key: GdsProcess, value: 'share-request' },
      { key: GdsRequester, value: input.requester.departmentId },
      { key: GdsProvider, value: input.provider.departmentId },
      { key: GdsJurisdiction, value: input.provider.jurisdictionCode },
      { key: GdsStage, value: state.stage },
      { key: GdsOverdue, value: state.overdue },
      ...(state.rules ? [{ key: GdsRuleSet, value: state.rules.ruleSet }] : []),
      due ? { key: GdsDueAt, value: new Date(due.dueAt) } : { key: GdsDueAt, value: null },
    ];
    const changed = wanted.filter((p) => published.get(p.key.name) !== JSON.stringify(p.value));
    if (changed.length > 0) upsertSearchAttributes(changed);
    for (const p of changed) published.set(p.key.name, JSON.stringify(p.value));
    const entry = input.catalogueEntry;
    setCurrentDetails(
      [
        `**${entry.nameZh}** — ${input.requester.departmentId} → ${input.provider.departmentId}`,
        `Stage: ${state.stage}${state.overdue ? ' (OVERDUE)' : ''}; rule set ${state.rules?.ruleSet ?? '…'}`,
        due ? `Due: ${due.dueAt} (${due.kind}, ${due.workingDays} working days, ${due.article}${due.provisional ? ', provisional' : ''})` : 'No deadline running',
      ].join('\n'),
    );
  }

  function setStage(stage: ShareRequestStage): void {
    state.stage = stage;
  }

  function closeDeadlines(kind: CaseDeadline['kind'] | 'all', status: 'met' | 'superseded' | 'cancelled'): void {
    for (const d of state.deadlines) if (d.status === 'open' && (kind === 'all' || d.kind === kind)) d.status = status;
  }

  async function openDeadlineFrom(
    kind: CaseDeadline['kind'],
    startedAt: string,
    rule: { workingDays: number; ruleSet: string; article: string },
    rectifies?: 'reply' | 'delivery',
  ): Promise<CaseDeadline> {
    const computed = await acts.computeDeadline({ startedAt, workingDays: rule.workingDays, jurisdiction: input.provider.jurisdictionCode });
    const deadline: CaseDeadline = {
      id: state.deadlines.length + 1,
      kind,
      rectifies,
      startedAt,
      workingDays: rule.workingDays,
      dueAt: computed.dueAt,
      dueDate: computed.dueDate,
      provisional: computed.provisional,
      ruleSet: rule.ruleSet,
      article: rule.article,
      status: 'open',
    };
    state.deadlines.push(deadline);
    return deadline;
  }

  /** A duty done late clears the overdue flag; the recorded violation stays (Art. 39 (4)). */
  function dutyDone(kind: 'reply' | 'delivery'): void {
    closeDeadlines(kind, 'met');
    closeDeadlines('rectification', 'met');
    state.overdue = false;
  }

  async function agree(at: string): Promise<CaseDeadline> {
    setStage('awaiting_delivery');
    // Art. 22: delivery within 20 working days of agreement.
    return openDeadlineFrom('delivery', at, state.rules!.delivery);
  }

  /** Commands are taken once the case has its rules and first deadline (the API answers only then). */
  function whenReady<C>(validate: (s: ShareRequestState, cmd: C) => void, cmd: C): void {
    if (!ready) v.rejectNotReady();
    validate(state, cmd);
  }

  // Reads and commands.
  setHandler(shareRequestStateQuery, () => state);
  setHandler(startedUpdate, async () => {
    await condition(() => ready);
    await persisted;
    return state;
  });

  setHandler(
    replyUpdate,
    async (cmd) => {
      const at = nowIso();
      state.reply = { decision: cmd.decision, reasons: cmd.reasons, legalBasis: cmd.legalBasis, approval: cmd.approval, repliedAt: at };
      dutyDone('reply');
      if (cmd.decision === 'refuse') setStage('refused');
      else await agree(at);
      await record(cmd.decision === 'agree' ? 'reply_agreed' : 'reply_refused', cmd.actor, { ...state.reply });
      return state;
    },
    { validator: (cmd) => whenReady(v.validateReply, cmd) },
  );

  setHandler(
    supplementNoticeUpdate,
    async (cmd) => {
      state.supplementNotice = { missingItems: cmd.missingItems, noticeAt: nowIso() };
      // Art. 21: the clock stops; it restarts in full from the receipt of the completed materials.
      closeDeadlines('reply', 'superseded');
      closeDeadlines('rectification', 'cancelled');
      state.overdue = false;
      setStage('awaiting_supplement');
      await record('supplement_notice_sent', cmd.actor, { missingItems: cmd.missingItems });
      return state;
    },
    { validator: (cmd) => whenReady(v.validateSupplementNotice, cmd) },
  );

  setHandler(
    supplementUpdate,
    async (cmd) => {
      const at = nowIso();
      state.supplement = { items: cmd.items, note: cmd.note, receivedAt: at };
      setStage('awaiting_reply');
      await openDeadlineFrom('reply', at, state.rules!.reply);
      await record('supplement_received', cmd.actor, { items: cmd.items, note: cmd.note });
      return state;
    },
    { validator: (cmd) => whenReady(v.validateSupplement, cmd) },
  );

  setHandler(
    extensionRequestUpdate,
    async (cmd) => {
      state.extensions.push({ workingDays: cmd.workingDays, reason: cmd.reason, requestedAt: nowIso() });
      await record('extension_requested', cmd.actor, { workingDays: cmd.workingDays, reason: cmd.reason });
      await acts.notify({ caseId: state.id, to: input.supervisor.departmentId, kind: 'extension_requested', message: `Extension of ${cmd.workingDays} working days requested: ${cmd.reason}` });
      return state;
    },
    { validator: (cmd) => whenReady(v.validateExtensionRequest, cmd) },
  );

  setHandler(
    extensionDecisionUpdate,
    async (cmd) => {
      const ext = state.extensions.find((e) => !e.decision)!;
      ext.decision = { approved: cmd.approved, note: cmd.note, decidedAt: nowIso(), deciderId: cmd.actor.staffId };
      const current = v.openDeadline(state, 'reply');
      if (cmd.approved && current) {
        // The extension runs on from the current due date (its working days follow the last one).
        current.status = 'superseded';
        await openDeadlineFrom('reply', `${current.dueDate}T00:00:00+08:00`, { ...state.rules!.extensionCap, workingDays: ext.workingDays });
      }
      await record(cmd.approved ? 'extension_approved' : 'extension_refused', cmd.actor, { workingDays: ext.workingDays, note: cmd.note });
      // Art. 21: the requester is told of the extension.
      await acts.notify({ caseId: state.id, to: input.requester.departmentId, kind: cmd.approved ? 'extension_approved' : 'extension_refused', message: `Extension of ${ext.workingDays} working days ${cmd.approved ? 'approved' : 'refused'} by the authority` });
      return state;
    },
    { validator: (cmd) => whenReady(v.validateExtensionDecision, cmd) },
  );

  setHandler(
    deliveryUpdate,
    async (cmd) => {
      state.delivery = { method: cmd.method, reference: cmd.reference, deliveredAt: nowIso() };
      dutyDone('delivery');
      setStage('delivered');
      await record('delivered', cmd.actor, { ...state.delivery });
      return state;
    },
    { validator: (cmd) => whenReady(v.validateDelivery, cmd) },
  );

  setHandler(
    receiptConfirmationUpdate,
    async (cmd) => {
      state.receiptConfirmedAt = nowIso();
      setStage('completed');
      await record('receipt_confirmed', cmd.actor);
      return state;
    },
    { validator: (cmd) => whenReady(v.validateReceiptConfirmation, cmd) },
  );

  setHandler(
    rectificationOrderUpdate,
    async (cmd) => {
      const rectifies = state.stage === 'awaiting_delivery' ? 'delivery' : 'reply';
      const d = await openDeadlineFrom('rectification', nowIso(), { workingDays: cmd.workingDays, ruleSet: state.rules!.ruleSet, article: 'Art. 39' }, rectifies);
      await record('rectification_ordered', cmd.actor, { workingDays: cmd.workingDays, instructions: cmd.instructions, dueAt: d.dueAt });
      await acts.notify({ caseId: state.id, to: input.provider.departmentId, kind: 'rectification_ordered', message: `Rectify by ${d.dueAt}: ${cmd.instructions}` });
      return state;
    },
    { validator: (cmd) => whenReady(v.validateRectificationOrder, cmd) },
  );

  setHandler(
    withdrawalUpdate,
    async (cmd) => {
      state.withdrawal = { reason: cmd.reason, withdrawnAt: nowIso() };
      closeDeadlines('all', 'cancelled');
      state.overdue = false;
      setStage('withdrawn');
      await record('withdrawn', cmd.actor, { reason: cmd.reason });
      return state;
    },
    { validator: (cmd) => whenReady(v.validateWithdrawal, cmd) },
  );

  // Receipt: the rules of the provider's jurisdiction in force on the day of receipt.
  state.rules = (await acts.resolveShareRules({
    providerJurisdiction: input.provider.jurisdictionCode,
    receivedAt: input.receivedAt,
    sharingAttribute: input.catalogueEntry.sharingAttribute,
  })) as typeof state.rules;
  const entry = input.catalogueEntry;
  if (entry.sharingAttribute === 'not_shared') {
    // Art. 14, 15: refused at once with the catalogue's reason and legal basis.
    state.reply = {
      decision: 'refuse',
      reasons: entry.notSharedReason ?? 'not shared',
      legalBasis: entry.legalBasis ?? undefined,
      approval: { approverId: 'catalogue', approvedAt: input.receivedAt },
      repliedAt: input.receivedAt,
      automatic: true,
    };
    setStage('refused');
    await record('refused_not_shared', undefined, { reasons: state.reply.reasons, legalBasis: state.reply.legalBasis, article: 'Art. 14, 15' });
  } else if (entry.sharingAttribute === 'unconditional' && state.rules!.grantedWithoutReview) {
    // HLJ Art. 22 / Fushun Art. 21: unconditional data is granted without a provider review.
    const g = state.rules!.grantedWithoutReview;
    state.reply = { decision: 'agree', approval: { approverId: g.ruleSet, approvedAt: input.receivedAt }, repliedAt: input.receivedAt, automatic: true };
    await agree(input.receivedAt);
    await record('granted_without_review', undefined, { article: g.article });
  } else {
    await openDeadlineFrom('reply', input.receivedAt, state.rules!.reply);
    await record('received', undefined, { submission: input.submission });
  }
  ready = true;

  // The statutory timers: wait for the open deadline, or for anything to change.
  while (!TERMINAL_STAGES.includes(state.stage)) {
    const due = v.openDeadline(state);
    const seen = state.version;
    if (!due) {
      await condition(() => state.version !== seen);
      continue;
    }
    const ms = Date.parse(due.dueAt) - Date.now();
    const changed = ms > 0 && (await condition(() => state.version !== seen, ms, { summary: `${due.kind} due ${due.dueAt}` }));
    if (changed || due.status !== 'open') continue;
    await deadlineMissed(due);
  }

  await condition(allHandlersFinished);
  await persisted;
  return state;

  async function deadlineMissed(due: CaseDeadline): Promise<void> {
    // The duty was breached at the deadline itself; `at` is when this workflow recorded it.
    const at = nowIso();
    due.status = 'missed';
    due.missedAt = new Date(due.dueAt).toISOString();
    due.escalatedAt = at;
    state.overdue = true;
    // Art. 39 (4): overdue reply or delivery is a violation; the same-level authority is told and
    // orders rectification. A missed rectification goes to the authority's people's government.
    const toGovernment = due.kind === 'rectification';
    due.escalatedTo = toGovernment ? 'government' : 'authority';
    state.violations.push({ kind: due.kind, article: 'Art. 39 (4)', at, deadlineId: due.id });
    await record('deadline_missed', undefined, { deadlineId: due.id, kind: due.kind, dueAt: due.dueAt, escalatedTo: due.escalatedTo, escalatedAt: at, article: 'Art. 39 (4)' });
    const s = input.supervisor;
    await acts.notify({
      caseId: state.id,
      to: toGovernment ? `government:${s.jurisdictionCode}` : s.departmentId,
      kind: toGovernment ? 'escalated_to_government' : 'deadline_missed',
      message: `${due.kind} deadline ${due.dueAt} missed by ${input.provider.departmentId} (Art. 39 (4))${toGovernment ? ` — to ${s.governmentName}` : ` — to ${s.authorityName}`}`,
    });
  }
}

