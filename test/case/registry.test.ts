// The registry proven with a process that exists only in the tests (helpers/testProcess/): registered
// here, with no generic file changed, it gets its routes, OpenAPI entries that agree with the running
// app, a policy-table section, lists, the case's view, idempotency, 404/403, search attributes, its
// own activities and webhooks; and the registry refuses a declaration that is not whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { webhookDeliveries } from '../../db/schema';
import { ProcessRegistry, RegistryError } from '../../api/cases/registry';
import { engine } from '../../api/cases/engineCommands';
import { policyMarkdown } from '../../identity/policyTable';
import { PROCESS_APIS } from '../../processes';
import { workflowIdFor } from '../../workflows/shared';
import { inspectionApi, INSPECTION_PERIOD, INSPECTION_WORKFLOWS_PATH, WITH_INSPECTION, withInspection } from '../helpers/testProcess/api';
import { startLiveStack, type LiveStack } from '../helpers/liveStack';
import { answerChecker, METHODS, type Doc } from '../helpers/openapiAnswers';
import { eventually } from '../helpers/shareRequestHarness';
import { bearer } from '../helpers/tokens';

const INSPECTOR = '110000-market-regulation';
const CATALOGUER = '110000-public-security';
const AUTHORITY = '110000-data-sharing-authority';
const OUTSIDER = '210400-natural-resources';
const ADMIN = `${CATALOGUER}-admin`;

let live: LiveStack;
beforeAll(async () => {
  live = await startLiveStack({ processes: WITH_INSPECTION, workflowsPath: INSPECTION_WORKFLOWS_PATH });
});
afterAll(async () => {
  await live?.teardown();
});

const open = (headers: Record<string, string> = {}, as = `${INSPECTOR}-staff`) =>
  live.call('POST', '/test-inspections', { as, body: { cataloguerId: CATALOGUER, question: '目录是否已更新？' }, headers });

describe('a process registered by a test', () => {
  it('when it is opened, then it is a case like any other: its view, its deadline from its own activity, its parties by their roles, its search attributes', async () => {
    const res = await open();
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ process: 'test-inspection', stage: 'awaiting_answer', question: '目录是否已更新？', answer: null, ruleSet: 'test' });
    expect(res.body.id).toMatch(/^ti-/);
    expect(res.body.deadlines).toEqual([expect.objectContaining({ kind: 'answer', workingDays: INSPECTION_PERIOD.workingDays, article: 'Test Art. 1', dutyBearer: expect.objectContaining({ role: 'cataloguer', departmentId: CATALOGUER }) })]);
    expect(res.body.parties.map((p: { role: string; standing: string }) => [p.role, p.standing])).toEqual([['inspector', 'party'], ['cataloguer', 'party']]);
    const described = await live.client.workflow.getHandle(workflowIdFor('test-inspection', res.body.id)).describe();
    const attrs = described.typedSearchAttributes;
    const value = (name: string) => attrs.getAll().find((p) => p.key.name === name)?.value;
    expect([value('GdsProcess'), value('GdsStage'), value('GdsRequester'), value('GdsProvider'), value('GdsAwaiting')]).toEqual(['test-inspection', 'awaiting_answer', INSPECTOR, CATALOGUER, CATALOGUER]);
  });

  it('when it is opened twice with one key, then one case: the second answer replays it', async () => {
    const key = { 'Idempotency-Key': `ti-${Date.now()}` };
    const first = await open(key);
    const again = await open(key);
    expect([first.status, again.status, again.headers.get('idempotent-replayed'), again.body.id]).toEqual([201, 200, 'true', first.body.id]);
  });

  it('when parties, authorities and outsiders look, then the policy its declaration gives decides: its roles act, the cataloguer\'s authority reads, an outsider gets 404', async () => {
    const { body: c } = await open();
    for (const who of [INSPECTOR, `${CATALOGUER}-staff`, AUTHORITY, '110000-government-official']) {
      expect((await live.call('GET', `/test-inspections/${c.id}`, { as: who })).status, who).toBe(200);
      const listed = await live.call('GET', '/test-inspections?limit=100', { as: who });
      expect(listed.body.testInspections.some((x: { id: string; parties: Record<string, string> }) => x.id === c.id && x.parties.cataloguer === CATALOGUER), who).toBe(true);
    }
    const outsider = await live.call('GET', `/test-inspections/${c.id}`, { as: OUTSIDER });
    expect([outsider.status, outsider.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await live.call('GET', '/test-inspections', { as: OUTSIDER })).body.testInspections).toEqual([]);
    expect((await live.call('POST', `/test-inspections/${c.id}/answer`, { as: OUTSIDER, body: { text: 'x' } })).status).toBe(404);
    const wrong = await live.call('POST', `/test-inspections/${c.id}/answer`, { as: INSPECTOR, body: { text: '已更新' } });
    expect([wrong.status, wrong.body.code]).toEqual([403, 'FORBIDDEN']);
    const answered = await live.call('POST', `/test-inspections/${c.id}/answer`, { as: `${CATALOGUER}-staff`, body: { text: '已更新' } });
    expect(answered.body).toMatchObject({ stage: 'answered', answer: { text: '已更新' } });
    // The engine's commands come with it.
    expect((await live.call('POST', `/test-inspections/${c.id}/assignment`, { as: CATALOGUER, body: { assigneeUserId: `${CATALOGUER}-staff` } })).status).toBe(409);
  });

  it('when the cataloguer\'s department has a webhook for the process, then its events are delivered to it in its role', async () => {
    const hook = await live.call('POST', '/webhooks', { as: ADMIN, body: { url: 'http://127.0.0.1:9/ti-events', eventTypes: ['test-inspection.*'] } });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const types = await live.call('GET', '/webhooks/event-types', { as: ADMIN });
    expect(types.body.eventTypes).toEqual(expect.arrayContaining(['test-inspection.inspection_opened', 'test-inspection.inspection_answered', 'test-inspection.deadline_missed']));
    const { body: c } = await open();
    await eventually(async () => {
      const rows = await live.app.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.caseId, c.id));
      expect(rows.map((d) => [d.departmentId, d.relation, d.eventType])).toEqual([[CATALOGUER, 'cataloguer', 'inspection_opened']]);
    });
  });

  it('when the OpenAPI document is read, then the process\'s operations are in it and each answers what it documents', async () => {
    const doc = (await live.call('GET', '/openapi.json')).body as Doc;
    const answers = answerChecker(doc);
    expect(answers.validates('TestInspection', { id: 'ti-1' })).toBe(false);
    const { body: c } = await open();
    const requests: Array<[string, string, string, unknown?]> = [
      ['post', '/test-inspections', `${INSPECTOR}-staff`, { cataloguerId: CATALOGUER, question: '？' }],
      ['get', '/test-inspections', INSPECTOR],
      ['get', `/test-inspections/{id}`, INSPECTOR],
      ['post', `/test-inspections/{id}/answer`, CATALOGUER, { text: '答复' }],
    ];
    for (const [method, path, as, body] of requests) {
      const op = doc.paths[path]?.[method as (typeof METHODS)[number]];
      expect(op, `${method} ${path}`).toBeDefined();
      const res = await fetch(live.app.url + path.replace('{id}', c.id), {
        method: method.toUpperCase(),
        headers: { ...(await bearer(as)), ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      expect(answers.check(path, method, op!, res.status, res.headers.get('content-type') ?? '', await res.text()), `${method} ${path}`).toEqual([]);
      expect(res.status).toBeLessThan(300);
    }
    for (const engineCommand of ['rectification-order', 'violation-decision', 'assignment']) expect(doc.paths[`/test-inspections/{id}/${engineCommand}`]?.post).toBeDefined();
  });
});

describe('the registry', () => {
  it('when the policy tables are generated, then the process has its section with its own relations', () => {
    const md = policyMarkdown(withInspection().policySections());
    expect(md).toContain('**test-inspection** — relations: `inspector`, `cataloguer`, `inspector-authority`, `cataloguer-authority`, `superior-authority`, `government`');
    expect(md).toMatch(/\| `inspect` \| inspector \| inspector \|/);
  });

  it.each([
    ['a second process with the same name', [...PROCESS_APIS, inspectionApi, { ...inspectionApi, route: '/other', listKey: 'other', declaration: { ...inspectionApi.declaration, idPrefix: 'tj' } }], 'two processes have the name test-inspection'],
    ['a command without its API', [...PROCESS_APIS, { ...inspectionApi, commands: {} }], 'commands declared (answer, forward, pause, resume) differ from those with an API ()'],
    ['an opener whose role is not declared', [...PROCESS_APIS, { ...inspectionApi, declaration: { ...inspectionApi.declaration, opener: 'visitor' } }], "the opener's role visitor is not declared"],
    ['an id prefix taken', [...PROCESS_APIS, { ...inspectionApi, declaration: { ...inspectionApi.declaration, idPrefix: 'sr' } }], 'two processes have the id prefix sr'],
  ])('when it is given %s, then it refuses to start, naming the problem', (_what, processes, problem) => {
    expect(() => new ProcessRegistry(processes, engine)).toThrow(RegistryError);
    expect(() => new ProcessRegistry(processes, engine)).toThrow(problem);
  });
});
