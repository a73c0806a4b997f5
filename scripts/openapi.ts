// Prints the OpenAPI 3.1 document of a production app (share requests on, no development issuer),
// e.g. for a client generator: `npm run --silent openapi > openapi.json`. A running service serves
// its own at GET /openapi.json.
import { openApiDocument } from '../api/openapi/document';
import { PROCESSES } from '../processes';

process.stdout.write(`${JSON.stringify(openApiDocument({ processes: PROCESSES, cases: true, devIssuer: false, webhooks: true }), null, 2)}\n`);
