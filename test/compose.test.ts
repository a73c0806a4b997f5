// docker-compose.yml and the Dockerfile against the code they run: the api and worker services set
// only variables config.ts reads and start with them, the namespace job registers exactly the
// search attributes the workflows use, only the API and the UI are published, and the file passes
// `docker-compose config` (Debian's v1, which CI installs; Docker itself cannot run here).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../config';
import { temporalCliPath } from '../scripts/lib/temporalBinaries';
import { SEARCH_ATTRIBUTES } from '../workflows/shared';
import { imageEnvironment, interpolate, loadCompose, ROOT, serviceEnvironment } from './helpers/compose';

const { services } = loadCompose();
const APP_SERVICES = ['api', 'worker'] as const;
/** What the process in the container sees: the image's ENV, then the service's environment. */
const processEnv = (name: string) => ({ ...imageEnvironment(), ...serviceEnvironment(services[name]!) });

describe('docker-compose.yml and config.ts', () => {
  it.each(APP_SERVICES)('when %s is configured, then it sets only variables config.ts reads (no typo goes unnoticed)', (name) => {
    const known = new Set<string>(CONFIG_VARIABLES);
    expect(Object.keys(serviceEnvironment(services[name]!)).filter((k) => !known.has(k))).toEqual([]);
    expect(Object.keys(imageEnvironment()).filter((k) => !known.has(k))).toEqual([]);
  });

  it.each(APP_SERVICES)('when %s starts, then config.ts accepts its variables and it uses the compose PostgreSQL, Temporal and the prebuilt bundle', (name) => {
    const config = loadConfig(processEnv(name));
    expect(config.database).toEqual({ kind: 'pg', url: expect.stringMatching(/^postgres:\/\/postgres:[^@]+@postgres:5432\/gds$/) });
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.worker.bundlePath).toBe('/app/dist/workflow-bundle.js');
    expect(config.dataDir).toBe('/var/lib/gds');
    expect(services[name]!.volumes).toContain(`gds-data:${config.dataDir}`);
    expect(config.seedDemo).toBe(true);
  });

  it('when the API listens, then it is on every interface of its container at the port compose publishes', () => {
    const config = loadConfig(processEnv('api'));
    expect(config.host).toBe('0.0.0.0');
    expect(services.api!.ports).toEqual([`127.0.0.1:3000:${config.port}`]);
  });

  it('when the namespace job runs, then it uses the namespace and retention the services use and registers exactly SEARCH_ATTRIBUTES', () => {
    const job = serviceEnvironment(services['temporal-namespace']!);
    const config = loadConfig(processEnv('worker'));
    expect(job.TEMPORAL_ADDRESS).toBe(config.temporal.address);
    expect(job.TEMPORAL_NAMESPACE).toBe(config.temporal.namespace);
    expect(Number(job.TEMPORAL_RETENTION_DAYS)).toBe(config.temporal.retentionDays);
    const registered = job.GDS_SEARCH_ATTRIBUTES!.split(/\s+/).map((word) => word.split('='));
    expect(Object.fromEntries(registered)).toEqual(SEARCH_ATTRIBUTES);
    expect(registered).toHaveLength(Object.keys(SEARCH_ATTRIBUTES).length);
  });
});

describe('docker-compose.yml topology', () => {
  it('when it is up, then only the API and the UI are published, on the loopback address; the Temporal frontend and PostgreSQL are not', () => {
    const published = Object.entries(services).filter(([, s]) => s.ports?.length);
    expect(published.map(([name]) => name).sort()).toEqual(['api', 'temporal-ui']);
    expect(published.flatMap(([, s]) => s.ports!).every((p) => p.startsWith('127.0.0.1:'))).toBe(true);
  });

  it('when supervisors open Temporal UI, then it cannot change a case', () => {
    expect(serviceEnvironment(services['temporal-ui']!).TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
  });

  it('when a service waits, then for a health check that exists, or for a one-shot job that does not restart', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = services[dependency];
        expect(target, `${name} depends on ${dependency}`).toBeDefined();
        if (condition === 'service_healthy') expect(target!.healthcheck?.test, `${dependency}'s health check`).toBeDefined();
        else expect([condition, target!.restart ?? 'no'], `${name} waits for ${dependency} to finish`).toEqual(['service_completed_successfully', 'no']);
      }
    }
  });

  it('when the Temporal server and its jobs run, then they are one pinned version: the one the dev server embeds', () => {
    const tags = ['temporal', 'temporal-schema', 'temporal-namespace'].map((name) => services[name]!.image);
    expect(tags).toEqual(['temporalio/server:1.32.0', 'temporalio/admin-tools:1.32.0', 'temporalio/admin-tools:1.32.0']);
    expect(execFileSync(temporalCliPath(), ['--version'], { encoding: 'utf8' })).toContain('Server 1.32.0');
  });

  it('when it mounts files of this repository, then they exist', () => {
    const mounts = Object.values(services).flatMap((s) => s.volumes ?? []).filter((v) => v.startsWith('./'));
    expect(mounts.length).toBeGreaterThan(0);
    for (const mount of mounts) expect(existsSync(`${ROOT}/${mount.split(':')[0]}`), mount).toBe(true);
  });

  it('when api and worker run, then both come from the one image, each with its own entry point and health check', () => {
    expect(services.api!.image).toBe(services.worker!.image);
    expect(services.api!.build).toBe('.');
    expect(services.worker!.command).toEqual(['node', '--import', 'tsx', 'scripts/worker.ts']);
    expect(services.api!.healthcheck!.test.at(-1)).toBe('api');
    expect(services.worker!.healthcheck!.test.at(-1)).toBe('worker');
  });

  it('when a variable has no default, then interpolation refuses it (the file must work without an .env)', () => {
    expect(interpolate('a${X:-b}c$$d')).toBe('abc$d');
    expect(() => interpolate('${POSTGRES_PASSWORD}')).toThrow(/without a default/);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(`${ROOT}/Dockerfile`, 'utf8');
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('when the image runs, then as a user of its own, not root', () => {
    const user = /^USER\s+(\S+)/m.exec(finalStage)?.[1];
    expect(user).toBe('gds');
    expect(finalStage).toMatch(/useradd --system --uid 10001 --gid gds /);
  });

  it('when a worker starts from the image, then WORKFLOW_BUNDLE_PATH names the bundle the build stage wrote and copied in', () => {
    const bundlePath = imageEnvironment().WORKFLOW_BUNDLE_PATH!;
    expect(dockerfile).toContain(`RUN node --import tsx scripts/bundleWorkflows.ts ${bundlePath}\n`);
    expect(finalStage).toContain(`COPY --from=bundle ${bundlePath} ./dist/workflow-bundle.js`);
    expect(bundlePath).toBe('/app/dist/workflow-bundle.js');
  });
});

// Debian's docker-compose (v1): .ci/run installs it and validates the file itself as well.
const dockerCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
describe.skipIf(!dockerCompose)('docker-compose config', () => {
  it('when docker-compose v1 reads the file, then it is valid and keeps every service', () => {
    const out = execFileSync('docker-compose', ['config'], { cwd: ROOT, encoding: 'utf8' });
    for (const name of Object.keys(services)) expect(out).toContain(`\n  ${name}:\n`);
  });
});
