// `npm run stack:obtain`: builds (or finds cached) the Temporal server, its SQL schema tool and
// schema files, and Temporal UI's server, for npm run stack. The server is required (exit 1 if it
// cannot be built); the UI is optional: the stack runs without it, and this says why.
import { obtainTemporalServer, obtainTemporalUi } from './lib/temporalServer';

const log = (line: string) => process.stderr.write(`[temporal-server] ${line}\n`);
const timed = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
  const started = Date.now();
  const result = await fn();
  log(`${what} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
};

try {
  const server = await timed('server', () => obtainTemporalServer({ log }));
  log(`server ${server.version}: ${server.server}, ${server.sqlTool}, schema ${server.schemaDir}`);
} catch (err) {
  log(`FAILED: ${(err as Error).message}`);
  process.exit(1);
}
try {
  const ui = await timed('UI server', () => obtainTemporalUi({ log }));
  log(`UI server ${ui.version}: ${ui.uiServer}`);
} catch (err) {
  log(`UI server not built (the stack runs without Temporal UI): ${(err as Error).message}`);
}
