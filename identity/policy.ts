// Who may do what: declarative rules, action × role × the caller's relation to the case, read by
// every route (api/) and printed into docs/identity.md (npm run policy:table). Each process declares
// its rules with its API half (api/cases/registry.ts); this module knows no process. A caller with
// no relation that may read the case gets 404 — the case does not exist for them; one who may read
// but not act gets 403.
import type { Role } from './principal';

/**
 * How a caller's organisation stands to a case, derived from the case's parties (identity/relations.ts,
 * Art. 39–41): `<role>` for a party's own department, `<role>-authority` for the data-sharing
 * authority at that party's level, `superior-authority` for one above, `government` for a people's
 * government at or above a party; `own-department` for a department's own records; `none`.
 */
export type Relation = string;

export const SUPERIOR_AUTHORITY = 'superior-authority';
export const GOVERNMENT = 'government';
export const OWN_DEPARTMENT = 'own-department';
export const NO_RELATION = 'none';

/** The relation of the data-sharing authority at the level of a party in `role`. */
export const authorityOf = (role: string): Relation => `${role}-authority`;

/** Who may take an action: for each role, the relations in which it may. */
export type Rule = Partial<Record<Role, readonly Relation[]>>;

/** A process's rules by action; `read` decides visibility. */
export type ProcessPolicy = Readonly<Record<string, Rule>> & { read: Rule };

export const departmentPeople = (...relations: Relation[]): Rule => ({ staff: relations, sharing_office_head: relations });
export const headOnly = (...relations: Relation[]): Rule => ({ sharing_office_head: relations });

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

/** Whether the rule for `action` lets this role act in one of these relations (an opening: the role the opener takes). */
export const allowedTo = (policy: ProcessPolicy, action: string, role: Role, relations: ReadonlySet<Relation>): boolean => allows(policy[action], role, relations);

/** The decision for one caller on a case: its role and its relations to the case. */
export function decide(policy: ProcessPolicy, action: string, role: Role, relations: ReadonlySet<Relation>): Decision {
  if (!allows(policy.read, role, relations)) return 'not-found';
  return allows(policy[action], role, relations) ? 'allow' : 'forbidden';
}

/** The decision on a department's own record (a draft, a delegation): the caller's role and whether it is its department's. */
export function decideOnOwn<P extends Record<'read', Rule>>(policy: P, action: keyof P, role: Role, ownDepartment: boolean): Decision {
  const relations = new Set<Relation>([ownDepartment ? OWN_DEPARTMENT : NO_RELATION]);
  if (!allows(policy.read, role, relations)) return 'not-found';
  return allows(policy[action] as Rule, role, relations) ? 'allow' : 'forbidden';
}
export const decideOnDraft = (action: keyof typeof DRAFT_POLICY, role: Role, own: boolean): Decision => decideOnOwn(DRAFT_POLICY, action, role, own);

/** Whether this role reads cases in any relation of any of these policies (a department administrator reads none). */
export const readsCases = (policies: Iterable<ProcessPolicy>, role: Role): boolean => [...policies].some((p) => (p.read[role]?.length ?? 0) > 0);
