// README's table of who may do what is the policy itself (identity/policy.ts), regenerated.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withPolicyTable } from '../identity/policyTable';

describe('README policy table', () => {
  it('when README is read, then its table is exactly what npm run policy:table generates from the policy', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(withPolicyTable(readme));
  });
});
