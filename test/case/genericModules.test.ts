// One engine, many processes: the generic layers read a process's roles, stages and name from its
// declaration and never spell one themselves. This scan fails when a generic module writes a
// registered process's name, role or stage as a string literal (the test-only process included, so a
// new process's words are caught too). Words that are the engine's own vocabulary as well — a party's
// standing, an escalation tier, a violation's or a deadline's status, a webhook delivery's status —
// are not a process's.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withInspection } from '../helpers/testProcess/api';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GENERIC = ['api/cases', 'api/openapi/kit.ts', 'api/openapi/areas/processes.ts', 'api/openapi/areas/caseViews.ts', 'api/webhooks', 'identity', 'workflows/case', 'activities/case', 'activities/webhooks', 'audit', 'ops', 'db', 'scripts/lib/reconcile.ts'];
const ENGINE_VOCABULARY = new Set(['party', 'authority', 'coordinator', 'government', 'superior_authority', 'open', 'rectified', 'excused', 'withdrawn', 'met', 'missed', 'superseded', 'cancelled', 'pending', 'delivered', 'failed']);

const registry = withInspection();
const WORDS = [...new Set(registry.all.flatMap((p) => [p.declaration.process, ...Object.keys(p.declaration.roles), ...p.declaration.stages]))].filter((w) => !ENGINE_VOCABULARY.has(w));

function tsFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (full.endsWith('.ts')) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'migrations' ? [] : tsFiles(join(path, e.name))) : e.name.endsWith('.ts') ? [join(full, e.name)] : []));
}

/** Every string literal in `source` that is one of `words`, as "line: word". */
export function literalsIn(source: string, words: readonly string[]): string[] {
  const pattern = new RegExp(`(['"\`])(${words.map((w) => w.replace(/[-]/g, '\\\\-')).join('|')})\\1`, 'g');
  return [...source.matchAll(pattern)].map((m) => `${source.slice(0, m.index).split('\n').length}: ${m[2]}`);
}

describe('the generic layers name no process', () => {
  it('when a planted source names a process\'s role or stage, then the scan finds it (so the next test can fail)', () => {
    expect(literalsIn("if (p.role === 'requester') x = 'awaiting_result';", WORDS)).toEqual(['1: requester', '1: awaiting_result']);
    expect(literalsIn("const cataloguer = `cataloguer`;", WORDS)).toEqual(['1: cataloguer']);
    expect(literalsIn("// the requester asks; standing 'authority'", WORDS)).toEqual([]);
  });

  it('when every generic module is scanned, then none writes a registered process\'s name, role or stage', () => {
    expect(WORDS).toEqual(expect.arrayContaining(['share-request', 'requester', 'provider', 'correction', 'awaiting_reply', 'awaiting_result', 'cataloguer', 'test-inspection']));
    const files = GENERIC.flatMap(tsFiles);
    expect(files.length).toBeGreaterThan(40);
    const found = files.flatMap((f) => literalsIn(readFileSync(f, 'utf8'), WORDS).map((hit) => `${relative(ROOT, f)}:${hit}`));
    expect(found).toEqual([]);
  });
});
