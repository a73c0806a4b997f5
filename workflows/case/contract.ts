// The case engine's part of the message contract: what every statutory case has, whatever its
// process (docs/design.md "The case engine"). Re-exported by workflows/shared.ts. Pure: sandbox-safe.
import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** A statutory process's name (e.g. share-request): each is declared once (workflows/case/process.ts). */
export type Process = string;

/** A draft approved by a head (Art. 20): who drafted it, who edited it last, and the version the head read. */
export interface ApprovedDraft {
  id: string;
  version: number;
  draftedBy: string;
  editedBy: string;
}

/**
 * Who acts: the organisation (a department, or `<code>-government`) and the authenticated person,
 * as the API verified them (workflows/case/principal.ts).
 */
export interface Actor {
  departmentId: string;
  userId?: string;
  role?: string;
  /** Art. 20: acting as the sharing office head by the head's delegation. */
  actingFor?: string;
  /** The head sends a draft of its staff: the draft it approved. */
  draft?: ApprovedDraft;
}

/**
 * An approval that a text requires of a head (Art. 20: the sharing office head's): the authenticated
 * person who gave it, at the case's time, and the draft of its staff it sent, if any.
 */
export interface Approval {
  approverId: string;
  approvedAt: string;
  /** Approved by an acting head (代理) for this head. */
  actingFor?: string;
  draft?: ApprovedDraft;
}

/**
 * How a party stands in a case, which decides who sees it and who supervises whom: an acting
 * `party` (its authority chain and the people's governments above supervise it, Art. 39–41), an
 * `authority` named on the case (it sees the case through its jurisdiction), or a `coordinator`.
 */
export type PartyStanding = 'party' | 'authority' | 'coordinator';

/** A department taking part in a case, in the role its process gives it. */
export interface CaseParty {
  role: string;
  standing: PartyStanding;
  departmentId: string;
  jurisdictionCode: string;
}

/**
 * A statutory period as a rule set gives it: working days (工作日, docs/statute.md "Working days") or
 * calendar months counted as Civil Code Art. 200–204 count them. Exactly one is set.
 */
export interface Period {
  workingDays?: number;
  months?: number;
}

/** A period with the rule set and article it comes from. */
export interface StatutoryRule extends Period {
  ruleSet: string;
  article: string;
}

/** What a missed deadline breaches, e.g. Art. 39 (4) for a late reply (docs/statute.md "Violations"). */
export interface Breach {
  article: string;
  clause?: string;
}

/**
 * One step of an escalation ladder: who is told when a deadline at this rung is missed, and who
 * then orders rectification — the same-level authority for Art. 39/40 breaches; the people's
 * government or the superior authority for an authority's own Art. 41 breach.
 */
export interface EscalationRung {
  tier: 'authority' | 'government' | 'superior_authority';
  /** Department ID, or `government:<code>` for a people's government. */
  notify: string;
  /** Its name, for notices. */
  name: string;
  /** Who orders rectification of a breach found at this rung. */
  ordersRectification: string;
  /** The notice kind sent when a deadline at this rung is missed. */
  noticeKind: string;
}

/** A jurisdiction's data-sharing authority (a department) and the people's government above it, by name. */
export interface Supervisor {
  departmentId: string;
  jurisdictionCode: string;
  authorityName: string;
  governmentName: string;
}

/** Whose duty a deadline is: their jurisdiction's calendar and rule set apply; they are in breach. */
export interface DutyBearer {
  role: string;
  departmentId: string;
  jurisdictionCode: string;
}

/**
 * `suspended`: its clock is paused (the working days left are kept, and counted again on resumption);
 * `missed`: it passed with the duty undone — a violation; `elapsed`: it passed and what that means
 * is its process's (a rung climbs, a stage moves, a period without a breach simply ends).
 */
export type DeadlineStatus = 'open' | 'suspended' | 'met' | 'missed' | 'elapsed' | 'superseded' | 'cancelled';

/**
 * What a deadline passing means: `violation` (the default) — the duty-bearer is in breach, escalated
 * up the ladder (Art. 39–41); `elapse` — the process decides (workflows/case/process.ts `elapsed`).
 */
export type MissMeaning = 'violation' | 'elapse';

/** A paused clock: since when, why, and what was left of the period. */
export interface Suspension {
  at: string;
  reason: string;
  by: string;
  /** Working days (or months) left at the pause, counted again from the resumption. */
  remaining: Period;
}

/** The deadline's due instant moved: on resumption, or re-armed by a new calendar. */
export interface Rearm {
  at: string;
  from: string;
  to: string;
  reason: string;
}

export interface CaseDeadline extends Period {
  id: number;
  /** The duty, in the process's terms (reply, delivery, review …) or `rectification`. */
  kind: string;
  dutyBearer: DutyBearer;
  /** For a rectification: the duty it rectifies, and the deadline whose miss it answers. */
  rectifies?: string;
  rectifiesDeadline?: number;
  startedAt: string;
  /** 24:00 Asia/Shanghai of dueDate, as `…T00:00:00.000+08:00` of the next day. */
  dueAt: string;
  dueDate: string;
  /** Counted through a year whose holiday notice is not loaded. */
  provisional: boolean;
  ruleSet: string;
  article: string;
  breach: Breach;
  ladder: EscalationRung[];
  /** The ladder rung a miss of this deadline reaches (0 for the duty itself, +1 per rectification). */
  rung: number;
  status: DeadlineStatus;
  /** Default `violation`. */
  onMiss?: MissMeaning;
  /** While its clock is paused. */
  suspension?: Suspension;
  /** Each time the due instant moved, old and new. */
  rearms?: Rearm[];
  /** The instant the duty was breached (or the period elapsed): the deadline itself. */
  missedAt?: string;
  /** When the workflow recorded the miss (at or just after dueAt). */
  escalatedAt?: string;
  escalatedTo?: EscalationRung['tier'];
}

/**
 * A breach on record (the supervision ledger is built on these). Open until the duty is done late
 * (rectified), the one who orders rectification accepts a proper reason (excused, 正当理由 —
 * Art. 39 (4) counts lateness only "without a proper reason"), or the matter is withdrawn.
 */
export type ViolationStatus = 'open' | 'rectified' | 'excused' | 'withdrawn';

export interface Violation {
  id: number;
  deadlineId: number;
  /** The duty that was late (for a missed rectification: the duty being rectified). */
  duty: string;
  article: string;
  clause?: string;
  /** The department in breach. */
  party: string;
  /** Who orders rectification (a department ID or `government:<code>`). */
  ordersRectification: string;
  /** The instant of the breach (the deadline). */
  at: string;
  status: ViolationStatus;
  /** How it left `open`: by whom, why, when. */
  resolution?: { by?: string; reason: string; at: string };
}

/** A case this case names, and how it relates to it in its process's terms (a correction `corrects` a share request). */
export interface CaseLink {
  caseId: string;
  process: Process;
  relation: string;
}

/** Everything the engine keeps for a case; `data` is the process's own. */
export interface CaseState<D = unknown, S extends string = string> {
  id: string;
  process: Process;
  stage: S;
  /** Increases with every recorded event; the read model ignores stale writes. */
  version: number;
  /** An open violation exists: a duty is outstanding past its deadline. */
  overdue: boolean;
  /** The jurisdiction whose rules govern the case (the duty-bearer's, docs/statute.md "Rule sets"). */
  jurisdiction: string;
  ruleSet: string | null;
  parties: CaseParty[];
  catalogueEntryId?: string;
  /** The cases this case names (their views list it back). */
  links?: CaseLink[];
  /** The cases that named this one, as their messages told it (recorded in both chains). */
  linkedFrom?: CaseLink[];
  /**
   * The next deadline and violation ids: ids stay stable when old, closed ones leave the state
   * (they stay in case_deadlines and case_violations).
   */
  counters?: { deadlines: number; violations: number };
  openedAt: string;
  deadlines: CaseDeadline[];
  violations: Violation[];
  data: D;
  /** Development fast clock: a working day lasts a minute (DEMO_FAST_CLOCK). */
  fastClock?: boolean;
  /** Who in each department handles the case's work now (by department id), when reassigned. */
  assignments?: Record<string, string>;
  /** When the last assignments were recorded (24 hours of them: the per-case rate). */
  assignmentLog?: string[];
}

/** The last recorded event: continue-as-new carries it so the chain goes on unbroken. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** What continue-as-new carries into the next run. */
export interface CarriedCase<D = unknown> {
  state: CaseState<D>;
  head: ChainHead;
  /** Update IDs of recent commands and the version each produced: a retry replays, never re-applies. */
  outcomes: Array<[updateId: string, version: number]>;
  /** Search attribute values already published. */
  published: Array<[name: string, value: string]>;
  /** Ids of batched items already applied (workflows/case/batch.ts). */
  batchSeen?: string[];
  /** Messages recorded but not yet delivered (workflows/case/courier.ts). */
  outbox?: CaseMessage[];
}

/** A case, by process and id. */
export interface CaseRef {
  process: Process;
  caseId: string;
}

/**
 * A command one case sends another once its own event is recorded, as the system principal. Its id
 * (`<from case>:<event seq>:<n>`) is the update's: delivered twice, it is applied once.
 */
export interface CaseMessage {
  id: string;
  from: CaseRef;
  to: CaseRef;
  command: string;
  body: Record<string, unknown>;
}

/** How the receiving case answered: applied (or already), or not taken, with the code and the reason. */
export type MessageAnswer = { delivered: true } | MessageRefusal;
export interface MessageRefusal {
  delivered: false;
  code: string;
  reason: string;
}

/** The start argument of every case workflow. */
export interface CaseStart<I> {
  input: I;
  /** Who opened the case, as the API authenticated them (set from the principal header). */
  opener?: Actor;
  carried?: CarriedCase;
  /** Continue-as-new once history reaches this many events (tests force it small). */
  historyThreshold?: number;
}

/** A case event as hashed and stored in `case_events`. */
export interface CaseEvent {
  seq: number;
  type: string;
  at: string;
  actor?: Actor;
  data?: Record<string, unknown>;
}

// Engine commands, the same for every process. A command's argument is its body as the API sends
// it; who sends it (the Actor) travels in a header (principal.ts).
export interface RectificationOrderCommand {
  workingDays: number;
  instructions: string;
}
export interface ViolationDecisionCommand {
  violationId: number;
  status: 'excused' | 'withdrawn';
  reason: string;
}

/**
 * A department's head gives the case's work to one of its people (recorded, never silent). A note is
 * for the department alone: the API keeps it in `case_notes` and the command carries its hash only.
 */
export interface AssignmentCommand {
  assigneeUserId: string;
  noteHash?: string;
}

/** Waits until the case has its rules and first deadline, then answers the state (opening). */
export const openedUpdate = defineUpdate<CaseState, []>('started');
/** Reconciliation (`npm run reconcile --repair`): the workflow writes its current state into the read model again. */
export const reprojectUpdate = defineUpdate<CaseState, []>('reproject');
export const caseStateQuery = defineQuery<CaseState>('state');

/** Input of the resolveRules activity: the duty-bearer's jurisdiction, when its clock starts, the kinds of period wanted. */
export interface RulesQuery {
  jurisdiction: string;
  at: string;
  kinds: readonly string[];
}

/** A period as the rule sets in force give it, with its source and the flags of every applicable rule of its kind. */
export interface ResolvedPeriod extends StatutoryRule {
  flags: Partial<Record<string, { ruleSet: string; article: string }>>;
}

export interface ResolvedRules {
  /** The most local rule set in force (the case's label), or null where none is. */
  ruleSet: string | null;
  /** By kind; a kind no rule set in force covers is absent. */
  periods: Partial<Record<string, ResolvedPeriod>>;
}

/** Input of the computeDeadline activity: the clock starts at `startedAt` (ISO instant). */
export interface DeadlineInput extends Period {
  startedAt: string;
  /** The duty-bearer's jurisdiction, for its own calendar adjustments. */
  jurisdiction?: string;
}

export interface ComputedDeadline extends Period {
  dueAt: string;
  dueDate: string;
  provisional: boolean;
  /** Computed on the development fast clock. */
  fastClock?: boolean;
}
