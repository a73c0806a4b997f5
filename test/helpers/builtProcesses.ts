// Which statutory processes the service runs, derived from code in one place: a workflow the worker
// registers (workflows/index.ts) is a statutory process when its name is one of PROCESSES in the
// case contract (shareRequest → share-request); the audit Schedule and the webhook dispatcher are
// not. When processes get a registry, point this at it.
import { PROCESSES, type Process } from '../../workflows/case/contract';
import * as workflows from '../../workflows/index';

/** `shareRequest` → `share-request`. */
export const processOfWorkflow = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Each built process with the name of the workflow function that runs it. */
export function builtProcesses(exported: Record<string, unknown> = workflows): Map<Process, string> {
  const built = new Map<Process, string>();
  for (const [name, value] of Object.entries(exported)) {
    const process = processOfWorkflow(name);
    if (typeof value === 'function' && (PROCESSES as readonly string[]).includes(process)) built.set(process as Process, name);
  }
  return built;
}
