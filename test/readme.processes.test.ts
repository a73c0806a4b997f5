// README's table of processes says which are built; the code decides (test/helpers/builtProcesses.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtProcesses } from './helpers/builtProcesses';

interface Row {
  process: string;
  workflow: string;
  built: boolean;
}

/** The rows of the table between README's processes markers. */
export function processRows(markdown: string): Row[] {
  const table = /<!-- processes:start\b[^>]*-->([\s\S]*?)<!-- processes:end -->/.exec(markdown)?.[1];
  if (table === undefined) throw new Error('README lacks the processes markers');
  return [...table.matchAll(/^\| `([a-z-]+)`[^|]*\|[^|]*\| ([^|]*?) \| ([^|]*?) \|$/gm)].map((m) => ({
    process: m[1]!,
    workflow: m[2]!.replaceAll('`', ''),
    built: m[3]!.startsWith('**built**'),
  }));
}

/** The regulation's kinds of case (docs/statute.md), built or not. */
const STATUTORY = ['share-request', 'catalogue-update', 'correction', 'dispute', 'sharing-relationship'];

describe("README's processes", () => {
  it('when the workflows are read, then the registered processes whose workflows the worker exports are built, and nothing else', () => {
    expect([...builtProcesses({ shareRequest: () => 0, auditCheckpoint: () => 0, correction: 'not a function' })]).toEqual([['share-request', 'shareRequest']]);
    expect(builtProcesses().get('share-request')).toBe('shareRequest');
    expect(builtProcesses().get('correction')).toBe('correction');
  });

  it('when README is read, then its table names every process once, and marks built exactly those the worker runs, with their workflows', () => {
    const rows = processRows(readFileSync(new URL('../README.md', import.meta.url), 'utf8'));
    expect(rows.map((r) => r.process).sort()).toEqual([...STATUTORY].sort());
    const built = builtProcesses();
    expect(rows.filter((r) => r.built).map((r) => [r.process, r.workflow])).toEqual([...built]);
    for (const row of rows.filter((r) => !r.built)) expect(row.workflow, row.process).toBe('—');
  });
});
