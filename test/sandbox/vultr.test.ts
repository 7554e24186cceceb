/** The Vultr simulator over real HTTP: lifecycle, validation, pagination, errors, limits, persistence. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateEd25519 } from '../../src/ssh/keys';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { emptyState } from '../../src/sandbox/vultr/state';

interface Reply { status: number; body: any; headers: Headers }
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pubKey = (c: string) => generateEd25519(c).public.trim();

function client(baseUrl: string, token = 'test-token') {
  return async (method: string, p: string, body?: unknown, raw?: string): Promise<Reply> => {
    const res = await fetch(baseUrl + p, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
}

const BASE = { region: 'ewr', plan: 'vc2-1c-1gb', os_id: 2284 };

describe('Vultr simulator', () => {
  let sb: Sandbox;
  let call: ReturnType<typeof client>;
  const reset = () => fetch(sb.harness.vultr.url + '/__sandbox/reset', { method: 'POST' });

  beforeAll(async () => {
    sb = await startSandbox({ providers: ['vultr'], hosts: false, dns: false, bootMs: 200, actionMs: 50, serverQuota: 300, rateLimits: { vultr: 100_000 }, tokens: { vultr: ['test-token'] } });
    call = client(sb.urls.vultr);
  });
  afterAll(async () => {
    await sb?.stop();
  });
  beforeEach(async () => {
    await reset();
  });

  it('creates a pending instance that turns active with a real address after bootMs', async () => {
    const r = await call('POST', '/instances', { ...BASE, label: 'web-1', hostname: 'web-1', tags: ['a', 'b'], enable_ipv6: true, user_data: b64('#cloud-config\n') });
    expect(r.status).toBe(202);
    const i = r.body.instance;
    expect(i).toMatchObject({ status: 'pending', main_ip: '0.0.0.0', server_status: 'none', power_status: 'running', label: 'web-1', tags: ['a', 'b'], os: 'Ubuntu 24.04 x64' });
    expect(i.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof i.default_password).toBe('string');
    await sleep(250);
    const g = (await call('GET', `/instances/${i.id}`)).body.instance;
    expect(g).toMatchObject({ status: 'active', server_status: 'ok', power_status: 'running' });
    expect(g.main_ip).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(g.v6_main_ip).not.toBe('');
    expect(g.default_password).toBeUndefined();
    const ud = await call('GET', `/instances/${i.id}/user-data`);
    expect(Buffer.from(ud.body.user_data.data, 'base64').toString()).toBe('#cloud-config\n');
  });

  it('rejects bad input with Vultr error bodies and creates nothing', async () => {
    const cases: Array<[string, unknown, string | undefined]> = [
      ['not base64 user_data', { ...BASE, user_data: '#cloud-config\nruncmd: []' }, undefined],
      ['oversize user_data', { ...BASE, user_data: b64('x'.repeat(60_000)) }, undefined],
      ['no image source', { region: 'ewr', plan: 'vc2-1c-1gb' }, undefined],
      ['two image sources', { ...BASE, snapshot_id: 'abc' }, undefined],
      ['unknown plan', { ...BASE, plan: 'vc2-99c' }, undefined],
      ['plan not in region', { ...BASE, plan: 'vhf-1c-1gb', region: 'waw' }, undefined],
      ['unknown region', { ...BASE, region: 'xyz' }, undefined],
      ['unknown os', { ...BASE, os_id: 1 }, undefined],
      ['missing region', { plan: 'vc2-1c-1gb', os_id: 2284 }, undefined],
      ['wrong type', { ...BASE, os_id: '2284' }, undefined],
      ['tags not strings', { ...BASE, tags: [1] }, undefined],
      ['unknown field', { ...BASE, colour: 'blue' }, undefined],
      ['unknown ssh key', { ...BASE, sshkey_id: ['00000000-0000-4000-8000-000000000000'] }, undefined],
      ['array body', undefined, '[1,2]'],
      ['malformed JSON', undefined, '{"region": '],
    ];
    for (const [what, body, raw] of cases) {
      const r = await call('POST', '/instances', body, raw);
      expect({ what, status: r.status }).toEqual({ what, status: 400 });
      expect(r.body).toEqual({ error: expect.any(String), status: 400 });
    }
    expect((await call('GET', '/instances')).body.meta.total).toBe(0);
  });

  it('filters by tag, label, main_ip and region', async () => {
    const a = (await call('POST', '/instances', { ...BASE, label: 'a', tags: ['fazt-managed', 'fazt-op:1'] })).body.instance;
    await call('POST', '/instances', { ...BASE, label: 'b', region: 'ams', tags: ['fazt-managed'] });
    await call('POST', '/instances', { ...BASE, label: 'c' });
    const ids = async (q: string) => (await call('GET', `/instances?${q}`)).body.instances.map((i: any) => i.label).sort();
    expect(await ids('tag=fazt-managed')).toEqual(['a', 'b']);
    expect(await ids('tag=fazt-op%3A1')).toEqual(['a']);
    expect(await ids('label=c')).toEqual(['c']);
    expect(await ids('region=ams')).toEqual(['b']);
    await sleep(250);
    const ip = (await call('GET', `/instances/${a.id}`)).body.instance.main_ip;
    expect(await ids(`main_ip=${ip}`)).toEqual(['a']);
  });

  it('pages instances with opaque cursors (per_page default 100)', async () => {
    await Promise.all(Array.from({ length: 130 }, (_, n) => call('POST', '/instances', { ...BASE, label: `p-${n}` })));
    const first = await call('GET', '/instances');
    expect(first.body.instances).toHaveLength(100);
    expect(first.body.meta.total).toBe(130);
    expect(first.body.meta.links.prev).toBe('');
    const labels: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const r = await call('GET', `/instances?per_page=40${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      labels.push(...r.body.instances.map((i: any) => i.label));
      if (pages > 0) expect(r.body.meta.links.prev).not.toBe('');
      cursor = r.body.meta.links.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(new Set(labels).size).toBe(130);
    expect((await call('GET', '/instances?cursor=garbage!')).status).toBe(400);
    expect((await call('GET', '/instances?per_page=501')).status).toBe(400);
    expect((await call('GET', '/instances?per_page=0')).body).toEqual({ error: expect.any(String), status: 400 });
  });

  it('patches label and tags, power-cycles, deletes (204) and 404s afterwards', async () => {
    const id = (await call('POST', '/instances', { ...BASE, label: 'x' })).body.instance.id;
    const early = await call('POST', `/instances/${id}/reboot`);
    expect(early.status).toBe(400);
    expect(early.body.error).toMatch(/locked/);
    const p = await call('PATCH', `/instances/${id}`, { label: 'y', tags: ['t'] });
    expect(p.status).toBe(202);
    expect(p.body.instance).toMatchObject({ label: 'y', tags: ['t'] });
    expect((await call('PATCH', `/instances/${id}`, { label: 5 })).status).toBe(400);
    await sleep(250);
    expect((await call('POST', `/instances/${id}/halt`)).status).toBe(204);
    expect((await call('GET', `/instances/${id}`)).body.instance.power_status).toBe('stopped');
    expect((await call('POST', `/instances/${id}/start`)).status).toBe(204);
    expect((await call('GET', `/instances/${id}`)).body.instance).toMatchObject({ power_status: 'running', server_status: 'installingbooting' });
    await sleep(80);
    expect((await call('GET', `/instances/${id}`)).body.instance.server_status).toBe('ok');
    expect((await call('POST', `/instances/${id}/reboot`)).status).toBe(204);
    expect((await call('DELETE', `/instances/${id}`)).status).toBe(204);
    const gone = await call('GET', `/instances/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ error: expect.any(String), status: 404 });
    expect((await call('DELETE', `/instances/${id}`)).status).toBe(404);
  });

  it('manages ssh keys and installs them on instances', async () => {
    const pub = pubKey('k@test');
    const k = await call('POST', '/ssh-keys', { name: 'k1', ssh_key: pub });
    expect(k.status).toBe(201);
    expect(k.body.ssh_key).toMatchObject({ name: 'k1', ssh_key: pub });
    expect((await call('POST', '/ssh-keys', { name: 'bad', ssh_key: 'hello' })).status).toBe(400);
    expect((await call('POST', '/ssh-keys', { name: 'nokey' })).status).toBe(400);
    expect((await call('PATCH', `/ssh-keys/${k.body.ssh_key.id}`, { name: 'k2' })).status).toBe(204);
    expect((await call('GET', `/ssh-keys/${k.body.ssh_key.id}`)).body.ssh_key.name).toBe('k2');
    const inst = await call('POST', '/instances', { ...BASE, sshkey_id: [k.body.ssh_key.id] });
    expect(inst.status).toBe(202);
    const state = (await (await fetch(sb.harness.vultr.url + '/__sandbox/state')).json()) as any;
    expect(state.instances[0].sshKeyIds).toEqual([k.body.ssh_key.id]);
    expect((await call('DELETE', `/ssh-keys/${k.body.ssh_key.id}`)).status).toBe(204);
    expect((await call('GET', `/ssh-keys/${k.body.ssh_key.id}`)).status).toBe(404);
  });

  it('serves the catalogue: plans with prices, regions, availability, OS ids', async () => {
    const plans = (await call('GET', '/plans')).body.plans;
    expect(plans.find((p: any) => p.id === 'vc2-1c-1gb')).toMatchObject({ monthly_cost: 5, vcpu_count: 1, ram: 1024 });
    expect((await call('GET', '/plans?type=vhf')).body.plans.every((p: any) => p.type === 'vhf')).toBe(true);
    expect((await call('GET', '/regions')).body.regions.find((r: any) => r.id === 'ewr')).toMatchObject({ city: 'New Jersey', country: 'US' });
    expect((await call('GET', '/regions/ewr/availability')).body.available_plans).toContain('vc2-1c-1gb');
    expect((await call('GET', '/regions/nope/availability')).status).toBe(404);
    const osIds = (await call('GET', '/os')).body.os.map((o: any) => [o.id, o.name]);
    expect(osIds).toEqual(expect.arrayContaining([[2284, 'Ubuntu 24.04 x64'], [1743, 'Ubuntu 22.04 x64'], [2136, expect.stringMatching(/^Debian 12 x64/)]]));
    const acct = (await call('GET', '/account')).body.account;
    expect(typeof acct.balance).toBe('number');
    expect(typeof acct.pending_charges).toBe('number');
  });

  it('keeps DNS record history for the DNS servers', async () => {
    expect((await call('POST', '/domains', { domain: 'example.org', ip: '192.0.2.1' })).status).toBe(200);
    expect((await call('POST', '/domains', { domain: 'example.org' })).status).toBe(400);
    const rec = await call('POST', '/domains/example.org/records', { name: 'www2', type: 'TXT', data: '"hello world"', ttl: 120 });
    expect(rec.status).toBe(201);
    expect((await call('POST', '/domains/example.org/records', { name: 'm', type: 'MX', data: 'mail.example.org' })).status).toBe(400);
    expect((await call('POST', '/domains/example.org/records', { name: 'a', type: 'A', data: 'not-an-ip' })).status).toBe(400);
    expect((await call('PATCH', `/domains/example.org/records/${rec.body.record.id}`, { data: '"v2"' })).status).toBe(204);
    const src = sb.sims.vultr.dnsSource!;
    expect(src.zones()).toEqual(['example.org']);
    const versions = src.records().filter((r) => r.fqdn === 'www2.example.org');
    expect(versions.map((v) => [v.value, v.deletedAt !== undefined])).toEqual([['hello world', true], ['v2', false]]);
    expect(src.records().find((r) => r.fqdn === 'example.org' && r.type === 'A')?.value).toBe('192.0.2.1');
    expect((await call('DELETE', '/domains/example.org')).status).toBe(204);
    expect(src.records().every((r) => r.deletedAt !== undefined)).toBe(true);
    expect(src.zones()).toEqual([]);
  });

  it('answers 401 with a Vultr body for an unknown token', async () => {
    const r = await client(sb.urls.vultr, 'nope')('GET', '/account');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: expect.any(String), status: 401 });
  });

  it('refuses creates past the instance quota and when credit runs out', async () => {
    const small = await startSandbox({ providers: ['vultr'], hosts: false, dns: false, bootMs: 50, serverQuota: 2 });
    try {
      const c = client(small.urls.vultr);
      expect((await c('POST', '/instances', BASE)).status).toBe(202);
      expect((await c('POST', '/instances', BASE)).status).toBe(202);
      const over = await c('POST', '/instances', BASE);
      expect(over.status).toBe(400);
      expect(over.body.error).toMatch(/maximum number of active virtual machines/);
      small.sims.vultr.load({ ...emptyState(), account: { ...emptyState().account, balance: -3 } });
      const broke = await c('POST', '/instances', BASE);
      expect(broke.status).toBe(400);
      expect(broke.body.error).toMatch(/add funds/);
      expect((await c('GET', '/instances')).body.meta.total).toBe(0);
    } finally {
      await small.stop();
    }
  });

  it('answers 429 without rate-limit headers above 30 requests/second', async () => {
    const limited = await startSandbox({ providers: ['vultr'], hosts: false, dns: false });
    try {
      const c = client(limited.urls.vultr);
      const replies = await Promise.all(Array.from({ length: 45 }, () => c('GET', '/account')));
      const tooMany = replies.filter((r) => r.status === 429);
      expect(tooMany.length).toBeGreaterThanOrEqual(10);
      expect(tooMany[0].body).toEqual({ error: expect.any(String), status: 429 });
      for (const r of replies) {
        const names = [...r.headers.keys()];
        expect(names.filter((n) => /ratelimit|retry-after/i.test(n))).toEqual([]);
      }
    } finally {
      await limited.stop();
    }
  });

  it('survives a restart through its data file', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vultr-sim-')), 'state.json');
    const first = await startSandbox({ providers: ['vultr'], hosts: false, dns: false, bootMs: 50, dataFile: file });
    const c1 = client(first.urls.vultr);
    const id = (await c1('POST', '/instances', { ...BASE, label: 'keep', user_data: b64('hi') })).body.instance.id;
    await c1('POST', '/ssh-keys', { name: 'keep-key', ssh_key: pubKey('keep@test') });
    await c1('POST', '/domains', { domain: 'keep.example' });
    await first.stop();
    const second = await startSandbox({ providers: ['vultr'], hosts: false, dns: false, bootMs: 50, dataFile: file });
    try {
      const c2 = client(second.urls.vultr);
      expect((await c2('GET', `/instances/${id}`)).body.instance.label).toBe('keep');
      expect((await c2('GET', `/instances/${id}/user-data`)).body.user_data.data).toBe(b64('hi'));
      expect((await c2('GET', '/ssh-keys')).body.ssh_keys.map((k: any) => k.name)).toEqual(['keep-key']);
      expect(second.sims.vultr.dnsSource!.zones()).toEqual(['keep.example']);
    } finally {
      await second.stop();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
