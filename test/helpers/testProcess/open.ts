// Opens a test inspection on a time-skipping harness as the API would assemble it: Beijing market
// regulation inspects Beijing public security, received now.
import { supervisorOf } from '../../../api/cases/supervisor';
import { actorOf, type CaseHandle, type Harness } from '../shareRequestHarness';
import { partyOf } from '../parties';
import type { InspectionInput } from './contract';

export const INSPECTOR = '110000-market-regulation';
export const CATALOGUER = '110000-public-security';

export async function openInspection(h: Harness, over: Partial<InspectionInput> = {}): Promise<CaseHandle> {
  const db = h.database.db;
  const cataloguer = await partyOf(db, CATALOGUER);
  const input: InspectionInput = {
    id: `ti-${Math.random().toString(16).slice(2, 10)}`,
    question: '目录是否已更新？',
    inspector: await partyOf(db, INSPECTOR),
    cataloguer,
    supervisor: await supervisorOf(db, cataloguer.jurisdictionCode),
    receivedAt: (await h.now()).toISOString(),
    ...over,
  };
  return h.open('test-inspection', input, actorOf(INSPECTOR, 'staff'));
}
