/**
 * Bulk DNS on Cloudflare, counted at the sandbox: `dns.setMany` of 1000 new records is one read
 * to plan and one batch per 200 changes (1 + 5 calls); 100 changed of them is 1 + 1. A batch that
 * Cloudflare applied but whose answer never arrived (the worker's view of a crash mid-batch) is
 * retried by Temporal, re-planned from a fresh read, and creates nothing twice.
 */
import { startSystem, type TestSystem } from '../helpers/system';

const ZONE = 'bulk.example';

function records(n: number, changed = 0, tag = 'host') {
  return Array.from({ length: n }, (_, i) => ({
    type: 'A' as const,
    name: `${tag}-${String(i).padStart(4, '0')}`,
    content: `10.${i < changed ? 1 : 0}.${i >> 8}.${i & 255}`,
    ttl: 300,
  }));
}

describe('bulk DNS on Cloudflare', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['cloudflare'], hosts: false, dns: false }, zones: [{ zone: ZONE, provider: 'cloudflare' }] });
  }, 120_000);
  afterAll(async () => {
    await sys?.stop();
  });

  /** The dns_records calls the sandbox saw from `from` on: list reads and batch writes. */
  const calls = (from: number) => {
    const seen = sys.requests('cloudflare').slice(from).filter((r) => /\/dns_records(\/|\?|$)/.test(r.path));
    return {
      reads: seen.filter((r) => r.method === 'GET').length,
      batches: seen.filter((r) => r.method === 'POST' && r.path.includes('/dns_records/batch')).length,
      all: seen.length,
    };
  };
  const aRecords = async (prefix: string) => (await sys.client.dev.infra.dns.records(ZONE)).filter((r) => r.type === 'A' && r.name.startsWith(prefix));

  it('1000 new records: one read, then one batch per 200 changes', async () => {
    const from = sys.requests('cloudflare').length;
    const result = await sys.client.dev.infra.dns.setMany(ZONE, records(1000), { autoApprove: true });
    expect(result.changes).toHaveLength(1000);
    expect(calls(from)).toEqual({ reads: 1, batches: 5, all: 6 });
    expect(await aRecords('host-')).toHaveLength(1000);
  }, 180_000);

  it('100 of them changed: one read and one batch', async () => {
    const from = sys.requests('cloudflare').length;
    const result = await sys.client.dev.infra.dns.setMany(ZONE, records(1000, 100), { autoApprove: true });
    expect(result.changes).toHaveLength(100);
    expect(calls(from)).toEqual({ reads: 1, batches: 1, all: 2 });
    const now = await aRecords('host-');
    expect(now).toHaveLength(1000);
    expect(now.filter((r) => r.content.startsWith('10.1.'))).toHaveLength(100);
  }, 180_000);

  it('a batch applied but never answered is retried from a fresh read: nothing twice', async () => {
    // The first batch commits at Cloudflare and the connection drops before the answer.
    sys.sandbox.harness.cloudflare.faults.configure({ script: [{ kind: 'lost', method: 'POST', path: '/dns_records/batch' }] });
    const input = records(600, 0, 'crash');
    const from = sys.requests('cloudflare').length;
    const result = await sys.client.dev.infra.dns.setMany(ZONE, input, { autoApprove: true });
    expect(result.changes).toHaveLength(600);
    // Plan read, 3 batches (the first one lost), the retry's fresh read; the lost batch is not sent again.
    expect(calls(from)).toEqual({ reads: 2, batches: 3, all: 5 });
    const now = await aRecords('crash-');
    expect(now).toHaveLength(600);
    expect(new Set(now.map((r) => r.name)).size).toBe(600);
    // A second run finds everything in place: one read, no write.
    const again = sys.requests('cloudflare').length;
    expect((await sys.client.dev.infra.dns.setMany(ZONE, input, { autoApprove: true })).changes).toEqual([]);
    expect(calls(again)).toEqual({ reads: 1, batches: 0, all: 1 });
  }, 180_000);
});
