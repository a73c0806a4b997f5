// Writes the policy tables (every registered process's rules and the department's own records', identity/policy.ts) into docs/identity.md between its markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { policyMarkdown, withPolicyTable } from '../identity/policyTable';
import { PROCESSES } from '../processes';

const file = new URL('../docs/identity.md', import.meta.url);
writeFileSync(file, withPolicyTable(readFileSync(file, 'utf8'), policyMarkdown(PROCESSES.policySections())));
console.log('docs/identity.md: policy table written');
