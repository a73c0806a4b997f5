// Every workflow the worker runs, one per statutory process (workflow type = process name).
// Workflow code is deterministic: no I/O, no clock, no Node built-ins.
export { shareRequest } from './shareRequest/workflow';
