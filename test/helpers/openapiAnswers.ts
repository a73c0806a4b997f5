// Checks an answer against the OpenAPI document the app serves: a status it documents for the
// operation, its media type, and a body its schema allows (the drift test and the registry's test).
import { Ajv2020 } from 'ajv/dist/2020.js';

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export interface Operation {
  operationId: string;
  security?: Array<Record<string, unknown>>;
  responses: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }>;
}
export type Doc = { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>; components: { responses: Record<string, Operation['responses'][string]> } };

const pointer = (...keys: string[]) => keys.map((k) => k.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** A checker of answers against `doc`, and its validator (to show that the schemas refuse what they should). */
export function answerChecker(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(doc as object, 'doc.json');
  /** What is wrong with an answer: [] when it agrees with the document. */
  function check(path: string, method: string, op: Operation, status: number, contentType: string, text: string): string[] {
    const documented = op.responses[String(status)];
    if (!documented) return [`answered ${status}, which it does not document (${Object.keys(op.responses).join(', ')})`];
    const [where, response] = documented.$ref
      ? [documented.$ref.slice(2).split('/'), doc.components.responses[documented.$ref.split('/').at(-1)!]!]
      : [['paths', path, method, 'responses', String(status)], documented];
    if (!response.content) return text === '' ? [] : [`answered a body where ${status} documents none`];
    const mediaType = contentType.split(';')[0]!.trim();
    if (!response.content[mediaType]) return [`answered ${mediaType}, ${status} documents ${Object.keys(response.content).join(', ')}`];
    if (!/json/.test(mediaType)) return [];
    const validate = ajv.getSchema(`doc.json#/${pointer(...where, 'content', mediaType, 'schema')}`)!;
    const values = mediaType === 'application/x-ndjson' ? text.trim().split('\n').map((l) => JSON.parse(l)) : [JSON.parse(text)];
    return values.flatMap((v) => (validate(v) ? [] : [`${status} body breaks its schema: ${ajv.errorsText(validate.errors)}`]));
  }
  return { check, validates: (schema: string, value: unknown) => ajv.validate(`doc.json#/components/schemas/${schema}`, value) };
}
