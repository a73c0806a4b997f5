// Writes the policy tables (every registered process's rules, identity/policy.ts) into README.md between its markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { policyMarkdown, withPolicyTable } from '../identity/policyTable';
import { PROCESSES } from '../processes';

const file = new URL('../README.md', import.meta.url);
writeFileSync(file, withPolicyTable(readFileSync(file, 'utf8'), policyMarkdown(PROCESSES.policySections())));
console.log('README.md: policy table written');
