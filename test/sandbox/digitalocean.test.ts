/** The DigitalOcean simulator over real HTTP: wire format, lifecycles, filters, pagination, errors. */
import { generateEd25519 } from '../../src/ssh/keys';
import { createHash } from 'node:crypto';
import { startSandbox, type Sandbox } from '../../src/sandbox';

let sb: Sandbox;
let base: string;
const auth = { authorization: 'Bearer sim-test-token', 'content-type': 'application/json' };

async function call(method: string, path: string, body?: unknown, raw?: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(base + path, { method, headers: auth, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dropletBody = (name: string, extra: Record<string, unknown> = {}) => ({ name, size: 's-1vcpu-1gb', region: 'fra1', image: 'ubuntu-24-04-x64', ...extra });

beforeAll(async () => {
  sb = await startSandbox({ providers: ['digitalocean'], hosts: false, dns: false, bootMs: 200, actionMs: 50, serverQuota: 6 });
  base = sb.urls.digitalocean;
});
afterAll(async () => {
  await sb?.stop();
});
beforeEach(async () => {
  await fetch(sb.harness.digitalocean.url + '/__sandbox/reset', { method: 'POST' });
});

describe('droplets', () => {
  it('creates with 202 and links.actions, then becomes active with networks after bootMs', async () => {
    const r = await call('POST', '/droplets', dropletBody('web-1', { tags: ['fazt-managed', 'fazt-op:op-1'], ipv6: true }));
    expect(r.status).toBe(202);
    expect(r.headers.get('x-request-id')).toBeTruthy();
    expect(r.headers.get('ratelimit-limit')).toBe('5000');
    const d = r.body.droplet;
    expect(d).toMatchObject({ name: 'web-1', status: 'new', size_slug: 's-1vcpu-1gb', tags: ['fazt-managed', 'fazt-op:op-1'], networks: { v4: [], v6: [] } });
    expect(d.region.slug).toBe('fra1');
    expect(d.size.price_monthly).toBe(6);
    expect(r.body.links.actions).toEqual([{ id: expect.any(Number), rel: 'create', href: `${base}/actions/${r.body.links.actions[0].id}` }]);

    const action = await call('GET', `/actions/${r.body.links.actions[0].id}`);
    expect(action.body.action).toMatchObject({ status: 'in-progress', type: 'create', resource_id: d.id, resource_type: 'droplet', completed_at: null });

    await sleep(250);
    const got = await call('GET', `/droplets/${d.id}`);
    expect(got.body.droplet.status).toBe('active');
    expect(got.body.droplet.networks.v4.find((n: any) => n.type === 'public').ip_address).toMatch(/^127\./);
    expect(got.body.droplet.networks.v6[0].ip_address).toContain(':');
    expect((await call('GET', `/droplets/${d.id}/actions/${r.body.links.actions[0].id}`)).body.action.status).toBe('completed');
  });

  it('filters by tag_name and name, and auto-creates tags', async () => {
    await call('POST', '/droplets', dropletBody('a', { tags: ['blue'] }));
    await call('POST', '/droplets', dropletBody('b', { tags: ['green'] }));
    expect((await call('GET', '/droplets?tag_name=blue')).body.droplets.map((d: any) => d.name)).toEqual(['a']);
    expect((await call('GET', '/droplets?name=b')).body.droplets.map((d: any) => d.tags)).toEqual([['green']]);
    expect((await call('GET', '/droplets?tag_name=none')).body).toEqual({ droplets: [], links: {}, meta: { total: 0 } });
    expect(((await (await fetch(sb.harness.digitalocean.url + '/__sandbox/state')).json()) as { tags: string[] }).tags).toEqual(['blue', 'green']);
  });

  it('multi-creates with names[] and rejects more than the droplet limit', async () => {
    const r = await call('POST', '/droplets', { names: ['m1', 'm2', 'm3'], size: 's-1vcpu-1gb', region: 'fra1', image: 'debian-12-x64' });
    expect(r.status).toBe(202);
    expect(r.body.droplets).toHaveLength(3);
    expect(r.body.links.actions.map((a: any) => a.rel)).toEqual(['multiple_create', 'multiple_create', 'multiple_create']);
    const over = await call('POST', '/droplets', { names: ['m4', 'm5', 'm6', 'm7'], size: 's-1vcpu-1gb', region: 'fra1', image: 'debian-12-x64' });
    expect(over.status).toBe(422);
    expect(over.body).toEqual({ id: 'unprocessable_entity', message: 'creating this/these droplet(s) will exceed your droplet limit', request_id: expect.any(String) });
    expect(over.headers.get('x-request-id')).toBe(over.body.request_id);
    expect((await call('GET', '/droplets')).body.meta.total).toBe(3);
    expect((await call('GET', '/account')).body.account.droplet_limit).toBe(6);
  });

  it('runs actions: in-progress, a pending event blocks another, power_off turns it off', async () => {
    const { body } = await call('POST', '/droplets', dropletBody('act'));
    const id = body.droplet.id;
    expect((await call('POST', `/droplets/${id}/actions`, { type: 'reboot' })).body.message).toBe('Droplet already has a pending event.');
    await sleep(250);
    const reboot = await call('POST', `/droplets/${id}/actions`, { type: 'reboot' });
    expect(reboot.status).toBe(201);
    expect(reboot.body.action).toMatchObject({ type: 'reboot', status: 'in-progress', region_slug: 'fra1' });
    await sleep(80);
    expect((await call('GET', `/actions/${reboot.body.action.id}`)).body.action.status).toBe('completed');
    await call('POST', `/droplets/${id}/actions`, { type: 'power_off' });
    await sleep(80);
    expect((await call('GET', `/droplets/${id}`)).body.droplet.status).toBe('off');
    expect((await call('GET', `/droplets/${id}/actions`)).body.actions.map((a: any) => a.type)).toEqual(['create', 'reboot', 'power_off']);
    expect((await call('POST', `/droplets/${id}/actions`, { type: 'explode' })).status).toBe(422);
  });

  it('deletes with 204, by id and by tag; a missing droplet is 404 not_found', async () => {
    const { body } = await call('POST', '/droplets', dropletBody('gone', { tags: ['t1'] }));
    await call('POST', '/droplets', dropletBody('gone2', { tags: ['t2'] }));
    const del = await call('DELETE', `/droplets/${body.droplet.id}`);
    expect(del.status).toBe(204);
    expect(del.body).toBeUndefined();
    const missing = await call('GET', `/droplets/${body.droplet.id}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ id: 'not_found', message: 'The resource you were accessing could not be found.' });
    expect((await call('DELETE', '/droplets?tag_name=t2')).status).toBe(204);
    expect((await call('GET', '/droplets')).body.droplets).toEqual([]);
  });

  it.each([
    [{ size: 's-1vcpu-1gb', image: 'ubuntu-24-04-x64' }, 422, 'Name is required.'],
    [dropletBody('bad_name!'), 422, 'Only valid hostname characters are allowed. (a-z, A-Z, 0-9, . and -)'],
    [dropletBody('x', { size: 'huge' }), 422, 'You specified an invalid size for Droplet creation.'],
    [dropletBody('x', { image: 'windows-11' }), 422, 'You specified an invalid image for Droplet creation.'],
    [dropletBody('x', { region: 'mars1' }), 422, 'You specified an invalid region for Droplet creation.'],
    [dropletBody('x', { size: 'gpu-h100x1-80gb' }), 422, 'Size is not available in this region.'],
    [dropletBody('x', { ssh_keys: [12345] }), 422, 'You specified an invalid SSH key ID or fingerprint for Droplet creation.'],
    [dropletBody('x', { tags: ['has space'] }), 422, expect.stringContaining('letters, numbers, colons')],
    [dropletBody('x', { user_data: 'a'.repeat(64 * 1024 + 1) }), 422, 'user_data has a maximum size of 64 KiB.'],
    [dropletBody('x', { name: 42 }), 400, 'name must be a string.'],
    [dropletBody('x', { ipv6: 'yes' }), 400, 'ipv6 must be a boolean.'],
    [dropletBody('x', { tags: 'fazt' }), 400, 'tags must be an array of strings.'],
    [[1, 2], 400, 'The request body must be a JSON object.'],
  ])('rejects bad create input %#', async (body, status, message) => {
    const r = await call('POST', '/droplets', body);
    expect(r.status).toBe(status);
    expect(r.body.message).toEqual(message);
    expect((await call('GET', '/droplets')).body.meta.total).toBe(0);
  });

  it('accepts user_data of exactly 64 KiB and a region prefix', async () => {
    const r = await call('POST', '/droplets', dropletBody('big', { user_data: 'a'.repeat(64 * 1024), region: 'nyc' }));
    expect(r.status).toBe(202);
    expect(r.body.droplet.region.slug).toMatch(/^nyc\d$/);
  });

  it('pages droplets with links.pages and meta.total', async () => {
    await call('POST', '/droplets', { names: ['p1', 'p2', 'p3', 'p4', 'p5'], size: 's-1vcpu-1gb', region: 'fra1', image: 'ubuntu-24-04-x64' });
    const p1 = await call('GET', '/droplets?per_page=2');
    expect(p1.body.meta.total).toBe(5);
    expect(Object.keys(p1.body.links.pages).sort()).toEqual(['last', 'next']);
    const p2 = await call('GET', new URL(p1.body.links.pages.next).pathname.replace('/v2', '') + new URL(p1.body.links.pages.next).search);
    expect(Object.keys(p2.body.links.pages).sort()).toEqual(['first', 'last', 'next', 'prev']);
    const p3 = await call('GET', '/droplets?per_page=2&page=3');
    expect(Object.keys(p3.body.links.pages).sort()).toEqual(['first', 'prev']);
    expect([...p1.body.droplets, ...p2.body.droplets, ...p3.body.droplets].map((d: any) => d.name)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });
});

describe('catalogue and account', () => {
  it('serves sizes with prices and regions, regions, and distribution images', async () => {
    const sizes = (await call('GET', '/sizes?per_page=200')).body.sizes;
    expect(sizes.find((s: any) => s.slug === 's-1vcpu-1gb')).toMatchObject({ price_monthly: 6, price_hourly: 0.00893, memory: 1024, vcpus: 1, disk: 25 });
    expect(sizes.find((s: any) => s.slug === 's-1vcpu-1gb').regions).toContain('fra1');
    const regions = (await call('GET', '/regions')).body.regions;
    expect(regions.find((r: any) => r.slug === 'fra1')).toMatchObject({ name: 'Frankfurt 1', available: true });
    const dist = (await call('GET', '/images?type=distribution&per_page=200')).body.images.map((i: any) => i.slug);
    expect(dist).toEqual(expect.arrayContaining(['ubuntu-24-04-x64', 'ubuntu-22-04-x64', 'debian-12-x64']));
    expect(dist).not.toContain('docker-20-04');
    expect((await call('GET', '/images?slug=debian-12-x64')).body.images).toHaveLength(1);
  });
});

describe('ssh keys', () => {
  it('computes the MD5 fingerprint, addresses by id or fingerprint, refuses duplicates with 422', async () => {
    const pub = generateEd25519('me@test').public.trim();
    const expected = createHash('md5').update(Buffer.from(pub.split(' ')[1], 'base64')).digest('hex').match(/../g)!.join(':');
    const r = await call('POST', '/account/keys', { name: 'me', public_key: pub });
    expect(r.status).toBe(201);
    expect(r.body.ssh_key).toEqual({ id: expect.any(Number), fingerprint: expected, public_key: pub, name: 'me' });
    expect((await call('GET', `/account/keys/${expected}`)).body.ssh_key.id).toBe(r.body.ssh_key.id);
    const dup = await call('POST', '/account/keys', { name: 'again', public_key: pub });
    expect(dup.status).toBe(422);
    expect(dup.body.message).toBe('SSH Key is already in use on your account');
    expect((await call('PUT', `/account/keys/${r.body.ssh_key.id}`, { name: 'renamed' })).body.ssh_key.name).toBe('renamed');
    expect((await call('POST', '/account/keys', { name: 'bad', public_key: 'ssh-ed25519 bm90LWEta2V5' })).status).toBe(422);
    // A key named at create time is what the host accepts.
    const d = await call('POST', '/droplets', dropletBody('with-key', { ssh_keys: [expected] }));
    expect(d.status).toBe(202);
    expect((await call('DELETE', `/account/keys/${expected}`)).status).toBe(204);
    expect((await call('GET', `/account/keys/${expected}`)).status).toBe(404);
  });
});

describe('domains and records', () => {
  it('creates a domain with SOA and NS, records with relative names and filters', async () => {
    const d = await call('POST', '/domains', { name: 'example.com', ip_address: '192.0.2.1' });
    expect(d.status).toBe(201);
    expect(d.body.domain).toEqual({ name: 'example.com', ttl: 1800, zone_file: null });
    expect((await call('POST', '/domains', { name: 'example.com' })).status).toBe(422);
    const www = await call('POST', '/domains/example.com/records', { type: 'CNAME', name: 'www', data: 'example.com.', ttl: 60 });
    expect(www.status).toBe(201);
    expect(www.body.domain_record).toEqual({ id: expect.any(Number), type: 'CNAME', name: 'www', data: 'example.com', priority: null, port: null, ttl: 60, weight: null, flags: null, tag: null });
    await call('POST', '/domains/example.com/records', { type: 'MX', name: '@', data: 'mail.example.com.', priority: 10 });
    await call('POST', '/domains/example.com/records', { type: 'CAA', name: '@', data: 'letsencrypt.org', flags: 0, tag: 'issue' });
    const all = (await call('GET', '/domains/example.com/records')).body.domain_records;
    expect(all.map((r: any) => r.type)).toEqual(['SOA', 'NS', 'NS', 'NS', 'A', 'CNAME', 'MX', 'CAA']);
    expect((await call('GET', '/domains/example.com/records?name=www.example.com')).body.domain_records).toHaveLength(1);
    expect((await call('GET', '/domains/example.com/records?name=example.com&type=NS')).body.domain_records.map((r: any) => r.data))
      .toEqual(['ns1.digitalocean.com', 'ns2.digitalocean.com', 'ns3.digitalocean.com']);
    const zone = (await call('GET', '/domains/example.com')).body.domain.zone_file;
    expect(zone).toContain('www.example.com. 60 IN CNAME example.com.');
  });

  it.each([
    [{ type: 'CNAME', name: 'x', data: 'example.org' }, 'Data needs to end with a dot (.)'],
    [{ type: 'A', name: 'x', data: 'not-an-ip' }, 'IP address did not match IPv4 format (e.g. 127.0.0.1).'],
    [{ type: 'A', name: 'x', data: '192.0.2.1', ttl: 10 }, 'TTL must be at least 30 seconds.'],
    [{ type: 'MX', name: '@', data: 'mx.example.org.' }, 'Priority must be between 0 and 65535.'],
    [{ type: 'CNAME', name: '@', data: 'other.example.org.' }, 'CNAME records cannot share a name with other records.'],
    [{ type: 'SOA', name: '@', data: '1' }, 'SOA records cannot be created.'],
    [{ type: 'XYZ', name: '@', data: '1' }, 'XYZ is not a supported record type.'],
    [{ name: '@', data: '1' }, 'Type is required.'],
  ])('rejects a bad record %#', async (body, message) => {
    await call('POST', '/domains', { name: 'example.com' });
    const r = await call('POST', '/domains/example.com/records', body);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ id: 'unprocessable_entity', message });
  });

  it('updates and deletes records, keeping versions for the DNS servers', async () => {
    await call('POST', '/domains', { name: 'example.com' });
    const a = (await call('POST', '/domains/example.com/records', { type: 'A', name: 'api', data: '192.0.2.10', ttl: 300 })).body.domain_record;
    const upd = await call('PATCH', `/domains/example.com/records/${a.id}`, { data: '192.0.2.11' });
    expect(upd.body.domain_record).toMatchObject({ id: a.id, data: '192.0.2.11', ttl: 300 });
    const txt = (await call('POST', '/domains/example.com/records', { type: 'TXT', name: '_acme', data: 'token value' })).body.domain_record;
    expect((await call('PUT', `/domains/example.com/records/${txt.id}`, { ttl: 120 })).body.domain_record).toMatchObject({ data: 'token value', ttl: 120 });
    expect((await call('DELETE', `/domains/example.com/records/${a.id}`)).status).toBe(204);
    expect((await call('DELETE', `/domains/example.com/records/${a.id}`)).status).toBe(404);

    const src = sb.sims.digitalocean.dnsSource!;
    expect(src.zones()).toEqual(['example.com']);
    const api = src.records().filter((r) => r.fqdn === 'api.example.com');
    expect(api.map((r) => [r.value, r.deletedAt !== undefined])).toEqual([['192.0.2.10', true], ['192.0.2.11', true]]);
    expect(src.records().filter((r) => r.type === 'NS' && r.deletedAt === undefined).map((r) => r.value)).toContain('ns1.digitalocean.com');
    expect(src.records().find((r) => r.fqdn === '_acme.example.com' && r.deletedAt === undefined)).toMatchObject({ value: 'token value', ttl: 120 });
  });

  it('pages over more than 200 records with per_page capped at 200', async () => {
    await call('POST', '/domains', { name: 'big.example' });
    for (let i = 0; i < 230; i++) await call('POST', '/domains/big.example/records', { type: 'A', name: `h${i}`, data: '192.0.2.1' });
    const p1 = await call('GET', '/domains/big.example/records?per_page=500');
    expect(p1.body.domain_records).toHaveLength(200);
    expect(p1.body.meta.total).toBe(234);
    expect(new URL(p1.body.links.pages.next).searchParams.get('per_page')).toBe('200');
    const p2 = await call('GET', '/domains/big.example/records?per_page=200&page=2');
    expect(p2.body.domain_records).toHaveLength(34);
    expect(p2.body.links.pages.next).toBeUndefined();
  });
});

describe('errors, auth and rate limits', () => {
  it('answers 401 without a token, 404 for unknown paths, 400 for malformed JSON', async () => {
    const noAuth = await fetch(base + '/droplets');
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ id: 'unauthorized', message: 'Unable to authenticate you' });
    const unknown = await call('GET', '/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.id).toBe('not_found');
    const bad = await call('POST', '/droplets', undefined, '{"name":');
    expect(bad.status).toBe(400);
    expect(bad.body.id).toBe('bad_request');
  });

  it('sends ratelimit headers and a 429 with retry-after when the budget is spent', async () => {
    await fetch(sb.harness.digitalocean.url + '/__sandbox/config', { method: 'POST', body: JSON.stringify({ rateLimit: 3 }) });
    try {
      const first = await call('GET', '/account');
      expect(first.headers.get('ratelimit-limit')).toBe('3');
      expect(Number(first.headers.get('ratelimit-remaining'))).toBe(2);
      expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
      await call('GET', '/account');
      await call('GET', '/account');
      const limited = await call('GET', '/account');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ id: 'too_many_requests', message: 'API Rate limit exceeded.' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await fetch(sb.harness.digitalocean.url + '/__sandbox/config', { method: 'POST', body: JSON.stringify({ rateLimit: 5000 }) });
    }
  });

  it('lets a test empty the rate bucket as another client would, now or at the next request', async () => {
    const rate = (body: unknown) => fetch(sb.harness.digitalocean.url + '/__sandbox/rate', { method: 'POST', body: JSON.stringify(body) });
    await fetch(sb.harness.digitalocean.url + '/__sandbox/config', { method: 'POST', body: JSON.stringify({ rateLimit: 100 }) });
    try {
      expect((await call('GET', '/account')).status).toBe(200);
      expect((await rate({ remaining: 'none' })).status).toBe(400);
      expect((await rate({ remaining: 1 })).status).toBe(200);
      const last = await call('GET', '/account');
      expect(last.status).toBe(200);
      expect(Number(last.headers.get('ratelimit-remaining'))).toBe(0);
      expect((await rate({ remaining: 100 })).status).toBe(200);
      expect(Number((await call('GET', '/account')).headers.get('ratelimit-remaining'))).toBe(99);
      // Armed for the next request: the bucket is full until then, and that request meets it empty.
      expect((await rate({ remaining: 0, atNextRequest: true })).status).toBe(200);
      const limited = await call('GET', '/account');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('ratelimit-remaining'))).toBe(0);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await fetch(sb.harness.digitalocean.url + '/__sandbox/config', { method: 'POST', body: JSON.stringify({ rateLimit: 5000 }) });
    }
  });

  it('keeps state across dump and load', async () => {
    await call('POST', '/droplets', dropletBody('persist', { tags: ['keep'] }));
    await call('POST', '/domains', { name: 'persist.example' });
    const sim = sb.sims.digitalocean;
    const dumped = JSON.parse(JSON.stringify(sim.dump()));
    sim.reset();
    expect((await call('GET', '/droplets')).body.droplets).toEqual([]);
    sim.load(dumped);
    expect((await call('GET', '/droplets?tag_name=keep')).body.droplets.map((d: any) => d.name)).toEqual(['persist']);
    expect((await call('GET', '/domains')).body.domains.map((d: any) => d.name)).toEqual(['persist.example']);
    const next = await call('POST', '/droplets', dropletBody('after'));
    expect(next.body.droplet.id).toBeGreaterThan(dumped.droplets[0].id);
  });
});
