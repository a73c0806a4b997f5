// The prebuilt workflow bundle (`npm run build:bundle`, WORKFLOW_BUNDLE_PATH, what the Docker image
// runs): a worker from it drives a share request to the end on a real dev server and PostgreSQL,
// with the bundled interceptor making the authenticated principal each event's actor; a wrong path
// stops the worker at start with a message naming the variable, before it touches Temporal.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { NativeConnection } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../config';
import { caseEvents } from '../db/schema';
import { createWorker } from '../worker/worker';
import { startLiveStack, type LiveStack } from './helpers/liveStack';
import { BEIJING, submission } from './helpers/fixtures';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { requester: REQUESTER, provider: PROVIDER } = BEIJING;
const dir = mkdtempSync(join(tmpdir(), 'gds-bundle-'));
const bundleFile = join(dir, 'out', 'workflow-bundle.js');
let built: { stdout: string };
let live: LiveStack | undefined;

beforeAll(async () => {
  // The npm script itself (not the function it calls): what the Dockerfile runs.
  built = await promisify(execFile)('npm', ['run', '--silent', 'build:bundle', '--', bundleFile], { cwd: ROOT, encoding: 'utf8' });
  live = await startLiveStack({ workflowBundlePath: loadConfig({ WORKFLOW_BUNDLE_PATH: bundleFile }).worker.bundlePath });
}, 180_000);

afterAll(async () => {
  await live?.teardown();
  rmSync(dir, { recursive: true, force: true });
});

describe('a worker from the prebuilt bundle', () => {
  it('when npm run build:bundle writes the bundle, then it says where and the file is there', () => {
    expect(built.stdout).toContain(`workflow bundle written: ${bundleFile}`);
  });

  it('when a worker runs from it, then a share request goes from submission to confirmed receipt, each event with its authenticated actor', async () => {
    const stack = live!;
    const created = await stack.call('POST', '/share-requests', { as: REQUESTER, body: submission() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id: string = created.body.id;
    expect((await stack.call('POST', `/share-requests/${id}/reply`, { as: PROVIDER, body: { decision: 'agree' } })).body.stage).toBe('awaiting_delivery');
    expect((await stack.call('POST', `/share-requests/${id}/delivery`, { as: PROVIDER, body: { method: 'service_api', reference: 'SVC-1' } })).body.stage).toBe('delivered');
    expect((await stack.call('POST', `/share-requests/${id}/receipt-confirmation`, { as: REQUESTER, body: {} })).body.stage).toBe('completed');

    const events = await stack.app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.seq));
    expect(events.map((e) => [e.type, (e.actor as { userId?: string } | null)?.userId])).toEqual([
      ['received', `${REQUESTER}-head`],
      ['reply_agreed', `${PROVIDER}-head`],
      ['delivered', `${PROVIDER}-head`],
      ['receipt_confirmed', `${REQUESTER}-head`],
    ]);
  });
});

describe('a bad WORKFLOW_BUNDLE_PATH', () => {
  // Never reached: the check comes before the worker connects.
  const connection = {} as NativeConnection;
  const startWith = async (path: string) => {
    const config = loadConfig({ WORKFLOW_BUNDLE_PATH: path });
    return createWorker({ connection, namespace: 'default', workflowBundlePath: config.worker.bundlePath, db: undefined as never, calendar: undefined as never, tree: undefined as never });
  };
  const notABundle = join(dir, 'not-a-bundle.js');
  const aDirectory = join(dir, 'a-directory');
  writeFileSync(notABundle, 'export const x = 1;\n');
  mkdirSync(aDirectory);

  it.each([
    ['it names no file', join(dir, 'missing.js'), 'no such file'],
    ['it names a directory', aDirectory, 'not a file'],
    ['it names a file that is not a workflow bundle', notABundle, 'not a workflow bundle (no inline source map)'],
  ])('when %s, then the worker does not start and the error names the variable, the path, why and the fix', async (_, path, why) => {
    const err = await startWith(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(`invalid configuration: WORKFLOW_BUNDLE_PATH ${path}: ${why}; build it with npm run build:bundle, or unset the variable to bundle at start`);
  });

  it('when it is empty, then the configuration is refused', () => {
    expect(() => loadConfig({ WORKFLOW_BUNDLE_PATH: '' })).toThrow(/WORKFLOW_BUNDLE_PATH/);
  });
});
