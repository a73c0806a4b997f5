// GET /audit/verify: the record's chains recomputed (Art. 29 records as evidence; Art. 35 tamper
// prevention) over the cases the caller may see, streamed as NDJSON so that a large database never
// holds one request silent: a line per broken case, progress lines while it walks, a summary last
// (or { error: <problem details> } when the database fails midway).
import { once } from 'node:events';
import { Router, type Response } from 'express';
import type { Database } from '../../db/client';
import type { JurisdictionTree } from '../../rules/jurisdictions';
import type { Logger } from '../../logger';
import { caseChains, runAudit, type AuditCheck } from '../../audit/verifyChains';
import { merkleLogCheck } from '../../audit/verifyLog';
import { ErrorCodes } from '../../workflows/shared';
import { callerOf } from '../caller';
import { sql } from 'drizzle-orm';
import { effectiveRole, hasRole } from '../../identity/principal';
import { readsCases } from '../../identity/policy';
import { visibleTo } from '../cases/visibility';
import { ApiError } from '../errors';
import type { ProcessRegistry } from '../cases/registry';
import { infrastructureError } from '../infrastructure';
import { problemOf } from '../problem';

/** At most one progress line this often (a proxy's idle timeout is usually 60 s or more). */
export const PROGRESS_EVERY_MS = 5_000;

/** Writes one NDJSON line, waiting while the client is slow; false once it has gone away. */
async function writeLine(res: Response, value: unknown): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(`${JSON.stringify(value)}\n`)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  return !res.destroyed;
}

export function auditRoutes({ db, tree, log, processes }: { db: Database; tree: JurisdictionTree; log: Logger; processes: ProcessRegistry }): Router {
  // Mounted behind authentication (api/app.ts).
  const router = Router();

  router.get('/verify', async (req, res) => {
    const stop = new AbortController();
    res.on('close', () => stop.abort());
    res.status(200).set({ 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' });
    if (req.method === 'HEAD') return void res.end(); // Express routes HEAD here: no walk for nothing
    let lastLine = Date.now();
    const line = async (value: unknown) => {
      lastLine = Date.now();
      if (!(await writeLine(res, value))) stop.abort();
    };
    try {
      // The log covers every case at once: it is checked for the administrator (the whole record);
      // anyone else checks its cases' chains here and their inclusion with GET /audit/checkpoints?caseId=.
      const caller = callerOf(req);
      const admin = hasRole(caller, 'admin');
      const checks = admin ? [caseChains, merkleLogCheck() as unknown as AuditCheck] : [caseChains];
      const summary = await runAudit({
        db,
        // The cases the policy lets the caller read; the administrator checks the whole record. A
        // role that reads no case (a department's administrator of integration settings) verifies
        // none either: a finding would name the case.
        scope: admin ? {} : { cases: readsCases(processes.policies(), effectiveRole(caller)) ? visibleTo(tree, caller) : sql`FALSE` },
        report: line,
        progress: (check, counts) => (Date.now() - lastLine >= PROGRESS_EVERY_MS ? line({ progress: { check, ...counts } }) : undefined),
        signal: stop.signal,
      }, checks);
      await line({ summary });
    } catch (err) {
      // Nothing written yet: the error middleware answers as for any request (503 and Retry-After).
      if (!res.headersSent) throw err;
      const apiError = infrastructureError(err) ?? new ApiError(500, ErrorCodes.INTERNAL, 'internal error');
      if (apiError.status >= 500 && apiError.status !== 503) log.error({ err, path: req.path }, 'audit failed mid-stream');
      // The line of a failure is the problem details an answer would have carried.
      await line({ error: problemOf(apiError) });
    }
    res.end();
  });
  return router;
}
