// A department as a case names its party: its id and jurisdiction, from the directory.
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { departments } from '../../db/schema';

export async function partyOf(db: Database, id: string): Promise<{ departmentId: string; jurisdictionCode: string }> {
  const [d] = await db.select().from(departments).where(eq(departments.id, id));
  if (!d) throw new Error(`no department ${id}`);
  return { departmentId: d.id, jurisdictionCode: d.jurisdictionCode };
}
