// The backup drill (`npm run backup:drill`, scripts/lib/backupDrill.ts) as CI runs it: a service with
// cases is backed up, both stores are wiped, the restore into fresh ones passes `audit:verify` and
// `reconcile`, each case is exactly where the backup left it, and it continues from there.
import { describe, expect, it } from 'vitest';
import { runBackupDrill } from '../scripts/lib/backupDrill';

describe('backup drill', () => {
  it('when a service with cases is backed up, wiped and restored, then the record verifies, reconcile finds nothing and the cases continue', { timeout: 300_000 }, async () => {
    const steps: string[] = [];
    const report = await runBackupDrill({ serverUrl: process.env.DATABASE_URL!, say: (l) => steps.push(l) });
    const { awaitingReply, awaitingDelivery } = report.cases;

    expect(report.beforeBackup[awaitingReply]!.stage).toBe('awaiting_reply');
    expect(report.beforeBackup[awaitingDelivery]!.stage).toBe('awaiting_delivery');
    // The same stage and the same last event hash: the restored record is the one backed up.
    expect(report.afterRestore).toEqual(report.beforeBackup);
    expect(report.checkpointsRestored).toBeGreaterThanOrEqual(1);
    expect(report.continued).toEqual({ [awaitingReply]: 'awaiting_delivery', [awaitingDelivery]: 'delivered' });

    expect(report.checks.map((c) => c.command)).toEqual(['npm run --silent audit:verify', 'npm run --silent reconcile', 'npm run --silent audit:verify', 'npm run --silent reconcile']);
    expect(report.checks[0]!.output).toMatch(/chains: 2 cases, 3 events, 0 superseded, 0 broken\n.*1 checkpoints.*0 broken\nthe record verifies: nothing is broken/);
    expect(report.checks[2]!.output).toMatch(/chains: 2 cases, 5 events, 0 superseded, 0 broken/);
    for (const i of [1, 3]) expect(report.checks[i]!.output).toBe('0 difference(s).');
    expect(steps.at(-1)).toBe('drill passed');
  });
});
