// A deadline passing, at its own instant. By default the duty-bearer is in breach: a violation,
// escalated up the deadline's ladder (Art. 39–41). A deadline whose process said `elapse` means what
// the process decides (a dispute rung climbs, a stage moves, a period without a breach simply ends).
import type { CaseDeadline } from './contract';
import type { Draft } from './draft';
import type { EventSpec } from './process';
import { shanghaiIso } from './time';

/** The process's answer to an elapsed period; absent or undefined, the engine records `deadline_elapsed`. */
export type Elapsed<D, S extends string> = (draft: Draft<D, S>, deadline: CaseDeadline) => Promise<EventSpec | undefined> | EventSpec | undefined;

export async function missDeadline<D, S extends string>(next: Draft<D, S>, id: number, elapsed?: Elapsed<D, S>): Promise<EventSpec> {
  const d = next.deadline(id)!;
  d.missedAt = shanghaiIso(d.dueAt);
  if (d.onMiss === 'elapse') {
    d.status = 'elapsed';
    return (await elapsed?.(next, d)) ?? { type: 'deadline_elapsed', data: { deadlineId: d.id, kind: d.kind, dueAt: d.dueAt } };
  }
  const rung = d.ladder[Math.min(d.rung, d.ladder.length - 1)]!;
  d.status = 'missed';
  d.escalatedAt = next.now;
  d.escalatedTo = rung.tier;
  const breach = `${d.breach.article}${d.breach.clause ? ` ${d.breach.clause}` : ''}`;
  const violationId = next.addViolation({
    deadlineId: d.id,
    // A missed rectification is still the duty it rectifies.
    duty: d.rectifies ?? d.kind,
    article: d.breach.article,
    ...(d.breach.clause ? { clause: d.breach.clause } : {}),
    party: d.dutyBearer.departmentId,
    ordersRectification: rung.ordersRectification,
    at: d.missedAt,
    status: 'open',
  });
  next.notify(rung.notify, rung.noticeKind, `${d.kind} deadline ${d.dueAt} missed by ${d.dutyBearer.departmentId} (${breach}) — to ${rung.name}`);
  return {
    type: 'deadline_missed',
    data: { deadlineId: d.id, kind: d.kind, dueAt: d.dueAt, escalatedTo: rung.tier, escalatedAt: next.now, article: breach, violationId },
  };
}
