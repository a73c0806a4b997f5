// The Temporal server, its SQL schema tool and schema files, and Temporal UI's server, for the
// production stack (npm run stack). No prebuilt binary can be downloaded here, so they are built
// from their Go modules at the versions pinned in scripts/temporal-server.json (module hash checked)
// and cached by version outside the clone: ~/.cache/gds/<name>/<version>/ (GDS_CACHE_DIR moves it),
// with Go's own module and build caches beside them, so a second run (or CI run) builds nothing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pinFile = fileURLToPath(new URL('../temporal-server.json', import.meta.url));

interface ModulePin {
  module: string;
  version: string;
  sum: string;
  /** Installed name → package path inside the module. */
  binaries: Record<string, string>;
  schemaDir?: string;
}

type Component = 'server' | 'ui';

function pin(component: Component): ModulePin {
  return (JSON.parse(fs.readFileSync(pinFile, 'utf8')) as Record<Component, ModulePin>)[component];
}

/** Where the builds are cached: $GDS_CACHE_DIR, else $XDG_CACHE_HOME/gds, else ~/.cache/gds. */
export function cacheRoot(): string {
  return process.env.GDS_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'gds');
}

const dirName: Record<Component, string> = { server: 'temporal-server', ui: 'temporal-ui' };
const versionDir = (component: Component): string => path.join(cacheRoot(), dirName[component], pin(component).version.replace(/^v/, ''));

export interface TemporalServerBuild {
  version: string;
  server: string;
  sqlTool: string;
  /** schema/postgresql/v12 of the same module: temporal/versioned and visibility/versioned. */
  schemaDir: string;
}

export interface TemporalUiBuild {
  version: string;
  uiServer: string;
}

interface Installed {
  module: string;
  version: string;
  sum: string;
  goVersion: string;
  buildSeconds: number;
}

function installed(component: Component): boolean {
  const p = pin(component);
  try {
    const info = JSON.parse(fs.readFileSync(path.join(versionDir(component), 'installed.json'), 'utf8')) as Installed;
    return info.module === p.module && info.version === p.version && info.sum === p.sum;
  } catch {
    return false;
  }
}

function serverPaths(): TemporalServerBuild {
  const dir = versionDir('server');
  return {
    version: pin('server').version,
    server: path.join(dir, 'bin', 'temporal-server'),
    sqlTool: path.join(dir, 'bin', 'temporal-sql-tool'),
    schemaDir: path.join(dir, 'schema'),
  };
}

/** The cached server build, or undefined when it has not been built (obtainTemporalServer builds it). */
export function cachedTemporalServer(): TemporalServerBuild | undefined {
  return installed('server') ? serverPaths() : undefined;
}

/** The cached UI server build, or undefined. */
export function cachedTemporalUi(): TemporalUiBuild | undefined {
  return installed('ui') ? { version: pin('ui').version, uiServer: path.join(versionDir('ui'), 'bin', 'temporal-ui-server') } : undefined;
}

export interface ObtainOptions {
  /** Progress lines (the build takes minutes). */
  log?: (line: string) => void;
}

/** The server build, building it first if it is not cached (≈6–10 min on 2 cores). */
export async function obtainTemporalServer(opts: ObtainOptions = {}): Promise<TemporalServerBuild> {
  if (!installed('server')) await build('server', opts);
  return serverPaths();
}

/** The UI server build, building it first if it is not cached. */
export async function obtainTemporalUi(opts: ObtainOptions = {}): Promise<TemporalUiBuild> {
  if (!installed('ui')) await build('ui', opts);
  return cachedTemporalUi()!;
}

function goEnv(gobin: string): NodeJS.ProcessEnv {
  const root = cacheRoot();
  return {
    ...process.env,
    // Where the official tarball puts Go, if it is not on PATH (a CI environment without a login shell).
    PATH: `${process.env.PATH ?? ''}:/usr/local/go/bin`,
    GOPATH: path.join(root, 'go'),
    GOMODCACHE: path.join(root, 'go', 'pkg', 'mod'),
    GOCACHE: path.join(root, 'go-build'),
    GOBIN: gobin,
    // Never fetch another toolchain: the proxy is for modules, and the installed Go is new enough.
    GOTOOLCHAIN: 'local',
    // Static binaries; no C compiler needed.
    CGO_ENABLED: '0',
    GOFLAGS: '-buildvcs=false',
  };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, log?: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b));
    child.stderr.on('data', (b: Buffer) => {
      err += b;
      for (const line of String(b).split('\n').filter(Boolean)) log?.(line);
    });
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new Error(`${cmd} not found: building the Temporal server needs Go (https://go.dev/doc/install; /usr/local/go/bin on these machines)`) : e),
    );
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}:\n${err.split('\n').slice(-30).join('\n')}`)),
    );
  });
}

/** Copies a tree out of Go's read-only module cache, leaving the copy writable (so it can be deleted). */
function copyWritable(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
  const walk = (p: string): void => {
    fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644);
    if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(to);
}

async function build(component: Component, { log = () => undefined }: ObtainOptions): Promise<void> {
  const p = pin(component);
  const target = versionDir(component);
  const staging = `${target}.building-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.join(staging, 'bin'), { recursive: true });
  const env = goEnv(path.join(staging, 'bin'));
  const started = Date.now();
  try {
    const goVersion = (await run('go', ['env', 'GOVERSION'], env)).trim();
    log(`building ${p.module}@${p.version} with ${goVersion} into ${target} (minutes; cached afterwards)`);
    // The module's hash must be the pinned one (Go also checks it against the checksum database).
    const downloaded = JSON.parse(await run('go', ['mod', 'download', '-json', `${p.module}@${p.version}`], env, log)) as { Sum: string; Dir: string };
    if (downloaded.Sum !== p.sum) throw new Error(`${p.module}@${p.version} has hash ${downloaded.Sum}, pinned ${p.sum} (scripts/temporal-server.json)`);
    const packages = Object.values(p.binaries).map((pkg) => `${p.module}/${pkg}@${p.version}`);
    await run('go', ['install', ...packages], env, log);
    // go install names each binary after its package's last element (server, sql): give them ours.
    for (const [name, pkg] of Object.entries(p.binaries)) fs.renameSync(path.join(staging, 'bin', path.basename(pkg)), path.join(staging, 'bin', name));
    if (p.schemaDir) copyWritable(path.join(downloaded.Dir, p.schemaDir), path.join(staging, 'schema'));
    const info: Installed = { module: p.module, version: p.version, sum: p.sum, goVersion, buildSeconds: Math.round((Date.now() - started) / 1000) };
    fs.writeFileSync(path.join(staging, 'installed.json'), JSON.stringify(info, null, 2) + '\n');
    // Into place at once; a build another process finished meanwhile is kept, an older version replaced.
    if (!installed(component)) {
      fs.rmSync(target, { recursive: true, force: true });
      fs.renameSync(staging, target);
    }
    log(`built ${p.module}@${p.version} in ${info.buildSeconds} s`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
