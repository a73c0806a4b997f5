// The document itself and the page that reads it (api/openapi/routes.ts).
import { z } from 'zod';
import type { ApiArea } from '../kit';

export const documentationArea: ApiArea = {
  register(doc) {
    doc.tag('documentation', 'This document (OpenAPI 3.1, generated from the zod schemas the routes validate with) and a page to read it');
    const op = { tag: 'documentation', auth: 'public', method: 'get', rateLimited: false, usesServers: false } as const;
    doc.operation({ ...op, path: '/openapi.json', operationId: 'openApiDocument', summary: 'This OpenAPI document', responses: { 200: { description: 'OpenAPI 3.1', schema: z.record(z.string(), z.unknown()) } } });
    doc.operation({ ...op, path: '/docs', operationId: 'docsPage', summary: 'Swagger UI over this document (every asset served from here)', responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } } });
  },
};
