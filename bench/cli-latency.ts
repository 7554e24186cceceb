/**
 * Issue 12, interactive speed: the `fazt` CLI as a user runs it (`bin/fazt`, compiled lib/) against
 * a sandbox, next to Debian's `hcloud` against the same sandbox's Hetzner API, pairs interleaved.
 * Prints median and p95 wall time and peak memory (RSS, from /usr/bin/time) of BENCH_RUNS runs
 * (default 20) per command, the ratio to hcloud, a breakdown of one run (FAZT_TIMING marks), and
 * the same reads while 50 creates run against a rate-limited Hetzner (BENCH_LOAD=0 skips it).
 *
 * Run: `npm run bench:cli` (or `npx tsx bench/cli-latency.ts`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { providerDescriptor } from '../src/providers/registry';
import { ensureWorkerBuilt } from '../test/helpers/worker-process';
import { startBenchSystem, type BenchSystem } from './common';
import { printSummary } from './summary';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS ?? 10);
const ZONE = 'bench-cli.test';
const ROOT = path.resolve(__dirname, '..');
const FAZT = path.join(ROOT, 'bin', 'fazt');
const HCLOUD = '/usr/bin/hcloud';

interface Sample { ms: number; rssKiB: number; code: number | null; stderr: string }

/** Runs one command under /usr/bin/time (peak RSS); bounded at 60 s. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'maxrss=%M', cmd, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(kill);
      const ms = performance.now() - t0;
      const rss = Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? 0);
      resolve({ ms, rssKiB: rss, code, stderr });
    });
  });
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN;
};
const med = (xs: number[]) => quantile(xs, 0.5);
const ms = (x: number) => `${Math.round(x)} ms`;

interface Case { label: string; args: string[]; hcloud?: string[] }

const CASES: Case[] = [
  { label: 'fazt --help', args: ['--help'] },
  { label: 'fazt dev infra --help', args: ['dev', 'infra', '--help'] },
  { label: 'vps list', args: ['dev', 'infra', 'vps', 'list'], hcloud: ['server', 'list'] },
  { label: 'vps types hetzner', args: ['dev', 'infra', 'vps', 'types', 'hetzner'], hcloud: ['server-type', 'list'] },
  { label: `dns records ${ZONE}`, args: ['dev', 'infra', 'dns', 'records', ZONE], hcloud: ['server', 'list'] },
  { label: 'dns zones', args: ['dev', 'infra', 'dns', 'zones'], hcloud: ['server', 'list'] },
  { label: 'pending', args: ['dev', 'infra', 'pending'], hcloud: ['server', 'list'] },
  { label: 'vps get cli-bench-1', args: ['dev', 'infra', 'vps', 'get', 'cli-bench-1'], hcloud: ['server', 'describe', 'cli-bench-1'] },
  { label: 'ssh-keys list hetzner', args: ['dev', 'infra', 'ssh-keys', 'list', 'hetzner'], hcloud: ['ssh-key', 'list'] },
  { label: 'status <create of cli-bench-1>', args: ['dev', 'infra', 'status', 'vps-create:hetzner:cli-bench-1'], hcloud: ['server', 'list'] },
  { label: 'operations', args: ['dev', 'infra', 'operations'], hcloud: ['server', 'list'] },
];

function envs(sys: BenchSystem) {
  const settings = sys.sandbox.settings();
  const base = { PATH: process.env.PATH, HOME: sys.dir, LANG: 'C' };
  const fazt = {
    ...base, TEMPORAL_ADDRESS: sys.address, FAZT_TASK_QUEUE: sys.taskQueue, FAZT_TIMING: '1',
    FAZT_CONFIG_DIR: path.join(sys.dir, 'config'), FAZT_DATA_DIR: path.join(sys.dir, 'data'),
    // FAZT_DIRECT_READS=0 measures the workflow path (what every read took before the read socket).
    ...(process.env.FAZT_DIRECT_READS ? { FAZT_DIRECT_READS: process.env.FAZT_DIRECT_READS } : {}),
  };
  const hcloud = { ...base, HCLOUD_ENDPOINT: settings.endpoints.hetzner, HCLOUD_TOKEN: settings.tokens.hetzner, HCLOUD_CONFIG: path.join(sys.dir, 'hcloud.toml') };
  return { fazt, hcloud };
}

/** Runs every case `runs` times, each fazt run followed by its hcloud pair. */
async function measure(sys: BenchSystem, runs: number, cases: Case[]): Promise<Map<string, { fazt: Sample[]; hcloud: Sample[] }>> {
  const { fazt, hcloud } = envs(sys);
  const out = new Map(cases.map((c) => [c.label, { fazt: [] as Sample[], hcloud: [] as Sample[] }]));
  for (let i = 0; i < runs; i++) {
    for (const c of cases) {
      const f = await timed(process.execPath, [FAZT, ...c.args], fazt);
      if (f.code !== 0) throw new Error(`fazt ${c.args.join(' ')} exited ${f.code}: ${f.stderr.slice(0, 500)}`);
      out.get(c.label)!.fazt.push(f);
      if (c.hcloud) {
        const h = await timed(HCLOUD, c.hcloud, hcloud);
        // Under load the sandbox's Hetzner limit may refuse hcloud (it does not retry): not a sample.
        if (h.code === 0) out.get(c.label)!.hcloud.push(h);
      }
    }
  }
  return out;
}

function table(results: Map<string, { fazt: Sample[]; hcloud: Sample[] }>, cases: Case[]): string[][] {
  const rows = [['command', 'median', 'p95', 'peak RSS', 'paired with', 'hcloud median', 'ratio', 'hcloud answered']];
  for (const c of cases) {
    const r = results.get(c.label)!;
    const f = r.fazt.map((s) => s.ms);
    const h = r.hcloud.map((s) => s.ms);
    rows.push([
      c.label, ms(med(f)), ms(quantile(f, 0.95)), `${(Math.max(...r.fazt.map((s) => s.rssKiB)) / 1024).toFixed(0)} MiB`,
      c.hcloud ? `hcloud ${c.hcloud.join(' ')}` : '-', h.length ? ms(med(h)) : '-', h.length ? `${(med(f) / med(h)).toFixed(1)}×` : '-',
      // hcloud does not retry a 429: under load some of its runs are refused (fazt's are all answers).
      c.hcloud ? `${h.length}/${r.fazt.length}` : '-',
    ]);
  }
  return rows;
}

/** One `vps list` run's FAZT_TIMING marks, plus the provider call and the client call measured in process. */
async function breakdown(sys: BenchSystem): Promise<string[][]> {
  const { fazt } = envs(sys);
  const s = await timed(process.execPath, [FAZT, 'dev', 'infra', 'vps', 'list'], fazt);
  const m = JSON.parse(/fazt-timing (\{.*\})/.exec(s.stderr)?.[1] ?? '{}') as Record<string, number>;
  const settings = sys.sandbox.settings();
  const vps = providerDescriptor('hetzner').create({ token: settings.tokens.hetzner, endpoint: settings.endpoints.hetzner }).vps!;
  const provider: number[] = [];
  const call: number[] = [];
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    await vps.listManaged();
    provider.push(performance.now() - t);
    t = performance.now();
    await sys.client.dev.infra.vps.list();
    call.push(performance.now() - t);
  }
  const viaTemporal = m.connected !== undefined;
  return [
    ['phase of one `vps list`', 'ms'],
    ['process start, bin/fazt, commander (to main)', ms(m.main)],
    ['command modules, zod, catalogue, read client (to the call)', ms(m.clientLoaded - m.main)],
    ...(viaTemporal ? [
      ['Temporal client modules (gRPC)', ms(m.temporalLoaded - m.clientLoaded)],
      ['Temporal connection', ms(m.connected - m.temporalLoaded)],
      ['workflow round trip (to first output)', ms(m.output - m.connected)],
    ] : [['read over the worker socket (to first output)', ms(m.output - m.clientLoaded)]]),
    ['  of it: the provider call (listManaged, in process, median of 5)', ms(med(provider))],
    ['  (for scale: a workflow read from a warm client, median of 5)', ms(med(call))],
    ['output and close', ms(m.closed - m.output)],
    ['wall (measured outside)', ms(s.ms)],
  ];
}

async function seed(sys: BenchSystem): Promise<void> {
  const infra = sys.client.dev.infra;
  await Promise.all([1, 2, 3].map((i) => infra.vps.create({ provider: 'hetzner', name: `cli-bench-${i}`, type: 'cx22', region: 'fsn1' }, { autoApprove: true })));
  for (const name of ['www', 'api', 'mail']) await infra.dns.set(ZONE, { type: 'A', name, content: '192.0.2.10' });
}

async function main(): Promise<void> {
  for (const bin of [HCLOUD, '/usr/bin/time']) if (!fs.existsSync(bin)) throw new Error(`${bin} is needed (apt-get install hcloud-cli time)`);
  await ensureWorkerBuilt();
  const sys = await startBenchSystem({
    sandbox: { providers: ['hetzner', 'cloudflare'], hosts: false, dns: false, serverQuota: 100, rateLimits: { hetzner: 60 }, rateLimitScale: 300 },
    providerRates: { hetzner: 5 },
    zones: [{ zone: ZONE, provider: 'cloudflare' }],
    settings: { 'infra.vps.default': 'hetzner', 'infra.dns.default': 'cloudflare' },
  });
  try {
    await seed(sys);
    const t0 = performance.now();
    const results = await measure(sys, RUNS, CASES);
    const took = (performance.now() - t0) / 1000;
    const parts = await breakdown(sys);
    printSummary(`fazt CLI against hcloud, same sandbox, ${RUNS} paired runs each (issue 12)`, table(results, CASES), [
      `(${took.toFixed(0)} s; wall from spawn to exit; peak RSS of the process by /usr/bin/time; ratio = fazt median ÷ hcloud median)`,
    ]);
    printSummary('breakdown of one run', parts, []);
    if (process.env.BENCH_LOAD !== '0') {
      // 50 creates against Hetzner limited to 5 requests/s: the burst holds writes in the provider queue.
      const burst = Promise.allSettled(Array.from({ length: 50 }, (_, i) =>
        sys.client.dev.infra.vps.create({ provider: 'hetzner', name: `load-${String(i).padStart(2, '0')}`, type: 'cx22', region: 'fsn1' }, { autoApprove: true })));
      await new Promise((r) => setTimeout(r, 3000));
      const reads = CASES.filter((c) => c.hcloud);
      const loaded = await measure(sys, LOAD_RUNS, reads);
      printSummary(`the same reads with 50 vps.create in flight (Hetzner at 5 requests/s), ${LOAD_RUNS} runs each`, table(loaded, reads), []);
      await Promise.race([burst, new Promise((r) => setTimeout(r, 120_000))]);
    }
  } finally {
    await sys.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
