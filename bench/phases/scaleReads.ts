// The read queries measured at scale, and EXPLAIN ANALYZE of the list query as
// api/cases/service.ts list() builds it (same WHERE, ORDER BY and LIMIT; kept in step by hand).
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { loadJurisdictionTree } from '../../db/directory';
import { AUTHORITY_SECTOR, authorityDepartmentId } from '../../rules/seedData';
import { rows } from '../infra';

export interface ListRead {
  name: string;
  as: string;
  path: string;
  /** How list() scopes the caller: a party sees its own cases, an authority its jurisdictions. */
  scope: { party: string } | { authorityOf: string };
  where: string;
}

export const LIST_READS: ListRead[] = [
  {
    name: 'provider, awaiting_reply',
    as: '110000-public-security',
    path: '/share-requests?stage=awaiting_reply&limit=20',
    scope: { party: '110000-public-security' },
    where: "stage = 'awaiting_reply'",
  },
  {
    name: 'national authority, awaiting_reply',
    as: `100000-${AUTHORITY_SECTOR}`,
    path: '/share-requests?stage=awaiting_reply&limit=20',
    scope: { authorityOf: '100000' },
    where: "stage = 'awaiting_reply'",
  },
  {
    name: 'city authority, overdue',
    as: `210400-${AUTHORITY_SECTOR}`,
    path: '/share-requests?overdue=true&limit=20',
    scope: { authorityOf: '210400' },
    where: 'overdue = true',
  },
  {
    name: 'provider with few open cases, awaiting_reply',
    as: '100000-ecology-environment',
    path: '/share-requests?stage=awaiting_reply&limit=20',
    scope: { party: '100000-ecology-environment' },
    where: "stage = 'awaiting_reply'",
  },
];

export interface PlanSummary {
  name: string;
  executionMs: number;
  planningMs: number;
  topNodes: string[];
  plan: string[];
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function explainLists(db: Database): Promise<PlanSummary[]> {
  const tree = await loadJurisdictionTree(db);
  const out: PlanSummary[] = [];
  for (const q of LIST_READS) {
    // As api/cases/service.ts list(): a department's own cases through its case_parties rows, an
    // authority's through the jurisdictions it supervises.
    const cols =
      'c.id, c.process, c.stage, c.overdue, c.rule_set, c.jurisdiction_code, c.catalogue_entry_id, c.due_at, c.provisional, c.open_violations, c.opened_at, c.updated_at';
    const query =
      'party' in q.scope
        ? `explain (analyze, buffers) select ${cols} from case_parties cp join cases c on c.id = cp.case_id ` +
          `where cp.department_id = ${lit(q.scope.party)} and c.process = 'share-request' and c.${q.where} order by cp.opened_at desc, cp.case_id desc limit 21`
        : `explain (analyze, buffers) select ${cols} from cases c where c.process = 'share-request' and (c.jurisdiction_code in (${tree
            .list()
            .filter((j) => tree.isWithin(j.code, (q.scope as { authorityOf: string }).authorityOf))
            .map((j) => lit(j.code))
            .join(', ')}) or exists (select 1 from case_parties p where p.case_id = c.id and p.department_id = ${lit(authorityDepartmentId((q.scope as { authorityOf: string }).authorityOf))})) and c.${q.where} order by c.opened_at desc, c.id desc limit 21`;
    const plan = (await rows<{ 'QUERY PLAN': string }>(db, sql.raw(query))).map((r) => r['QUERY PLAN']);
    const num = (label: string) => Number(/([\d.]+) ms/.exec(plan.find((l) => l.startsWith(label)) ?? '')?.[1] ?? NaN);
    out.push({
      name: q.name,
      executionMs: num('Execution Time'),
      planningMs: num('Planning Time'),
      topNodes: plan.filter((l) => /^\s*(->\s*)?[A-Z][A-Za-z ]+(Scan|Sort|Limit|BitmapOr|Append)/.test(l)).slice(0, 4).map((l) => l.trim().replace(/\s+\(cost.*$/, '')),
      plan,
    });
  }
  return out;
}
