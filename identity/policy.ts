// Who may do what: one declarative table, action × role × the caller's relation to the case, read
// by every route (api/) and printed into README (npm run policy:table). A caller with no relation
// that may read the case gets 404 — the case does not exist for them; one who may read but not act
// gets 403. Later processes add their actions and relations here.
import type { Process } from '../workflows/case/contract';
import type { Role } from './principal';

/**
 * How a caller's organisation stands to a case. For share requests (Art. 39, 40): the two parties;
 * the data-sharing authority at the provider's level (supervises the provider, decides extensions,
 * Art. 21, 39) and at the requester's level (Art. 40); an authority above either; a people's
 * government at or above either (Art. 41); for disputes, the coordinator (Art. 31).
 */
export const RELATIONS = [
  'requester',
  'provider',
  'provider-authority',
  'requester-authority',
  'superior-authority',
  'government',
  'coordinator',
  'own-department',
  'none',
] as const;
export type Relation = (typeof RELATIONS)[number];

/** The relations each process knows (the rest never arise for it). */
export const PROCESS_RELATIONS: Partial<Record<Process, readonly Relation[]>> = {
  'share-request': ['requester', 'provider', 'provider-authority', 'requester-authority', 'superior-authority', 'government', 'none'],
};

type Rule = Partial<Record<Role, readonly Relation[]>>;

const departmentPeople = (...relations: Relation[]): Rule => ({ staff: relations, sharing_office_head: relations });
/** Art. 39: a late reply or delivery goes to the provider's same-level authority, then to its people's government. */
const supervisors: Rule = {
  ...departmentPeople('provider-authority'),
  government_official: ['government'],
};

/** Share requests (Art. 18–22, 39–41). `read` decides visibility. */
const shareRequest = {
  read: { ...departmentPeople('requester', 'provider', 'provider-authority', 'requester-authority', 'superior-authority'), government_official: ['government'] },
  // Art. 20: sent only with the approval of the requester's sharing office head; staff draft it.
  submit: { sharing_office_head: ['requester'] },
  'submission-draft': departmentPeople('requester'),
  // Art. 20: the reply too is approved by the provider's sharing office head.
  reply: { sharing_office_head: ['provider'] },
  'reply-draft': departmentPeople('provider'),
  'supplement-notice': departmentPeople('provider'),
  supplement: departmentPeople('requester'),
  'extension-request': departmentPeople('provider'),
  // Art. 21: the provider's same-level authority agrees to an extension.
  'extension-decision': departmentPeople('provider-authority'),
  delivery: departmentPeople('provider'),
  'receipt-confirmation': departmentPeople('requester'),
  'rectification-order': supervisors,
  'violation-decision': supervisors,
  withdrawal: { sharing_office_head: ['requester'] },
  // Reassigning the work inside one's own department (recorded in the case).
  assignment: { sharing_office_head: ['requester', 'provider', 'provider-authority'] },
} satisfies Record<string, Rule>;

export type ShareRequestAction = keyof typeof shareRequest;

export const POLICY: Partial<Record<Process, Record<string, Rule>>> = { 'share-request': shareRequest };

/**
 * Art. 20 drafts (not cases): only the drafting department sees them; its staff and head edit,
 * only its head approves (which sends them) or returns them with a note.
 */
export const DRAFT_POLICY = {
  read: departmentPeople('own-department'),
  edit: departmentPeople('own-department'),
  approve: { sharing_office_head: ['own-department'] },
  return: { sharing_office_head: ['own-department'] },
} satisfies Record<string, Rule>;

/** Delegation (代理): a sharing office head names an acting head of its own department for a period. */
export const DELEGATION_POLICY = {
  read: departmentPeople('own-department'),
  grant: { sharing_office_head: ['own-department'] },
  revoke: { sharing_office_head: ['own-department'] },
} satisfies Record<string, Rule>;

/**
 * A department's outbound webhooks (integration settings, not cases): its people see that they
 * exist and how deliveries went; only its administrator (`department_admin`) registers, changes,
 * deletes them, rotates their secrets and redelivers. Nobody outside the department sees them.
 */
export const WEBHOOK_POLICY = {
  read: { ...departmentPeople('own-department'), department_admin: ['own-department'] },
  register: { department_admin: ['own-department'] },
  update: { department_admin: ['own-department'] },
  delete: { department_admin: ['own-department'] },
  'rotate-secret': { department_admin: ['own-department'] },
  redeliver: { department_admin: ['own-department'] },
} satisfies Record<string, Rule>;

/**
 * The working-day calendar (reading it is public): the State Council's holiday notice is loaded by
 * the national data-sharing authority's head, a regional adjustment by its provincial authority's
 * head. `own-department`: the caller's department is the authority the load belongs to. A load is a
 * preview until that head confirms it; the authority's people see its previews, nobody else does.
 */
export const CALENDAR_POLICY = {
  read: departmentPeople('own-department'),
  load: { sharing_office_head: ['own-department'] },
  confirm: { sharing_office_head: ['own-department'] },
} satisfies Record<string, Rule>;

export type Decision = 'allow' | 'forbidden' | 'not-found';

const allows = (rule: Rule | undefined, role: Role, relations: ReadonlySet<Relation>): boolean =>
  (rule?.[role] ?? []).some((r) => relations.has(r));

/** The decision for one caller: its role and its relations to the case. */
export function decide(process: Process, action: string, role: Role, relations: ReadonlySet<Relation>): Decision {
  const rules = POLICY[process];
  if (!rules) return 'not-found';
  if (!allows(rules.read, role, relations)) return 'not-found';
  return allows(rules[action], role, relations) ? 'allow' : 'forbidden';
}

/** The decision on a department's own record (a draft, a delegation): the caller's role and whether it is its department's. */
export function decideOnOwn<P extends Record<'read', Rule>>(policy: P, action: keyof P, role: Role, ownDepartment: boolean): Decision {
  const relations = new Set<Relation>([ownDepartment ? 'own-department' : 'none']);
  if (!allows(policy.read, role, relations)) return 'not-found';
  return allows(policy[action] as Rule, role, relations) ? 'allow' : 'forbidden';
}
export const decideOnDraft = (action: keyof typeof DRAFT_POLICY, role: Role, own: boolean): Decision => decideOnOwn(DRAFT_POLICY, action, role, own);

/** Whether this role reads any case of any process in any relation (a department administrator reads none). */
export const readsCases = (role: Role): boolean => Object.values(POLICY).some((rules) => (rules?.read?.[role]?.length ?? 0) > 0);

/** Whether any relation lets this role read cases at all (lists, ledgers). */
export const mayRead = (process: Process, role: Role, relation: Relation): boolean => allows(POLICY[process]?.read, role, new Set([relation]));
