import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { startTestApp, type TestApp } from './helpers/app';
import { seedDemo } from '../db/seed';
import { catalogueEntries, departments, jurisdictions } from '../db/schema';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('seed', () => {
  it('when the demo seed runs twice, then nothing is duplicated', async () => {
    const before = await app.database.db.select({ n: count() }).from(departments);
    expect((await seedDemo(app.database.db)).inserted).toBe(0);
    const after = await app.database.db.select({ n: count() }).from(departments);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('when a conditional entry lacks its Art. 15 conditions, then PostgreSQL refuses the row', async () => {
    const [entry] = await app.database.db.select().from(catalogueEntries).limit(1);
    await expect(
      app.database.db.insert(catalogueEntries).values({ ...entry!, id: 'broken', sharingAttribute: 'conditional', sharingScope: null, usageConditions: null }),
    ).rejects.toThrow();
  });
});

describe('GET /jurisdictions', () => {
  it('when listed, then the seeded tree is there with authorities and governments', async () => {
    const { status, body } = await app.get('/jurisdictions');
    expect(status).toBe(200);
    const codes = body.jurisdictions.map((j: { code: string }) => j.code);
    expect(codes).toEqual(expect.arrayContaining(['100000', '230000', '230100', '210000', '210400', '110000']));
    for (const j of body.jurisdictions) {
      expect(j.authorityName).toEqual(expect.any(String));
      expect(j.governmentName).toEqual(expect.any(String));
    }
    const dbCount = await app.database.db.select({ n: count() }).from(jurisdictions);
    expect(body.jurisdictions).toHaveLength(dbCount[0]!.n);
  });

  it('when one is read, then its ancestors are listed up to national', async () => {
    const { status, body } = await app.get('/jurisdictions/230100');
    expect(status).toBe(200);
    expect(body.ancestors).toEqual(['230000', '100000']);
  });

  it('when it does not exist, then 404', async () => {
    const { status, body } = await app.get('/jurisdictions/999999');
    expect(status).toBe(404);
    expect(body.code).toBe('NOT_FOUND');
  });

  it('when Harbin and Fushun are compared, then their common superior is national (Art. 28)', async () => {
    const { status, body } = await app.get('/jurisdictions/common-superior?a=230100&b=210400');
    expect(status).toBe(200);
    expect(body.commonSuperior.code).toBe('100000');
  });

  it('when a common superior is asked for an unknown code, then 400 UNKNOWN_JURISDICTION', async () => {
    const { status, body } = await app.get('/jurisdictions/common-superior?a=230100&b=999999');
    expect(status).toBe(400);
    expect(body.code).toBe('UNKNOWN_JURISDICTION');
  });
});

describe('GET /departments and /catalogue-entries', () => {
  it('when departments of Harbin are listed, then each has a sharing office head', async () => {
    const { body } = await app.get('/departments?jurisdiction=230100');
    expect(body.departments.length).toBeGreaterThan(1);
    for (const d of body.departments) {
      const detail = await app.get(`/departments/${d.id}`, '230100-market-regulation-staff');
      expect(detail.body.staff.some((s: { role: string }) => s.role === 'sharing_office_head')).toBe(true);
    }
  });

  it('when a department does not exist, then 404', async () => {
    expect((await app.get('/departments/nope', '230100-market-regulation-staff')).status).toBe(404);
  });

  it('when a department with its staff is asked for without a bearer token, then 401 UNAUTHENTICATED and no names', async () => {
    const res = await app.get('/departments/230100-market-regulation');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(res.body)).not.toMatch(/head|staff/);
  });

  it('when the catalogue is filtered by sharing attribute, then only that attribute comes back, with Art. 15 fields', async () => {
    const { body } = await app.get('/catalogue-entries?sharingAttribute=not_shared');
    expect(body.catalogueEntries.length).toBeGreaterThan(0);
    for (const e of body.catalogueEntries) {
      expect(e.sharingAttribute).toBe('not_shared');
      expect(e.notSharedReason).toEqual(expect.any(String));
      expect(e.legalBasis).toEqual(expect.any(String));
    }
  });

  it('when the sharing attribute filter is not one of the three, then 400', async () => {
    const { status, body } = await app.get('/catalogue-entries?sharingAttribute=maybe');
    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
  });

  it('when a catalogue entry does not exist, then 404', async () => {
    expect((await app.get('/catalogue-entries/nope')).status).toBe(404);
  });
});
