// The metrics listener: `GET /metrics` in Prometheus text format on its own host and port
// (METRICS_HOST, METRICS_PORT), apart from the public API, so scrapers need no route through it and
// clients never see it. Anything else is 404.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger';
import type { Database } from '../db/client';
import { createMetrics, type Metrics } from './metrics';
import { closeHttpServer, type ShutdownSequence } from './shutdown';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer({ registry, host, port, log }: { registry: Registry; host: string; port: number; log: Logger }): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?', 1)[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found: GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (err) => {
        log.error({ err }, 'metrics: collection failed');
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('metrics collection failed\n');
      },
    );
  });
  // A scraper is a single client; keep the listener from holding sockets open on stop.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${shown}:${address.port}/metrics`, close: () => closeHttpServer(server, 2_000) };
}

/**
 * The process's metrics as configured (METRICS_HOST, METRICS_PORT): undefined when off. The listener
 * is added to the process's shutdown. `db`: this process also exports the read model's gauges.
 */
export async function startMetrics(
  config: { host: string; port?: number },
  deps: { log: Logger; db?: Database },
  shutdown: ShutdownSequence,
): Promise<{ metrics: Metrics; url: string } | undefined> {
  if (config.port === undefined) return undefined;
  const metrics = createMetrics(deps);
  const server = await startMetricsServer({ registry: metrics.registry, host: config.host, port: config.port, log: deps.log });
  shutdown.add('metrics listener', server.close);
  deps.log.info({ url: server.url }, 'metrics listener');
  return { metrics, url: server.url };
}
