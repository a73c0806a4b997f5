// The demo users of the development issuer: every seeded department's sharing office head and staff
// member (`<departmentId>-head`, `-staff`) and its administrator of integration settings (`-admin`), one people's-government official per jurisdiction
// (`<code>-government-official`) and the administrator (`admin`). Derived from the seed data, so
// `npm run token` works whether or not the service (and its database) is running.
import { seedData } from '../rules/seedData';
import { governmentOrganisationId, type Role } from './principal';

export interface DemoUser {
  id: string;
  name: string;
  organisationId: string;
  roles: Role[];
}

let users: Map<string, DemoUser> | undefined;

export function demoUsers(): Map<string, DemoUser> {
  if (users) return users;
  const list: DemoUser[] = [
    ...seedData.staff.map((s) => ({ id: s.id, name: s.name, organisationId: s.departmentId, roles: [s.role] as Role[] })),
    // Not staff of the directory: a technical account that manages the department's webhooks only.
    ...seedData.departments.map((d) => ({ id: `${d.id}-admin`, name: `${d.nameZh}系统管理员`, organisationId: d.id, roles: ['department_admin'] as Role[] })),
    ...seedData.jurisdictions.map((j) => ({
      id: `${j.code}-government-official`,
      name: `${j.governmentName}工作人员`,
      organisationId: governmentOrganisationId(j.code),
      roles: ['government_official'] as Role[],
    })),
    { id: 'admin', name: 'Administrator', organisationId: 'admin', roles: ['admin'] },
  ];
  users = new Map(list.map((u) => [u.id, u]));
  return users;
}
