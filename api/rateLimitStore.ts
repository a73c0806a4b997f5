// An express-rate-limit Store over our database, so every API process counts against the same
// numbers: fixed windows aligned on the database's clock, one atomic upsert-increment per request.
import type { ClientRateLimitInfo, Store } from 'express-rate-limit';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { rateLimitHits } from '../db/schema';

export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  private lastSweep = 0;

  constructor(
    private readonly db: Database,
    readonly windowMs: number,
    /** Keeps limiters sharing the table apart (e.g. `ip:`, `principal:`). */
    readonly prefix: string,
  ) {}

  /** The start of the current window, on the database's clock (API processes' clocks may differ). */
  private windowStart() {
    const ms = sql`${this.windowMs}::numeric`;
    return sql`to_timestamp(floor(extract(epoch from now()) * 1000 / ${ms}) * ${ms} / 1000)`;
  }

  private info(row: { hits: number; windowStart: Date } | undefined): ClientRateLimitInfo | undefined {
    return row && { totalHits: row.hits, resetTime: new Date(row.windowStart.getTime() + this.windowMs) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const [row] = await this.db
      .select({ hits: rateLimitHits.hits, windowStart: rateLimitHits.windowStart })
      .from(rateLimitHits)
      .where(and(eq(rateLimitHits.key, this.prefix + key), eq(rateLimitHits.windowStart, this.windowStart())));
    return this.info(row);
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    await this.sweep();
    const [row] = await this.db
      .insert(rateLimitHits)
      .values({ key: this.prefix + key, windowStart: this.windowStart(), hits: 1 })
      .onConflictDoUpdate({ target: [rateLimitHits.key, rateLimitHits.windowStart], set: { hits: sql`${rateLimitHits.hits} + 1` } })
      .returning({ hits: rateLimitHits.hits, windowStart: rateLimitHits.windowStart });
    return this.info(row)!;
  }

  async decrement(key: string): Promise<void> {
    await this.db
      .update(rateLimitHits)
      .set({ hits: sql`${rateLimitHits.hits} - 1` })
      .where(and(eq(rateLimitHits.key, this.prefix + key), eq(rateLimitHits.windowStart, this.windowStart()), gt(rateLimitHits.hits, 0)));
  }

  async resetKey(key: string): Promise<void> {
    await this.db.delete(rateLimitHits).where(eq(rateLimitHits.key, this.prefix + key));
  }

  /** At most once a window per process: deletes this limiter's ended windows. */
  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < this.windowMs) return;
    this.lastSweep = Date.now();
    await this.db
      .delete(rateLimitHits)
      .where(and(sql`starts_with(${rateLimitHits.key}, ${this.prefix})`, lt(rateLimitHits.windowStart, sql`now() - ${this.windowMs}::float8 * interval '1 millisecond'`)));
  }
}
