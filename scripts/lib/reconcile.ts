// Reconciliation of Temporal and the read model, both ways: every open case in `cases` against its
// workflow, and every running workflow that carries our search attributes against `cases`. With
// repair, a running workflow re-projects itself through its own recorder (the `reproject` update);
// nothing here writes events or the read model itself.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { inArray, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { cases } from '../../db/schema';
import { caseStateQuery, parseWorkflowId, reprojectUpdate } from '../../workflows/shared';
import { PROCESSES } from '../../processes';

export type DifferenceKind =
  | 'missing_in_read_model' // a running workflow has no case row
  | 'read_model_behind' // the row is at an older version or another stage than the workflow
  | 'read_model_ahead' // the row is newer than the workflow (should never happen)
  | 'workflow_missing' // an open case row has no workflow (e.g. past retention without closing)
  | 'workflow_closed'; // an open case row whose workflow has closed

export interface Difference {
  caseId: string;
  workflowId: string;
  kind: DifferenceKind;
  detail: string;
  repaired?: boolean;
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function compare(client: Client, row: { id: string; process: string; workflowId: string; stage: string; version: number }): Promise<Difference | undefined> {
  const base = { caseId: row.id, workflowId: row.workflowId };
  const handle = client.workflow.getHandle(row.workflowId);
  let status: string;
  try {
    status = (await handle.describe()).status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { ...base, kind: 'workflow_missing', detail: `case is ${row.stage} in the read model; Temporal has no workflow` };
    throw err;
  }
  if (status !== 'RUNNING') return { ...base, kind: 'workflow_closed', detail: `workflow is ${status}; read model still open at ${row.stage}` };
  const state = await handle.query(caseStateQuery);
  if (state.version > row.version || (state.version === row.version && state.stage !== row.stage)) {
    return { ...base, kind: 'read_model_behind', detail: `workflow v${state.version} ${state.stage}; read model v${row.version} ${row.stage}` };
  }
  if (state.version < row.version) return { ...base, kind: 'read_model_ahead', detail: `workflow v${state.version}; read model v${row.version}` };
  return undefined;
}

export async function reconcile({ db, client, repair = false, processes = PROCESSES.names() }: { db: Database; client: Client; repair?: boolean; processes?: readonly string[] }): Promise<Difference[]> {
  const differences: Difference[] = [];

  // 1. Every open case in the read model, against its workflow.
  const open = await db.select({ id: cases.id, process: cases.process, workflowId: cases.workflowId, stage: cases.stage, version: cases.version }).from(cases).where(isNull(cases.closedAt));
  await inBatches(open, 8, async (row) => {
    const d = await compare(client, row);
    if (d) differences.push(d);
  });

  // 2. Every running workflow that carries our search attributes, against the read model.
  const query = `ExecutionStatus = 'Running' AND GdsProcess IN (${processes.map((p) => `'${p}'`).join(', ')})`;
  const running: Array<{ workflowId: string; caseId: string }> = [];
  for await (const wf of client.workflow.list({ query })) {
    const parsed = parseWorkflowId(wf.workflowId, processes);
    if (parsed) running.push({ workflowId: wf.workflowId, caseId: parsed.caseId });
  }
  for (let i = 0; i < running.length; i += 500) {
    const batch = running.slice(i, i + 500);
    const known = new Set((await db.select({ id: cases.id }).from(cases).where(inArray(cases.id, batch.map((r) => r.caseId)))).map((r) => r.id));
    for (const r of batch) if (!known.has(r.caseId)) differences.push({ ...r, kind: 'missing_in_read_model', detail: 'a running workflow has no row in cases' });
  }

  if (repair) {
    await inBatches(
      differences.filter((d) => d.kind === 'missing_in_read_model' || d.kind === 'read_model_behind'),
      8,
      async (d) => {
        try {
          await client.workflow.getHandle(d.workflowId).executeUpdate(reprojectUpdate);
          d.repaired = true;
        } catch (err) {
          d.repaired = false;
          d.detail += ` (not repaired: ${(err as Error).message})`;
        }
      },
    );
  }
  return differences.sort((a, b) => a.caseId.localeCompare(b.caseId));
}
