// The backup drill (`npm run backup:drill`, scripts/lib/backupDrill.ts) as CI runs it: a service with
// cases is backed up, both stores are wiped, the restore into fresh ones passes `audit:verify` and
// `reconcile`, each case is exactly where the backup left it, and it continues from there. The
// drill on the production stack (`-- --stack`) is test/stack.backupDrill.test.ts.
import { describe, expect, it } from 'vitest';
import { npmScript, runBackupDrill } from '../scripts/lib/backupDrill';
import { expectDrillPassed } from './helpers/backupDrill';

describe('backup drill', () => {
  it('when a service with cases is backed up, wiped and restored, then the record verifies, reconcile finds nothing and the cases continue', { timeout: 300_000 }, async () => {
    const steps: string[] = [];
    const report = await runBackupDrill({ serverUrl: process.env.DATABASE_URL!, say: (l) => steps.push(l) });
    expectDrillPassed(report, steps);
  });

  it('when npm run backup:drill is given an unknown option, or no DATABASE_URL without --stack, then it exits 2 saying why, starting nothing', { timeout: 60_000 }, async () => {
    await expect(npmScript('backup:drill', {}, ['--stak'])).rejects.toThrow(/failed \(exit 2\):[\s\S]*Unknown option '--stak'[\s\S]*usage: npm run backup:drill \[-- --stack\]/);
    await expect(npmScript('backup:drill', { DATABASE_URL: '' })).rejects.toThrow(/failed \(exit 2\):[\s\S]*needs a PostgreSQL server: set DATABASE_URL[\s\S]*-- --stack/);
  });
});
