/**
 * Issue 10, scale: 500 concurrent `launch` (auto-approved; Hetzner server, Cloudflare zone, SSH
 * cloud-init check, propagation wait) on the sandbox under rate limits scaled down so the run is
 * bound by them. Each provider's bucket refills at `limit ÷ (window ÷ SCALE)`; the worker's
 * provider queues get the same rates. Prints:
 *
 * - the wall time against the rate-limit-bound minimum: for each provider, the requests the run
 *   needed (not answered 429) beyond the bucket's burst, at the refill rate; the slowest provider
 *   sets the minimum (they run in parallel). Goal: wall ÷ minimum ≤ 1.3;
 * - every launch's outcome, and where the launches spent their time (median and max per step);
 * - duplicates (servers beyond one per operation id, A records beyond one per fqdn; goal 0) and
 *   orphans (labelled servers, or A records, without a completed launch owning them; goal 0).
 *
 * Run: `npm run bench:scale` (or `npx tsx bench/scale.ts`); LAUNCHES=50 for a quick look.
 */
import type { LaunchResult } from '../src/client/api';
import { operationIdFor } from '../src/domain/ids';
import type { CfState } from '../src/sandbox/cloudflare/state';
import type { HetznerState } from '../src/sandbox/hetzner/state';
import { printFigures, startBenchSystem } from './common';
import { printSummary } from './summary';

const LAUNCHES = Number(process.env.LAUNCHES ?? 500);
const ZONE = 'scale.test';
/** Divides every provider's window: Hetzner's hour becomes 30 s, Cloudflare's 5 min 2.5 s. */
const SCALE = 120;
/** Bucket sizes: Hetzner 900 per 30 s (30/s), Cloudflare 40 per 2.5 s (16/s). */
const LIMITS = { hetzner: 900, cloudflare: 40 } as const;
/** The simulators' windows (src/sandbox/hetzner/index.ts, src/sandbox/cloudflare/index.ts), checked at start. */
const WINDOW_SEC = { hetzner: 3600, cloudflare: 300 } as const;
type P = keyof typeof LIMITS;
const refill = (p: P) => LIMITS[p] / (WINDOW_SEC[p] / SCALE);

type Outcome = { fqdn: string; ok: true; ms: number; result: LaunchResult } | { fqdn: string; ok: false; ms: number; error: string };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const rates = { hetzner: refill('hetzner'), cloudflare: refill('cloudflare') };
  const sys = await startBenchSystem({
    sandbox: {
      providers: ['hetzner', 'cloudflare'], bootMs: 1000, cloudInitMs: 500, actionMs: 100, serverQuota: LAUNCHES + 50,
      rateLimits: { ...LIMITS }, rateLimitScale: SCALE,
      resolvers: [{ name: 'google', delayMs: 200 }, { name: 'quad9', delayMs: 400 }],
    },
    zones: [{ zone: ZONE, provider: 'cloudflare' }],
    settings: { 'infra.vps.default': 'hetzner' },
    providerRates: rates,
    // Its own process, as deployed: the sandbox (hundreds of simulated SSH hosts, DNS servers)
    // and the client here must not share one event loop with the worker.
    workerProcess: true,
    workerEnv: process.env.WORKER_MAX_CACHED ? { FAZT_MAX_CACHED_WORKFLOWS: process.env.WORKER_MAX_CACHED } : {},
  });
  const names = Array.from({ length: LAUNCHES }, (_, i) => `s${String(i).padStart(3, '0')}.${ZONE}`);
  const from = { hetzner: sys.sandbox.harness.hetzner.requests.length, cloudflare: sys.sandbox.harness.cloudflare.requests.length };
  let outcomes: Outcome[] = [];
  let wallMs = 0;
  let servers: HetznerState['servers'] = [];
  let records: CfState['records'] = [];
  for (const p of ['hetzner', 'cloudflare'] as const) {
    const w = (sys.sandbox.sims[p] as unknown as { rateLimit?: { windowSec: number } }).rateLimit?.windowSec;
    if (w !== WINDOW_SEC[p]) console.log(`note: ${p}'s simulator window is ${w} s, not ${WINDOW_SEC[p]} s: the minimum below is off`);
  }
  const perProvider: Array<[P, { all: number; tooMany: number; needed: number; minMs: number }]> = [];
  try {
    console.log(`starting ${LAUNCHES} launches at once ...`);
    const t0 = performance.now();
    outcomes = await Promise.all(names.map(async (fqdn): Promise<Outcome> => {
      const t = performance.now();
      try {
        const result = await sys.client.dev.infra.launch({ fqdn }, { autoApprove: true });
        return { fqdn, ok: true, ms: performance.now() - t, result };
      } catch (err) {
        return { fqdn, ok: false, ms: performance.now() - t, error: `${(err as { code?: string }).code ?? ''} ${(err as Error)?.message ?? err}` };
      }
    }));
    wallMs = performance.now() - t0;
    // Compensation deletes with a delay in the simulator: count what is still there a moment later.
    await new Promise((r) => setTimeout(r, 2000));
    const now = Date.now();
    servers = (sys.sandbox.sims.hetzner.dump() as HetznerState).servers.filter((s) => s.deleteAt === undefined || s.deleteAt > now);
    records = (sys.sandbox.sims.cloudflare.dump() as CfState).records;
    for (const p of ['hetzner', 'cloudflare'] as const) {
      const log = sys.sandbox.harness[p].requests.slice(from[p]).filter((r) => r.authorized);
      const tooMany = log.filter((r) => r.status === 429).length;
      const needed = log.length - tooMany;
      perProvider.push([p, { all: log.length, tooMany, needed, minMs: (Math.max(0, needed - LIMITS[p]) / rates[p]) * 1000 }]);
    }
  } finally {
    await sys.stop();
  }

  // Every launch's outcome, six to a line.
  console.log('\nevery launch (fqdn, outcome, seconds):');
  const cells = outcomes.map((o) => `${o.fqdn.split('.')[0]} ${o.ok ? 'ok' : 'FAIL'} ${(o.ms / 1000).toFixed(0).padStart(3)}`);
  for (let i = 0; i < cells.length; i += 6) console.log(`  ${cells.slice(i, i + 6).join('   ')}`);
  const failed = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
  for (const f of failed) console.log(`  failed ${f.fqdn}: ${f.error}`);

  // Where the launches waited: each step's median and max over the completed ones.
  const steps = new Map<string, number[]>();
  for (const o of outcomes) if (o.ok) for (const [k, v] of Object.entries(o.result.timings)) steps.set(k, [...(steps.get(k) ?? []), v]);
  printFigures('time per step over completed launches (median / max)', [...steps].map(([k, v]) => [k, `${secs(median(v))} / ${secs(Math.max(...v))}`]));

  const done = new Map(outcomes.filter((o) => o.ok).map((o) => [operationIdFor(`launch:${o.fqdn}`), o.fqdn]));
  const byOp = new Map<string, number>();
  for (const s of servers) byOp.set(s.labels['fazt-op'] ?? '', (byOp.get(s.labels['fazt-op'] ?? '') ?? 0) + 1);
  const aByName = new Map<string, number>();
  for (const r of records.filter((x) => x.type === 'A')) aByName.set(r.name, (aByName.get(r.name) ?? 0) + 1);
  const duplicates = [...byOp.values()].reduce((n, c) => n + Math.max(0, c - 1), 0) + [...aByName.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
  const orphanServers = servers.filter((s) => s.labels['managed-by'] === 'fazt' && !done.has(s.labels['fazt-op'] ?? ''));
  const doneNames = new Set(done.values());
  const orphanRecords = records.filter((r) => r.type === 'A' && names.includes(r.name) && !doneNames.has(r.name));
  for (const s of orphanServers) console.log(`  orphan server ${s.name} (${s.id}) op=${s.labels['fazt-op']}`);
  for (const r of orphanRecords) console.log(`  orphan record A ${r.name} ${r.content}`);

  const minMs = Math.max(...perProvider.map(([, v]) => v.minMs));
  const bound = perProvider.find(([, v]) => v.minMs === minMs)?.[0];
  printFigures(`=== ${LAUNCHES} concurrent launches under scaled rate limits (issue 10) ===`, [
    ['launches completed', `${outcomes.length - failed.length} of ${LAUNCHES}`],
    ...perProvider.map(([p, v]): [string, string] => [
      `${p}`, `${v.all} requests (${v.needed} needed, ${v.tooMany} answered 429); limit ${LIMITS[p]} burst, ${rates[p as keyof typeof rates]}/s; minimum ${secs(v.minMs)}`,
    ]),
    ['rate-limit-bound minimum', `${secs(minMs)} (${bound})`],
    ['wall time', secs(wallMs)],
    ['wall ÷ minimum', minMs > 0 ? (wallMs / minMs).toFixed(2) : 'n/a'],
    ['duplicates', duplicates],
    ['orphans', `${orphanServers.length} servers, ${orphanRecords.length} records`],
  ]);
  printSummary('scale', [
    ['figure', 'value', 'goal'],
    ['wall ÷ minimum', minMs > 0 ? (wallMs / minMs).toFixed(2) : 'n/a', '≤ 1.3'],
    ['completed', `${outcomes.length - failed.length} / ${LAUNCHES}`, 'all'],
    ['duplicates', String(duplicates), '0'],
    ['orphans', String(orphanServers.length + orphanRecords.length), '0'],
  ], ['the minimum counts only the rate limits; boot (1 s), cloud-init (0.5 s), the 2 s polls and propagation add a few seconds to any run']);
}

main().then(
  () => process.exit(),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
