/**
 * DNS end to end on every DNS provider: client → Temporal → worker → sandbox over HTTP, and the
 * sandbox's DNS servers on loopback for propagation.
 */
import { startSystem, type TestSystem } from '../helpers/system';

const PROVIDERS = ['cloudflare', 'hetzner', 'digitalocean'] as const;

describe.each(PROVIDERS)('DNS on %s', (provider) => {
  let sys: TestSystem;
  const zone = `${provider}-zone.example`;
  beforeAll(async () => {
    sys = await startSystem({ sandbox: { resolvers: [{ name: 'fast', delayMs: 300 }, { name: 'slow', delayMs: 1500 }] } });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('adds the zone and lists it with its record count', async () => {
    const added = await sys.client.dev.infra.dns.addZone(zone, { provider });
    expect(added).toMatchObject({ zone, provider });
    const zones = await sys.client.dev.infra.dns.zones();
    expect(zones.find((z) => z.zone === zone)).toMatchObject({ zone, provider });
    await expect(sys.client.dev.infra.dns.records('unmanaged.example')).rejects.toMatchObject({ code: 'INFRA_NOT_FOUND', message: expect.stringContaining('add-zone') });
  });

  it('sets records (upsert), identical sets are success, and records reads them back', async () => {
    const dns = sys.client.dev.infra.dns;
    const a = await dns.set(zone, { type: 'A', name: 'blog', content: '192.0.2.10' });
    expect(a).toMatchObject({ type: 'A', name: 'blog', content: '192.0.2.10', ttl: 300 });
    expect(a.proxied).toBe(provider === 'cloudflare' ? true : undefined);
    await dns.set(zone, { type: 'A', name: 'blog', content: '192.0.2.10' });
    await dns.set(zone, { type: 'A', name: 'blog', content: '192.0.2.11', proxied: provider === 'cloudflare' ? false : undefined });
    await dns.set(zone, { type: 'MX', name: '@', content: `mail.${zone}`, priority: 10, ttl: 3600 });
    await dns.set(zone, { type: 'TXT', name: '@', content: 'v=spf1 ip4:192.0.2.11 -all' });
    const records = await dns.records(zone);
    expect(records.filter((r) => r.name === 'blog' && r.type === 'A').map((r) => r.content)).toEqual(['192.0.2.11']);
    expect(records.find((r) => r.type === 'MX')).toMatchObject({ content: `mail.${zone}`, priority: 10, ttl: 3600 });
    expect(records.find((r) => r.type === 'TXT' && r.name === '@')?.content).toBe('v=spf1 ip4:192.0.2.11 -all');
  });

  it('refuses bad records before any provider call', async () => {
    const before = sys.requests(provider).length;
    const dns = sys.client.dev.infra.dns;
    await expect(dns.set(zone, { type: 'MX', name: '@', content: 'mail.example.com' })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    await expect(dns.set(zone, { type: 'A', name: 'x', content: 'not-an-ip' })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    await expect(dns.set(zone, { type: 'CNAME', name: '@', content: 'other.example' })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    if (provider !== 'cloudflare') {
      await expect(dns.set(zone, { type: 'A', name: 'p', content: '192.0.2.1', proxied: true })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT', message: expect.stringContaining('Cloudflare') });
    }
    expect(sys.requests(provider).length).toBe(before);
  });

  it('setMany plans, dry-runs and applies; delete is idempotent', async () => {
    const dns = sys.client.dev.infra.dns;
    const recs = [
      { type: 'A' as const, name: 'api', content: '192.0.2.20' },
      { type: 'A' as const, name: 'cdn', content: '192.0.2.21' },
      { type: 'TXT' as const, name: '_dmarc', content: 'v=DMARC1; p=none' },
    ];
    const dry = await dns.setMany(zone, recs, { dryRun: true });
    expect(dry.applied).toBe(false);
    expect(dry.changes.map((c) => c.kind)).toEqual(['create', 'create', 'create']);
    expect(dry.description).toContain('+ A api');
    expect((await dns.records(zone)).some((r) => r.name === 'api')).toBe(false);
    const applied = await dns.setMany(zone, recs);
    expect(applied.applied).toBe(true);
    expect((await dns.records(zone)).filter((r) => ['api', 'cdn', '_dmarc'].includes(r.name))).toHaveLength(3);
    expect((await dns.setMany(zone, recs)).changes).toEqual([]);
    await dns.delete(zone, { type: 'A', name: 'cdn' });
    await dns.delete(zone, { type: 'A', name: 'cdn' });
    expect((await dns.records(zone)).some((r) => r.name === 'cdn')).toBe(false);
  });

  it('sees a new record propagate to the loopback resolvers at their delays', async () => {
    const dns = sys.client.dev.infra.dns;
    await dns.set(zone, { type: 'A', name: 'prop', content: '192.0.2.77', proxied: provider === 'cloudflare' ? false : undefined });
    const waited = await dns.waitForPropagation(`prop.${zone}`, { timeout: '30s' });
    expect(waited.allPropagated).toBe(true);
    expect(waited.expected).toBe('192.0.2.77');
    // The authoritative server plus the two public resolvers.
    expect(waited.results.length).toBe(3);
    expect(waited.results[0].resolver).toBe(sys.sandbox.settings().authoritative);
    const check = await dns.checkPropagation(`prop.${zone}`);
    expect(check.results.every((r) => r.value === '192.0.2.77' && r.propagated)).toBe(true);
  });

  it('an unsafe plan waits for a human; rejection changes nothing', async () => {
    const dns = sys.client.dev.infra.dns;
    const many = Array.from({ length: 10 }, (_, i) => ({ type: 'A' as const, name: `h${i}`, content: `192.0.2.${100 + i}` }));
    await dns.setMany(zone, many);
    const rewrite = many.slice(0, 6).map((r) => ({ ...r, content: '198.51.100.1' }));
    let seen = '';
    const err = await dns.setMany(zone, rewrite, { confirm: async (req) => ((seen = req.reason), false) }).catch((e) => e);
    expect(seen).toMatch(/unsafe DNS plan/);
    expect(err.code).toBe('INFRA_CANCELED');
    expect((await dns.records(zone)).find((r) => r.name === 'h0')?.content).toBe('192.0.2.100');
  });
});
