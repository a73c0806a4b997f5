// The read queries measured at scale, and EXPLAIN ANALYZE of the list query as
// api/cases/service.ts list() builds it (same WHERE, ORDER BY and LIMIT; kept in step by hand).
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { loadJurisdictionTree } from '../../db/directory';
import { AUTHORITY_SECTOR } from '../../rules/seedData';
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
    const scope =
      'party' in q.scope
        ? `id in (select case_id from case_parties where department_id = ${lit(q.scope.party)})`
        : `jurisdiction_code in (${tree
            .list()
            .filter((j) => tree.isWithin(j.code, (q.scope as { authorityOf: string }).authorityOf))
            .map((j) => lit(j.code))
            .join(', ')})`;
    const query =
      'explain (analyze, buffers) select id, process, stage, overdue, rule_set, jurisdiction_code, catalogue_entry_id, due_at, provisional, ' +
      'open_violations, opened_at, updated_at from cases ' +
      `where process = 'share-request' and ${scope} and ${q.where} order by opened_at desc, id desc limit 21`;
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
