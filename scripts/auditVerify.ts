// `npm run audit:verify [-- --json]`: recomputes every case's hash chain and stored state in the
// configured database (Art. 29 records as evidence; Art. 35 tamper prevention), prints each broken
// case with its first broken row and a summary; exit 1 if anything is broken. --json prints the
// NDJSON lines of GET /audit/verify instead. With the embedded PGlite, run it while `npm start` is stopped.
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { runAudit, type AuditFinding } from '../audit/verifyChains';

const json = process.argv.includes('--json');
const print = (line: string): void => void process.stdout.write(`${line}\n`);
const describe = (f: AuditFinding) => `BROKEN ${f.caseId ?? '-'}  seq ${f.seq ?? '-'} revision ${f.revision ?? '-'}  ${f.problem}: ${f.message}  [${f.check}]`;

const database = await openDatabase(loadConfig().database);
try {
  const summary = await runAudit({ db: database.db, scope: {}, report: (f) => print(json ? JSON.stringify(f) : describe(f)) });
  if (json) print(JSON.stringify({ summary }));
  else {
    for (const [check, counts] of Object.entries(summary.checks)) print(`${check}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
    print(summary.ok ? 'the record verifies: nothing is broken' : `${summary.broken} broken`);
  }
  process.exitCode = summary.ok ? 0 : 1;
} finally {
  await database.close();
}
