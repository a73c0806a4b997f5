// The container health check (Dockerfile HEALTHCHECK, docker-compose.yml): exit 0 when healthy.
//   node --import tsx scripts/healthcheck.ts api      the API here answers GET /health/ready with 200
//   node --import tsx scripts/healthcheck.ts worker   a worker of this host polls TASK_QUEUE
// A worker is healthy when Temporal lists it among the task queue's pollers, not merely when its
// process lives: a worker that lost its connection, or is stuck, stops polling and shows here.
import { hostname } from 'node:os';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { loadConfig } from '../config';
import { connectClient } from '../worker/connections';
import { TASK_QUEUE } from '../workflows/shared';

/** With node's start-up (1–2 s), below Docker's timeout (10 s), so a hung check answers "unhealthy" itself. */
const GIVE_UP_MS = 6_000;
const POLLED_WITHIN_MS = 120_000;

async function apiHealthy(port: number): Promise<string | undefined> {
  const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(GIVE_UP_MS - 1_000) });
  return res.status === 200 ? undefined : `GET /health/ready answered ${res.status}: ${await res.text()}`;
}

async function workerHealthy(): Promise<string | undefined> {
  const config = loadConfig();
  if (!config.temporal.address) return 'TEMPORAL_ADDRESS is not set';
  const client = await connectClient(config.temporal, config.temporal.address);
  try {
    const { pollers } = await client.withDeadline(Date.now() + GIVE_UP_MS - 1_000, () =>
      client.workflowService.describeTaskQueue({ namespace: config.temporal.namespace, taskQueue: { name: TASK_QUEUE } }),
    );
    // The SDK's default worker identity is `<pid>@<hostname>`; a container's hostname is its own.
    // An idle worker long-polls again every minute or so; an older entry is a worker gone (a restart).
    const since = Date.now() - POLLED_WITHIN_MS;
    const mine = (pollers ?? []).filter((p) => p.identity?.endsWith(`@${hostname()}`) && (optionalTsToMs(p.lastAccessTime) ?? 0) >= since);
    return mine.length > 0 ? undefined : `no worker of ${hostname()} polls ${TASK_QUEUE} (pollers: ${(pollers ?? []).map((p) => p.identity).join(', ') || 'none'})`;
  } finally {
    await client.connection.close();
  }
}

const role = process.argv[2];
setTimeout(() => {
  process.stderr.write(`unhealthy: no answer within ${GIVE_UP_MS} ms\n`);
  process.exit(1);
}, GIVE_UP_MS).unref();
try {
  if (role !== 'api' && role !== 'worker') throw new Error('usage: scripts/healthcheck.ts api|worker');
  const problem = role === 'api' ? await apiHealthy(loadConfig().port) : await workerHealthy();
  if (problem) throw new Error(problem);
  process.stdout.write('healthy\n');
  process.exit(0);
} catch (err) {
  process.stderr.write(`unhealthy: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
