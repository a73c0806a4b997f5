// Installs the Temporal Core runtime once per test process, logging errors only (the test server warns about heartbeat details on every worker).
import { DefaultLogger, Runtime } from '@temporalio/worker';

export const quietLogger = new DefaultLogger('ERROR');
Runtime.install({ logger: quietLogger });
