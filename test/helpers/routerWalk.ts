// The routes an Express 5 app serves, as "METHOD /openapi/{path}". Express 5's router compiles a
// mount path into a matcher and keeps no string of it, so the paths are recorded as routers are
// mounted: call recordMountPaths() before the app is built (it wraps Router.prototype.use for
// this test process only).
import { Router, type Express } from 'express';

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

const mountPaths = new WeakMap<object, string>();
let recording = false;

export function recordMountPaths(): void {
  if (recording) return;
  recording = true;
  const proto = Router.prototype as unknown as { use: (this: { stack: Layer[] }, ...args: unknown[]) => unknown };
  const use = proto.use;
  proto.use = function (this: { stack: Layer[] }, ...args: unknown[]) {
    const before = this.stack.length;
    const result = use.apply(this, args);
    // app.use(fn) reaches here as use('/', fn).
    const path = typeof args[0] === 'string' ? args[0] : '/';
    for (const layer of this.stack.slice(before)) mountPaths.set(layer, path);
    return result;
  };
}

/** `/share-requests/:id/` as OpenAPI writes it: `/share-requests/{id}`. */
const openApiPath = (p: string) => (p.length > 1 ? p.replace(/\/$/, '') : p).replace(/:(\w+)/g, '{$1}');

export function routesOf(app: Express): string[] {
  const found = new Set<string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        if (typeof layer.route.path !== 'string') throw new Error(`a route path that is not a string: ${String(layer.route.path)}`);
        for (const method of Object.keys(layer.route.methods)) found.add(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${openApiPath(prefix + layer.route.path)}`);
      } else if (layer.handle.stack) {
        const mount = mountPaths.get(layer);
        if (mount === undefined) throw new Error('a router was mounted before recordMountPaths() ran');
        walk(layer.handle.stack, prefix + (mount === '/' ? '' : mount));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...found].sort();
}
