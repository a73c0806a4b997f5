import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('GET /rule-sets', () => {
  it('when listed, then national, heilongjiang and fushun are there with periods in force and articles', async () => {
    const { status, body } = await app.get('/rule-sets');
    expect(status).toBe(200);
    const ids = body.ruleSets.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['national', 'heilongjiang', 'fushun']));
    for (const r of body.ruleSets) {
      expect(r.inForce.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const d of r.deadlines) expect(d.article).toEqual(expect.any(String));
    }
  });
});

describe('GET /rule-sets/applicable', () => {
  it('when a Fushun county department starts a conditional reply on 2026-09-25, then Fushun Art. 21 (5 working days) wins over national 10', async () => {
    const { status, body } = await app.get('/rule-sets/applicable?jurisdiction=210423&date=2026-09-25');
    expect(status).toBe(200);
    expect(JSON.stringify(body)).toContain('fushun');
    const conditional = body.deadlines['reply.conditional'];
    expect(conditional.workingDays).toBe(5);
    expect(conditional.ruleSet).toBe('fushun');
  });

  it('when a Beijing department starts on 2026-09-25, then the national 10 working days apply (Art. 21)', async () => {
    const { body } = await app.get('/rule-sets/applicable?jurisdiction=110000&date=2026-09-25');
    expect(body.deadlines['reply.conditional'].workingDays).toBe(10);
    expect(body.deadlines['reply.conditional'].ruleSet).toBe('national');
  });

  it.each([
    ['jurisdiction missing', '/rule-sets/applicable?date=2026-09-25', 400, 'VALIDATION_FAILED'],
    ['date missing', '/rule-sets/applicable?jurisdiction=230100', 400, 'VALIDATION_FAILED'],
    ['date invalid', '/rule-sets/applicable?jurisdiction=230100&date=2026-13-01', 400, 'VALIDATION_FAILED'],
    ['jurisdiction unknown', '/rule-sets/applicable?jurisdiction=999999&date=2026-09-25', 400, 'UNKNOWN_JURISDICTION'],
  ])('when %s, then %i %s', async (_n, path, status, code) => {
    const res = await app.get(path);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });
});
