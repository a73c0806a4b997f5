// The printed table, the goals (met/missed), and bench/results.json with the machine it ran on.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchConfig } from './config';
import type { ThroughputResult } from './phases/baseline';
import type { PacedResult } from './phases/e2e';
import type { ScaleResult } from './phases/scale';
import type { TimerResult } from './phases/timer';
import { round, type Summary } from './stats';

export interface Results {
  baseline?: ThroughputResult;
  e2e?: ThroughputResult;
  paced?: PacedResult;
  scale?: ScaleResult;
  timer?: TimerResult;
}

export interface Goal {
  goal: string;
  status: 'met' | 'missed' | 'not run';
  measured: string;
}

export function machineInfo(extra: { temporal: string; postgres: string }) {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    ...extra,
  };
}

const f = (n: number | undefined, d = 1) => (n === undefined || !Number.isFinite(n) ? '–' : round(n, d).toString());
const cpuLine = (c: Record<string, number>, util?: Record<string, number>) =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${f(v, 0)}${util?.[k] !== undefined ? ` (${f(util[k]! * 100, 0)}%)` : ''}`)
    .join(' · ');
const historyLine = (h: ThroughputResult['history']) =>
  h ? `${h.events} events: ${h.workflowTasks} workflow tasks, ${h.activities} activities, ${h.updates} updates, ${h.timers} timers` : '–';
const pct = (s: Summary | undefined) => (s && s.count ? `${f(s.p50)} / ${f(s.p95)} / ${f(s.p99)} ms  (max ${f(s.max)}, n=${s.count})` : '–');

export function evaluateGoals(r: Results, cfg: BenchConfig): Goal[] {
  const goals: Goal[] = [];
  const judge = (goal: string, ran: boolean, ok: boolean, measured: string) =>
    goals.push({ goal, status: ran ? (ok ? 'met' : 'missed') : 'not run', measured: ran ? measured : '' });

  const ratio = r.baseline && r.e2e ? r.e2e.lifecyclesPerSec / r.baseline.lifecyclesPerSec : NaN;
  judge('e2e / baseline ratio ≥ 0.5', Number.isFinite(ratio), ratio >= 0.5, `${f(ratio, 2)}`);

  const p = r.paced;
  const pacedOk = !!p && p.overall.p99 < 100 && p.failures === 0 && p.skipped === 0 && p.achievedRps >= 0.95 * p.targetRps;
  judge(`API p99 < 100 ms at ${cfg.pacedRps} requests/s`, !!p, pacedOk, p ? `p99 ${f(p.overall.p99)} ms at ${f(p.achievedRps)} req/s, ${p.failures} failed, ${p.skipped} skipped` : '');

  const s = r.scale;
  const lists = s ? Object.entries(s.reads).filter(([k]) => k.startsWith('GET /share-requests (')) : [];
  const worstList = lists.reduce((m, [, v]) => Math.max(m, v.p99), 0);
  judge(`list endpoint p99 < 50 ms with ${cfg.scaleN} cases`, !!s, worstList < 50 && lists.every(([, v]) => v.failures === 0), `worst list p99 ${f(worstList)} ms at ${s?.openCases ?? 0} open cases`);
  const rss = s ? Math.max(s.worker.rssMB, s.worker.rssAfterReadsMB, s.worker.rssSettledMB) : NaN;
  judge(`worker RSS < 500 MB with ${cfg.scaleN} open cases`, !!s, rss < 500, `${f(rss, 0)} MB at ${s?.openCases ?? 0} open cases`);

  const t = r.timer;
  const worst = t ? Math.max(t.readModelLagMs.max, t.workflowLagMs.max) : NaN;
  judge('escalation within 2 s of the deadline', !!t, !!t && t.escalated === t.cases && t.cases > 0 && worst <= 2000, t ? `max ${f(worst, 0)} ms (read model), ${t.escalated}/${t.cases} escalated` : '');

  if (s && s.openCases < cfg.scaleN) goals.forEach((g) => g.goal.includes(`${cfg.scaleN}`) && (g.measured += ` (short of ${cfg.scaleN})`));
  return goals;
}

export function formatTable(r: Results, goals: Goal[], machine: ReturnType<typeof machineInfo>, runSeconds: number, load: Record<string, [number, number]>): string {
  const out: string[] = [];
  const line = (label: string, value: string) => out.push(`  ${label.padEnd(46)} ${value}`);
  const head = (t: string) => out.push('', t);
  out.push(`Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGB} GB, node ${machine.node}, ${machine.temporal ?? ''}, ${machine.postgres ?? ''}`);
  out.push(`Date: ${machine.date}   run time: ${f(runSeconds, 0)} s`);
  out.push(`Load average (1 min) before→after: ${Object.entries(load).map(([k, [a, b]]) => `${k} ${f(a)}→${f(b)}`).join(', ')}`);

  if (r.baseline) {
    const b = r.baseline;
    head(`1. Baseline: no-op workflow, start + ${Object.keys(b.byStep).filter((k) => k.startsWith('update')).length} updates + result, ${b.concurrency} concurrent`);
    line('lifecycles per second', `${f(b.lifecyclesPerSec)}  (${b.completed} in ${f(b.elapsedMs / 1000)} s, ${b.failed} failed)`);
    line('lifecycle latency p50/p95/p99', pct(b.lifecycleMs));
    for (const [k, v] of Object.entries(b.byStep)) line(`  ${k}`, pct(v));
    line('one client alone: p50 per step', Object.entries(b.unloaded).map(([k, v]) => `${k.replace('update ', '')} ${f(v.p50, 0)}`).join(' · ') + ' ms');
    line('history of one lifecycle', historyLine(b.history));
    line('CPU ms per lifecycle (% of a core)', cpuLine(b.cpuMsPerLifecycle, b.cpuUtilization));
  }
  const e2e = (title: string, e: ThroughputResult) => {
    head(title);
    line('lifecycles per second', `${f(e.lifecyclesPerSec)}  (${e.completed} in ${f(e.elapsedMs / 1000)} s, ${e.failed} failed)`);
    if (r.baseline) line('ratio to baseline', f(e.lifecyclesPerSec / r.baseline.lifecyclesPerSec, 2));
    line('lifecycle latency p50/p95/p99', pct(e.lifecycleMs));
    for (const [k, v] of Object.entries(e.byStep)) line(`  ${k}`, `${pct(v)}${v.failures ? `, ${v.failures} failed` : ''}`);
    line('one client alone: p50 per step', Object.entries(e.unloaded).map(([k, v]) => `${k.replace(/^POST \/share-requests(\/:id\/)?/, '') || 'submit'} ${f(v.p50, 0)}`).join(' · ') + ' ms');
    line('history of one lifecycle', historyLine(e.history));
    line('CPU ms per lifecycle (% of a core)', cpuLine(e.cpuMsPerLifecycle, e.cpuUtilization));
  };
  const paced = (title: string, p: PacedResult) => {
    head(title);
    line('achieved rate', `${f(p.achievedRps)} req/s (${p.sent} sent, ${p.skipped} skipped, ${p.failures} failed)`);
    line('all endpoints p50/p95/p99', pct(p.overall));
    for (const [k, v] of Object.entries(p.byEndpoint)) line(`  ${k}`, `${pct(v)}${v.failures ? `, ${v.failures} failed` : ''}`);
  };
  if (r.e2e) e2e(`2. End to end through the API: submit → reply → delivery → receipt, ${r.e2e.concurrency} concurrent clients`, r.e2e);
  if (r.paced) paced(`2b. Paced open loop: ${r.paced.targetRps} requests/s for ${r.paced.seconds} s, mix ${r.paced.mix}`, r.paced);
  if (r.scale) {
    const s = r.scale;
    head(`3. Scale: ${s.openCases} open conditional cases (${s.submitted} submitted through the API in ${f(s.submitSeconds, 0)} s, ${f(s.submitRate)}/s; ${s.otherOpenCases} other open)`);
    line('worker RSS idle → loaded → after reads → +15 s', `${f(s.worker.rssIdleMB, 0)} → ${f(s.worker.rssMB, 0)} → ${f(s.worker.rssAfterReadsMB, 0)} → ${f(s.worker.rssSettledMB, 0)} MB`);
    line('  of which anonymous / file-backed; main heap', `${f(s.worker.rssAnonMB, 0)} / ${f(s.worker.rssFileMB, 0)} MB; main-thread heap ${f(s.worker.heapIdleMB, 0)} → ${f(s.worker.heapUsedMB, 0)} MB`);
    line('workflows cached / max cached', `${s.worker.cachedWorkflows ?? '–'} / ${s.worker.maxCachedWorkflows ?? '–'}`);
    line('PostgreSQL database size', `${f(s.postgres.databaseMB)} MB (cases ${f(s.postgres.shareRequestsMB)} MB, case_events ${f(s.postgres.caseEventsMB)} MB)`);
    line('Temporal SQLite file', `${f(s.temporalSqliteMB)} MB`);
    line('submit latency p50/p95/p99', pct(s.submitLatency));
    line('CPU ms per submitted case', cpuLine(s.cpuMsPerCase));
    for (const [k, v] of Object.entries(s.reads)) line(`  ${k}`, `${pct(v)}${v.failures ? `, ${v.failures} failed` : ''}`);
    for (const p of s.plans) line(`  plan: ${p.name}`, `${f(p.executionMs, 2)} ms — ${p.topNodes.join(' / ')}`);
  }
  if (r.timer) {
    const t = r.timer;
    head(`4. Timer precision: ${t.cases} reply deadlines ${t.delayMs} ms out (bench-only computeDeadline)`);
    line('escalated', `${t.escalated} of ${t.cases}; missedAt = dueAt: ${t.missedAtEqualsDueAt}`);
    line('escalatedAt − dueAt (workflow)', `p50 ${f(t.workflowLagMs.p50, 0)} / p95 ${f(t.workflowLagMs.p95, 0)} / max ${f(t.workflowLagMs.max, 0)} ms`);
    line('visible in read model − dueAt (±100 ms)', `p50 ${f(t.readModelLagMs.p50, 0)} / p95 ${f(t.readModelLagMs.p95, 0)} / max ${f(t.readModelLagMs.max, 0)} ms`);
  }
  head('Goals');
  for (const g of goals) out.push(`  [${g.status === 'met' ? ' MET ' : g.status === 'missed' ? 'MISSED' : ' n/a  '}] ${g.goal.padEnd(44)} ${g.measured}`);
  return out.join('\n') + '\n';
}

export function writeResults(path: string, payload: unknown): void {
  const rounded = JSON.stringify(payload, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? round(v, 2) : v), 2);
  writeFileSync(path, rounded + '\n');
}
