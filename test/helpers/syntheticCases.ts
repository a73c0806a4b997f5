// Read-model rows written straight into the tables (no workflow), for tests of what reads them
// whole — metrics, retention — where the values must be exact: cases with their parties, and events.
import { createHash } from 'node:crypto';
import type { Database } from '../../db/client';
import { caseEvents, caseParties, cases } from '../../db/schema';
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
