// A usage period (使用时限, Art. 20) lies within bounds around the day of the request (Asia/Shanghai):
// it ends after that day, starts at most 31 days before it, and spans at most USAGE_PERIOD_MAX_YEARS
// (default 10). Outside them: 400 VALIDATION_FAILED naming the field, before anything is asked of Temporal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { submissionBody } from '../api/shareRequest/schemas';
import { loadConfig } from '../config';
import { shanghaiDate } from '../rules/calendar';
import { startTestApp, type TestApp } from './helpers/app';
import { BEIJING, submission } from './helpers/fixtures';
import { bearer } from './helpers/tokens';

const TODAY = '2026-12-07';
const period = (from: string, to: string) => submission({ usagePeriod: { from, to } });
const issuesOf = (body: unknown, maxYears?: number) => {
  const r = submissionBody({ today: () => TODAY, maxYears }).safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the usage period of a submission', () => {
  it.each([
    ['a year from today', '2026-12-07', '2027-12-06'],
    ['ending the day after the request', '2026-12-01', '2026-12-08'],
    ['starting 31 days before the request', '2026-11-06', '2027-11-05'],
    ['starting next year', '2027-06-01', '2028-05-31'],
    ['spanning exactly ten years', '2026-12-07', '2036-12-06'],
  ])('when it is %s, then it is accepted', (_name, from, to) => {
    expect(issuesOf(period(from, to))).toEqual([]);
  });

  it.each([
    ['ending on the day of the request', '2026-11-10', '2026-12-07', ['usagePeriod.to: must be after the day of the request (2026-12-07)']],
    ['starting 32 days before the request', '2026-11-05', '2027-11-04', ['usagePeriod.from: may start at most 31 days before the day of the request (2026-11-06)']],
    ['ending last year', '2025-01-01', '2025-12-31', ['usagePeriod.to: must be after the day of the request (2026-12-07)', 'usagePeriod.from: may start at most 31 days before the day of the request (2026-11-06)']],
    ['spanning ten years and a day', '2026-12-07', '2036-12-07', ['usagePeriod: a usage period spans at most 10 years']],
    ['running to the year 9999', '2026-12-07', '9999-12-31', ['usagePeriod: a usage period spans at most 10 years']],
  ])('when it is %s, then it is refused naming the field', (_name, from, to, issues) => {
    expect(issuesOf(period(from, to))).toEqual(issues);
  });

  it('when the bound is set lower, then a longer period is refused', () => {
    expect(issuesOf(period('2026-12-07', '2029-12-06'), 3)).toEqual([]);
    expect(issuesOf(period('2026-12-07', '2029-12-07'), 3)).toEqual(['usagePeriod: a usage period spans at most 3 years']);
  });

  it('when USAGE_PERIOD_MAX_YEARS is unset, then 10; it takes 1 to 100', () => {
    expect(loadConfig({}).usagePeriodMaxYears).toBe(10);
    expect(loadConfig({ USAGE_PERIOD_MAX_YEARS: '5' }).usagePeriodMaxYears).toBe(5);
    for (const bad of ['0', '101', 'ten']) expect(() => loadConfig({ USAGE_PERIOD_MAX_YEARS: bad })).toThrow(/USAGE_PERIOD_MAX_YEARS/);
  });
});

describe('the usage period through the API (the day of the request is the server\'s)', () => {
  const noTemporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }); // refused before Temporal is asked
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ temporal: noTemporal, usagePeriodMaxYears: 2 });
  });
  afterAll(async () => {
    await app?.close();
  });

  const post = async (path: string, body: unknown, as = BEIJING.requester) =>
    fetch(`${app.url}${path}`, { method: 'POST', headers: { ...(await bearer(as)), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it.each([
    ['a submission', '/share-requests', BEIJING.requester],
    ['a draft of one', '/share-requests/drafts', `${BEIJING.requester}-staff`],
  ])('when %s names a period that ended, or one longer than USAGE_PERIOD_MAX_YEARS, then 400 VALIDATION_FAILED naming it', async (_name, path, as) => {
    const today = shanghaiDate(new Date());
    const ended = await post(path, submission({ usagePeriod: { from: '2020-01-01', to: '2020-12-31' } }), as);
    expect(ended.status).toBe(400);
    const body = (await ended.json()) as { code: string; errors: Array<{ path: string }> };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e) => e.path)).toEqual(['usagePeriod.to', 'usagePeriod.from']);
    // To the same day two years on: a day past USAGE_PERIOD_MAX_YEARS (2) here.
    const tooLong = await post(path, submission({ usagePeriod: { from: today, to: `${Number(today.slice(0, 4)) + 2}${today.slice(4)}` } }), as);
    expect([tooLong.status, ((await tooLong.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path)]).toEqual([400, ['usagePeriod']]);
  });
});
