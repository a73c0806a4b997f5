// Every workflow the worker runs. Workflow code is deterministic: no I/O, no clock, no Node built-ins.
export { shareRequest } from './shareRequest';
