// Read-only directory: jurisdictions (with authority and people's government), departments with
// their staff, and the published catalogue (Art. 13, 15, 16).
import { Router, type RequestHandler } from 'express';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { badRequest, notFound, parseInput } from '../errors';
import { identifier, jurisdictionCode } from '../validation';
import { catalogueEntries, departments, jurisdictions, staff, type CatalogueEntry } from '../../db/schema';
import { shanghaiIso } from '../../workflows/case/time';
import { ErrorCodes } from '../../workflows/shared';

export const DepartmentQuery = z.object({ jurisdiction: jurisdictionCode.optional() });
export const CatalogueQuery = z.object({
  provider: identifier.optional(),
  sharingAttribute: z.enum(['unconditional', 'conditional', 'not_shared']).optional(),
});
export const CommonSuperiorQuery = z.object({ a: jurisdictionCode, b: jurisdictionCode });

/** Instants as the API writes them everywhere (+08:00, milliseconds). */
const entryView = (e: CatalogueEntry) => ({ ...e, publishedAt: shanghaiIso(e.publishedAt) });

/** `authenticated`: the token check, for what lists people (staff of a department). */
export function directoryRoutes({ db, tree, authenticated }: Pick<AppDeps, 'db' | 'tree'> & { authenticated: RequestHandler }): Router {
  const router = Router();

  router.get('/jurisdictions', async (_req, res) => {
    res.json({ jurisdictions: await db.select().from(jurisdictions).orderBy(asc(jurisdictions.code)) });
  });

  // Before /:code so the literal path wins.
  router.get('/jurisdictions/common-superior', (req, res) => {
    const q = parseInput(CommonSuperiorQuery, req.query);
    for (const code of [q.a, q.b]) {
      if (!tree.has(code)) throw badRequest(ErrorCodes.UNKNOWN_JURISDICTION, `unknown jurisdiction ${code}`);
    }
    res.json({ commonSuperior: tree.commonSuperior(q.a, q.b) });
  });

  router.get('/jurisdictions/:code', async (req, res) => {
    const [row] = await db.select().from(jurisdictions).where(eq(jurisdictions.code, req.params.code));
    if (!row) throw notFound(`no jurisdiction ${req.params.code}`);
    res.json({ ...row, ancestors: tree.ancestorsOf(row.code).slice(1).map((j) => j.code) });
  });

  router.get('/departments', async (req, res) => {
    const q = parseInput(DepartmentQuery, req.query);
    const where = q.jurisdiction ? eq(departments.jurisdictionCode, q.jurisdiction) : undefined;
    res.json({ departments: await db.select().from(departments).where(where).orderBy(asc(departments.id)) });
  });

  router.get('/departments/:id', authenticated, async (req, res) => {
    const [row] = await db.select().from(departments).where(eq(departments.id, String(req.params.id)));
    if (!row) throw notFound(`no department ${req.params.id}`);
    const people = await db.select().from(staff).where(eq(staff.departmentId, row.id)).orderBy(asc(staff.id));
    res.json({ ...row, staff: people });
  });

  router.get('/catalogue-entries', async (req, res) => {
    const q = parseInput(CatalogueQuery, req.query);
    const filters: SQL[] = [];
    if (q.provider) filters.push(eq(catalogueEntries.providerDepartmentId, q.provider));
    if (q.sharingAttribute) filters.push(eq(catalogueEntries.sharingAttribute, q.sharingAttribute));
    const rows = await db.select().from(catalogueEntries).where(and(...filters)).orderBy(asc(catalogueEntries.id));
    res.json({ catalogueEntries: rows.map(entryView) });
  });

  router.get('/catalogue-entries/:id', async (req, res) => {
    const [row] = await db.select().from(catalogueEntries).where(eq(catalogueEntries.id, req.params.id));
    if (!row) throw notFound(`no catalogue entry ${req.params.id}`);
    res.json(entryView(row));
  });

  return router;
}
