// The OpenAPI document against the running app (a Temporal dev server, a worker, PostgreSQL):
// every documented operation is requested, and none may meet the router's "no such route" 404;
// each answers a status the document lists for it, with a media type and a body its schema allows;
// and the Express router has exactly the routes the document has, no more and no fewer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { NO_ROUTE_MESSAGE } from '../api/errors';
import { BEIJING, submission } from './helpers/fixtures';
import { startLiveStack, type LiveStack } from './helpers/liveStack';
import { recordMountPaths, routesOf } from './helpers/routerWalk';
import { bearer, testIssuer } from './helpers/tokens';

const { requester: REQ, provider: PROV, authority: AUTH, conditionalEntry: ENTRY } = BEIJING;
/** Refused here, as documented: no deadline was missed (so no rectification, no violation 1), and the draft was approved before. */
const REFUSED_HERE = ['orderRectification 409', 'decideViolation 400', 'returnDraft 409'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  operationId: string;
  security?: Array<Record<string, unknown>>;
  responses: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }>;
}
type Doc = { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>; components: { responses: Record<string, Operation['responses'][string]> } };

/** How to request an operation so that it does something real; absent, a plain request as the requester's head. */
interface Plan {
  as?: string;
  /** Path parameters by the name of a fixture in `ids` (default: the parameter's own name). */
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
}
const ADMIN = `${REQ}-admin`;
/** Loopback is allow-listed in tests (test/helpers/webhooks.ts); nothing listens there, so deliveries wait to be retried. */
const HOOK_URL = 'http://127.0.0.1:9/gds-events';
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();
const PLANS: Record<string, Plan> = {
  submitShareRequest: { body: submission() },
  reply: { as: PROV, body: { decision: 'agree' } },
  // The document's order is reply, delivery, receipt on the first case; the second goes through a
  // supplement and an extension and is withdrawn; the third is assigned.
  sendSupplementNotice: { as: PROV, params: { id: 'second' }, body: { missingItems: ['营业执照'] } },
  supplement: { params: { id: 'second' }, body: { items: ['营业执照'] } },
  requestExtension: { as: PROV, params: { id: 'second' }, body: { workingDays: 2, reason: '核验数据' } },
  decideExtension: { as: AUTH, params: { id: 'second' }, body: { approved: true } },
  deliver: { as: PROV, body: { method: 'service_api', reference: 'SVC-0001' } },
  confirmReceipt: { body: {} },
  orderRectification: { as: AUTH, params: { id: 'second' }, body: { workingDays: 5, instructions: '限期整改' } },
  decideViolation: { as: AUTH, params: { id: 'second' }, body: { violationId: 1, status: 'excused', reason: '正当理由' } },
  withdraw: { params: { id: 'second' }, body: {} },
  assign: { params: { id: 'third' }, body: { assigneeUserId: `${REQ}-staff` } },
  draftSubmission: { as: `${REQ}-staff`, body: submission() },
  editDraft: { as: `${REQ}-staff`, body: submission({ usageScope: '本部门政务服务（修改）' }) },
  returnDraft: { body: { note: '请补充' } },
  draftReply: { as: `${PROV}-staff`, body: { decision: 'agree' } },
  grantDelegation: { body: { actingUserId: `${REQ}-staff`, from: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), to: inAMonth().replace(/\.\d+Z$/, 'Z') } },
  commonSuperior: { query: 'a=110000&b=230100' },
  listDepartments: { query: 'jurisdiction=110000' },
  getDepartment: { params: { id: 'department' } },
  getCatalogueEntry: { params: { id: 'entry' } },
  computeDeadline: { query: 'from=2026-09-25&workingDays=10' },
  applicableRules: { query: 'jurisdiction=210400&date=2026-09-25' },
  auditVerify: { as: 'admin' },
  devToken: { body: { userId: 'admin' } },
  // A department's administrator manages its webhooks; a second webhook is the one deleted.
  registerWebhook: { as: ADMIN, body: { url: HOOK_URL, eventTypes: ['share-request.*'] } },
  updateWebhook: { as: ADMIN, body: { description: '数据共享事件' } },
  deleteWebhook: { as: ADMIN, params: { webhookId: 'webhookToDelete' } },
  rotateWebhookSecret: { as: ADMIN },
  redeliverWebhookDelivery: { as: ADMIN },
};

let stack: LiveStack;
let doc: Doc;
/** Path parameters by name: real ones, made through the API. */
const ids: Record<string, string> = { code: '110000', department: REQ, entry: ENTRY };

beforeAll(async () => {
  recordMountPaths();
  stack = await startLiveStack({ devIssuer: await testIssuer() });
  doc = (await stack.call('GET', '/openapi.json')).body as Doc;
  const hooks = await Promise.all([1, 2].map(() => stack.call('POST', '/webhooks', { as: ADMIN, body: PLANS.registerWebhook!.body })));
  expect(hooks.map((r) => r.status)).toEqual([201, 201]);
  const opened = await Promise.all([1, 2, 3].map(() => stack.call('POST', '/share-requests', { as: REQ, body: submission() })));
  const draft = await stack.call('POST', '/share-requests/drafts', { as: `${REQ}-staff`, body: submission() });
  // The month after the one grantDelegation asks for: delegations to one person may not overlap.
  const nextMonth = { from: inAMonth().replace(/\.\d+Z$/, 'Z'), to: new Date(Date.now() + 60 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z') };
  const delegation = await stack.call('POST', '/delegations', { as: REQ, body: { ...(PLANS.grantDelegation!.body as object), ...nextMonth } });
  expect([...opened, draft, delegation].map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
  const [first, second, third] = opened.map((r) => r.body.id as string);
  // The outbox is written with each case event: the requester's webhook has deliveries now.
  const deliveries = await stack.call('GET', `/webhooks/${hooks[0]!.body.id}/deliveries`, { as: ADMIN });
  expect(deliveries.body.deliveries.length).toBeGreaterThan(0);
  Object.assign(ids, {
    id: first,
    second,
    third,
    draftId: draft.body.id,
    delegationId: delegation.body.id,
    webhookId: hooks[0]!.body.id,
    webhookToDelete: hooks[1]!.body.id,
    deliveryId: deliveries.body.deliveries[0].id,
  });
});
afterAll(async () => {
  await stack?.teardown();
});

const ajv = new Ajv2020({ strict: false, allErrors: true });
const pointer = (...keys: string[]) => keys.map((k) => k.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** Whether the body answered agrees with the document: [problem] or []. */
function checkAnswer(path: string, method: string, op: Operation, status: number, contentType: string, text: string): string[] {
  const documented = op.responses[String(status)];
  if (!documented) return [`answered ${status}, which it does not document (${Object.keys(op.responses).join(', ')})`];
  const [where, response] = documented.$ref
    ? [documented.$ref.slice(2).split('/'), doc.components.responses[documented.$ref.split('/').at(-1)!]!]
    : [['paths', path, method, 'responses', String(status)], documented];
  if (!response.content) return text === '' ? [] : [`answered a body where ${status} documents none`];
  const mediaType = contentType.split(';')[0]!.trim();
  if (!response.content[mediaType]) return [`answered ${mediaType}, ${status} documents ${Object.keys(response.content).join(', ')}`];
  if (!/json/.test(mediaType)) return [];
  const validate = ajv.getSchema(`doc.json#/${pointer(...where, 'content', mediaType, 'schema')}`)!;
  const values = mediaType === 'application/x-ndjson' ? text.trim().split('\n').map((l) => JSON.parse(l)) : [JSON.parse(text)];
  return values.flatMap((v) => (validate(v) ? [] : [`${status} body breaks its schema: ${ajv.errorsText(validate.errors)}`]));
}

describe('the OpenAPI document against the running app', () => {
  it('when the router answers a path it does not have, then its 404 is told apart from a resource 404 (so the next test can fail)', async () => {
    const noRoute = await stack.call('GET', '/no-such-route');
    expect(noRoute.status).toBe(404);
    expect(noRoute.body.detail.startsWith(NO_ROUTE_MESSAGE)).toBe(true);
    const noEntry = await stack.call('GET', '/catalogue-entries/no-such-entry');
    expect(noEntry.status).toBe(404);
    expect(noEntry.body.detail.startsWith(NO_ROUTE_MESSAGE)).toBe(false);
  });

  it('when every documented operation is requested, then none is "no such route", and each answers a documented status, media type and body', async () => {
    ajv.addSchema(doc as object, 'doc.json');
    // The schemas do refuse what they should (else every body below would pass).
    expect(ajv.validate('doc.json#/components/schemas/ShareRequest', { id: 'sr-1' })).toBe(false);
    const findings: string[] = [];
    const statuses: Record<string, number> = {};
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const plan = PLANS[op.operationId] ?? {};
        const isPublic = op.security?.length === 0;
        const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(ids[plan.params?.[name] ?? name] ?? 'no-such-id')) + (plan.query ? `?${plan.query}` : '');
        const body = plan.body ?? (method === 'get' ? undefined : {});
        const res = await fetch(stack.app.url + url, {
          method: method.toUpperCase(),
          headers: {
            ...(isPublic ? {} : await bearer(plan.as ?? REQ)),
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        statuses[op.operationId] = res.status;
        const name = `${method.toUpperCase()} ${url} (${op.operationId})`;
        if (res.status === 404 && String(JSON.parse(text).detail).startsWith(NO_ROUTE_MESSAGE)) findings.push(`${name}: no such route`);
        else findings.push(...checkAnswer(path, method, op, res.status, res.headers.get('content-type') ?? '', text).map((p) => `${name}: ${p}`));
      }
    }
    expect(findings).toEqual([]);
    // Every success body was checked against its schema: all but the refusals above succeeded.
    const refused = Object.entries(statuses).filter(([, status]) => status >= 300).map(([id, status]) => `${id} ${status}`);
    expect(refused).toEqual(REFUSED_HERE);
  });

  it('when the Express router is walked, then it has exactly the routes the document has', () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const routed = routesOf(stack.app.express);
    expect({ undocumented: routed.filter((r) => !documented.includes(r)), unrouted: documented.filter((d) => !routed.includes(d)) }).toEqual({ undocumented: [], unrouted: [] });
    expect(routed.length).toBeGreaterThan(40);
  });
});
