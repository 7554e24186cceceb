/**
 * The Hetzner adapter against the simulator over HTTP: error mapping for each Hetzner code,
 * 429 with retryAfterMs, delete protection, prices, pagination, DNS edge conversions.
 */
import { utils } from 'ssh2';
import { InfraError } from '../../src/domain/errors';
import { providerDescriptor } from '../../src/providers/registry';

const hetzner = providerDescriptor('hetzner');
import { classifyHetzner } from '../../src/providers/hetzner/api';
import type { ProviderInstance } from '../../src/providers/types';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { SimHarness } from '../../src/sandbox/core/harness';
import { AddressOnlyHosts } from '../../src/sandbox/core/null-hosts';
import { createHetznerSim } from '../../src/sandbox/hetzner';

const req = (name: string, extra: Record<string, unknown> = {}) => ({
  name, type: 'cx22', region: 'fsn1', image: 'ubuntu-24.04', sshKeys: [] as string[], operationId: `op-${name}`, ...extra,
});

async function raw(sandbox: Sandbox, method: string, path: string, body?: unknown, rawBody?: string) {
  const res = await fetch(sandbox.urls.hetzner + path, {
    method, headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' }, body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function failure(p: Promise<unknown>): Promise<InfraError> {
  const err = await p.then(() => null, (e) => e);
  expect(err).toBeInstanceOf(InfraError);
  return err as InfraError;
}

async function until(fn: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Hetzner adapter', () => {
  let sandbox: Sandbox;
  let p: ProviderInstance;
  beforeAll(async () => {
    sandbox = await startSandbox({ providers: ['hetzner'], hosts: false, dns: false, bootMs: 200, actionMs: 50, serverQuota: 60, tokens: { hetzner: ['test-token'] } });
    p = hetzner.create({ token: 'test-token', endpoint: sandbox.urls.hetzner });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('declares its capabilities as data and offers no cross-rrset batch', () => {
    expect(hetzner.capabilities).toMatchObject({ recordTypes: ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'CAA'], proxied: false, minTtl: 60, maxUserDataBytes: 32768, maxBatchSize: 0 });
    expect(p.dns!.applyBatch).toBeUndefined();
    expect(hetzner.budget).toMatchObject({ requestsPerSecond: 1, burst: 3600, reportsRemaining: true });
  });

  it('maps server fields: labels → operationId/managed, ::1 in the /64, gross monthly price of the location', async () => {
    const s = await p.vps!.create(req('map-1', { type: 'cpx11', region: 'sin' }));
    expect(s).toMatchObject({ provider: 'hetzner', id: `hetzner:${s.providerId}`, operationId: 'op-map-1', managed: true, region: 'sin', type: 'cpx11', status: 'provisioning', deleteProtected: false });
    const wire = (await raw(sandbox, 'GET', `/servers/${s.providerId}`)).body.server;
    expect(s.ip).toBe(wire.public_net.ipv4.ip);
    expect(s.ipv6).toBe(wire.public_net.ipv6.ip.replace('/64', '1'));
    const sin = wire.server_type.prices.find((x: any) => x.location === 'sin');
    expect(s.monthlyCost).toBeCloseTo(Number(sin.price_monthly.gross), 6);
    const fsn = wire.server_type.prices.find((x: any) => x.location === 'fsn1');
    expect(s.monthlyCost).toBeGreaterThan(Number(fsn.price_monthly.gross));
    const types = await p.vps!.types();
    expect(types.find((t) => t.id === 'cx22')).toMatchObject({ vcpus: 2, ram: 4096, disk: 40, currency: 'EUR', regions: ['fsn1', 'nbg1', 'hel1'] });
    expect((await p.vps!.regions()).find((r) => r.id === 'hel1')).toEqual({ id: 'hel1', name: 'Helsinki', country: 'FI' });
  });

  it('lists only managed servers, across pages past 50', async () => {
    await raw(sandbox, 'POST', '/servers', { name: 'unmanaged-1', server_type: 'cx22', image: 'ubuntu-24.04' });
    const before = (await p.vps!.listManaged()).length;
    for (let i = before; i < 53; i++) await p.vps!.create(req(`many-${i}`));
    const all = await p.vps!.listManaged();
    expect(all).toHaveLength(53);
    expect(all.every((s) => s.managed)).toBe(true);
    expect(all.map((s) => s.name)).not.toContain('unmanaged-1');
    expect((await p.vps!.findByName('unmanaged-1'))?.managed).toBe(false);
  });

  it('maps uniqueness_error, resource_unavailable, invalid_input and not_found', async () => {
    await p.vps!.create(req('err-1'));
    const dup = await failure(p.vps!.create(req('err-1')));
    expect(dup).toMatchObject({ code: 'INFRA_CONFLICT', provider: 'hetzner', providerCode: 'uniqueness_error', retryable: false });
    const unavailable = await failure(p.vps!.create(req('err-2', { region: 'ash' })));
    expect(unavailable).toMatchObject({ code: 'INFRA_INVALID_INPUT', providerCode: 'resource_unavailable' });
    const invalid = await failure(p.vps!.create(req('Bad_Name!', { operationId: 'op-bad-name' })));
    expect(invalid).toMatchObject({ code: 'INFRA_INVALID_INPUT', providerCode: 'invalid_input' });
    expect(invalid.message).toContain("'name'");
    const missing = await failure(p.vps!.reboot('999999999'));
    expect(missing).toMatchObject({ code: 'INFRA_NOT_FOUND', providerCode: 'not_found' });
  });

  it('refuses bad input before calling Hetzner (oversize user data, unknown image)', async () => {
    const before = sandbox.harness.hetzner.requests.length;
    const big = await failure(p.vps!.create(req('ud', { userData: 'x'.repeat(32 * 1024 + 1) })));
    expect(big.code).toBe('INFRA_INVALID_INPUT');
    const image = await failure(p.vps!.create(req('img', { image: 'windows-11' })));
    expect(image.code).toBe('INFRA_INVALID_INPUT');
    expect(sandbox.harness.hetzner.requests.length).toBe(before);
  });

  it('reports delete protection and refuses to destroy with INFRA_CONFLICT/protected', async () => {
    const s = await p.vps!.create(req('prot-1'));
    await until(async () => (await raw(sandbox, 'POST', `/servers/${s.providerId}/actions/change_protection`, { delete: true })).status === 201);
    expect((await p.vps!.get(s.providerId))?.deleteProtected).toBe(true);
    await until(async () => (await p.vps!.get(s.providerId))?.status === 'running');
    const err = await failure(p.vps!.destroy(s.providerId));
    expect(err).toMatchObject({ code: 'INFRA_CONFLICT', providerCode: 'protected', retryable: false });
    expect(await p.vps!.get(s.providerId)).not.toBeNull();
  });

  it('maps 5xx to a retryable INFRA_PROVIDER_ERROR and json_error to INFRA_INVALID_INPUT', async () => {
    sandbox.harness.hetzner.faults.configure({ script: [{ kind: '5xx', path: '/v1/locations' }] });
    const err = await failure(p.vps!.regions());
    expect(err).toMatchObject({ code: 'INFRA_PROVIDER_ERROR', providerCode: 'unavailable', retryable: true });
    const bad = await raw(sandbox, 'POST', '/servers', undefined, '{oops');
    expect(classifyHetzner(bad.status, bad.body)).toMatchObject({ code: 'INFRA_INVALID_INPUT', providerCode: 'json_error' });
  });

  it('maps unauthorized to INFRA_UNAUTHORIZED without the token in the error', async () => {
    const bad = hetzner.create({ token: 'very-secret-hcloud-token', endpoint: sandbox.urls.hetzner });
    const err = await failure(bad.vps!.listManaged());
    expect(err).toMatchObject({ code: 'INFRA_UNAUTHORIZED', providerCode: 'unauthorized' });
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain('very-secret-hcloud-token');
  });

  it('registers SSH keys idempotently, conflicts on a reused fingerprint, pages past 50 keys', async () => {
    const pub = utils.generateKeyPairSync('ed25519', { comment: 'a@b' }).public;
    const k = await p.sshKeys!.addKey('laptop', pub);
    expect(k.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect((await p.sshKeys!.addKey('laptop', pub.replace('a@b', 'other-comment'))).id).toBe(k.id);
    const reused = await failure(p.sshKeys!.addKey('laptop-2', pub));
    expect(reused).toMatchObject({ code: 'INFRA_CONFLICT', providerCode: 'uniqueness_error' });
    for (let i = 0; i < 51; i++) await p.sshKeys!.addKey(`k-${i}`, utils.generateKeyPairSync('ed25519').public);
    expect(await p.sshKeys!.listKeys()).toHaveLength(52);
  });

  it('spaces calls by the RateLimit headers, and turns a 429 into INFRA_RATE_LIMITED with retryAfterMs', async () => {
    // 2 requests per (3600 s / 3600) = one refill every 500 ms.
    const limited = await startSandbox({ providers: ['hetzner'], hosts: false, dns: false, rateLimits: { hetzner: 2 }, rateLimitScale: 3600 });
    try {
      const q = hetzner.create({ token: 'rate-token', endpoint: limited.urls.hetzner });
      for (let i = 0; i < 4; i++) await q.vps!.regions();
      expect(limited.harness.hetzner.requests.filter((r) => r.status === 429)).toEqual([]);
      limited.harness.hetzner.faults.configure({ script: [{ kind: '429' }] });
      const err = await failure(q.vps!.types());
      expect(err).toMatchObject({ code: 'INFRA_RATE_LIMITED', provider: 'hetzner', providerCode: 'rate_limit_exceeded', retryable: true });
      expect(err.retryAfterMs).toBeGreaterThanOrEqual(1000);
      expect(err.retryAfter).toBe(Math.ceil(err.retryAfterMs! / 1000));
    } finally {
      await limited.stop();
    }
  });

  it('maps locked (an action still runs on the server) to a retryable INFRA_CONFLICT', async () => {
    // A long boot keeps create_server/start_server running for the whole test.
    const slow = await startSandbox({ providers: ['hetzner'], hosts: false, dns: false, bootMs: 600_000 });
    try {
      const q = hetzner.create({ token: 'slow-token', endpoint: slow.urls.hetzner });
      const s = await q.vps!.create(req('locked-1'));
      const err = await failure(q.vps!.reboot(s.providerId));
      expect(err).toMatchObject({ code: 'INFRA_CONFLICT', providerCode: 'locked', retryable: true });
    } finally {
      await slow.stop();
    }
  });

  it('maps resource_limit_exceeded to INFRA_QUOTA_EXCEEDED', async () => {
    const small = await startSandbox({ providers: ['hetzner'], hosts: false, dns: false, serverQuota: 1 });
    try {
      const q = hetzner.create({ token: 'quota-token', endpoint: small.urls.hetzner });
      await q.vps!.create(req('q-1'));
      const err = await failure(q.vps!.create(req('q-2')));
      expect(err).toMatchObject({ code: 'INFRA_QUOTA_EXCEEDED', providerCode: 'resource_limit_exceeded', retryable: false });
      expect(await q.vps!.findByOperation('op-q-2')).toBeNull();
    } finally {
      await small.stop();
    }
  });

  it('reads records without SOA or Hetzner apex NS, fills null TTLs from the zone and converts values', async () => {
    const dns = p.dns!;
    const zone = await dns.createZone('adapter.example');
    await raw(sandbox, 'POST', `/zones/${zone.id}/rrsets`, { name: 'rel', type: 'CNAME', records: [{ value: 'target' }] });
    await raw(sandbox, 'POST', `/zones/${zone.id}/rrsets`, { name: 'sub', type: 'NS', ttl: 900, records: [{ value: 'ns1.other.example.' }] });
    await raw(sandbox, 'POST', `/zones/${zone.id}/rrsets`, { name: '@', type: 'TXT', records: [{ value: '"say \\"hi\\"" "!"' }] });
    const got = await dns.getRecords(zone);
    expect(got).toEqual(expect.arrayContaining([
      { type: 'CNAME', name: 'rel', content: 'target.adapter.example', ttl: 3600 },
      { type: 'NS', name: 'sub', content: 'ns1.other.example', ttl: 900 },
      { type: 'TXT', name: '@', content: 'say "hi"!', ttl: 3600 },
    ]));
    expect(got.filter((r) => r.name === '@' && r.type === 'NS')).toEqual([]);
    expect(got).toHaveLength(3);
  });

  it('creates a zone once when two callers race for it', async () => {
    const [a, b] = await Promise.all([p.dns!.createZone('race.example'), p.dns!.createZone('race.example')]);
    expect(a).toEqual(b);
    expect((await p.dns!.listZones()).filter((z) => z.name === 'race.example')).toHaveLength(1);
  });

  it('sets an rrset with one call per difference: same values and TTL cost no write', async () => {
    const dns = p.dns!;
    const zone = await dns.createZone('writes.example');
    const mx = [
      { type: 'MX' as const, name: '@', content: 'mail.writes.example', priority: 10, ttl: 300 },
      { type: 'MX' as const, name: '@', content: 'backup.other.example', priority: 20, ttl: 300 },
    ];
    await dns.setRecords(zone, { name: '@', type: 'MX', records: mx });
    const wire = (await raw(sandbox, 'GET', `/zones/${zone.id}/rrsets/@/MX`)).body.rrset;
    expect(wire.records.map((r: any) => r.value)).toEqual(['10 mail.writes.example.', '20 backup.other.example.']);
    const log = sandbox.harness.hetzner.requests;
    const writes = () => log.filter((r) => r.method !== 'GET' && r.path.includes('writes.example') || (r.method !== 'GET' && r.path.includes(`/zones/${zone.id}/`))).length;
    const w0 = writes();
    await dns.setRecords(zone, { name: '@', type: 'MX', records: mx });
    expect(writes()).toBe(w0);
    await dns.setRecords(zone, { name: '@', type: 'MX', records: mx.map((r) => ({ ...r, ttl: 600 })) });
    expect(writes()).toBe(w0 + 1);
    expect((await raw(sandbox, 'GET', `/zones/${zone.id}/rrsets/@/MX`)).body.rrset.ttl).toBe(600);
    const low = await failure(dns.setRecords(zone, { name: 'x', type: 'A', records: [{ type: 'A', name: 'x', content: '192.0.2.1', ttl: 30 }] }));
    expect(low.code).toBe('INFRA_INVALID_INPUT');
    await dns.setRecords(zone, { name: '@', type: 'MX', records: [] });
    expect((await raw(sandbox, 'GET', `/zones/${zone.id}/rrsets/@/MX`)).status).toBe(404);
  });
});

describe('Hetzner adapter on a faulty network', () => {
  const harness = new SimHarness(
    createHetznerSim({ now: Date.now, hosts: new AddressOnlyHosts(), bootMs: 100, actionMs: 20, serverQuota: 10 }),
    { timeoutFaultMs: 300 },
  );
  let p: ProviderInstance;
  let endpoint: string;
  beforeAll(async () => {
    endpoint = await harness.start();
    p = hetzner.create({ token: 'net-token', endpoint, timeoutMs: 100 });
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('turns a request that never answers into a retryable INFRA_TIMEOUT', async () => {
    harness.faults.configure({ script: [{ kind: 'timeout', path: '/v1/locations' }] });
    const err = await failure(p.vps!.regions());
    expect(err).toMatchObject({ code: 'INFRA_TIMEOUT', provider: 'hetzner', retryable: true });
    await new Promise((r) => setTimeout(r, 350));
  });

  it('finds the server of a create whose response was lost, so a retry does not buy a second one', async () => {
    // Its own client with an ordinary timeout: the 100 ms above is for the request that never answers,
    // and a loaded machine may take longer than that to answer the look-ups here.
    const p = hetzner.create({ token: 'net-token', endpoint, timeoutMs: 5000 });
    harness.faults.configure({ script: [{ kind: 'lost', method: 'POST', path: '/v1/servers$' }] });
    const err = await failure(p.vps!.create(req('lost-1', { operationId: 'op-lost' })));
    expect(err).toMatchObject({ code: 'INFRA_PROVIDER_ERROR', retryable: true });
    const found = await p.vps!.findByOperation('op-lost');
    expect(found).toMatchObject({ name: 'lost-1', operationId: 'op-lost', managed: true });
    expect(await p.vps!.listManaged()).toHaveLength(1);
  });
});
