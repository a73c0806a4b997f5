import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('GET /calendar/deadline', () => {
  it('when a conditional request is received 2026-09-25 (national Art. 21, 10 working days), then it is due 2026-10-16T00:00+08:00 with the National Day holiday listed', async () => {
    const { status, body } = await app.get('/calendar/deadline?from=2026-09-25&workingDays=10');
    expect(status).toBe(200);
    expect(body.dueAt).toBe('2026-10-16T00:00:00.000+08:00');
    expect(body.dueDate).toBe('2026-10-15');
    expect(body.provisional).toBe(false);
    const skipped = body.skipped.map((s: { date: string }) => s.date);
    expect(skipped).toContain('2026-10-01');
    expect(skipped).toContain('2026-10-07');
    // 2026-10-10 (Saturday) is a make-up working day (调休, 2026 notice): not skipped.
    expect(skipped).not.toContain('2026-10-10');
    expect(skipped).toContain('2026-10-11');
    for (const s of body.skipped) expect(typeof s.reason).toBe('string');
  });

  it('when the span reaches a year without a loaded notice, then the answer is provisional', async () => {
    const { status, body } = await app.get('/calendar/deadline?from=2026-12-28&workingDays=10');
    expect(status).toBe(200);
    expect(body.provisional).toBe(true);
    expect(body.skipped.map((s: { date: string }) => s.date)).toContain('2027-01-01');
  });

  it('when a jurisdiction is given that exists, then it is accepted', async () => {
    const { status, body } = await app.get('/calendar/deadline?from=2026-09-25&workingDays=5&jurisdiction=210400');
    expect(status).toBe(200);
    expect(body.jurisdiction).toBe('210400');
  });

  it.each([
    ['from missing', '/calendar/deadline?workingDays=3', 'VALIDATION_FAILED'],
    ['from not a date', '/calendar/deadline?from=2026-02-30&workingDays=3', 'VALIDATION_FAILED'],
    ['from badly written', '/calendar/deadline?from=25/09/2026&workingDays=3', 'VALIDATION_FAILED'],
    ['workingDays zero', '/calendar/deadline?from=2026-09-25&workingDays=0', 'VALIDATION_FAILED'],
    ['workingDays fractional', '/calendar/deadline?from=2026-09-25&workingDays=1.5', 'VALIDATION_FAILED'],
    ['workingDays not a number', '/calendar/deadline?from=2026-09-25&workingDays=ten', 'VALIDATION_FAILED'],
    ['jurisdiction malformed', '/calendar/deadline?from=2026-09-25&workingDays=3&jurisdiction=HLJ', 'VALIDATION_FAILED'],
    ['jurisdiction unknown', '/calendar/deadline?from=2026-09-25&workingDays=3&jurisdiction=999999', 'UNKNOWN_JURISDICTION'],
  ])('when %s, then 400 with code %s', async (_name, path, code) => {
    const { status, body } = await app.get(path);
    expect(status).toBe(400);
    expect(body.code).toBe(code);
    expect(body.detail).toEqual(expect.any(String));
  });
});

describe('unknown routes', () => {
  it('when a path does not exist, then 404 NOT_FOUND as JSON', async () => {
    const { status, body } = await app.get('/no-such-thing');
    expect(status).toBe(404);
    expect(body.code).toBe('NOT_FOUND');
  });
});
