// README's table of who may do what is the policy itself (identity/policy.ts), regenerated.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyMarkdown, withPolicyTable } from '../identity/policyTable';
import { PROCESSES } from '../processes';

describe('README policy table', () => {
  it('when README is read, then its table is exactly what npm run policy:table generates from the policy', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(withPolicyTable(readme, policyMarkdown(PROCESSES.policySections())));
  });
});
