// Routes the Temporal SDK's own logs (worker, bundler, and Core's, which otherwise go straight to
// the console) into our pino logger, at warn and above unless LOG_LEVEL asks for more: the bundler's
// webpack report is noise on every start. Core's own metrics (workflow and activity task latencies,
// poll counts, sticky cache, slots) go to a Prometheus listener of its own when a bind address is given.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../logger';

let installed = false;

/**
 * Installs the runtime once per process; a second call (another service in the same process) is a
 * no-op. `metricsBindAddress` (`host:port`, TEMPORAL_SDK_METRICS_PORT): Core serves its metrics there.
 */
export function installTemporalRuntime(log: Logger, { metricsBindAddress }: { metricsBindAddress?: string } = {}): void {
  if (installed) return;
  installed = true;
  const verbose = log.level === 'debug' || log.level === 'trace';
  const level: LogLevel = verbose ? 'DEBUG' : 'WARN';
  const sdk = log.child({ component: 'temporal-sdk' });
  Runtime.install({
    logger: new DefaultLogger(level, ({ level: l, message, meta }) => {
      const fn = l === 'ERROR' ? sdk.error : l === 'WARN' ? sdk.warn : l === 'INFO' ? sdk.info : sdk.debug;
      fn.call(sdk, meta ?? {}, message);
    }),
    telemetryOptions: {
      logging: { forward: {}, filter: { core: level, other: 'ERROR' } },
      ...(metricsBindAddress ? { metrics: { prometheus: { bindAddress: metricsBindAddress } } } : {}),
    },
    // The service stops in its own order on SIGINT/SIGTERM (scripts/start.ts): HTTP first, then the
    // worker. The runtime's default would shut the worker down at once, while requests still arrive.
    shutdownSignals: [],
  });
}

/** Core's Prometheus bind address (`host:port`, IPv6 in brackets) for TEMPORAL_SDK_METRICS_PORT; undefined: off. */
export function sdkMetricsAddress({ host, sdkPort }: { host: string; sdkPort?: number }): string | undefined {
  if (sdkPort === undefined) return undefined;
  return `${host.includes(':') ? `[${host}]` : host}:${sdkPort}`;
}
