// Valid-looking values for the fuzz generators: the real seeded directory (rules/seedData) and dates,
// codes and numbers on either side of what the API accepts.
import { seedCatalogueEntries, seedDepartments, seedJurisdictions, seedStaff } from '../../rules/seedData';
import fc from 'fast-check';
import { SHARE_REQUEST_STAGES, SHARING_METHODS } from '../../workflows/shareRequest/contract';
import { headerOf, headerValue, type Header } from './hostile';

export const DEPARTMENT_IDS = seedDepartments.map((d) => d.id);
export const STAFF_IDS = seedStaff.map((s) => s.id);
export const CATALOGUE_IDS = seedCatalogueEntries.map((e) => e.id);
export const JURISDICTION_CODES = [...seedJurisdictions.map((j) => j.code), '999999', '000000', '110100', '11000', '1100000', '11000a'];
export const DATES = [
  '2026-01-01', '2026-09-30', '2026-10-01', '2026-02-28', '2024-02-29', '2026-12-31', '1999-12-31', '2100-01-01', '1900-01-01',
  '0000-01-01', '0001-01-01', '9999-12-31', '2026-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '20260101', '2026-01-01T00:00:00Z', '+002026-01-01',
];
export const INSTANTS = [
  '2026-11-23T10:00:00+08:00', '2026-11-23T02:00:00Z', '2026-11-23T10:00:00.123456789+08:00', '2026-11-23T10:00:00-12:00', '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59+14:00', '2026-11-23T25:00:00+08:00', '2026-11-23', '2026-11-23T10:00:00', '1e12',
];
export const WHOLE_NUMBERS = ['1', '5', '20', '60', '61', '100', '101', '3650', '3651', '0', '-1', '1.5', '1e3', '0x10', ' 7', '7 ', 'Infinity', 'NaN', '99999999999999999999', ''];
export const STAGES: readonly string[] = SHARE_REQUEST_STAGES;
export const METHODS: readonly string[] = SHARING_METHODS;
export const PROSE = ['《政务数据共享条例》第二十条', '居住证办理核验', '本部门政务服务', '用途说明', '材料齐全', 'SVC-1', 'reason'];

/** Bearer tokens of every demo user (valid ones), plus forged and malformed Authorization values. */
export async function authorizationSeeds(): Promise<{ of: (userId: string) => string; valid: string[]; forged: string[] }> {
  const { tokenFor } = await import('./tokens');
  const ids = [...STAFF_IDS, '110000-government-official', 'admin'];
  const tokens = new Map(await Promise.all(ids.map(async (id) => [id, `Bearer ${await tokenFor(id)}`] as const)));
  const some = tokens.get(STAFF_IDS[0]!)!;
  const [h, p] = some.slice(7).split('.');
  return {
    of: (userId) => tokens.get(userId) ?? tokens.get(`${userId}-head`)!,
    valid: [...tokens.values()],
    forged: [
      `Bearer ${h}.${p}.`,
      `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`,
      `Bearer ${h}.${p}.${'A'.repeat(86)}`,
      'Bearer ',
      'Basic YWRtaW46YWRtaW4=',
      `bearer ${some.slice(7)}`,
    ],
  };
}

/**
 * Authorization headers of a property run as `actor` (a key of `tokens`, whose values are
 * `Bearer …`): mostly its own, else another caller's, a valid token of `auth`, or a forged one;
 * sometimes missing or repeated (headerOf).
 */
export function callerHeaders(actor: string, tokens: ReadonlyMap<string, string>, auth: { valid: string[]; forged: string[] }): fc.Arbitrary<Header[]> {
  return headerOf(
    'Authorization',
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(actor) },
      { weight: 3, arbitrary: fc.constantFrom(...[...tokens.keys()].filter((k) => k !== actor)) },
      { weight: 1, arbitrary: fc.constantFrom(...auth.valid.slice(0, 20)) },
      { weight: 1, arbitrary: headerValue(auth.forged) },
    ),
  ).map((headers): Header[] => headers.map(([n, v]) => [n, tokens.get(v) ?? v] as const));
}
