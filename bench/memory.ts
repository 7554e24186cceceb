/**
 * Issue 10, memory: the worker's resident memory with 1000 flows waiting for a human decision, and
 * with 1000 flows sleeping in a propagation wait. The worker runs as its own process
 * (`node lib/worker.js`, as in production), so its RSS is read from /proc/<pid>/status (VmRSS now,
 * VmHWM the peak since the process started). Each scenario gets a fresh worker process.
 *
 * A: 1000 `launch` started through the client without approval: each validates, prices at the
 *    sandbox's Hetzner and waits at the confirmation (counted by the FaztAwaiting search attribute).
 * B: 1000 `dns.waitForPropagation` for names no resolver has, checking every hour: each checks once,
 *    then sleeps on a durable timer (counted by the progress query's `waiting.on === 'propagation'`).
 *
 * Prints idle, settled and peak RSS per scenario against the goal (≤ 300 MB).
 *
 * Run: `npm run bench:memory` (or `npx tsx bench/memory.ts`); FLOWS=200 for a quick look.
 */
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { OperationProgress } from '../src/domain/operations';
import { dnsWaitForPropagation } from '../src/operations/catalogue';
import { SEARCH_ATTRIBUTES } from '../src/shared/constants';
import { progressQuery } from '../src/workflows/messages';
import { printFigures, startBenchSystem } from './common';
import { printSummary } from './summary';

const FLOWS = Number(process.env.FLOWS ?? 1000);
const ZONE = 'mem.test';
const GOAL_MB = 300;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** VmRSS and VmHWM of a process, in MB. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** Polls `count` until it reaches `want`, printing progress; returns the seconds it took. */
async function until(what: string, want: number, count: () => Promise<number>): Promise<number> {
  const t0 = performance.now();
  let last = -1;
  for (;;) {
    const n = await count();
    if (n !== last) console.log(`  ${what}: ${n} / ${want}`);
    last = n;
    if (n >= want) return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > 15 * 60_000) throw new Error(`only ${n} of ${want} flows ${what} after 15 min`);
    await sleep(2000);
  }
}

/** Settled RSS: five samples a second apart once every flow waits (the last, and the highest). */
async function sample(pid: number): Promise<{ rss: number; maxRss: number; hwm: number }> {
  let maxRss = 0;
  let m = memoryOf(pid);
  for (let i = 0; i < 5; i++) {
    m = memoryOf(pid);
    maxRss = Math.max(maxRss, m.rss);
    await sleep(1000);
  }
  return { rss: m.rss, maxRss, hwm: memoryOf(pid).hwm };
}

const ids = Array.from({ length: FLOWS }, (_, i) => String(i).padStart(4, '0'));
const mb = (n: number) => `${n.toFixed(0)} MB`;

async function main(): Promise<void> {
  const sys = await startBenchSystem({
    workerProcess: true,
    sandbox: { providers: ['hetzner', 'cloudflare'], hosts: false },
    zones: [{ zone: ZONE, provider: 'cloudflare' }],
    settings: { 'infra.vps.default': 'hetzner' },
    providerRates: { hetzner: 500, cloudflare: 500 },
    // Variants for tuning: WORKER_NODE_OPTIONS (e.g. --max-old-space-size=256), WORKER_MAX_CACHED.
    workerEnv: {
      ...(process.env.WORKER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.WORKER_NODE_OPTIONS } : {}),
      ...(process.env.WORKER_MAX_CACHED ? { FAZT_MAX_CACHED_WORKFLOWS: process.env.WORKER_MAX_CACHED } : {}),
    },
  });
  const connection = await Connection.connect({ address: sys.address });
  const temporal = new Client({ connection });
  const rows: Array<[string, string | number]> = [];
  const summary: string[][] = [['figure', 'value']];
  try {
    const worker = sys.worker.process!;
    const idle = memoryOf(worker.pid!);
    console.log(`worker pid ${worker.pid}: idle ${mb(idle.rss)}`);

    console.log(`A: starting ${FLOWS} launches that wait for a decision ...`);
    await pool(ids, 25, (id) => sys.client.startLaunch({ fqdn: `a${id}.${ZONE}` }));
    const aWait = await until('waiting for a decision', FLOWS, async () => (await temporal.workflow.count(`${SEARCH_ATTRIBUTES.awaiting} = "yes" AND TaskQueue = "${sys.taskQueue}"`)).count);
    const a = await sample(worker.pid!);
    rows.push(['A: idle worker', mb(idle.rss)]);
    rows.push([`A: ${FLOWS} waiting for a decision, RSS (max of 5 s)`, `${mb(a.rss)} (${mb(a.maxRss)})`]);
    rows.push(['A: peak while they started (VmHWM)', mb(a.hwm)]);
    rows.push(['A: time until all waited', `${aWait.toFixed(0)} s`]);

    // A fresh worker for B: A's flows stay parked at the server (no task, so not loaded again).
    await worker.restart();
    const idleB = memoryOf(worker.pid!);
    console.log(`B: starting ${FLOWS} propagation waits (worker pid ${worker.pid}, idle ${mb(idleB.rss)}) ...`);
    await pool(ids, 25, (id) => temporal.workflow.start(dnsWaitForPropagation.workflow, {
      taskQueue: sys.taskQueue, workflowId: `mem-wait-${id}`,
      args: [{ fqdn: `b${id}.${ZONE}`, type: 'A', expected: '192.0.2.10', timeout: '2h', interval: '1h' }],
    }));
    const sleeping = async () => {
      let n = 0;
      await pool(ids, 20, async (id) => {
        const p = (await temporal.workflow.getHandle(`mem-wait-${id}`).query(progressQuery).catch(() => null)) as OperationProgress | null;
        if (p?.waiting?.on === 'propagation') n++;
      });
      return n;
    };
    const bWait = await until('sleeping in the propagation wait', FLOWS, sleeping);
    const b = await sample(worker.pid!);
    rows.push(['B: idle worker', mb(idleB.rss)]);
    rows.push([`B: ${FLOWS} sleeping in a propagation wait, RSS (max of 5 s)`, `${mb(b.rss)} (${mb(b.maxRss)})`]);
    rows.push(['B: peak while they started (VmHWM)', mb(b.hwm)]);
    rows.push(['B: time until all slept', `${bWait.toFixed(0)} s`]);
    summary.push([`RSS, ${FLOWS} waiting for a decision`, `${mb(a.maxRss)} (peak ${mb(a.hwm)}; goal ≤ ${GOAL_MB} MB)`]);
    summary.push([`RSS, ${FLOWS} in a propagation wait`, `${mb(b.maxRss)} (peak ${mb(b.hwm)}; goal ≤ ${GOAL_MB} MB)`]);
  } finally {
    await connection.close();
    await sys.stop();
  }
  printFigures(`=== worker memory with ${FLOWS} waiting flows (issue 10) ===`, rows);
  printSummary('memory', summary, [`worker in its own process; RSS from /proc/<pid>/status (VmRSS, VmHWM)`]);
}

main().then(
  () => process.exit(),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
