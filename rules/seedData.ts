// Demo seed: jurisdictions (GB/T 2260 codes), departments, staff and catalogue entries, as plain
// data typed by db/schema's insert types. Deterministic: fixed ids and dates, no clock.
import type { catalogueEntries, departments, jurisdictions, staff } from '../db/schema';
import { JurisdictionTree } from './jurisdictions';

export type SeedJurisdiction = typeof jurisdictions.$inferInsert;
export type SeedDepartment = typeof departments.$inferInsert;
export type SeedStaff = typeof staff.$inferInsert;
export type SeedCatalogueEntry = typeof catalogueEntries.$inferInsert;

export const NATIONAL_CODE = '100000';

export const seedJurisdictions: SeedJurisdiction[] = [
  { code: NATIONAL_CODE, name: "People's Republic of China", nameZh: '中华人民共和国', level: 'national', parentCode: null, authorityName: '国家数据局', governmentName: '中华人民共和国国务院' },
  { code: '230000', name: 'Heilongjiang Province', nameZh: '黑龙江省', level: 'province', parentCode: NATIONAL_CODE, authorityName: '黑龙江省营商环境建设监督局', governmentName: '黑龙江省人民政府' },
  { code: '230100', name: 'Harbin', nameZh: '哈尔滨市', level: 'city', parentCode: '230000', authorityName: '哈尔滨市营商环境建设监督局', governmentName: '哈尔滨市人民政府' },
  { code: '230102', name: 'Daoli District, Harbin', nameZh: '道里区', level: 'county', parentCode: '230100', authorityName: '哈尔滨市道里区政务数据共享主管部门', governmentName: '哈尔滨市道里区人民政府' },
  { code: '210000', name: 'Liaoning Province', nameZh: '辽宁省', level: 'province', parentCode: NATIONAL_CODE, authorityName: '辽宁省数据局', governmentName: '辽宁省人民政府' },
  { code: '210400', name: 'Fushun', nameZh: '抚顺市', level: 'city', parentCode: '210000', authorityName: '抚顺市大数据主管部门', governmentName: '抚顺市人民政府' },
  { code: '210423', name: 'Qingyuan Manchu Autonomous County', nameZh: '清原满族自治县', level: 'county', parentCode: '210400', authorityName: '清原满族自治县政务数据共享主管部门', governmentName: '清原满族自治县人民政府' },
  { code: '110000', name: 'Beijing', nameZh: '北京市', level: 'province', parentCode: NATIONAL_CODE, authorityName: '北京市政务服务和数据管理局', governmentName: '北京市人民政府' },
];

// [jurisdiction code, sector, Chinese name, English name]; id = `${code}-${sector}`.
const DEPARTMENTS: Array<[string, string, string, string]> = [
  [NATIONAL_CODE, 'public-security', '公安部', 'Ministry of Public Security'],
  [NATIONAL_CODE, 'market-regulation', '国家市场监督管理总局', 'State Administration for Market Regulation'],
  [NATIONAL_CODE, 'natural-resources', '自然资源部', 'Ministry of Natural Resources'],
  [NATIONAL_CODE, 'ecology-environment', '生态环境部', 'Ministry of Ecology and Environment'],
  ['230000', 'public-security', '黑龙江省公安厅', 'Heilongjiang Public Security Department'],
  ['230000', 'natural-resources', '黑龙江省自然资源厅', 'Heilongjiang Natural Resources Department'],
  ['230100', 'public-security', '哈尔滨市公安局', 'Harbin Public Security Bureau'],
  ['230100', 'market-regulation', '哈尔滨市市场监督管理局', 'Harbin Market Regulation Administration'],
  ['230100', 'natural-resources', '哈尔滨市自然资源和规划局', 'Harbin Natural Resources and Planning Bureau'],
  ['230100', 'housing-construction', '哈尔滨市住房和城乡建设局', 'Harbin Housing and Urban-Rural Development Bureau'],
  ['230100', 'ecology-environment', '哈尔滨市生态环境局', 'Harbin Ecology and Environment Bureau'],
  ['230102', 'public-security', '哈尔滨市公安局道里分局', 'Harbin Public Security Bureau, Daoli Branch'],
  ['230102', 'market-regulation', '哈尔滨市道里区市场监督管理局', 'Daoli District Market Regulation Administration'],
  ['210000', 'public-security', '辽宁省公安厅', 'Liaoning Public Security Department'],
  ['210000', 'ecology-environment', '辽宁省生态环境厅', 'Liaoning Ecology and Environment Department'],
  ['210400', 'public-security', '抚顺市公安局', 'Fushun Public Security Bureau'],
  ['210400', 'market-regulation', '抚顺市市场监督管理局', 'Fushun Market Regulation Administration'],
  ['210400', 'natural-resources', '抚顺市自然资源局', 'Fushun Natural Resources Bureau'],
  ['210400', 'housing-construction', '抚顺市住房和城乡建设局', 'Fushun Housing and Urban-Rural Development Bureau'],
  ['210400', 'ecology-environment', '抚顺市生态环境局', 'Fushun Ecology and Environment Bureau'],
  ['210423', 'natural-resources', '清原满族自治县自然资源局', 'Qingyuan County Natural Resources Bureau'],
  ['210423', 'market-regulation', '清原满族自治县市场监督管理局', 'Qingyuan County Market Regulation Administration'],
  ['110000', 'public-security', '北京市公安局', 'Beijing Public Security Bureau'],
  ['110000', 'market-regulation', '北京市市场监督管理局', 'Beijing Market Regulation Administration'],
  ['110000', 'housing-construction', '北京市住房和城乡建设委员会', 'Beijing Housing and Urban-Rural Development Commission'],
];

/** Sector of the data-sharing authority (政务数据共享主管部门) seeded as a department of each jurisdiction. */
export const AUTHORITY_SECTOR = 'data-sharing-authority';
export const authorityDepartmentId = (jurisdictionCode: string): string => `${jurisdictionCode}-${AUTHORITY_SECTOR}`;

// Authorities act in cases (extension approval Art. 21, rectification orders Art. 39), so they are
// departments too, with their own sharing office head.
const AUTHORITIES: Array<[string, string, string, string]> = seedJurisdictions.map((j) => [
  j.code,
  AUTHORITY_SECTOR,
  j.authorityName,
  `Data-sharing authority of ${j.name}`,
]);

export const seedDepartments: SeedDepartment[] = [...DEPARTMENTS, ...AUTHORITIES].map(([jurisdictionCode, sector, nameZh, name]) => ({
  id: `${jurisdictionCode}-${sector}`,
  jurisdictionCode,
  name,
  nameZh,
  sector,
}));

// Fictional people, assigned deterministically.
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马'];
const GIVEN = ['建国', '海燕', '志强', '秀英', '明', '丽', '伟', '静', '磊', '敏', '洋', '军', '晓东', '雪梅', '宇'];
const person = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`;

/** Each department: one sharing office head (共享工作机构负责人, Art. 20) and one staff member. */
export const seedStaff: SeedStaff[] = seedDepartments.flatMap((d, i) => [
  { id: `${d.id}-head`, departmentId: d.id, name: person(2 * i), role: 'sharing_office_head' as const },
  { id: `${d.id}-staff`, departmentId: d.id, name: person(2 * i + 1), role: 'staff' as const },
]);

const published = (date: string) => new Date(`${date}T09:00:00+08:00`);
const PIPL_34 = '《中华人民共和国个人信息保护法》第三十四条';

/** Art. 13 fields on every entry; Art. 15 fields by sharing attribute (checked in db/schema). */
export const seedCatalogueEntries: SeedCatalogueEntry[] = [
  // Harbin (Heilongjiang rules: HLJ Art. 21–22)
  {
    id: '230100-market-regulation-business-registry', providerDepartmentId: '230100-market-regulation',
    name: 'Market entity registration', nameZh: '市场主体登记信息',
    dataItems: ['统一社会信用代码', '市场主体名称', '市场主体类型', '法定代表人', '住所', '成立日期', '登记状态'],
    dataFormat: 'JSON', updateFrequency: '每日', sharingAttribute: 'unconditional', sharingMethods: ['service_api', 'batch_exchange'],
    classification: '法人数据/市场主体登记', grading: '一般数据', publishedAt: published('2025-09-01'),
  },
  {
    id: '230100-public-security-household-registration', providerDepartmentId: '230100-public-security',
    name: 'Registered residents (hukou)', nameZh: '户籍人口基本信息',
    dataItems: ['公民身份号码', '姓名', '性别', '民族', '出生日期', '户籍地址'],
    dataFormat: 'JSON', updateFrequency: '实时', sharingAttribute: 'conditional', sharingMethods: ['service_api'],
    sharingScope: '哈尔滨市行政区域内办理政务服务事项、需核验自然人身份的政府部门',
    usageConditions: `仅用于政务服务事项办理中的身份核验；按次比对核验，不得批量下载或留存（${PIPL_34}）`,
    classification: '人口数据/户籍', grading: '一般数据（含敏感个人信息）', publishedAt: published('2025-09-01'),
  },
  {
    id: '230100-natural-resources-real-estate-registration', providerDepartmentId: '230100-natural-resources',
    name: 'Real estate registration', nameZh: '不动产登记信息',
    dataItems: ['不动产单元号', '权利人', '权利类型', '坐落', '面积', '抵押登记状态'],
    dataFormat: 'JSON', updateFrequency: '每日', sharingAttribute: 'conditional', sharingMethods: ['service_api', 'file_download'],
    sharingScope: '依法履行职责需查询不动产权属状况的政府部门',
    usageConditions: '凭使用依据按不动产单元或权利人查询；不得向第三方提供',
    classification: '自然资源数据/不动产登记', grading: '一般数据（含个人信息）', publishedAt: published('2025-09-15'),
  },
  {
    id: '230100-housing-construction-presale-permits', providerDepartmentId: '230100-housing-construction',
    name: 'Commercial housing presale permits', nameZh: '商品房预售许可信息',
    dataItems: ['预售许可证号', '项目名称', '开发企业', '预售面积', '发证日期'],
    dataFormat: 'CSV', updateFrequency: '每周', sharingAttribute: 'unconditional', sharingMethods: ['batch_exchange', 'file_download'],
    classification: '城乡建设数据/房地产市场', grading: '一般数据', publishedAt: published('2025-10-10'),
  },
  {
    id: '230100-public-security-technical-investigation', providerDepartmentId: '230100-public-security',
    name: 'Material from technical investigation measures', nameZh: '技术侦查措施获取材料',
    dataItems: ['案件编号', '措施类型', '材料摘要'],
    dataFormat: 'JSON', updateFrequency: '按需', sharingAttribute: 'not_shared', sharingMethods: [],
    notSharedReason: '采取技术侦查措施获取的材料，只能用于对犯罪的侦查、起诉和审判，不得用于其他用途',
    legalBasis: '《中华人民共和国刑事诉讼法》第一百五十二条',
    classification: '公共安全数据/刑事侦查', grading: '重要数据', publishedAt: published('2025-09-01'),
  },
  {
    id: '230102-market-regulation-food-licences', providerDepartmentId: '230102-market-regulation',
    name: 'Food business licences', nameZh: '食品经营许可信息',
    dataItems: ['许可证编号', '经营者名称', '经营场所', '经营项目', '有效期至'],
    dataFormat: 'JSON', updateFrequency: '每日', sharingAttribute: 'unconditional', sharingMethods: ['service_api'],
    classification: '市场监管数据/行政许可', grading: '一般数据', publishedAt: published('2025-11-03'),
  },
  // Fushun (Fushun rules: Fushun Art. 11, 21)
  {
    id: '210400-ecology-environment-discharge-permits', providerDepartmentId: '210400-ecology-environment',
    name: 'Pollutant discharge permits', nameZh: '排污许可证信息',
    dataItems: ['许可证编号', '排污单位名称', '统一社会信用代码', '主要污染物种类', '许可排放量', '有效期'],
    dataFormat: 'JSON', updateFrequency: '每月', sharingAttribute: 'unconditional', sharingMethods: ['service_api', 'batch_exchange'],
    classification: '生态环境数据/排污许可', grading: '一般数据', publishedAt: published('2023-04-03'),
  },
  {
    id: '210400-public-security-vehicle-registration', providerDepartmentId: '210400-public-security',
    name: 'Motor vehicle registration', nameZh: '机动车登记信息',
    dataItems: ['号牌号码', '号牌种类', '车辆类型', '所有人', '登记日期', '检验有效期'],
    dataFormat: 'JSON', updateFrequency: '实时', sharingAttribute: 'conditional', sharingMethods: ['service_api'],
    sharingScope: '抚顺市行政区域内承担交通运输、城市管理职责的政务部门',
    usageConditions: '仅用于行政执法和政务服务中的车辆核验；涉及个人信息的按《中华人民共和国个人信息保护法》使用（Fushun Art. 20）',
    classification: '公共安全数据/车辆管理', grading: '一般数据（含个人信息）', publishedAt: published('2023-04-03'),
  },
  {
    id: '210400-housing-construction-heating-supply', providerDepartmentId: '210400-housing-construction',
    name: 'District heating supply', nameZh: '供热企业及供热面积信息',
    dataItems: ['供热企业名称', '供热区域', '供热面积', '热源类型', '供热期'],
    dataFormat: 'XLSX', updateFrequency: '每季度', sharingAttribute: 'conditional', sharingMethods: ['file_download'],
    sharingScope: '抚顺市及所辖县（区）承担供热保障、民生服务职责的政务部门',
    usageConditions: '仅用于供热保障调度和民生诉求办理，不得对外公开',
    classification: '城乡建设数据/市政公用', grading: '一般数据', publishedAt: published('2024-10-15'),
  },
  {
    id: '210400-public-security-sealed-juvenile-records', providerDepartmentId: '210400-public-security',
    name: 'Sealed juvenile criminal records', nameZh: '封存的未成年人犯罪记录',
    dataItems: ['姓名', '公民身份号码', '判决信息', '封存日期'],
    dataFormat: 'JSON', updateFrequency: '按需', sharingAttribute: 'not_shared', sharingMethods: [],
    notSharedReason: '犯罪记录被封存的，不得向任何单位和个人提供，但司法机关为办案需要或者有关单位根据国家规定进行查询的除外',
    legalBasis: '《中华人民共和国刑事诉讼法》第二百八十六条',
    classification: '公共安全数据/刑事司法', grading: '一般数据（含敏感个人信息）', publishedAt: published('2023-04-03'),
  },
  {
    id: '210423-natural-resources-forest-land', providerDepartmentId: '210423-natural-resources',
    name: 'Forest land protection and use', nameZh: '林地保护利用信息',
    dataItems: ['林地图斑编号', '地类', '面积', '林地保护等级', '所在乡镇'],
    dataFormat: 'GeoJSON', updateFrequency: '每年', sharingAttribute: 'unconditional', sharingMethods: ['file_download'],
    classification: '自然资源数据/林业', grading: '一般数据', publishedAt: published('2024-03-20'),
  },
  // Elsewhere (national rules only)
  {
    id: '100000-ecology-environment-air-quality', providerDepartmentId: '100000-ecology-environment',
    name: 'Urban air quality monitoring', nameZh: '城市空气质量监测数据',
    dataItems: ['城市', '监测站点', 'AQI', 'PM2.5', 'PM10', '监测时间'],
    dataFormat: 'JSON', updateFrequency: '每小时', sharingAttribute: 'unconditional', sharingMethods: ['service_api', 'batch_exchange'],
    classification: '生态环境数据/环境监测', grading: '一般数据', publishedAt: published('2025-08-15'),
  },
  {
    id: '100000-market-regulation-antitrust-investigations', providerDepartmentId: '100000-market-regulation',
    name: 'Business secrets learnt in antitrust investigations', nameZh: '反垄断执法中知悉的商业秘密',
    dataItems: ['案件编号', '经营者名称', '商业秘密材料'],
    dataFormat: 'PDF', updateFrequency: '按需', sharingAttribute: 'not_shared', sharingMethods: [],
    notSharedReason: '反垄断执法机构及其工作人员对执法过程中知悉的商业秘密、个人隐私和个人信息依法负有保密义务',
    legalBasis: '《中华人民共和国反垄断法》第四十九条',
    classification: '市场监管数据/反垄断执法', grading: '重要数据', publishedAt: published('2025-08-15'),
  },
  {
    id: '110000-public-security-residence-permits', providerDepartmentId: '110000-public-security',
    name: 'Beijing residence permits', nameZh: '北京市居住证信息',
    dataItems: ['居住证编号', '姓名', '公民身份号码', '居住地址', '签发日期', '有效期'],
    dataFormat: 'JSON', updateFrequency: '每日', sharingAttribute: 'conditional', sharingMethods: ['service_api'],
    sharingScope: '北京市行政区域内办理积分落户、入学、社保等事项的政府部门',
    usageConditions: `仅用于核验居住证持有状态；按次核验（${PIPL_34}）`,
    classification: '人口数据/流动人口', grading: '一般数据（含敏感个人信息）', publishedAt: published('2025-08-20'),
  },
  {
    id: '230000-natural-resources-mining-rights', providerDepartmentId: '230000-natural-resources',
    name: 'Mining rights registration', nameZh: '矿业权登记信息',
    dataItems: ['许可证号', '矿业权人', '矿种', '矿区面积', '有效期'],
    dataFormat: 'CSV', updateFrequency: '每月', sharingAttribute: 'unconditional', sharingMethods: ['batch_exchange'],
    classification: '自然资源数据/矿产资源', grading: '一般数据', publishedAt: published('2025-03-10'),
  },
];

export const seedData = {
  jurisdictions: seedJurisdictions,
  departments: seedDepartments,
  staff: seedStaff,
  catalogueEntries: seedCatalogueEntries,
};

/** The demo jurisdictions as a validated tree. */
export function demoJurisdictionTree(): JurisdictionTree {
  return new JurisdictionTree(seedJurisdictions);
}
