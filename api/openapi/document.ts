// The OpenAPI 3.1 document of the running app, generated from the zod schemas the routes validate
// with (@asteasolutions/zod-to-openapi): the areas in areas.ts each add their paths.
import { readFileSync } from 'node:fs';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { AREAS } from './areas';
import { createApiDoc, ErrorBody, type AppFeatures } from './kit';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

export function openApiDocument(features: AppFeatures): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  const tags: Array<{ name: string; description: string }> = [];
  const doc = createApiDoc(registry, tags);
  for (const area of AREAS) if (!area.when || area.when(features)) area.register(doc, features);
  return new OpenApiGeneratorV31([...registry.definitions, { type: 'schema', schema: ErrorBody }]).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Government data sharing (政务数据共享条例, State Council Decree No. 809)',
      version,
      description:
        'The statutory processes of the Government Data Sharing Regulations as durable workflows. Errors carry a machine-readable `code` (docs/api.md); who may do what is the policy in docs/identity.md.',
    },
    tags,
  });
}
