// Business workflow IDs (`<process>:<caseId>`), so a retried API call finds the same case, and their
// inverses. Case IDs are unique across processes: each process has its own prefix.
import { PROCESSES, type Process } from './contract';

const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** The prefix of each process's case IDs (`sr-…`). */
export const CASE_ID_PREFIX: Record<Process, string> = {
  'share-request': 'sr',
  'catalogue-update': 'cu',
  correction: 'co',
  dispute: 'dp',
  'sharing-relationship': 'rel',
};

export function isValidCaseId(id: string): boolean {
  return CASE_ID.test(id);
}

export function workflowIdFor(process: Process, caseId: string): string {
  if (!isValidCaseId(caseId)) throw new TypeError(`invalid case id: ${JSON.stringify(caseId)}`);
  return `${process}:${caseId}`;
}

export const shareRequestWorkflowId = (id: string): string => workflowIdFor('share-request', id);
export const catalogueUpdateWorkflowId = (id: string): string => workflowIdFor('catalogue-update', id);
export const correctionWorkflowId = (id: string): string => workflowIdFor('correction', id);
export const disputeWorkflowId = (id: string): string => workflowIdFor('dispute', id);
export const sharingRelationshipWorkflowId = (id: string): string => workflowIdFor('sharing-relationship', id);

/** The inverse of workflowIdFor; undefined for an ID that is not one of ours. */
export function parseWorkflowId(workflowId: string): { process: Process; caseId: string } | undefined {
  const sep = workflowId.indexOf(':');
  if (sep < 0) return undefined;
  const process = workflowId.slice(0, sep) as Process;
  const caseId = workflowId.slice(sep + 1);
  if (!PROCESSES.includes(process) || !isValidCaseId(caseId)) return undefined;
  return { process, caseId };
}
