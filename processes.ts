// Every statutory process the service runs, one line each: its API half (api/<process>/process.ts),
// which carries its declaration (workflows/<process>/contract.ts). Every generic layer reads this
// list through the registry; a process's workflow is exported once in workflows/index.ts.
import { ProcessRegistry, type ProcessApi } from './api/cases/registry';
import { engine } from './api/cases/engineCommands';
import { shareRequestApi } from './api/shareRequest/process';
import { correctionApi } from './api/correction/process';
import type { ProcessSettings } from './config';

export const PROCESS_APIS: readonly ProcessApi[] = [shareRequestApi, correctionApi];

/** The registry of these processes under the service's settings (tests build their own with a test-only process added). */
export const registryOf = (processes: readonly ProcessApi[] = PROCESS_APIS, settings?: ProcessSettings): ProcessRegistry =>
  new ProcessRegistry(processes.map((p) => (settings && p.withSettings ? p.withSettings(settings) : p)), engine);

export const PROCESSES: ProcessRegistry = registryOf();
