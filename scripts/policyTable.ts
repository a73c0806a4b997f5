// Writes the policy table (identity/policy.ts) into README.md between its markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { withPolicyTable } from '../identity/policyTable';

const file = new URL('../README.md', import.meta.url);
writeFileSync(file, withPolicyTable(readFileSync(file, 'utf8')));
console.log('README.md: policy table written');
