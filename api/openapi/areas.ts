// Every area of the API that documents its paths, in the document's order. A new area (webhooks,
// a new process) is one module under areas/ and one line here.
import type { ApiArea } from './kit';
import { auditArea } from './areas/audit';
import { calendarArea } from './areas/calendar';
import { delegationArea } from './areas/delegations';
import { devIssuerArea } from './areas/devIssuer';
import { directoryArea } from './areas/directory';
import { documentationArea } from './areas/documentation';
import { draftArea } from './areas/drafts';
import { healthArea } from './areas/health';
import { shareRequestArea } from './areas/shareRequests';
import { webhookArea } from './areas/webhooks';

export const AREAS: readonly ApiArea[] = [
  shareRequestArea,
  draftArea,
  delegationArea,
  webhookArea,
  directoryArea,
  calendarArea,
  auditArea,
  healthArea,
  documentationArea,
  devIssuerArea,
];
