// The data-sharing authority of a jurisdiction (a department) and the people's government above it,
// by name, from the directory: where a duty-bearer's missed deadline is escalated (Art. 39–41).
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { jurisdictions } from '../../db/schema';
import { authorityDepartmentId } from '../../rules/seedData';
import type { Supervisor } from '../../workflows/shared';

export async function supervisorOf(db: Database, jurisdictionCode: string): Promise<Supervisor> {
  const [place] = await db.select().from(jurisdictions).where(eq(jurisdictions.code, jurisdictionCode));
  if (!place) throw new Error(`the directory has no jurisdiction ${jurisdictionCode}`);
  return { departmentId: authorityDepartmentId(place.code), jurisdictionCode: place.code, authorityName: place.authorityName, governmentName: place.governmentName };
}
