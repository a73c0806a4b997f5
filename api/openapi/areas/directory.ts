// The read-only directory (api/routes/directory.ts): jurisdictions, departments with their staff,
// and the published catalogue (Art. 13, 15, 16).
import { z } from 'zod';
import { CatalogueQuery, CommonSuperiorQuery, DepartmentQuery } from '../../routes/directory';
import { SHARING_METHODS } from '../../../workflows/shareRequest/contract';
import { named, type ApiArea } from '../kit';

const Jurisdiction = named(
  'Jurisdiction',
  z.object({
    code: z.string().meta({ description: 'administrative division code (GB/T 2260)' }),
    name: z.string(),
    nameZh: z.string(),
    level: z.string(),
    parentCode: z.string().nullable(),
    authorityName: z.string().meta({ description: '政务数据共享主管部门' }),
    governmentName: z.string().meta({ description: '人民政府' }),
  }),
);
const Department = named('Department', z.object({ id: z.string(), jurisdictionCode: z.string(), name: z.string(), nameZh: z.string(), sector: z.string() }));
const StaffMember = z.object({ id: z.string(), departmentId: z.string(), name: z.string(), role: z.enum(['staff', 'sharing_office_head']) });
const CatalogueEntry = named(
  'CatalogueEntry',
  z.object({
    id: z.string(),
    providerDepartmentId: z.string(),
    name: z.string(),
    nameZh: z.string(),
    dataItems: z.array(z.string()),
    dataFormat: z.string(),
    updateFrequency: z.string(),
    sharingAttribute: z.enum(['unconditional', 'conditional', 'not_shared']),
    sharingMethods: z.array(z.enum(SHARING_METHODS)),
    sharingScope: z.string().nullable(),
    usageConditions: z.string().nullable(),
    notSharedReason: z.string().nullable(),
    legalBasis: z.string().nullable(),
    classification: z.string(),
    grading: z.string(),
    publishedAt: z.string(),
  }),
);
const code = z.object({ code: z.string() });
const id = z.object({ id: z.string() });

export const directoryArea: ApiArea = {
  register(doc) {
    doc.tag('directory', 'Jurisdictions, departments and the published catalogue (Art. 13, 15, 16)');
    const read = { method: 'get', tag: 'directory', auth: 'public' } as const;
    doc.operation({ ...read, path: '/jurisdictions', operationId: 'listJurisdictions', summary: 'The jurisdiction tree', responses: { 200: { description: 'Every jurisdiction', schema: z.object({ jurisdictions: z.array(Jurisdiction) }) } } });
    doc.operation({
      ...read,
      path: '/jurisdictions/common-superior',
      operationId: 'commonSuperior',
      summary: 'The lowest jurisdiction above both (disputes, Art. 28)',
      query: CommonSuperiorQuery,
      responses: { 200: { description: 'The jurisdiction', schema: z.object({ commonSuperior: Jurisdiction }) } },
    });
    doc.operation({
      ...read,
      path: '/jurisdictions/{code}',
      operationId: 'getJurisdiction',
      summary: 'A jurisdiction with its ancestors',
      params: code,
      errors: [404],
      responses: { 200: { description: 'The jurisdiction', schema: Jurisdiction.extend({ ancestors: z.array(z.string()) }) } },
    });
    doc.operation({ ...read, path: '/departments', operationId: 'listDepartments', summary: 'Departments', query: DepartmentQuery, responses: { 200: { description: 'Departments', schema: z.object({ departments: z.array(Department) }) } } });
    doc.operation({
      ...read,
      auth: 'bearer',
      path: '/departments/{id}',
      operationId: 'getDepartment',
      summary: 'A department and its staff (it lists people: a token is needed)',
      params: id,
      errors: [404],
      responses: { 200: { description: 'The department', schema: Department.extend({ staff: z.array(StaffMember) }) } },
    });
    doc.operation({
      ...read,
      path: '/catalogue-entries',
      operationId: 'listCatalogueEntries',
      summary: 'The published catalogue (Art. 13, 15)',
      query: CatalogueQuery,
      responses: { 200: { description: 'Entries', schema: z.object({ catalogueEntries: z.array(CatalogueEntry) }) } },
    });
    doc.operation({ ...read, path: '/catalogue-entries/{id}', operationId: 'getCatalogueEntry', summary: 'A catalogue entry', params: id, errors: [404], responses: { 200: { description: 'The entry', schema: CatalogueEntry } } });
  },
};
