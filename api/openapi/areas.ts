// Every area of the API that documents its paths, in the document's order. A new area is one module
// under areas/ and one line here; a new process needs none (its declaration documents it).
import type { ApiArea } from './kit';
import { auditArea } from './areas/audit';
import { calendarArea } from './areas/calendar';
import { delegationArea } from './areas/delegations';
import { devIssuerArea } from './areas/devIssuer';
import { directoryArea } from './areas/directory';
import { documentationArea } from './areas/documentation';
import { healthArea } from './areas/health';
import { processArea } from './areas/processes';
import { webhookArea } from './areas/webhooks';

export const AREAS: readonly ApiArea[] = [
  processArea,
  delegationArea,
  webhookArea,
  directoryArea,
  calendarArea,
  auditArea,
  healthArea,
  documentationArea,
  devIssuerArea,
];
