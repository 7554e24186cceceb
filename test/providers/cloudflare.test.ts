/**
 * The Cloudflare adapter against its simulator over real HTTP: marker comments, 81057 never
 * reaching the caller, CNAME exclusivity, batch atomicity and size, pagination, rate-limit
 * headers feeding the limiter, and error mapping. Plus the pure conversions.
 */
import Cloudflare, { APIError } from 'cloudflare';
import { InfraError } from '../../src/domain/errors';
import type { DnsRecord } from '../../src/domain/types';
import { CloudflareApi } from '../../src/providers/cloudflare/api';
import { AUTO_TTL, parseCaa, quoteTxt, relativeName, toDomain, toWire, unquoteTxt } from '../../src/providers/cloudflare/convert';
import { CloudflareDns } from '../../src/providers/cloudflare/dns';
import { toInfraError } from '../../src/providers/cloudflare/errors';
import type { ZoneRef } from '../../src/providers/types';
import { startSandbox, type Sandbox } from '../../src/sandbox';

const a = (name: string, content: string, extra: Partial<DnsRecord> = {}): DnsRecord => ({ type: 'A', name, content, ttl: 300, ...extra });

describe('cloudflare convert', () => {
  it('adds and strips the zone, @ for the apex, and refuses names outside the zone', () => {
    const w = toWire(a('@', '192.0.2.1'), 'example.com', undefined);
    expect(w).toEqual({ type: 'A', name: 'example.com', content: '192.0.2.1', ttl: 300, proxied: false });
    expect(toWire(a('www', '192.0.2.1', { proxied: true }), 'example.com', 'fazt-managed')).toEqual({
      type: 'A', name: 'www.example.com', content: '192.0.2.1', ttl: 1, proxied: true, comment: 'fazt-managed',
    });
    expect(relativeName('example.com', 'example.com')).toBe('@');
    expect(relativeName('a.b.example.com', 'example.com')).toBe('a.b');
    expect(() => relativeName('example.org', 'example.com')).toThrow(/outside zone/);
    expect(() => toWire(a('www.', '192.0.2.1'), 'example.com', undefined)).toThrow(InfraError);
  });

  it('quotes TXT as 255-byte character strings with escapes and reads both quoted and bare content', () => {
    expect(quoteTxt('v=spf1 -all')).toBe('"v=spf1 -all"');
    expect(quoteTxt('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
    const long = 'x'.repeat(300);
    expect(quoteTxt(long)).toBe(`"${'x'.repeat(255)}" "${'x'.repeat(45)}"`);
    for (const s of ['v=spf1 -all', 'say "hi" \\o/', long, 'ünïcödé '.repeat(50)]) expect(unquoteTxt(quoteTxt(s))).toBe(s);
    expect(unquoteTxt('bare text')).toBe('bare text');
  });

  it('turns CAA presentation into data and back, MX priority into its field, TTL 1 into 300', () => {
    expect(parseCaa('0 issue "letsencrypt.org"')).toEqual({ flags: 0, tag: 'issue', value: 'letsencrypt.org' });
    expect(() => parseCaa('issue letsencrypt.org')).toThrow(InfraError);
    const caa = toWire({ type: 'CAA', name: '@', content: '128 iodef "mailto:x@example.com"', ttl: 3600 }, 'example.com', undefined);
    expect(caa.data).toEqual({ flags: 128, tag: 'iodef', value: 'mailto:x@example.com' });
    expect(toWire({ type: 'MX', name: '@', content: 'Mail.Example.com.', priority: 5, ttl: 300 }, 'example.com', undefined))
      .toMatchObject({ content: 'mail.example.com', priority: 5 });
    expect(() => toWire({ type: 'MX', name: '@', content: 'mail.example.com', ttl: 300 }, 'example.com', undefined)).toThrow(/priority/);
    expect(toDomain({ id: 'x', type: 'A', name: 'www.example.com', content: '192.0.2.1', ttl: 1, proxied: true }, 'example.com'))
      .toEqual({ type: 'A', name: 'www', content: '192.0.2.1', ttl: AUTO_TTL, proxied: true });
    expect(toDomain({ id: 'x', type: 'A', name: 'www.example.com', content: '192.0.2.1', ttl: 120, proxied: false }, 'example.com'))
      .toEqual({ type: 'A', name: 'www', content: '192.0.2.1', ttl: 120 });
    expect(toDomain({ id: 'x', type: 'SRV', name: '_sip._tcp.example.com', content: '1 1 5060 sip.example.com', ttl: 1 }, 'example.com')).toBeNull();
  });

  it('maps Cloudflare errors by code and status', () => {
    const h = (extra: Record<string, string> = {}) => new Headers(extra);
    const gen = (status: number, code: number, headers = h()) =>
      toInfraError(APIError.generate(status, { success: false, errors: [{ code, message: `m${code}` }], messages: [], result: null }, undefined, headers), 'op');
    const rl = gen(429, 971, h({ 'retry-after': '7' }));
    expect([rl.code, rl.retryAfterMs, rl.providerCode, rl.retryable]).toEqual(['INFRA_RATE_LIMITED', 7000, '971', true]);
    expect(gen(429, 971, h({ ratelimit: '"default";r=0;t=42' })).retryAfterMs).toBe(42_000);
    expect(gen(403, 10000).code).toBe('INFRA_UNAUTHORIZED');
    expect(gen(401, 9109).code).toBe('INFRA_UNAUTHORIZED');
    expect(gen(404, 81044).code).toBe('INFRA_NOT_FOUND');
    const dup = gen(400, 81057);
    expect([dup.code, dup.retryable]).toEqual(['INFRA_CONFLICT', false]);
    expect(gen(400, 81053).code).toBe('INFRA_CONFLICT');
    expect(gen(400, 1061).code).toBe('INFRA_CONFLICT');
    expect(gen(400, 9021).code).toBe('INFRA_INVALID_INPUT');
    const s5 = gen(503, 10001);
    expect([s5.code, s5.retryable]).toEqual(['INFRA_PROVIDER_ERROR', true]);
    expect(gen(400, 9021).message).toBe('cloudflare: op: m9021 (9021)');
  });
});

describe('cloudflare adapter over HTTP', () => {
  let sb: Sandbox;
  let endpoint: string;
  let sdk: Cloudflare;
  let api: CloudflareApi;
  let dns: CloudflareDns;
  let n = 0;
  const newZone = async () => dns.createZone(`adapter-${++n}.com`);
  const wire = async (zone: ZoneRef) => (await sdk.dns.records.list({ zone_id: zone.id, per_page: 50000 })).result;
  const requests = () => sb.harness.cloudflare.requests;

  beforeAll(async () => {
    sb = await startSandbox({ providers: ['cloudflare'], hosts: false, dns: false, tokens: { cloudflare: ['cf-token'] } });
    endpoint = sb.urls.cloudflare;
    sdk = new Cloudflare({ apiToken: 'cf-token', apiKey: null, apiEmail: null, baseURL: endpoint, maxRetries: 0 });
    api = new CloudflareApi({ token: 'cf-token', endpoint });
    dns = new CloudflareDns(api);
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('marks records it creates and keeps a user comment on records it adopts', async () => {
    const zone = await newZone();
    const mine = await sdk.dns.records.create({ zone_id: zone.id, type: 'A', name: 'www', content: '192.0.2.1', ttl: 60, comment: 'my web server' });
    await dns.setRecords(zone, { name: 'www', type: 'A', records: [a('www', '192.0.2.1', { ttl: 120 }), a('www', '192.0.2.2')] });
    const recs = await wire(zone);
    expect(recs.map((r) => [r.content, r.ttl, r.comment]).sort()).toEqual([['192.0.2.1', 120, 'my web server'], ['192.0.2.2', 300, 'fazt-managed']]);
    expect(recs.find((r) => r.content === '192.0.2.1')?.id).toBe(mine.id);
  });

  it('treats an identical existing record as success (81057 never reaches the caller)', async () => {
    const zone = await newZone();
    await sdk.dns.records.create({ zone_id: zone.id, type: 'TXT', name: '@', content: '"v=spf1 -all"', ttl: 300 });
    const before = requests().length;
    await dns.setRecords(zone, { name: '@', type: 'TXT', records: [{ type: 'TXT', name: '@', content: 'v=spf1 -all', ttl: 300 }] });
    expect(requests().slice(before).map((r) => r.method)).toEqual(['GET']);

    // A concurrent writer adds the very record between our read and our batch: Cloudflare says
    // 81057, the adapter reads again, sees the set is already right, and succeeds.
    let raced = false;
    const racing = new CloudflareDns(new CloudflareApi({
      token: 'cf-token', endpoint,
      fetchImpl: async (input, init) => {
        if (!raced && String(input).endsWith('/dns_records/batch')) {
          raced = true;
          await sdk.dns.records.create({ zone_id: zone.id, type: 'A', name: 'race', content: '192.0.2.7', ttl: 300 });
        }
        return fetch(input, init);
      },
    }));
    await racing.setRecords(zone, { name: 'race', type: 'A', records: [a('race', '192.0.2.7')] });
    expect(raced).toBe(true);
    expect((await wire(zone)).filter((r) => r.name === `race.${zone.name}`)).toHaveLength(1);
  });

  it('reports CNAME exclusivity as INFRA_CONFLICT and changes nothing', async () => {
    const zone = await newZone();
    await dns.setRecords(zone, { name: 'app', type: 'A', records: [a('app', '192.0.2.1')] });
    const err = await dns.setRecords(zone, { name: 'app', type: 'CNAME', records: [{ type: 'CNAME', name: 'app', content: 'example.net', ttl: 300 }] }).catch((e) => e);
    expect(err).toBeInstanceOf(InfraError);
    expect([err.code, err.providerCode, err.retryable]).toEqual(['INFRA_CONFLICT', '81053', false]);
    expect((await dns.getRecords(zone)).map((r) => r.type)).toEqual(['A']);
    // The same change as one batch with the A deleted first is fine: deletes run before posts.
    await dns.applyBatch(zone, [
      { name: 'app', type: 'A', before: [], after: [] },
      { name: 'app', type: 'CNAME', before: [], after: [{ type: 'CNAME', name: 'app', content: 'example.net', ttl: 300 }] },
    ]);
    expect(await dns.getRecords(zone)).toEqual([{ type: 'CNAME', name: 'app', content: 'example.net', ttl: 300 }]);
  });

  it('applies a batch in one call and all or nothing', async () => {
    const zone = await newZone();
    await dns.setRecords(zone, { name: 'keep', type: 'A', records: [a('keep', '192.0.2.1')] });
    const before = await wire(zone);
    const start = requests().length;
    const err = await dns.applyBatch(zone, [
      { name: 'keep', type: 'A', before: [], after: [] },
      { name: 'new', type: 'A', before: [], after: [a('new', '192.0.2.2')] },
      { name: 'broken', type: 'A', before: [], after: [a('broken', 'not-an-address')] },
    ]).catch((e) => e);
    expect(err).toBeInstanceOf(InfraError);
    expect([err.code, err.providerCode]).toEqual(['INFRA_INVALID_INPUT', '9005']);
    expect(await wire(zone)).toEqual(before);
    const calls = requests().slice(start, start + 2).map((r) => `${r.method} ${r.path.split('?')[0].replace(/[0-9a-f]{32}/, 'Z')}`);
    expect(calls).toEqual(['GET /client/v4/zones/Z/dns_records', 'POST /client/v4/zones/Z/dns_records/batch']);
  });

  it('refuses more than 200 changes per batch before calling the provider', async () => {
    const zone = await newZone();
    const changes = Array.from({ length: 201 }, (_, i) => ({ name: `n${i}`, type: 'A' as const, before: [], after: [a(`n${i}`, '192.0.2.1')] }));
    const start = requests().length;
    const err = await dns.applyBatch(zone, changes).catch((e) => e);
    expect(err.code).toBe('INFRA_INVALID_INPUT');
    expect(requests().slice(start).some((r) => r.path.includes('/batch'))).toBe(false);
    await dns.applyBatch(zone, changes.slice(0, 200));
    expect(await dns.getRecords(zone)).toHaveLength(200);
  });

  it('reads every page of a zone with more records than one page holds', async () => {
    const zone = await newZone();
    for (let b = 0; b < 26; b++) {
      const posts = Array.from({ length: 200 }, (_, i) => ({ type: 'A' as const, name: `h${b}-${i}.${zone.name}`, content: '192.0.2.1', ttl: 300 }));
      await sdk.dns.records.batch({ zone_id: zone.id, posts });
    }
    const start = requests().length;
    const got = await dns.getRecords(zone);
    expect(got).toHaveLength(5200);
    expect(new Set(got.map((r) => r.name)).size).toBe(5200);
    expect(requests().slice(start).map((r) => new URL(r.path, 'http://x').searchParams.get('page') ?? '1')).toEqual(['1', '2']);
  });

  it('feeds the limiter from the Ratelimit header and maps a 429 with Retry-After', async () => {
    // Its own sandbox: after a 429 the account's limiter holds calls back, as it should.
    const own = await startSandbox({ providers: ['cloudflare'], hosts: false, dns: false });
    try {
      const ownApi = new CloudflareApi({ token: 'limits', endpoint: own.urls.cloudflare });
      const ownDns = new CloudflareDns(ownApi);
      await ownDns.listZones();
      const snap = ownApi.limiter.snapshot();
      expect(snap.remaining).toBe(1199);
      expect(snap.resetAt).toBeGreaterThanOrEqual(Date.now() - 1000);
      own.harness.cloudflare.faults.configure({ script: [{ kind: '429', path: '/zones$' }] });
      const err = await ownDns.listZones().catch((e) => e);
      expect(err).toBeInstanceOf(InfraError);
      expect([err.code, err.providerCode, err.retryable]).toEqual(['INFRA_RATE_LIMITED', '971', true]);
      expect(err.retryAfterMs).toBeGreaterThanOrEqual(1000);
      expect(ownApi.limiter.snapshot().blockedUntil).toBeGreaterThan(Date.now());
      expect(ownApi.limiter.waitMs()).toBeGreaterThan(0);
    } finally {
      await own.stop();
    }
  });

  it('maps 5xx to a retryable provider error and a slow answer to INFRA_TIMEOUT', async () => {
    const own = await startSandbox({ providers: ['cloudflare'], hosts: false, dns: false });
    try {
      const fresh = new CloudflareDns(new CloudflareApi({ token: 'slow', endpoint: own.urls.cloudflare, timeoutMs: 150 }));
      own.harness.cloudflare.faults.configure({ script: [{ kind: '5xx' }] });
      const e5 = await fresh.listZones().catch((e) => e);
      expect([e5.code, e5.retryable, e5.providerCode]).toEqual(['INFRA_PROVIDER_ERROR', true, '10001']);
      own.harness.cloudflare.configure({ latencyMs: 600 });
      const et = await fresh.listZones().catch((e) => e);
      expect([et.code, et.retryable]).toEqual(['INFRA_TIMEOUT', true]);
      const down = new CloudflareDns(new CloudflareApi({ token: 'x', endpoint: 'http://127.0.0.1:1/client/v4' }));
      const ec = await down.listZones().catch((e) => e);
      expect([ec.code, ec.retryable]).toEqual(['INFRA_PROVIDER_ERROR', true]);
    } finally {
      await own.stop();
    }
  });

  it('rejects bad input before any call', async () => {
    const zone = await newZone();
    const start = requests().length;
    await expect(dns.setRecords(zone, { name: 'x', type: 'SRV' as any, records: [] })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    await expect(dns.setRecords(zone, { name: 'x', type: 'A', records: [a('y', '192.0.2.1')] })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    await expect(dns.createZone('not a zone')).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    expect(requests().length).toBe(start);
  });
});
