// A caller's relations to a case, from the case's parties and the jurisdiction tree (Art. 39–41):
// an authority supervises the parties of its own level and everything below it; a people's
// government likewise.
import type { CaseParty } from '../workflows/case/contract';
import type { JurisdictionTree } from '../rules/jurisdictions';
import { AUTHORITY_SECTOR } from '../rules/seedData';
import type { Principal } from './principal';
import type { Relation } from './policy';

/** The party roles whose departments are supervised (their authority chains). */
const SUPERVISED: Record<string, Relation> = { requester: 'requester-authority', provider: 'provider-authority' };

export function relationsTo(tree: JurisdictionTree, p: Principal, parties: readonly CaseParty[]): Set<Relation> {
  const out = new Set<Relation>();
  const supervised = parties.filter((x) => x.role in SUPERVISED);
  for (const party of parties) {
    if (p.department?.id === party.departmentId && (party.role === 'requester' || party.role === 'provider' || party.role === 'coordinator')) out.add(party.role);
  }
  if (p.department?.sector === AUTHORITY_SECTOR) {
    const at = p.department.jurisdictionCode;
    for (const party of supervised) {
      if (party.jurisdictionCode === at) out.add(SUPERVISED[party.role]!);
      else if (tree.has(party.jurisdictionCode) && tree.isWithin(party.jurisdictionCode, at)) out.add('superior-authority');
    }
  }
  if (p.governmentOf && supervised.some((x) => tree.has(x.jurisdictionCode) && tree.isWithin(x.jurisdictionCode, p.governmentOf!))) out.add('government');
  if (out.size === 0) out.add('none');
  return out;
}
