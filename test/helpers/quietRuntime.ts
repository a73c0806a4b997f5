// Installs the Temporal Core runtime once per test process, logging errors only: the test server
// warns about heartbeat details on every worker, and Core's own log (which goes to the console, not
// to this logger) warns on every poll retry while a test has taken a server away on purpose.
import { DefaultLogger, Runtime } from '@temporalio/worker';

export const quietLogger = new DefaultLogger('ERROR');
Runtime.install({ logger: quietLogger, telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
