// A department's outbound webhooks (integration settings): registered, changed, disabled, deleted,
// their secrets rotated and deliveries redelivered by the department's administrator
// (`department_admin`); read by the department's people; nobody else sees them (identity/policy.ts
// WEBHOOK_POLICY). Targets pass the SSRF guard here and again at every delivery.
import { randomBytes } from 'node:crypto';
import { Router, type Response } from 'express';
import { and, asc, count, desc, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { webhookDeliveries, webhookDeliveryAttempts, webhookSubscriptions, type WebhookDeliveryRow, type WebhookSubscriptionRow } from '../../db/schema';
import { effectiveRole } from '../../identity/principal';
import { decideOnOwn, WEBHOOK_POLICY } from '../../identity/policy';
import { newWebhookSecret } from '../../activities/webhooks/secrets';
import type { WebhookDeps } from '../../activities/webhooks/settings';
import { checkTarget, TargetRefused } from '../../activities/webhooks/targets';
import { ErrorCodes } from '../../workflows/shared';
import type { ProcessRegistry } from '../cases/registry';
import { callerOf, type Caller } from '../caller';
import { decodeCursor, encodeCursor } from '../cursor';
import { ApiError, notFound, parseInput } from '../errors';
import { deliveryView, attemptView, webhookView } from './view';
import { DeliveryListQuery, EmptyBody, webhookBodies, webhookEventTypes } from './contract';

/** Webhooks a department may have at once (each is a stream of deliveries to run). */
export const MAX_WEBHOOKS_PER_DEPARTMENT = 20;

type Action = keyof typeof WEBHOOK_POLICY;

const ACTION_TEXT: Record<Action, string> = {
  read: 'read',
  register: 'register',
  update: 'change',
  delete: 'delete',
  'rotate-secret': 'rotate the secret of',
  redeliver: 'redeliver the events of',
};

/** 404 unless the caller's department owns it (or, with no row, the caller has a department); 403 unless the policy allows. */
function allowed(caller: Caller, action: Action, row?: { departmentId: string } | undefined, creating = false): void {
  const own = caller.department !== undefined && (creating || (row !== undefined && row.departmentId === caller.department.id));
  const decision = decideOnOwn(WEBHOOK_POLICY, action, effectiveRole(caller), own);
  if (decision === 'not-found') throw notFound('no such webhook');
  if (decision === 'forbidden') throw new ApiError(403, ErrorCodes.FORBIDDEN, `only the department's administrator may ${ACTION_TEXT[action]} a webhook`);
}

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

export function webhookRoutes({ db, webhooks, processes }: { db: Database; webhooks: WebhookDeps; processes: ProcessRegistry }): Router {
  const router = Router();
  const { RegisterWebhookBody, UpdateWebhookBody } = webhookBodies(processes);

  /** The URL as the guard accepts it (normalised), or a 400 naming why not. */
  async function target(raw: string): Promise<string> {
    try {
      return (await checkTarget(raw, webhooks.policy)).href;
    } catch (err) {
      if (err instanceof TargetRefused) throw new ApiError(400, ErrorCodes.WEBHOOK_TARGET_REFUSED, `url: ${err.message}`, { reason: err.reason });
      throw err;
    }
  }

  async function load(caller: Caller, id: string, action: Action): Promise<WebhookSubscriptionRow> {
    const [row] = await db
      .select()
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.id, id), isNull(webhookSubscriptions.deletedAt)));
    allowed(caller, action, row);
    return row!;
  }

  const withSecret = (res: Response, status: number, row: WebhookSubscriptionRow, secret: string) => res.status(status).json({ ...webhookView(row), secret });

  router.get('/event-types', (_req, res) => {
    res.json(webhookEventTypes(processes));
  });

  router.post('/', async (req, res) => {
    const caller = callerOf(req);
    // Not a department (a government official, the administrator): it has no integrations.
    if (!caller.department) throw new ApiError(403, ErrorCodes.FORBIDDEN, "only the department's administrator may register a webhook");
    allowed(caller, 'register', undefined, true);
    const body = parseInput(RegisterWebhookBody, req.body);
    const url = await target(body.url);
    const departmentId = caller.department.id;
    const id = newId('wh');
    const secret = newWebhookSecret();
    const now = new Date();
    const row = await db.transaction(async (tx) => {
      // One registration at a time per department, so the limit holds against registrations racing each other.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`webhooks:${departmentId}`}))`);
      const [n] = await tx
        .select({ n: count() })
        .from(webhookSubscriptions)
        .where(and(eq(webhookSubscriptions.departmentId, departmentId), isNull(webhookSubscriptions.deletedAt)));
      if (n!.n >= MAX_WEBHOOKS_PER_DEPARTMENT) {
        throw new ApiError(409, ErrorCodes.WEBHOOK_LIMIT, `a department has at most ${MAX_WEBHOOKS_PER_DEPARTMENT} webhooks; delete one first`, { max: MAX_WEBHOOKS_PER_DEPARTMENT });
      }
      const [inserted] = await tx
        .insert(webhookSubscriptions)
        .values({
          id,
          departmentId,
          url,
          description: body.description ?? null,
          eventTypes: [...new Set(body.eventTypes)],
          secret: webhooks.secretKey.seal(secret, id),
          createdAt: now,
          createdBy: caller.userId,
          updatedAt: now,
          updatedBy: caller.userId,
        })
        .returning();
      return inserted!;
    });
    res.location(`/webhooks/${id}`);
    withSecret(res, 201, row, secret);
  });

  router.get('/', async (req, res) => {
    const caller = callerOf(req);
    if (!caller.department || decideOnOwn(WEBHOOK_POLICY, 'read', effectiveRole(caller), true) !== 'allow') return void res.json({ webhooks: [] });
    const rows = await db
      .select()
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.departmentId, caller.department.id), isNull(webhookSubscriptions.deletedAt)))
      .orderBy(desc(webhookSubscriptions.createdAt));
    res.json({ webhooks: rows.map(webhookView) });
  });

  router.get('/:webhookId', async (req, res) => {
    res.json(webhookView(await load(callerOf(req), req.params.webhookId, 'read')));
  });

  router.patch('/:webhookId', async (req, res) => {
    const caller = callerOf(req);
    const row = await load(caller, req.params.webhookId, 'update');
    const body = parseInput(UpdateWebhookBody, req.body);
    const url = body.url === undefined ? undefined : await target(body.url);
    const [updated] = await db
      .update(webhookSubscriptions)
      .set({
        ...(url !== undefined ? { url } : {}),
        ...(body.eventTypes ? { eventTypes: [...new Set(body.eventTypes)] } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        updatedAt: new Date(),
        updatedBy: caller.userId,
      })
      .where(and(eq(webhookSubscriptions.id, row.id), isNull(webhookSubscriptions.deletedAt)))
      .returning();
    if (!updated) throw notFound('no such webhook');
    res.json(webhookView(updated));
  });

  router.delete('/:webhookId', async (req, res) => {
    const caller = callerOf(req);
    const row = await load(caller, req.params.webhookId, 'delete');
    const gone = await db.transaction(async (tx) => {
      // The secrets go with it; the delivery log stays (what was sent, and when), its pending deliveries are cancelled.
      const [deleted] = await tx
        .update(webhookSubscriptions)
        .set({ deletedAt: new Date(), enabled: false, secret: null, previousSecret: null, previousSecretUntil: null, updatedAt: new Date(), updatedBy: caller.userId })
        .where(and(eq(webhookSubscriptions.id, row.id), isNull(webhookSubscriptions.deletedAt)))
        .returning({ id: webhookSubscriptions.id });
      await tx
        .update(webhookDeliveries)
        .set({ status: 'cancelled', nextAttemptAt: null, leaseId: null, leaseUntil: null })
        .where(and(eq(webhookDeliveries.subscriptionId, row.id), eq(webhookDeliveries.status, 'pending')));
      return deleted;
    });
    // Two deletes at once: the second finds it gone, as it would a moment later.
    if (!gone) throw notFound('no such webhook');
    res.status(204).end();
  });

  router.post('/:webhookId/secret-rotation', async (req, res) => {
    const caller = callerOf(req);
    const row = await load(caller, req.params.webhookId, 'rotate-secret');
    parseInput(EmptyBody, req.body ?? {});
    const secret = newWebhookSecret();
    const now = new Date();
    // One statement: a rotation racing another keeps the secret the other made as the previous one.
    const [rotated] = await db
      .update(webhookSubscriptions)
      .set({
        previousSecret: sql`${webhookSubscriptions.secret}`,
        previousSecretUntil: new Date(now.getTime() + webhooks.secretGraceMs),
        secret: webhooks.secretKey.seal(secret, row.id),
        updatedAt: now,
        updatedBy: caller.userId,
      })
      .where(and(eq(webhookSubscriptions.id, row.id), isNull(webhookSubscriptions.deletedAt)))
      .returning();
    if (!rotated) throw notFound('no such webhook');
    withSecret(res, 200, rotated, secret);
  });

  router.get('/:webhookId/deliveries', async (req, res) => {
    const row = await load(callerOf(req), req.params.webhookId, 'read');
    const q = parseInput(DeliveryListQuery, req.query);
    const filters: SQL[] = [eq(webhookDeliveries.subscriptionId, row.id)];
    if (q.status) filters.push(eq(webhookDeliveries.status, q.status));
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      filters.push(or(lt(webhookDeliveries.createdAt, c.at), and(eq(webhookDeliveries.createdAt, c.at), lt(webhookDeliveries.id, c.id)))!);
    }
    const rows = await db
      .select()
      .from(webhookDeliveries)
      .where(and(...filters))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    res.json({ deliveries: page.map(deliveryView), nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null });
  });

  async function delivery(row: WebhookSubscriptionRow, deliveryId: string): Promise<WebhookDeliveryRow> {
    const [d] = await db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.subscriptionId, row.id)));
    if (!d) throw notFound('no such delivery');
    return d;
  }

  router.get('/:webhookId/deliveries/:deliveryId', async (req, res) => {
    const row = await load(callerOf(req), req.params.webhookId, 'read');
    const d = await delivery(row, req.params.deliveryId);
    const attempts = await db.select().from(webhookDeliveryAttempts).where(eq(webhookDeliveryAttempts.deliveryId, d.id)).orderBy(asc(webhookDeliveryAttempts.attempt));
    res.json({ ...deliveryView(d), attemptLog: attempts.map(attemptView) });
  });

  router.post('/:webhookId/deliveries/:deliveryId/redeliver', async (req, res) => {
    const caller = callerOf(req);
    const row = await load(caller, req.params.webhookId, 'redeliver');
    parseInput(EmptyBody, req.body ?? {});
    const d = await delivery(row, req.params.deliveryId);
    if (!row.enabled) throw new ApiError(409, ErrorCodes.WEBHOOK_DISABLED, 'the webhook is disabled: enable it first');
    // The same message again (same webhook-id, so the receiver can tell), on a new schedule; an
    // attempt in flight no longer decides the outcome (its claim is dropped).
    const [queued] = await db
      .update(webhookDeliveries)
      .set({ status: 'pending', step: 0, nextAttemptAt: sql`clock_timestamp()`, leaseId: null, leaseUntil: null, manual: true })
      .where(and(eq(webhookDeliveries.id, d.id), or(eq(webhookDeliveries.status, 'pending'), eq(webhookDeliveries.status, 'delivered'), eq(webhookDeliveries.status, 'failed'))))
      .returning();
    if (!queued) throw notFound('no such delivery');
    res.status(202).json(deliveryView(queued));
  });

  return router;
}
