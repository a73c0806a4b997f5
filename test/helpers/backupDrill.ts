// What every backup drill's report must show, whatever the topology (test/ops.backupDrill.test.ts,
// test/stack.backupDrill.test.ts): the record restored as backed up, verified and reconciled, and
// the cases continuing from where the backup left them.
import { expect } from 'vitest';
import type { DrillReport } from '../../scripts/lib/backupDrill';

export function expectDrillPassed(report: DrillReport, steps: string[]): void {
  const { awaitingReply, awaitingDelivery } = report.cases;
  expect(report.beforeBackup[awaitingReply]!.stage).toBe('awaiting_reply');
  expect(report.beforeBackup[awaitingDelivery]!.stage).toBe('awaiting_delivery');
  // The same stage and the same last event hash: the restored record is the one backed up.
  expect(report.afterRestore).toEqual(report.beforeBackup);
  expect(report.checkpointsRestored).toBeGreaterThanOrEqual(1);
  // A reply and a delivery are Temporal updates: the workflows came back with the record.
  expect(report.continued).toEqual({ [awaitingReply]: 'awaiting_delivery', [awaitingDelivery]: 'delivered' });

  expect(report.checks.map((c) => c.command)).toEqual(['npm run --silent audit:verify', 'npm run --silent reconcile', 'npm run --silent audit:verify', 'npm run --silent reconcile']);
  expect(report.checks[0]!.output).toMatch(/chains: 2 cases, 3 events, 0 superseded, 0 broken\n.*1 checkpoints.*0 broken\nthe record verifies: nothing is broken/);
  expect(report.checks[2]!.output).toMatch(/chains: 2 cases, 5 events, 0 superseded, 0 broken/);
  for (const i of [1, 3]) expect(report.checks[i]!.output).toBe('0 difference(s).');
  expect(steps.at(-1)).toBe('drill passed');
}
