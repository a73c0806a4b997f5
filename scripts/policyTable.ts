// Writes the policy table (identity/policy.ts) into docs/identity.md between its markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { withPolicyTable } from '../identity/policyTable';

const file = new URL('../docs/identity.md', import.meta.url);
writeFileSync(file, withPolicyTable(readFileSync(file, 'utf8')));
console.log('docs/identity.md: policy table written');
