// One run of the audit-checkpoints Schedule: sequence the new events, then sign a checkpoint
// (Art. 35). All the work is in one activity; a Schedule tick that finds a run still going skips.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { AuditCheckpointRun } from './contract';

const { auditSequenceAndCheckpoint } = proxyActivities<Activities>({
  // A large backlog (the first run after migration) is taken in bounded slices, run after run.
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

export async function auditCheckpoint(): Promise<AuditCheckpointRun> {
  return auditSequenceAndCheckpoint();
}
