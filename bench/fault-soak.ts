/**
 * Issue 6, fault soak: N launches at once (default 20; `npx tsx bench/fault-soak.ts 40` for more)
 * against Hetzner and Cloudflare simulators that answer 20% of requests with 5xx, 10% with 429
 * and lose 5% of answers after committing the write (fixed seeds). The worker runs as a child
 * process on this script's own dev server (random ports, temp SQLite).
 *
 * Prints the faults injected, then `launches ok / tried` and `duplicates found` (servers beyond
 * one per operation label, unlabelled servers, A records beyond one per fqdn).
 *
 * Run: `npm run bench:soak` (or `npx tsx bench/fault-soak.ts [launches]`).
 */
import { operationIdFor } from '../src/domain/ids';
import type { FaultConfig } from '../src/sandbox/core/faults';
import { cfRecords, serversByOperation, settle } from '../test/reliability/support';
import { printFigures, startBenchSystem } from './common';

const ZONE = 'soak.example';
const FAULTS: FaultConfig = { rates: { '5xx': 0.2, '429': 0.1, lost: 0.05 } };

async function main(): Promise<void> {
  const launches = Number(process.argv[2] ?? 20);
  if (!Number.isInteger(launches) || launches < 1) throw new Error('usage: bench/fault-soak.ts [launches]');
  const sys = await startBenchSystem({
    workerProcess: true,
    sandbox: {
      providers: ['hetzner', 'cloudflare'], bootMs: 500, cloudInitMs: 500, serverQuota: launches + 5,
      resolvers: [{ name: 'google', delayMs: 100 }, { name: 'quad9', delayMs: 300 }],
    },
    zones: [{ zone: ZONE, provider: 'cloudflare' }],
    settings: { 'infra.vps.default': 'hetzner' },
  });
  const fqdns = Array.from({ length: launches }, (_, i) => `app-${String(i).padStart(3, '0')}.${ZONE}`);
  const rows: Array<[string, string | number]> = [];
  let ok = 0;
  let duplicates = 0;
  const failures: string[] = [];
  try {
    sys.sandbox.harness.hetzner.faults.configure({ ...FAULTS, seed: 4711 });
    sys.sandbox.harness.cloudflare.faults.configure({ ...FAULTS, seed: 815 });
    console.log(`fault soak: ${launches} launches at once under 20% 5xx, 10% 429, 5% lost ...`);
    const t0 = Date.now();
    const results = await Promise.all(fqdns.map((fqdn) => settle(sys.client.dev.infra.launch({ fqdn }, { autoApprove: true }))));
    const wallMs = Date.now() - t0;
    sys.sandbox.harness.hetzner.faults.clear();
    sys.sandbox.harness.cloudflare.faults.clear();

    ok = results.filter((r) => r.ok).length;
    for (const [i, r] of results.entries()) if (!r.ok) failures.push(`${fqdns[i]}: ${(r.error as Error)?.message}`);
    const byOp = serversByOperation(sys.sandbox);
    const unlabelled = byOp.get('')?.length ?? 0;
    const extraServers = [...byOp.entries()].filter(([op]) => op !== '').reduce((n, [, s]) => n + Math.max(0, s.length - 1), 0);
    const missing = fqdns.filter((f) => !byOp.has(operationIdFor(`launch:${f}`))).length;
    const extraRecords = fqdns.reduce((n, f) => n + Math.max(0, cfRecords(sys.sandbox, f, 'A').length - 1), 0);
    duplicates = unlabelled + extraServers + extraRecords;

    for (const p of ['hetzner', 'cloudflare']) {
      const f = sys.sandbox.harness[p].faults.injected;
      const n = (k: string) => f.filter((x) => x.kind === k).length;
      rows.push([`${p} requests (5xx / 429 / lost)`, `${sys.sandbox.harness[p].requests.length} (${n('5xx')} / ${n('429')} / ${n('lost')})`]);
    }
    rows.push(['wall time', `${(wallMs / 1000).toFixed(1)} s`]);
    rows.push(['servers: extra per operation / unlabelled / missing', `${extraServers} / ${unlabelled} / ${missing}`]);
    rows.push(['A records beyond one per fqdn', extraRecords]);
  } finally {
    await sys.stop();
  }
  for (const f of failures.slice(0, 10)) console.log(`failed: ${f}`);
  printFigures('faults', rows);
  printFigures('fault soak (issue 6)', [
    ['launches ok / tried', `${ok} / ${launches}`],
    ['duplicates found', duplicates],
  ]);
  if (ok !== launches || duplicates > 0) process.exitCode = 1;
}

main().then(
  () => process.exit(),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
