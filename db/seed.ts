// Seeds the demo jurisdictions, departments, staff and catalogue. Idempotent: rows that exist stay.
import { catalogueEntries, departments, jurisdictions, staff } from './schema';
import type { Database } from './client';
import { seedData } from '../rules/seedData';

export async function seedDemo(db: Database): Promise<{ inserted: number }> {
  return db.transaction(async (tx) => {
    let inserted = 0;
    // Parents before children: the tree's foreign key points upwards.
    const byLevel = [...seedData.jurisdictions].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
    inserted += (await tx.insert(jurisdictions).values(byLevel).onConflictDoNothing().returning()).length;
    inserted += (await tx.insert(departments).values(seedData.departments).onConflictDoNothing().returning()).length;
    inserted += (await tx.insert(staff).values(seedData.staff).onConflictDoNothing().returning()).length;
    inserted += (await tx.insert(catalogueEntries).values(seedData.catalogueEntries).onConflictDoNothing().returning()).length;
    return { inserted };
  });
}

const LEVEL_ORDER = { national: 0, province: 1, city: 2, county: 3 } as const;
