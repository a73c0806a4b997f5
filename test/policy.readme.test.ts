// The documented table of who may do what (docs/identity.md) is the policy itself — every registered
// process's rules (api/cases/registry.ts) and the department's own records' (identity/policy.ts) — regenerated.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyMarkdown, TABLE_START, withPolicyTable } from '../identity/policyTable';
import { PROCESSES } from '../processes';

describe('the policy table in docs/identity.md', () => {
  it('when docs/identity.md is read, then its table is exactly what npm run policy:table generates from the policy', () => {
    const doc = readFileSync(new URL('../docs/identity.md', import.meta.url), 'utf8');
    expect(doc).toContain(TABLE_START);
    expect(doc).toBe(withPolicyTable(doc, policyMarkdown(PROCESSES.policySections())));
  });

  it('when README is read, then it holds no copy of the table to go stale', () => {
    expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).not.toContain(TABLE_START);
  });
});
