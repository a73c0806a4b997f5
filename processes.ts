// Every statutory process the service runs, one line each: its API half (api/<process>/process.ts),
// which carries its declaration (workflows/<process>/contract.ts). Every generic layer reads this
// list through the registry; a process's workflow is exported once in workflows/index.ts.
import { ProcessRegistry, type ProcessApi } from './api/cases/registry';
import { engine } from './api/cases/engineCommands';
import { shareRequestApi } from './api/shareRequest/process';
import { correctionApi } from './api/correction/process';

export const PROCESS_APIS: readonly ProcessApi[] = [shareRequestApi, correctionApi];

/** The registry of these processes (tests build their own with a test-only process added). */
export const registryOf = (processes: readonly ProcessApi[] = PROCESS_APIS): ProcessRegistry => new ProcessRegistry(processes, engine);

export const PROCESSES: ProcessRegistry = registryOf();
