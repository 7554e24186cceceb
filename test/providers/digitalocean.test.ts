/** The DigitalOcean adapter (dots-wrapper) against the DigitalOcean simulator over HTTP. */
import net from 'node:net';
import { generateEd25519 } from '../../src/ssh/keys';
import { InfraError } from '../../src/domain/errors';
import { providerDescriptor } from '../../src/providers/registry';

const digitalocean = providerDescriptor('digitalocean');
import { DoApi } from '../../src/providers/digitalocean/api';
import { imageSlug, recordKey, toDnsRecord, toWireRecord } from '../../src/providers/digitalocean/convert';
import { classifyDoError, retryAfterMs } from '../../src/providers/digitalocean/errors';
import type { ProviderInstance } from '../../src/providers/types';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { runDnsProviderContract } from '../contract/dns-provider.contract';
import { sandboxTarget } from '../contract/sandbox-target';
import { runVpsProviderContract } from '../contract/vps-provider.contract';

runVpsProviderContract('digitalocean', sandboxTarget('digitalocean'), { type: 's-1vcpu-1gb', region: 'fra1', image: 'ubuntu-24.04' });
runDnsProviderContract('digitalocean', sandboxTarget('digitalocean'));

describe('DigitalOcean adapter', () => {
  let sb: Sandbox;
  let p: ProviderInstance;
  const admin = (path: string, body: unknown) => fetch(sb.harness.digitalocean.url + path, { method: 'POST', body: JSON.stringify(body) });
  const req = { name: 'adapter-1', type: 's-1vcpu-1gb', region: 'fra1', image: 'debian-12', sshKeys: [] as string[], operationId: 'op-adapter-1' };

  beforeAll(async () => {
    sb = await startSandbox({ providers: ['digitalocean'], hosts: false, dns: false, bootMs: 200, actionMs: 50, serverQuota: 3 });
  });
  beforeEach(async () => {
    await admin('/__sandbox/reset', {});
    // A fresh token per test gives a fresh per-account limiter.
    p = digitalocean.create({ token: `adapter-${Math.random()}`, endpoint: sb.urls.digitalocean, timeoutMs: 2000 });
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('writes the managed and operation tags, maps the image alias and resolves key names to ids', async () => {
    const pub = generateEd25519('k@test').public.trim();
    const key = await p.sshKeys!.addKey('deploy', pub);
    const s = await p.vps!.create({ ...req, sshKeys: ['deploy'], userData: '#!/bin/sh\necho hi\n' });
    expect(s).toMatchObject({ provider: 'digitalocean', status: 'provisioning', managed: true, operationId: 'op-adapter-1', ip: null, monthlyCost: 6 });
    const state = (await (await fetch(sb.harness.digitalocean.url + '/__sandbox/state')).json()) as any;
    expect(state.droplets[0]).toMatchObject({ tags: ['fazt-managed', 'fazt-op:op-adapter-1'], sshKeyIds: [Number(key.id)], userData: '#!/bin/sh\necho hi\n' });
    expect(state.droplets[0].imageId).toBe(143968493); // debian-12-x64
    await expect(p.vps!.create({ ...req, sshKeys: ['nope'] })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
  });

  it('maps the droplet-limit 422 to INFRA_QUOTA_EXCEEDED and other 422s to INFRA_INVALID_INPUT', async () => {
    for (let i = 0; i < 3; i++) await p.vps!.create({ ...req, name: `q${i}`, operationId: `op-q${i}` });
    const err = await p.vps!.create({ ...req, name: 'q3', operationId: 'op-q3' }).catch((e) => e);
    expect(err).toBeInstanceOf(InfraError);
    expect(err).toMatchObject({ code: 'INFRA_QUOTA_EXCEEDED', provider: 'digitalocean', providerCode: 'droplet_limit', retryable: false });
    expect(err.message).toContain('droplet limit');
    await admin('/__sandbox/reset', {});
    await expect(p.vps!.create({ ...req, type: 'no-such-size' })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT', providerCode: 'unprocessable_entity' });
  });

  it('refuses bad input before calling DigitalOcean', async () => {
    await expect(p.vps!.create({ ...req, name: 'bad name' })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    await expect(p.vps!.create({ ...req, userData: 'x'.repeat(65537) })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    await expect(p.vps!.create({ ...req, operationId: 'has space' })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    const zone = await p.dns!.createZone('input.example');
    await expect(p.dns!.setRecords(zone, { name: 'a', type: 'A', records: [{ type: 'A', name: 'a', content: '192.0.2.1', ttl: 5 }] }))
      .rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    const log = (await (await fetch(sb.harness.digitalocean.url + '/__sandbox/requests')).json()) as any;
    expect(log.requests.filter((r: any) => r.method === 'POST' && r.path === '/v2/droplets')).toEqual([]);
  });

  it('maps a reboot during a pending event to INFRA_CONFLICT and a missing droplet to INFRA_NOT_FOUND', async () => {
    const s = await p.vps!.create(req);
    await expect(p.vps!.reboot(s.providerId)).rejects.toMatchObject({ code: 'INFRA_CONFLICT', providerCode: 'pending_event' });
    await expect(p.vps!.reboot('12345')).rejects.toMatchObject({ code: 'INFRA_NOT_FOUND', providerCode: 'not_found' });
    await expect(p.vps!.reboot('not-a-number')).rejects.toMatchObject({ code: 'INFRA_NOT_FOUND' });
    expect(await p.vps!.get('not-a-number')).toBeNull();
  });

  it('maps 429 to INFRA_RATE_LIMITED with retryAfterMs and feeds the limiter from ratelimit headers', async () => {
    const api = new DoApi({ token: 'limiter-token', endpoint: sb.urls.digitalocean });
    await api.sizes();
    const snap = api.limiter.snapshot();
    // DO reports its hourly 5000; the bucket holds the burst the 250/min window allows (150).
    expect(snap.limit).toBe(5000);
    expect(snap.remaining).toBeGreaterThan(140);
    expect(snap.resetAt).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) * 1000);
    await admin('/__sandbox/faults', { script: [{ kind: '429', path: '/v2/regions' }] });
    const err = await api.regions().catch((e) => e);
    expect(err).toMatchObject({ code: 'INFRA_RATE_LIMITED', provider: 'digitalocean', providerCode: 'too_many_requests' });
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(api.limiter.snapshot().blockedUntil).toBeGreaterThan(Date.now());
  });

  it('maps 5xx to a retryable INFRA_PROVIDER_ERROR and a dropped request to INFRA_TIMEOUT', async () => {
    await admin('/__sandbox/faults', { script: [{ kind: '5xx', path: '/v2/sizes' }] });
    await expect(p.vps!.types()).rejects.toMatchObject({ code: 'INFRA_PROVIDER_ERROR', retryable: true, providerCode: 'service_unavailable' });
    // An endpoint that accepts connections and never answers.
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const slow = digitalocean.create({ token: 'slow-token', endpoint: `http://127.0.0.1:${port}/v2`, timeoutMs: 300 });
      await expect(slow.vps!.regions()).rejects.toMatchObject({ code: 'INFRA_TIMEOUT', retryable: true });
    } finally {
      silent.close();
    }
  });

  it('maps a rejected token to INFRA_UNAUTHORIZED without leaking it', async () => {
    const locked = await startSandbox({ providers: ['digitalocean'], hosts: false, dns: false, tokens: { digitalocean: ['the-right-one'] } });
    try {
      const bad = digitalocean.create({ token: 'wrong-secret-token-789', endpoint: locked.urls.digitalocean });
      const err = await bad.vps!.listManaged().catch((e) => e);
      expect(err).toMatchObject({ code: 'INFRA_UNAUTHORIZED', providerCode: 'unauthorized' });
      expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain('wrong-secret-token-789');
    } finally {
      await locked.stop();
    }
  });

  it('reads every page of records: more than 200', async () => {
    const zone = await p.dns!.createZone('pages.example');
    const api = new DoApi({ token: 'pages-token', endpoint: sb.urls.digitalocean });
    for (let i = 0; i < 210; i++) await api.createRecord('pages.example', { type: 'TXT', name: `t${i}`, data: `v${i}`, ttl: 300 });
    const records = await p.dns!.getRecords(zone);
    expect(records.filter((r) => r.type === 'TXT')).toHaveLength(210);
    expect(records.some((r) => r.type === 'NS')).toBe(false); // DO's own apex NS are omitted
    const log = (await (await fetch(sb.harness.digitalocean.url + '/__sandbox/requests')).json()) as any;
    expect(log.requests.filter((r: any) => r.path.startsWith('/v2/domains/pages.example/records?')).map((r: any) => new URL(r.path, 'http://x').searchParams.get('page')))
      .toEqual(['1', '2']);
  });

  it('makes a set equal with individual creates, updates and deletes, keeping what already matches', async () => {
    const zone = await p.dns!.createZone('sets.example');
    const a = (c: string, ttl = 300) => ({ type: 'A' as const, name: 'app', content: c, ttl });
    await p.dns!.setRecords(zone, { name: 'app', type: 'A', records: [a('192.0.2.1'), a('192.0.2.2'), a('192.0.2.3')] });
    const before = (await (await fetch(sb.harness.digitalocean.url + '/__sandbox/requests')).json()) as any;
    await p.dns!.setRecords(zone, { name: 'app', type: 'A', records: [a('192.0.2.2'), a('192.0.2.9')] });
    const after = (await (await fetch(sb.harness.digitalocean.url + '/__sandbox/requests')).json()) as any;
    const writes = after.requests.slice(before.requests.length).filter((r: any) => r.method !== 'GET').map((r: any) => r.method);
    expect(writes.sort()).toEqual(['DELETE', 'PUT']);
    expect((await p.dns!.getRecords(zone)).filter((r) => r.name === 'app').map((r) => r.content).sort()).toEqual(['192.0.2.2', '192.0.2.9']);
    await p.dns!.setRecords(zone, { name: 'app', type: 'A', records: [] });
    expect((await p.dns!.getRecords(zone)).filter((r) => r.name === 'app')).toEqual([]);
  });
});

describe('DigitalOcean adapter paging droplets', () => {
  it('lists more managed droplets than one 200-item page holds', async () => {
    const sb = await startSandbox({ providers: ['digitalocean'], hosts: false, dns: false, bootMs: 200, actionMs: 50, serverQuota: 300 });
    try {
      for (let batch = 0; batch < 21; batch++) {
        const names = Array.from({ length: 10 }, (_, i) => `many-${batch}-${i}`);
        const res = await fetch(`${sb.urls.digitalocean}/droplets`, {
          method: 'POST', headers: { authorization: 'Bearer seed', 'content-type': 'application/json' },
          body: JSON.stringify({ names, size: 's-1vcpu-1gb', region: 'ams3', image: 'ubuntu-24-04-x64', tags: ['fazt-managed', `fazt-op:op-${batch}`] }),
        });
        expect(res.status).toBe(202);
      }
      const p = digitalocean.create({ token: 'many-token', endpoint: sb.urls.digitalocean });
      const all = await p.vps!.listManaged();
      expect(all).toHaveLength(210);
      expect(new Set(all.map((s) => s.id)).size).toBe(210);
      expect((await p.vps!.findByOperation('op-20'))?.name).toBe('many-20-0');
      expect((await p.vps!.findByName('many-20-9'))?.operationId).toBe('op-20');
    } finally {
      await sb.stop();
    }
  });
});

describe('DigitalOcean conversions', () => {
  it('maps neutral image ids to DO slugs and passes DO slugs through', () => {
    expect(imageSlug('ubuntu-24.04')).toBe('ubuntu-24-04-x64');
    expect(imageSlug('ubuntu-22.04')).toBe('ubuntu-22-04-x64');
    expect(imageSlug('debian-12')).toBe('debian-12-x64');
    expect(imageSlug('rockylinux-9-x64')).toBe('rockylinux-9-x64');
  });

  it('converts records both ways at the edge', () => {
    const wire = (o: { type: string; name: string; data: string; priority?: number; flags?: number; tag?: string }) =>
      ({ id: 1, priority: null, port: null, weight: null, flags: null, tag: null, ttl: 1800, ...o });
    expect(toDnsRecord(wire({ type: 'CNAME', name: 'www', data: '@' }), 'ex.com')).toEqual({ type: 'CNAME', name: 'www', content: 'ex.com', ttl: 1800 });
    expect(toDnsRecord(wire({ type: 'MX', name: '@', data: 'mail.ex.com', priority: 5 }), 'ex.com')).toEqual({ type: 'MX', name: '@', content: 'mail.ex.com', ttl: 1800, priority: 5 });
    expect(toDnsRecord(wire({ type: 'CAA', name: '@', data: 'letsencrypt.org', flags: 0, tag: 'issue' }), 'ex.com')?.content).toBe('0 issue "letsencrypt.org"');
    expect(toDnsRecord(wire({ type: 'SOA', name: '@', data: '1800' }), 'ex.com')).toBeNull();
    expect(toWireRecord({ type: 'MX', name: '@', content: 'mail.ex.com', ttl: 60, priority: 10 })).toEqual({ type: 'MX', name: '@', data: 'mail.ex.com.', ttl: 60, priority: 10 });
    expect(toWireRecord({ type: 'CAA', name: '@', content: '128 issuewild "ca.example"', ttl: 60 })).toEqual({ type: 'CAA', name: '@', data: 'ca.example', ttl: 60, flags: 128, tag: 'issuewild' });
    expect(() => toWireRecord({ type: 'CAA', name: '@', content: 'nonsense', ttl: 60 })).toThrow(InfraError);
    expect(recordKey({ type: 'CNAME', name: 'w', content: 'Ex.com.', ttl: 60 })).toBe(recordKey({ type: 'CNAME', name: 'w', content: 'ex.com', ttl: 60 }));
  });

  it('classifies DO error bodies and rate-limit headers', () => {
    expect(classifyDoError(422, { id: 'unprocessable_entity', message: 'SSH Key is already in use on your account' })).toMatchObject({ code: 'INFRA_CONFLICT', providerCode: 'already_exists' });
    expect(classifyDoError(403, { id: 'forbidden', message: 'You do not have access for the attempted action.' })).toMatchObject({ code: 'INFRA_UNAUTHORIZED' });
    expect(classifyDoError(402, { id: 'payment_required', message: 'Payment required' })).toMatchObject({ code: 'INFRA_INSUFFICIENT_FUNDS' });
    expect(classifyDoError(500, 'oops')).toMatchObject({ code: 'INFRA_PROVIDER_ERROR', providerCode: 'http_500', retryable: true });
    expect(retryAfterMs({ 'retry-after': '7' })).toBe(7000);
    expect(retryAfterMs({ 'ratelimit-reset': '1010' }, 1_000_000)).toBe(10_000);
    expect(retryAfterMs({})).toBe(1000);
  });
});
