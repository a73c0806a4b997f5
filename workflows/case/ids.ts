// Business workflow IDs (`<process>:<caseId>`), so a retried API call finds the same case, and their
// inverses. Case IDs are unique across processes: each process declares its own prefix.
import type { Process } from './contract';

const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function isValidCaseId(id: string): boolean {
  return CASE_ID.test(id);
}

export function workflowIdFor(process: Process, caseId: string): string {
  if (!isValidCaseId(caseId)) throw new TypeError(`invalid case id: ${JSON.stringify(caseId)}`);
  return `${process}:${caseId}`;
}

/** The inverse of workflowIdFor, for the processes named; undefined for an ID that is not one of theirs. */
export function parseWorkflowId(workflowId: string, processes: readonly Process[]): { process: Process; caseId: string } | undefined {
  const sep = workflowId.indexOf(':');
  if (sep < 0) return undefined;
  const process = workflowId.slice(0, sep);
  const caseId = workflowId.slice(sep + 1);
  if (!processes.includes(process) || !isValidCaseId(caseId)) return undefined;
  return { process, caseId };
}
