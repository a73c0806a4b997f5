// The message contract between workflows, the API, the worker and the tests. Import this, never
// workflow internals. Pure: safe inside the workflow sandbox.
//   case/           what every case has: state, deadlines, violations, engine commands, IDs, errors
//   (each process's own part is its folder's contract.ts: workflows/<process>/contract.ts)

/** The one task queue of the statutory-process worker. */
export const TASK_QUEUE = 'gov-data-sharing';

export * from './case/contract';
export * from './case/errors';
export * from './case/ids';
export * from './case/searchAttributes';
export * from './audit/contract';
export * from './webhooks/contract';
