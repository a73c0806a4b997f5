// Installs the Temporal Core runtime once per test process, logging warnings and worse only.
import { DefaultLogger, Runtime } from '@temporalio/worker';

export const quietLogger = new DefaultLogger('WARN');
Runtime.install({ logger: quietLogger });
