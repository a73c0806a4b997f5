// /delegations (api/routes/delegations.ts): a sharing office head names an acting head (代理).
import { z } from 'zod';
import { GrantBody } from '../../routes/delegations';
import { named, type ApiArea } from '../kit';

const Delegation = named(
  'Delegation',
  z.object({
    id: z.string(),
    departmentId: z.string(),
    headUserId: z.string(),
    actingUserId: z.string(),
    from: z.string(),
    to: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().optional(),
    revokedBy: z.string().optional(),
  }),
);

export const delegationArea: ApiArea = {
  register(doc) {
    doc.tag('delegations', 'Acting heads (代理): while a delegation runs, its holder approves as the head (Art. 20) and records actingFor');
    const op = { tag: 'delegations' } as const;
    doc.operation({ ...op, method: 'post', path: '/delegations', operationId: 'grantDelegation', summary: 'Name a member of the department acting head for at most a year, from now or later', body: GrantBody, errors: [403, 409], responses: { 201: { description: 'The delegation', schema: Delegation } } });
    doc.operation({ ...op, method: 'get', path: '/delegations', operationId: 'listDelegations', summary: "The department's delegations", responses: { 200: { description: 'Newest first', schema: z.object({ delegations: z.array(Delegation) }) } } });
    doc.operation({
      ...op,
      method: 'post',
      path: '/delegations/{delegationId}/revocation',
      operationId: 'revokeDelegation',
      summary: 'Revoke (again: the same answer)',
      params: z.object({ delegationId: z.string() }),
      errors: [403, 404],
      responses: { 200: { description: 'The delegation, revoked', schema: Delegation } },
    });
  },
};
