import { describe, expect, it } from 'vitest';
import { JurisdictionTree, type JurisdictionInput } from '../rules/jurisdictions';
import { listRuleSets } from '../rules/ruleSets';
import { demoJurisdictionTree, NATIONAL_CODE, seedData } from '../rules/seedData';
import { errorCode } from './helpers/rules';

const tree = demoJurisdictionTree();
const codes = (list: Array<{ code: string }>) => list.map((j) => j.code);

describe('JurisdictionTree navigation', () => {
  it('when asked for ancestors of Daoli, then it lists self, Harbin, Heilongjiang, national', () => {
    expect(codes(tree.ancestorsOf('230102'))).toEqual(['230102', '230100', '230000', NATIONAL_CODE]);
    expect(codes(tree.ancestorsOf(NATIONAL_CODE))).toEqual([NATIONAL_CODE]);
  });

  it('when a jurisdiction is inside a subtree, then isWithin is true (itself included), else false', () => {
    expect(tree.isWithin('230102', '230000')).toBe(true);
    expect(tree.isWithin('230100', '230100')).toBe(true);
    expect(tree.isWithin('210423', '230000')).toBe(false);
    expect(tree.isWithin('230000', '230100')).toBe(false);
  });

  it('when asked for children, then it gives the direct children only', () => {
    expect(codes(tree.children(NATIONAL_CODE)).sort()).toEqual(['110000', '210000', '230000']);
    expect(codes(tree.children('210400'))).toEqual(['210423']);
    expect(tree.children('230102')).toEqual([]);
  });

  it('when a jurisdiction is looked up, then it carries its authority and people\'s government', () => {
    expect(tree.get('230100')).toMatchObject({ nameZh: '哈尔滨市', level: 'city', governmentName: '哈尔滨市人民政府' });
    expect(tree.root.code).toBe(NATIONAL_CODE);
  });

  it('when the code is unknown, then get/ancestorsOf/isWithin/children/commonSuperior throw UNKNOWN_JURISDICTION', () => {
    expect(errorCode(() => tree.get('999999'))).toBe('UNKNOWN_JURISDICTION');
    expect(errorCode(() => tree.ancestorsOf('999999'))).toBe('UNKNOWN_JURISDICTION');
    expect(errorCode(() => tree.isWithin('230100', '999999'))).toBe('UNKNOWN_JURISDICTION');
    expect(errorCode(() => tree.children('999999'))).toBe('UNKNOWN_JURISDICTION');
    expect(errorCode(() => tree.commonSuperior('230100', '999999'))).toBe('UNKNOWN_JURISDICTION');
  });
});

describe('commonSuperior (Art. 28: same-level authority, else the common superior authority)', () => {
  it.each([
    ['two departments of Harbin', '230100', '230100', '230100'],
    ['Harbin vs Daoli (cross-level)', '230100', '230100', '230102'],
    ['Daoli vs Harbin (order does not matter)', '230100', '230102', '230100'],
    ['Daoli vs Heilongjiang', '230000', '230102', '230000'],
    ['Fushun vs Qingyuan', '210400', '210400', '210423'],
    ['Harbin vs Fushun (cross-region)', NATIONAL_CODE, '230100', '210400'],
    ['Daoli vs Qingyuan', NATIONAL_CODE, '230102', '210423'],
    ['Beijing vs national', NATIONAL_CODE, '110000', NATIONAL_CODE],
  ])('when the parties are %s, then the common superior is %s', (_, expected, a, b) => {
    expect(tree.commonSuperior(a, b).code).toBe(expected);
  });
});

describe('JurisdictionTree validation', () => {
  const j = (code: string, level: JurisdictionInput['level'], parentCode: string | null): JurisdictionInput => ({
    code, level, parentCode, name: code, nameZh: code, authorityName: `${code} authority`, governmentName: `${code} government`,
  });
  const build = (list: JurisdictionInput[]) => errorCode(() => new JurisdictionTree(list));

  it('when the list is valid (a county may sit directly under a province), then it builds', () => {
    expect(build([j('100000', 'national', null), j('110000', 'province', '100000'), j('110101', 'county', '110000')])).toBe('no error');
  });

  it.each([
    ['empty', []],
    ['no root', [j('230000', 'province', '100000')]],
    ['two roots', [j('100000', 'national', null), j('900000', 'national', null)]],
    ['root not national', [j('230000', 'province', null)]],
    ['missing parent', [j('100000', 'national', null), j('230100', 'city', '230000')]],
    ['duplicate code', [j('100000', 'national', null), j('230000', 'province', '100000'), j('230000', 'province', '100000')]],
    ['city above province', [j('100000', 'national', null), j('230100', 'city', '100000'), j('230000', 'province', '230100')]],
    ['same level nested', [j('100000', 'national', null), j('230000', 'province', '100000'), j('210000', 'province', '230000')]],
    ['second national under root', [j('100000', 'national', null), j('100001', 'national', '100000')]],
  ] as Array<[string, JurisdictionInput[]]>)('when the tree has %s, then it throws INVALID_TREE', (_, list) => {
    expect(build(list)).toBe('INVALID_TREE');
  });
});

describe('demo seed integrity', () => {
  const { jurisdictions, departments, staff, catalogueEntries } = seedData;
  const unique = (ids: string[]) => new Set(ids).size === ids.length;

  it('when seeded, then every id is unique within its table', () => {
    expect(unique(jurisdictions.map((x) => x.code))).toBe(true);
    expect(unique(departments.map((x) => x.id))).toBe(true);
    expect(unique(staff.map((x) => x.id))).toBe(true);
    expect(unique(catalogueEntries.map((x) => x.id))).toBe(true);
  });

  it('when seeded, then the jurisdictions use real division codes (Qingyuan 210423, Daoli 230102) and every rule set\'s appliesTo exists', () => {
    expect(tree.get('210423').nameZh).toBe('清原满族自治县');
    expect(tree.get('230102').nameZh).toBe('道里区');
    for (const rs of listRuleSets()) expect(tree.has(rs.appliesTo), rs.id).toBe(true);
    for (const x of jurisdictions) expect(x.authorityName && x.governmentName, x.code).toBeTruthy();
  });

  it('when seeded, then every department belongs to a known jurisdiction and each demo jurisdiction has one', () => {
    for (const d of departments) expect(tree.has(d.jurisdictionCode), d.id).toBe(true);
    for (const x of jurisdictions) expect(departments.some((d) => d.jurisdictionCode === x.code), x.code).toBe(true);
    for (const city of ['230100', '210400']) expect(departments.filter((d) => d.jurisdictionCode === city).length).toBeGreaterThanOrEqual(4);
  });

  it('when seeded, then every department has a sharing office head (Art. 20) and a staff member', () => {
    for (const d of departments) {
      expect(staff.some((s) => s.departmentId === d.id && s.role === 'sharing_office_head'), d.id).toBe(true);
      expect(staff.some((s) => s.departmentId === d.id && s.role === 'staff'), d.id).toBe(true);
    }
    const deptIds = new Set(departments.map((d) => d.id));
    for (const s of staff) expect(deptIds.has(s.departmentId), s.id).toBe(true);
  });

  it('when seeded, then each entry has the Art. 13 fields and the Art. 15 fields of its sharing attribute', () => {
    const deptIds = new Set(departments.map((d) => d.id));
    for (const e of catalogueEntries) {
      expect(deptIds.has(e.providerDepartmentId), e.id).toBe(true);
      for (const f of [e.name, e.nameZh, e.dataFormat, e.updateFrequency, e.classification, e.grading]) expect(f, e.id).toBeTruthy();
      expect(e.dataItems.length, e.id).toBeGreaterThan(0);
      expect(e.publishedAt).toBeInstanceOf(Date);
      if (e.sharingAttribute === 'not_shared') {
        expect(e.notSharedReason && e.legalBasis, e.id).toBeTruthy();
        expect(e.legalBasis, e.id).toMatch(/^《中华人民共和国.+》/);
      } else {
        expect(e.sharingMethods.length, e.id).toBeGreaterThan(0);
      }
      if (e.sharingAttribute === 'conditional') expect(e.sharingScope && e.usageConditions, e.id).toBeTruthy();
    }
  });

  it('when seeded, then each sharing attribute appears in Harbin, in Fushun and elsewhere', () => {
    const jurOf = new Map(departments.map((d) => [d.id, d.jurisdictionCode]));
    const region = (code: string) => (tree.isWithin(code, '230100') ? 'harbin' : tree.isWithin(code, '210400') ? 'fushun' : 'elsewhere');
    const seen = new Set(catalogueEntries.map((e) => `${region(jurOf.get(e.providerDepartmentId)!)}:${e.sharingAttribute}`));
    for (const r of ['harbin', 'fushun', 'elsewhere']) {
      for (const a of ['unconditional', 'conditional', 'not_shared']) expect(seen.has(`${r}:${a}`), `${r}:${a}`).toBe(true);
    }
  });
});
