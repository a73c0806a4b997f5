// `npm install` runs the install scripts the project needs (esbuild, @swc/core, protobufjs) and no
// other dependency's: package.json's allowScripts reviews every one installed (npm 11), and
// @scarf/scarf (pulled in by swagger-ui-dist) is denied and its telemetry switched off, so an install
// on a government network calls nothing beyond the registry. The project's own postinstall (the
// Temporal binaries) is not a dependency's and still runs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const repo = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', repo), 'utf8')) as { allowScripts?: Record<string, boolean>; scarfSettings?: { enabled?: boolean }; scripts: Record<string, string> };

describe('install scripts', () => {
  it('when package.json is read, then esbuild, @swc/core and protobufjs may run theirs, @scarf/scarf may not and its telemetry is off', () => {
    expect(pkg.allowScripts).toEqual({ esbuild: true, '@swc/core': true, protobufjs: true, '@scarf/scarf': false });
    expect(pkg.scarfSettings).toEqual({ enabled: false });
    expect(pkg.scripts.postinstall).toContain('obtain-temporal-binaries');
  });

  it('when npm lists the installed packages with install scripts, then none is unreviewed (npm install warns of none)', () => {
    const listed = JSON.parse(execFileSync('npm', ['install-scripts', 'ls', '--json'], { cwd: repo, encoding: 'utf8' })) as { allowScripts: unknown[] };
    expect(listed.allowScripts).toEqual([]);
  });
});
