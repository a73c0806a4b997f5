// Which statutory processes the service runs, from the registry (../../processes.ts): a registered
// process is built when the worker's workflows (workflows/index.ts) export its workflow type.
import * as workflows from '../../workflows/index';
import { PROCESSES } from '../../processes';
import type { ProcessRegistry } from '../../api/cases/registry';

/** Each built process with the name of the workflow function that runs it. */
export function builtProcesses(exported: Record<string, unknown> = workflows, registry: ProcessRegistry = PROCESSES): Map<string, string> {
  const built = new Map<string, string>();
  for (const p of registry.all) if (typeof exported[p.declaration.workflowType] === 'function') built.set(p.declaration.process, p.declaration.workflowType);
  return built;
}
