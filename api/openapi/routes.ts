// GET /openapi.json and the docs page, GET /docs: Swagger UI from the swagger-ui-dist package, every
// file served from here (no CDN), and started by a script file, as the strict CSP (api/headers.ts)
// runs no inline script.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import type { OpenApiDocument } from './document';

const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const OWN_DIR = fileURLToPath(new URL('../static/', import.meta.url));
/** The only files under /docs/assets/, and where they come from. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': join(SWAGGER_UI_DIR, 'swagger-ui.css'),
  'swagger-ui-bundle.js': join(SWAGGER_UI_DIR, 'swagger-ui-bundle.js'),
  'favicon-32x32.png': join(SWAGGER_UI_DIR, 'favicon-32x32.png'),
  'docs-init.js': join(OWN_DIR, 'docs-init.js'),
};

export function openApiRoutes(document: OpenApiDocument): Router {
  const router = Router();
  const json = JSON.stringify(document);
  const page = readFileSync(join(OWN_DIR, 'docs.html'), 'utf8');
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(json);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });
  // Public code, the same for everyone: a browser may keep it for an hour (answers are no-store otherwise).
  router.use('/docs/assets', (req, res, next) => {
    const file = ASSETS[req.path.slice(1)];
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    res.sendFile(file, { maxAge: '1h', dotfiles: 'deny' }, (err) => err && next(err));
  });
  return router;
}
