/**
 * Issue 10, the drift check's call efficiency: 1000 records fazt wrote (two Cloudflare zones of
 * 500, applied by `dns.setMany`, so the inventory learns them the normal way) and 100 servers
 * fazt knows at Hetzner (ordered through the adapter with fazt's labels and recorded in the
 * worker's inventory, because ordering 100 through confirmations would only slow the bench).
 * Counts the provider calls one drift check makes, at the sandbox, against the goal: one list per
 * zone and one per provider page (Hetzner pages hold 50), never one call per record or server.
 *
 * Run: `npm run bench:drift` (or `npx tsx bench/drift-calls.ts`).
 */
import path from 'node:path';
import { driftCheck } from '../src/operations/catalogue';
import { providerDescriptor } from '../src/providers/registry';
import { Inventory } from '../src/inventory/store';
import { operationIdFor } from '../src/domain/ids';
import { startBenchSystem } from './common';

const ZONES = ['drift-a.test', 'drift-b.test'];
const RECORDS_PER_ZONE = 500;
const SERVERS = 100;
const HETZNER_PAGE = 50;

async function main(): Promise<void> {
  const sys = await startBenchSystem({
    sandbox: { providers: ['hetzner', 'cloudflare'], hosts: false, dns: false, serverQuota: SERVERS + 10 },
    zones: ZONES.map((zone) => ({ zone, provider: 'cloudflare' })),
    settings: { 'infra.vps.default': 'hetzner' },
  });
  try {
    for (const zone of ZONES) {
      const records = Array.from({ length: RECORDS_PER_ZONE }, (_, i) => ({ type: 'A' as const, name: `h${i}`, content: `10.0.${i >> 8}.${i & 255}`, ttl: 300, proxied: false }));
      await sys.client.dev.infra.dns.setMany(zone, records, { autoApprove: true });
    }
    const cred = sys.store.resolveCredential('vps', 'hetzner');
    const vps = providerDescriptor('hetzner').create({ token: cred.token, endpoint: cred.endpoint }).vps!;
    const inventory = new Inventory(path.join(sys.dir, 'data', 'inventory.jsonl'));
    for (let i = 0; i < SERVERS; i++) {
      const s = await vps.create({ name: `drift-${i}`, type: 'cx22', region: 'fsn1', image: 'ubuntu-24.04', sshKeys: [], operationId: operationIdFor(`bench-drift-${i}`) });
      inventory.putServer({ id: s.id, provider: s.provider, providerId: s.providerId, name: s.name, type: s.type, region: s.region, ip: s.ip, operationId: s.operationId, monthlyCost: s.monthlyCost });
    }
    const known = inventory.read();
    const from = { hetzner: sys.requests('hetzner').length, cloudflare: sys.requests('cloudflare').length };
    const t0 = performance.now();
    const report = await sys.client.run(driftCheck, {});
    const wallMs = performance.now() - t0;
    const calls = {
      hetzner: sys.requests('hetzner').slice(from.hetzner),
      cloudflare: sys.requests('cloudflare').slice(from.cloudflare),
    };
    const total = calls.hetzner.length + calls.cloudflare.length;
    const goal = ZONES.length + Math.ceil(SERVERS / HETZNER_PAGE);
    console.log(`known: ${known.recordSets.length} record sets in ${ZONES.length} zones, ${known.servers.length} servers`);
    console.log(`drift check: ${report.drift.length} drifted, providers ${report.providers.map((p) => `${p.provider}=${p.status}(${p.checked})`).join(' ')}, ${wallMs.toFixed(0)} ms`);
    for (const [p, list] of Object.entries(calls)) {
      console.log(`  ${p}: ${list.length} calls: ${[...new Set(list.map((r) => `${r.method} ${r.path.split('?')[0]}`))].join(', ')}`);
    }
    console.log(`provider calls: ${total} (goal: ${goal} = ${ZONES.length} zone lists + ${Math.ceil(SERVERS / HETZNER_PAGE)} server pages; per-resource would be ${known.recordSets.length + known.servers.length})`);
    console.log(total <= goal ? 'GOAL MET' : 'GOAL MISSED');
  } finally {
    await sys.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
