// Who is calling, once a token has been verified: a person (userId) acting for an organisation —
// a department (an authority is one too), a people's government, or the system's administrator.
import type { Department } from '../db/schema';

/**
 * What a person may be in their organisation; the identity provider's roles claim carries them.
 * `department_admin` runs its department's integration settings (webhooks) and nothing else: it
 * neither reads nor acts on cases.
 */
export const ROLES = ['staff', 'sharing_office_head', 'department_admin', 'government_official', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The verified claims of a token, before the directory is consulted. */
export interface VerifiedClaims {
  userId: string;
  organisationId: string;
  roles: Role[];
}

export interface Principal extends VerifiedClaims {
  /** The department the person works for (a data-sharing authority is a department too). */
  department?: Department;
  /** A people's government official's jurisdiction (organisation `<code>-government`). */
  governmentOf?: string;
  /** Art. 20: acting as the sharing office head by delegation (the head who named them). */
  actingFor?: string;
}

export const GOVERNMENT_SUFFIX = '-government';
export const governmentOrganisationId = (jurisdictionCode: string): string => `${jurisdictionCode}${GOVERNMENT_SUFFIX}`;

export const hasRole = (p: Pick<Principal, 'roles'>, role: Role): boolean => p.roles.includes(role);

/**
 * The role a policy is checked with: the strongest the person holds (one person, one hat). A case
 * role outranks `department_admin`: the integration settings need a token with that role alone.
 */
export function effectiveRole(p: Pick<Principal, 'roles'>): Role {
  for (const r of ['admin', 'government_official', 'sharing_office_head', 'staff', 'department_admin'] as const) if (p.roles.includes(r)) return r;
  return 'staff';
}
