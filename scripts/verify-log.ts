// `npm run audit:verify-log [-- --key <public key file>] [--json]`: recomputes the audit log from
// scratch (audit/verifyLog.ts) and prints every finding, naming the case, seq and log leaf; exit 1
// while any remains. Checkpoints are checked against the public key given with --key (as published
// earlier, e.g. saved from GET /audit/checkpoints), else the one in AUDIT_SIGNING_KEY_FILE, else the
// keys the database lists (weakest: whoever rewrote the database could have rewritten those too).
// Uses the service's configuration; with the embedded PGlite, run it while `npm start` is stopped.
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { verifyLog } from '../audit/verifyLog';

function argAfter(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function trustedKeys(keyFile: string | undefined, signingKeyFile: string): Promise<{ keys?: string[]; from: string }> {
  if (keyFile) return { keys: [await readFile(keyFile, 'utf8')], from: keyFile };
  const own = await readFile(signingKeyFile, 'utf8').catch(() => undefined);
  if (own) return { keys: [(JSON.parse(own) as { publicKey: string }).publicKey], from: signingKeyFile };
  return { from: 'the keys listed in the database' };
}

const config = loadConfig();
const trusted = await trustedKeys(argAfter('--key'), config.audit.signingKeyFile);
const database = await openDatabase(config.database);
try {
  const result = await verifyLog(database.db, { trustedKeys: trusted.keys });
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    for (const f of result.findings) process.stdout.write(`${f.kind.padEnd(22)} ${f.message}\n`);
    process.stdout.write(
      `${result.leaves} leaves, ${result.checkpoints} checkpoints (keys: ${trusted.from}), ${result.pending} events queued: ` +
        `${result.findings.length}${result.truncated ? '+' : ''} finding(s).\n`,
    );
  }
  process.exitCode = result.ok ? 0 : 1;
} finally {
  await database.close();
}
