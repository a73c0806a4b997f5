// /audit (api/routes/auditLog.ts, api/routes/audit.ts): the audit log's signed checkpoints and
// proofs (Art. 35), and the record's chains recomputed (Art. 29).
import { z } from 'zod';
import { CheckpointQuery } from '../../routes/auditLog';
import { ErrorBody, named, type ApiArea } from '../kit';

const Checkpoint = named(
  'Checkpoint',
  z.object({
    treeSize: z.number().int(),
    rootHash: z.string(),
    time: z.string(),
    suite: z.enum(['standard', 'guomi']),
    keyId: z.string(),
    signature: z.string().meta({ description: 'base64' }),
    signedText: z.string().meta({ description: 'the exact bytes signed (docs/audit.md, "The signed bytes")' }),
  }),
);
const Key = z.object({ keyId: z.string(), suite: z.string(), publicKey: z.string().meta({ description: 'PEM (standard) or hex (guomi)' }) });
const Checkpoints = named(
  'CheckpointAnswer',
  z.union([
    z.object({ checkpoints: z.array(Checkpoint), keys: z.array(Key), nextCursor: z.string().nullable() }).meta({ description: 'the list (?limit=&cursor=)' }),
    z.object({ caseId: z.string(), checkpoint: Checkpoint, entries: z.array(z.object({ logIndex: z.number().int(), seq: z.number().int(), eventHash: z.string(), auditPath: z.array(z.string()) })), keys: z.array(Key) }).meta({ description: "a case's inclusion proofs (?caseId=[&size=]): needs a caller who may see the case" }),
    z.object({ from: Checkpoint, to: Checkpoint, consistencyPath: z.array(z.string()), keys: z.array(Key) }).meta({ description: 'a consistency proof (?from=&to=)' }),
  ]),
);
const VerifyLine = named(
  'AuditVerifyLine',
  z
    .union([
      z.object({ check: z.string(), caseId: z.string().optional(), seq: z.number().int().optional(), revision: z.number().int().optional(), problem: z.string(), message: z.string() }),
      z.object({ progress: z.record(z.string(), z.unknown()) }),
      z.object({ summary: z.object({ ok: z.boolean(), broken: z.number().int(), checks: z.record(z.string(), z.record(z.string(), z.number())) }) }),
      z.object({ error: ErrorBody }),
    ])
    .meta({ description: 'one JSON value per line: a finding, a progress line at most every 5 s, the summary last (or an error if the database fails midway)' }),
);

export const auditArea: ApiArea = {
  register(doc) {
    doc.tag('audit', 'The signed audit log (RFC 9162 Merkle tree) and the verification of the record (Art. 29, 35)');
    doc.operation({
      method: 'get',
      path: '/audit/checkpoints',
      operationId: 'auditCheckpoints',
      tag: 'audit',
      summary: 'Signed checkpoints (public); with caseId, inclusion proofs (a caller who may see the case); with from and to, a consistency proof',
      auth: 'optional',
      query: CheckpointQuery,
      errors: [404],
      responses: { 200: { description: 'By the parameters given', schema: Checkpoints } },
    });
    doc.operation({
      method: 'get',
      path: '/audit/verify',
      operationId: 'auditVerify',
      tag: 'audit',
      summary: "Recompute the chains of the cases the caller may read (the administrator: every case and the log), streamed",
      responses: { 200: { description: 'NDJSON, one line at a time', content: { 'application/x-ndjson': { schema: VerifyLine } } } },
    });
  },
};
