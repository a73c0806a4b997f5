// The OpenAPI document against the running app (a Temporal dev server, a worker, PostgreSQL):
// every documented operation is requested, and none may meet the router's "no such route" 404;
// each answers a status the document lists for it, with a media type and a body its schema allows;
// and the Express router has exactly the routes the document has, no more and no fewer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_ROUTE_MESSAGE } from '../api/errors';
import { BEIJING, submission } from './helpers/fixtures';
import { startLiveStack, type LiveStack } from './helpers/liveStack';
import { recordMountPaths, routesOf } from './helpers/routerWalk';
import { bearer, testIssuer } from './helpers/tokens';
import { answerChecker, METHODS, type Doc } from './helpers/openapiAnswers';
import { LIAONING_AUTHORITY, MADE_UP_2027, NATIONAL_AUTHORITY } from './helpers/calendarLoads';

const { requester: REQ, provider: PROV, authority: AUTH, conditionalEntry: ENTRY } = BEIJING;
/**
 * Refused here, as documented: no deadline was missed (so no rectification, no violation 1; the
 * share request's engine commands come after its withdrawal, so that case has ended), and the draft
 * was approved before.
 */
const REFUSED_HERE = [
  'orderRectificationShareRequest 409',
  'decideViolationShareRequest 409',
  'orderRectificationCorrection 409',
  'decideViolationCorrection 400',
  'returnDraft 409',
];

/** How to request an operation so that it does something real; absent, a plain request as the requester's head. */
interface Plan {
  as?: string;
  /** Path parameters by the name of a fixture in `ids` (default: the parameter's own name). */
  params?: Record<string, string>;
  query?: string;
  /** A body, or one made when the operation is requested (from the fixtures made before). */
  body?: unknown;
}
const ADMIN = `${REQ}-admin`;
/** Loopback is allow-listed in tests (test/helpers/webhooks.ts); nothing listens there, so deliveries wait to be retried. */
const HOOK_URL = 'http://127.0.0.1:9/gds-events';
const ADJUSTMENT = { jurisdiction: '210000', year: 2027, source: '测试用虚构文件', days: [{ date: '2027-03-15', kind: 'holiday', name: '测试用地方节日' }] };
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
  orderRectificationShareRequest: { as: AUTH, params: { id: 'second' }, body: { workingDays: 5, instructions: '限期整改' } },
  decideViolationShareRequest: { as: AUTH, params: { id: 'second' }, body: { violationId: 1, status: 'excused', reason: '正当理由' } },
  withdraw: { params: { id: 'second' }, body: {} },
  assignShareRequest: { params: { id: 'third' }, body: { assigneeUserId: `${REQ}-staff` } },
  draftShareRequest: { as: `${REQ}-staff`, body: submission() },
  // Corrections: the first is answered and accepted; the second (answered in setup) contested and assigned; the third withdrawn.
  fileCorrection: { params: {}, body: () => ({ shareRequestId: ids.delivered, items: ['户籍地址'], problem: '地址与实际不符' }) },
  getCorrection: { params: { id: 'correction' } },
  reportCorrectionResult: { as: PROV, params: { id: 'correction' }, body: { outcome: 'corrected' } },
  acceptCorrectionResult: { params: { id: 'correction' }, body: {} },
  contestCorrectionResult: { params: { id: 'answeredCorrection' }, body: { reason: '核查后仍不符' } },
  withdrawCorrection: { params: { id: 'openCorrection' }, body: {} },
  orderRectificationCorrection: { as: AUTH, params: { id: 'answeredCorrection' }, body: { workingDays: 5, instructions: '限期整改' } },
  decideViolationCorrection: { as: AUTH, params: { id: 'answeredCorrection' }, body: { violationId: 1, status: 'excused', reason: '正当理由' } },
  assignCorrection: { params: { id: 'answeredCorrection' }, body: { assigneeUserId: `${REQ}-staff` } },
  editDraft: { as: `${REQ}-staff`, body: submission({ usageScope: '本部门政务服务（修改）' }) },
  approveDraft: { body: { version: 2 } },
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
  // The calendar: a notice and an adjustment previewed; the notice previewed before is confirmed.
  previewHolidayNotice: { as: NATIONAL_AUTHORITY, body: { notice: MADE_UP_2027 } },
  previewCalendarAdjustment: { as: LIAONING_AUTHORITY, body: ADJUSTMENT },
  getCalendarPreview: { as: NATIONAL_AUTHORITY },
  confirmCalendarPreview: { as: NATIONAL_AUTHORITY },
  getHolidayNotice: { params: { id: 'noticeId' } },
  getCalendarAdjustment: { params: { id: 'adjustmentId' } },
  getCalendarRecomputation: { params: { version: 'recomputationVersion' } },
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
  // A delivered share request, and corrections of it at each stage the walk needs (Art. 26).
  const { body: delivered } = await stack.call('POST', '/share-requests', { as: REQ, body: submission() });
  await stack.call('POST', `/share-requests/${delivered.id}/reply`, { as: PROV, body: { decision: 'agree' } });
  await stack.call('POST', `/share-requests/${delivered.id}/delivery`, { as: PROV, body: { method: 'service_api', reference: 'SVC-DRIFT' } });
  const corrections = await Promise.all([1, 2, 3].map(() => stack.call('POST', '/corrections', { as: REQ, body: { shareRequestId: delivered.id, items: ['户籍地址'], problem: '地址与实际不符' } })));
  expect(corrections.map((r) => r.status)).toEqual([201, 201, 201]);
  const [correction, answeredCorrection, openCorrection] = corrections.map((r) => r.body.id as string);
  expect((await stack.call('POST', `/corrections/${answeredCorrection}/result`, { as: PROV, body: { outcome: 'partly_corrected', explanation: '部分字段无法核实' } })).status).toBe(200);
  // A confirmed adjustment to read; then a notice previewed at the version that follows it, to confirm.
  const adjustment = await stack.call('POST', '/calendar/adjustments', { as: LIAONING_AUTHORITY, body: ADJUSTMENT });
  const adjusted = await stack.call('POST', `/calendar/previews/${adjustment.body.id}/confirmation`, { as: LIAONING_AUTHORITY, body: {} });
  const notice = await stack.call('POST', '/calendar/notices', { as: NATIONAL_AUTHORITY, body: { notice: MADE_UP_2027 } });
  expect([adjustment, adjusted, notice].map((r) => r.status)).toEqual([201, 202, 201]);
  const notices = await stack.call('GET', '/calendar/notices?year=2026');
  // The outbox is written with each case event: the requester's webhook has deliveries now.
  const deliveries = await stack.call('GET', `/webhooks/${hooks[0]!.body.id}/deliveries`, { as: ADMIN });
  expect(deliveries.body.deliveries.length).toBeGreaterThan(0);
  Object.assign(ids, {
    delivered: delivered.id,
    correction,
    answeredCorrection,
    openCorrection,
    id: first,
    second,
    third,
    draftId: draft.body.id,
    delegationId: delegation.body.id,
    webhookId: hooks[0]!.body.id,
    webhookToDelete: hooks[1]!.body.id,
    deliveryId: deliveries.body.deliveries[0].id,
    previewId: notice.body.id,
    noticeId: String(notices.body.notices[0].id),
    adjustmentId: String(adjusted.body.record),
    recomputationVersion: String(adjusted.body.version),
  });
});
afterAll(async () => {
  await stack?.teardown();
});

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
    const answers = answerChecker(doc);
    // The schemas do refuse what they should (else every body below would pass).
    expect(answers.validates('ShareRequest', { id: 'sr-1' })).toBe(false);
    expect(answers.validates('Correction', { id: 'co-1' })).toBe(false);
    const findings: string[] = [];
    const statuses: Record<string, number> = {};
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const plan = PLANS[op.operationId] ?? {};
        const isPublic = op.security?.length === 0;
        const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(ids[plan.params?.[name] ?? name] ?? 'no-such-id')) + (plan.query ? `?${plan.query}` : '');
        const body = typeof plan.body === 'function' ? (plan.body as () => unknown)() : (plan.body ?? (method === 'get' ? undefined : {}));
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
        else findings.push(...answers.check(path, method, op, res.status, res.headers.get('content-type') ?? '', text).map((p) => `${name}: ${p}`));
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
