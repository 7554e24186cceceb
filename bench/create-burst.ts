/**
 * Issue 4, rate limits: 50 concurrent `vps.create` (auto-approved) on Hetzner under a limit scaled
 * down so the run takes about a minute. The sandbox's Hetzner bucket holds 60 requests and refills
 * at 60 per (3600 s ÷ scale); the worker's Hetzner queue is given the same rate. Prints how many
 * provider requests the burst needed, the least time the limit allows for them (the first 60 go
 * at once, the rest at the refill rate), the wall time, their ratio, and how many 429s the sandbox
 * answered.
 *
 * Run: `npm run bench:create` (or `npx tsx bench/create-burst.ts`).
 */
import { printFigures, startBenchSystem } from './common';

const CREATES = 50;
/** Hetzner's bucket size in the sandbox for this run (the real one is 3600). */
const BURST = 60;
/** Divides Hetzner's one-hour window: 3600 s / 300 = 12 s, so the bucket refills at 5 per second. */
const SCALE = 300;
const WINDOW_SEC = 3600 / SCALE;
const REFILL_PER_SEC = BURST / WINDOW_SEC;

async function main(): Promise<void> {
  const sys = await startBenchSystem({
    sandbox: {
      providers: ['hetzner'], hosts: false, dns: false, bootMs: 1000, actionMs: 100, serverQuota: CREATES + 10,
      rateLimits: { hetzner: BURST }, rateLimitScale: SCALE,
    },
    providerRates: { hetzner: REFILL_PER_SEC },
    settings: { 'infra.vps.default': 'hetzner' },
  });
  const log = sys.sandbox.harness.hetzner.requests;
  let wallMs = 0;
  let failures: string[] = [];
  let created = 0;
  let from = 0;
  let startedAt = 0;
  try {
    from = log.length;
    const t0 = performance.now();
    startedAt = Date.now();
    const results = await Promise.allSettled(Array.from({ length: CREATES }, (_, i) =>
      sys.client.dev.infra.vps.create({ name: `burst-${String(i).padStart(2, '0')}`, type: 'cx22', region: 'fsn1' }, { autoApprove: true })));
    wallMs = performance.now() - t0;
    created = results.filter((r) => r.status === 'fulfilled').length;
    failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error)?.message ?? r.reason)] : []));
  } finally {
    await sys.stop();
  }

  const burst = log.slice(from).filter((r) => r.authorized);
  const tooMany = burst.filter((r) => r.status === 429).length;
  const needed = burst.length - tooMany;
  const minMs = (Math.max(0, needed - BURST) / REFILL_PER_SEC) * 1000;
  const spanMs = burst.length ? burst[burst.length - 1].at - burst[0].at : 0;
  const leadMs = burst.length ? burst[0].at - startedAt : 0;
  const byRoute = new Map<string, number>();
  for (const r of burst) {
    const key = `${r.method} ${r.path.replace(/\?.*$/, '').replace(/\/\d+/g, '/:id')}${r.status === 429 ? ' (429)' : ''}`;
    byRoute.set(key, (byRoute.get(key) ?? 0) + 1);
  }
  console.log('\nrequests by route:');
  for (const [k, n] of [...byRoute].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${k}`);
  for (const f of failures.slice(0, 5)) console.log(`failed: ${f}`);
  // Where the time went: served requests and 429s per 5 s, against what the limit allows.
  const start = burst[0]?.at ?? 0;
  console.log('\ntimeline (5 s buckets): served / 429 / the limit allows');
  for (let t = 0; start && t * 5000 <= burst[burst.length - 1].at - start; t++) {
    const inB = burst.filter((r) => r.at - start >= t * 5000 && r.at - start < (t + 1) * 5000);
    const allows = (t === 0 ? BURST : 0) + 5 * REFILL_PER_SEC;
    console.log(`  ${String(t * 5).padStart(3)}–${String(t * 5 + 5).padEnd(3)} s  ${String(inB.filter((r) => r.status !== 429).length).padStart(3)} / ${String(inB.filter((r) => r.status === 429).length).padStart(2)} / ${allows}`);
  }

  printFigures(`=== ${CREATES} concurrent vps.create on Hetzner under a scaled limit (issue 4) ===`, [
    ['servers created', `${created} of ${CREATES}`],
    ['limit', `${BURST} requests burst, refill ${REFILL_PER_SEC}/s (window ${WINDOW_SEC} s); worker paces requests at ${REFILL_PER_SEC}/s`],
    ['provider requests (all)', burst.length],
    ['provider requests needed (not 429)', needed],
    ['429 answers', tooMany],
    ['limit-bound minimum', `${(minMs / 1000).toFixed(1)} s  ((${needed} − ${BURST}) ÷ ${REFILL_PER_SEC}/s)`],
    ['wall time', `${(wallMs / 1000).toFixed(1)} s`],
    ['wall ÷ minimum', minMs > 0 ? (wallMs / minMs).toFixed(2) : 'n/a (all within the burst)'],
    ['429 share', `${((100 * tooMany) / Math.max(1, burst.length)).toFixed(1)} % of requests`],
    // Under load from other processes, starting 50 workflows takes seconds before the first request.
    ['first → last request', `${(spanMs / 1000).toFixed(1)} s (÷ minimum ${minMs > 0 ? (spanMs / minMs).toFixed(2) : 'n/a'}); first request ${(leadMs / 1000).toFixed(1)} s after the start`],
  ]);
  console.log('  (the minimum counts only the rate limit; the 1 s boot and the 2 s running poll add to any real run)');
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
