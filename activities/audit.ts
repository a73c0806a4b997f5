// The audit log's one activity: sequence the queued events, then sign a checkpoint (Art. 35).
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../db/client';
import { sequencePending } from '../audit/sequencer';
import { assertSameSuite, latestCheckpoint, LogSuiteMismatch, takeCheckpoint } from '../audit/checkpoints';
import type { CheckpointSigner } from '../audit/signing';
import type { AuditCheckpointRun } from '../workflows/audit/contract';

export function createAuditActivities({ db, signer }: { db: Database; signer?: CheckpointSigner }) {
  return {
    async auditSequenceAndCheckpoint(): Promise<AuditCheckpointRun> {
      if (!signer) throw ApplicationFailure.nonRetryable('this worker has no audit signing key', 'AUDIT_SIGNING_KEY_MISSING');
      try {
        assertSameSuite(await latestCheckpoint(db), signer);
      } catch (err) {
        if (err instanceof LogSuiteMismatch) throw ApplicationFailure.nonRetryable(err.message, 'AUDIT_SUITE_MISMATCH');
        throw err;
      }
      const { appended, size } = await sequencePending(db, signer.suite);
      const cp = await takeCheckpoint(db, signer);
      return { appended, size, checkpoint: cp ? { treeSize: cp.treeSize, rootHash: cp.rootHash, time: cp.time } : null };
    },
  };
}
