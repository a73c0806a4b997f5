// Read-model rows written straight into the tables (no workflow), for tests of what reads them
// whole — metrics, retention — where the values must be exact: cases with their parties, and events.
import { createHash } from 'node:crypto';
import type { Database } from '../../db/client';
import { caseDeadlines, caseEvents, caseParties, cases } from '../../db/schema';
import type { CaseDeadline } from '../../workflows/case/contract';
import { BEIJING } from './fixtures';

export interface SyntheticCase {
  id: string;
  stage?: string;
  process?: string;
  openedAt?: Date;
  closedAt?: Date | null;
  dueAt?: Date | null;
  overdue?: boolean;
  openViolations?: number;
  /** The state at version 1 (default empty): deadlines, for what reads them. */
  state?: object;
}

export async function insertCase(db: Database, c: SyntheticCase): Promise<void> {
  const openedAt = c.openedAt ?? new Date();
  const process = c.process ?? 'share-request';
  await db.insert(cases).values({
    id: c.id,
    process,
    workflowId: `${process}:${c.id}`,
    stage: c.stage ?? 'awaiting_reply',
    jurisdictionCode: '110000',
    openedAt,
    updatedAt: c.closedAt ?? openedAt,
    closedAt: c.closedAt ?? null,
    dueAt: c.dueAt ?? null,
    overdue: c.overdue ?? false,
    openViolations: c.openViolations ?? 0,
    version: 1,
    state: (c.state ?? {}) as never,
  });
  // Its deadlines as the recorder projects them (what a calendar change reads).
  const deadlines = ((c.state ?? {}) as { deadlines?: CaseDeadline[] }).deadlines ?? [];
  if (deadlines.length > 0) {
    await db.insert(caseDeadlines).values(
      deadlines.map((d) => ({
        caseId: c.id,
        id: d.id,
        process,
        kind: d.kind,
        departmentId: d.dutyBearer.departmentId,
        jurisdictionCode: d.dutyBearer.jurisdictionCode ?? '110000',
        status: d.status,
        startedAt: new Date(d.startedAt),
        // A synthetic due instant may be a placeholder: the due date's end stands in.
        dueAt: Number.isNaN(Date.parse(d.dueAt)) ? new Date(`${d.dueDate}T16:00:00Z`) : new Date(d.dueAt),
        dueDate: d.dueDate,
        provisional: d.provisional,
        version: 1,
        record: d,
      })),
    );
  }
  await db.insert(caseParties).values([
    { caseId: c.id, departmentId: BEIJING.requester, role: 'requester', standing: 'party', openedAt },
    { caseId: c.id, departmentId: BEIJING.provider, role: 'provider', standing: 'party', openedAt },
  ]);
}

/** An event row as the recorder writes it (hashes not checked here: these tests do not verify chains). */
export async function insertEvent(db: Database, e: { caseId: string; seq: number; revision?: number; type: string; at?: Date; data?: unknown; process?: string }): Promise<void> {
  await db.insert(caseEvents).values({
    caseId: e.caseId,
    seq: e.seq,
    revision: e.revision ?? 0,
    process: e.process ?? 'share-request',
    type: e.type,
    at: e.at ?? new Date(),
    data: e.data ?? null,
    prevHash: '0'.repeat(64),
    hash: createHash('sha256').update(`${e.caseId} ${e.seq} ${e.revision ?? 0}`).digest('hex'),
    stateHash: '0'.repeat(64),
    hashFormat: 3,
  });
}
