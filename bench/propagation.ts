/**
 * Issue 5, propagation: a check across resolvers where one never answers must cost about one
 * per-resolver timeout, not one per resolver or a retry ladder. One resolver here is a UDP socket
 * on loopback that drops every packet; the others are the sandbox's working resolvers.
 *
 * Measures `checkPropagation` (src/propagation) directly at several per-resolver timeouts, and
 * `dns.checkPropagation` through the client (workflow → dnsCheck activity, whose per-resolver
 * timeout is 2000 ms). Prints wall time ÷ per-resolver timeout; the goal is about 1.
 *
 * Run: `npm run bench:propagation` (or `npx tsx bench/propagation.ts`).
 */
import { printSummary } from './summary';
import dgram from 'node:dgram';
import { checkPropagation } from '../src/propagation';
import { providerDescriptor } from '../src/providers/registry';
import { startBenchSystem } from './common';

const ZONE = 'bench-propagation.test';
const FQDN = `www.${ZONE}`;
const IP = '192.0.2.10';
/** Per-resolver timeout the dnsCheck activity uses (src/activities/probes.ts). */
const ACTIVITY_TIMEOUT_MS = 2000;
const DIRECT_TIMEOUTS_MS = [500, 1000, 2000];
const RUNS = 5;

/** A "resolver" that receives every query and answers none. */
async function blackHole(): Promise<{ address: string; received: () => number; close: () => Promise<void> }> {
  const sock = dgram.createSocket('udp4');
  let n = 0;
  sock.on('message', () => {
    n++;
  });
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${sock.address().port}`,
    received: () => n,
    close: () => new Promise<void>((resolve) => sock.close(() => resolve())),
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function main(): Promise<void> {
  const sys = await startBenchSystem({
    sandbox: { providers: ['cloudflare'], hosts: false, resolvers: [{ name: 'google', delayMs: 0 }, { name: 'cloudflare', delayMs: 0 }, { name: 'quad9', delayMs: 0 }] },
    zones: [{ zone: ZONE, provider: 'cloudflare' }],
  });
  const hole = await blackHole();
  let baselineMs = 0;
  const rows: Array<{ path: string; timeoutMs: number; wallMs: number; ratio: number; okResolvers: string }> = [];
  try {
    // The record, set through the adapter (the bench measures the check, not the write).
    const s = sys.sandbox.settings();
    const dns = providerDescriptor('cloudflare').create({ token: s.tokens.cloudflare, endpoint: s.endpoints.cloudflare }).dns!;
    const zone = (await dns.findZone(ZONE))!;
    await dns.setRecords(zone, { name: 'www', type: 'A', records: [{ type: 'A', name: 'www', content: IP, ttl: 300 }] });
    await sleep(200);
    const working = s.resolvers;
    const resolvers = [...working, hole.address];
    console.log(`working resolvers: ${working.join(', ')}; silent resolver: ${hole.address}`);

    for (const timeoutMs of DIRECT_TIMEOUTS_MS) {
      const walls: number[] = [];
      let answered = '';
      for (let i = 0; i < RUNS; i++) {
        const { ms, value } = await timed(() => checkPropagation({ fqdn: FQDN, type: 'A', expected: IP, resolvers, timeoutMs }));
        walls.push(ms);
        answered = `${value.results.filter((r) => r.propagated).length}/${working.length}`;
        if (value.results.find((r) => r.resolver === hole.address)?.error !== 'TIMEOUT') throw new Error('the silent resolver did not time out');
      }
      const wall = median(walls);
      rows.push({ path: 'checkPropagation (direct)', timeoutMs, wallMs: wall, ratio: wall / timeoutMs, okResolvers: answered });
      console.log(`direct, timeout ${timeoutMs} ms: runs ${walls.map((w) => w.toFixed(0)).join(', ')} ms`);
    }

    // Through the client: workflow start, one dnsCheck activity, result (Temporal overhead included).
    await sys.client.dev.infra.dns.checkPropagation(FQDN, { expected: IP, resolvers }); // warm-up
    const walls: number[] = [];
    let answered = '';
    for (let i = 0; i < RUNS; i++) {
      const { ms, value } = await timed(() => sys.client.dev.infra.dns.checkPropagation(FQDN, { expected: IP, resolvers }));
      walls.push(ms);
      answered = `${value.results.filter((r) => r.propagated).length}/${working.length}`;
    }
    const wall = median(walls);
    // The same call with the working resolvers only: what Temporal itself adds to one check.
    const base: number[] = [];
    for (let i = 0; i < RUNS; i++) base.push((await timed(() => sys.client.dev.infra.dns.checkPropagation(FQDN, { expected: IP, resolvers: working }))).ms);
    baselineMs = median(base);
    rows.push({ path: 'client dns.checkPropagation', timeoutMs: ACTIVITY_TIMEOUT_MS, wallMs: wall, ratio: wall / ACTIVITY_TIMEOUT_MS, okResolvers: answered });
    console.log(`client, timeout ${ACTIVITY_TIMEOUT_MS} ms: runs ${walls.map((w) => w.toFixed(0)).join(', ')} ms`);
    console.log(`the silent resolver received ${hole.received()} queries in all`);
  } finally {
    await hole.close();
    await sys.stop();
  }

  printSummary('propagation check with one silent resolver (issue 5)', [
    ['path', 'per-resolver timeout', `wall (median of ${RUNS})`, 'wall ÷ timeout', 'working resolvers propagated'],
    ...rows.map((r) => [r.path, `${r.timeoutMs} ms`, `${r.wallMs.toFixed(0)} ms`, r.ratio.toFixed(2), r.okResolvers]),
  ], [
    'goal: wall ÷ timeout about 1 (the silent resolver costs one timeout, in parallel with the others)',
    `client path without the silent resolver: ${baselineMs.toFixed(0)} ms (workflow start, one activity, result: the Temporal share of the client row)`,
  ]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];


main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
