/**
 * Issue 6, fault soak: 20 launches at once against providers that fail a third of their answers
 * (20% 5xx, 10% 429, 5% lost: the write commits and the answer never arrives), on Hetzner and
 * Cloudflare alike, with a fixed seed. Every launch completes; no operation has two servers, no
 * fqdn two A records, and nothing unlabelled is left behind.
 */
import { Connection } from '@temporalio/client';
import type { LaunchResult } from '../../src/client/api';
import { operationIdFor } from '../../src/domain/ids';
import type { FaultConfig } from '../../src/sandbox/core/faults';
import { temporalAddress } from '../helpers/temporal';
import { cfRecords, liveServers, serversByOperation, settle, startLane, type Lane } from './support';

const ZONE = 'soak.example';
const LAUNCHES = 20;
const FAULTS: FaultConfig = { rates: { '5xx': 0.2, '429': 0.1, lost: 0.05 } };

describe('fault soak: 20 launches under 5xx, 429 and lost responses', () => {
  let connection: Connection;
  let lane: Lane | undefined;
  beforeAll(async () => {
    connection = await Connection.connect({ address: temporalAddress() });
    lane = await startLane({
      name: 'soak', connection, zones: [{ zone: ZONE, provider: 'cloudflare' }],
      sandbox: {
        providers: ['hetzner', 'cloudflare'], bootMs: 500, cloudInitMs: 500, serverQuota: LAUNCHES + 5,
        resolvers: [{ name: 'google', delayMs: 100 }, { name: 'quad9', delayMs: 300 }],
      },
    });
  }, 120_000);
  afterAll(async () => {
    await lane?.stop();
    await connection?.close();
  }, 60_000);

  it('all complete with zero duplicates', async () => {
    const l = lane!;
    l.sandbox.harness.hetzner.faults.configure({ ...FAULTS, seed: 4711 });
    l.sandbox.harness.cloudflare.faults.configure({ ...FAULTS, seed: 815 });
    const fqdns = Array.from({ length: LAUNCHES }, (_, i) => `app-${String(i).padStart(2, '0')}.${ZONE}`);
    const t0 = Date.now();
    const results = await Promise.all(fqdns.map((fqdn) => settle(l.client.dev.infra.launch({ fqdn }, { autoApprove: true }))));
    const ms = Date.now() - t0;
    l.sandbox.harness.hetzner.faults.clear();
    l.sandbox.harness.cloudflare.faults.clear();

    const injected = ['hetzner', 'cloudflare'].map((p) => {
      const f = l.sandbox.harness[p].faults.injected;
      const n = (k: string) => f.filter((x) => x.kind === k).length;
      return `${p}: ${l.sandbox.harness[p].requests.length} requests, ${n('5xx')} 5xx, ${n('429')} 429, ${n('lost')} lost`;
    });
    const failed = results.flatMap((r, i) => (r.ok ? [] : [`${fqdns[i]}: ${(r.error as Error)?.message}`]));
    console.log(`fault soak: ${LAUNCHES - failed.length}/${LAUNCHES} launches in ${ms} ms; ${injected.join('; ')}`);
    expect(failed).toEqual([]);
    // The soak only means something if the faults really happened, writes included.
    for (const p of ['hetzner', 'cloudflare']) {
      const f = l.sandbox.harness[p].faults.injected;
      expect(f.filter((x) => x.kind === '5xx').length).toBeGreaterThan(0);
      expect(f.filter((x) => x.kind === '429').length).toBeGreaterThan(0);
      expect(f.filter((x) => x.kind === 'lost').length).toBeGreaterThan(0);
    }

    const launched = results.map((r) => (r as { value: LaunchResult }).value);
    // Servers: exactly one per operation, each the one its launch reported, none unlabelled.
    const byOp = serversByOperation(l.sandbox);
    expect(byOp.get('')).toBeUndefined();
    const counts = fqdns.map((fqdn) => byOp.get(operationIdFor(`launch:${fqdn}`))?.length ?? 0);
    expect(counts).toEqual(fqdns.map(() => 1));
    expect(liveServers(l.sandbox)).toHaveLength(LAUNCHES);
    for (const [i, r] of launched.entries()) {
      expect(String(byOp.get(operationIdFor(`launch:${fqdns[i]}`))![0].id)).toBe(r.server.providerId);
    }
    // Records: exactly one A per fqdn, at its server; no A record for anything else.
    const aCounts = fqdns.map((fqdn, i) => cfRecords(l.sandbox, fqdn, 'A').filter((x) => x.content === launched[i].server.ip).length);
    expect(aCounts).toEqual(fqdns.map(() => 1));
    expect(cfRecords(l.sandbox, undefined, 'A')).toHaveLength(LAUNCHES);
  }, 240_000);
});
