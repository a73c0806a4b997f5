// The one way instants are written: ISO 8601 in Asia/Shanghai with milliseconds
// (`2026-10-16T00:00:00.000+08:00`), in API output, events and hashes alike. Pure.

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** An instant (ms, ISO string or Date) as `YYYY-MM-DDTHH:mm:ss.SSS+08:00`. */
export function shanghaiIso(instant: number | string | Date): string {
  const ms = typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');
}
