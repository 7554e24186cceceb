/** The Hetzner simulator over real HTTP: servers, lifecycle, actions, errors, pagination, rate limits. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import { serverBody, sleep, startHetzner, until, type SimClient } from './hetzner-sim';

describe('Hetzner simulator: servers', () => {
  let h: SimClient;
  beforeAll(async () => {
    h = await startHetzner({ serverQuota: 60 });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('creates a server that goes initializing → starting → running with create_server/start_server actions', async () => {
    const r = await h.call('POST', '/servers', serverBody('life-1', { labels: { app: 'x' } }));
    expect(r.status).toBe(201);
    expect(r.body.server).toMatchObject({ name: 'life-1', status: 'initializing', locked: true, labels: { app: 'x' } });
    expect(r.body.server.public_net.ipv4.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(r.body.server.public_net.ipv6.ip).toMatch(/::\/64$/);
    expect(r.body.action).toMatchObject({ command: 'create_server', status: 'running', finished: null });
    expect(r.body.next_actions[0]).toMatchObject({ command: 'start_server', status: 'running' });
    expect(typeof r.body.root_password).toBe('string');
    const id = r.body.server.id;
    const seen = new Set<string>();
    await until(async () => {
      const s = (await h.call('GET', `/servers/${id}`)).body.server;
      seen.add(s.status);
      return s.status === 'running';
    });
    expect(seen.has('running')).toBe(true);
    const action = await h.call('GET', `/actions/${r.body.action.id}`);
    expect(action.body.action).toMatchObject({ status: 'success', progress: 100 });
    expect(action.body.action.finished).not.toBeNull();
  });

  it('prices types per location as decimal strings and makes one type unorderable in one location', async () => {
    const t = (await h.call('GET', '/server_types?name=cx22')).body.server_types[0];
    const fsn = t.prices.find((p: any) => p.location === 'fsn1');
    expect(fsn.price_monthly.net).toMatch(/^\d+\.\d{4}0{12}$/);
    expect(fsn.price_monthly.gross).toMatch(/^\d+\.\d{4}0{12}$/);
    expect(Number(fsn.price_monthly.gross)).toBeCloseTo(Number(fsn.price_monthly.net) * 1.19, 4);
    expect(Number(fsn.price_hourly.net)).toBeGreaterThan(0);
    const r = await h.call('POST', '/servers', serverBody('nowhere', { server_type: 'cx22', location: 'ash' }));
    expect(r.status).toBe(412);
    expect(r.body.error.code).toBe('resource_unavailable');
    const soldOut = await h.call('POST', '/servers', serverBody('soldout', { server_type: 'ccx33', location: 'hil' }));
    expect(soldOut.body.error.code).toBe('resource_unavailable');
    expect((await h.call('GET', '/servers?name=nowhere')).body.servers).toEqual([]);
    const pricing = (await h.call('GET', '/pricing')).body.pricing;
    expect(pricing.currency).toBe('EUR');
    expect(pricing.server_types.find((x: any) => x.name === 'cx22').prices).toEqual(t.prices);
  });

  it('rejects a duplicate name with uniqueness_error (409)', async () => {
    await h.call('POST', '/servers', serverBody('dup-1'));
    const r = await h.call('POST', '/servers', serverBody('dup-1'));
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'uniqueness_error', details: { fields: [{ name: 'name' }] } });
  });

  it('validates input with invalid_input and details.fields, creating nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [{ server_type: 'cx22', image: 'ubuntu-24.04' }, 'name'],
      [serverBody('bad-type', { server_type: 'cx999' }), 'server_type'],
      [serverBody('bad-image', { image: 'windows-11' }), 'image'],
      [serverBody('bad_name!'), 'name'],
      [serverBody('bad-ud', { user_data: 'x'.repeat(32 * 1024 + 1) }), 'user_data'],
      [serverBody('bad-key', { ssh_keys: ['nope'] }), 'ssh_keys'],
      [serverBody('bad-labels', { labels: { 'bad key': 'v' } }), 'labels'],
      [serverBody('bad-field', { colour: 'red' }), 'colour'],
      [serverBody('bad-kind', { start_after_create: 'yes' }), 'start_after_create'],
    ];
    const before = (await h.call('GET', '/servers')).body.meta.pagination.total_entries;
    for (const [body, field] of cases) {
      const r = await h.call('POST', '/servers', body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_input');
      expect(r.body.error.details.fields.map((f: any) => f.name)).toContain(field);
    }
    expect((await h.call('GET', '/servers')).body.meta.pagination.total_entries).toBe(before);
    const ok = await h.call('POST', '/servers', serverBody('ud-limit', { user_data: 'x'.repeat(32 * 1024) }));
    expect(ok.status).toBe(201);
  });

  it('answers malformed JSON with json_error and unknown paths with not_found', async () => {
    const r = await h.call('POST', '/servers', undefined, { raw: '{"name": ' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('json_error');
    const nf = await h.call('GET', '/servers/424242');
    expect(nf.status).toBe(404);
    expect(nf.body).toEqual({ error: { code: 'not_found', message: expect.any(String), details: {} } });
    expect((await h.call('GET', '/no-such-thing')).body.error.code).toBe('not_found');
  });

  it('powers off and on, then deletes through deleting → 404 (423 timing is in the fake-clock test)', async () => {
    const { body } = await h.call('POST', '/servers', serverBody('lock-1'));
    const id = body.server.id;
    await until(async () => (await h.call('GET', `/servers/${id}`)).body.server.status === 'running');
    await until(async () => (await h.call('POST', `/servers/${id}/actions/poweroff`)).status === 201);
    await until(async () => (await h.call('GET', `/servers/${id}`)).body.server.status === 'off');
    await until(async () => (await h.call('POST', `/servers/${id}/actions/poweron`)).status === 201);
    await until(async () => (await h.call('GET', `/servers/${id}`)).body.server.status === 'running');
    const del = await until(async () => {
      const r = await h.call('DELETE', `/servers/${id}`);
      return r.status === 200 ? r : null;
    });
    expect(del.body.action.command).toBe('delete_server');
    expect((await h.call('GET', `/servers/${id}`)).body.server.status).toBe('deleting');
    await until(async () => (await h.call('GET', `/servers/${id}`)).status === 404);
    const actions = await h.call('GET', `/servers/${id}/actions/${del.body.action.id}`);
    expect(actions.status).toBe(404);
    expect((await h.call('GET', `/servers/actions/${del.body.action.id}`)).body.action.status).toBe('success');
  });

  it('refuses to delete a protected server with `protected`', async () => {
    const { body } = await h.call('POST', '/servers', serverBody('prot-1'));
    const id = body.server.id;
    await until(async () => (await h.call('POST', `/servers/${id}/actions/change_protection`, { delete: true, rebuild: true })).status === 201);
    const r = await until(async () => {
      const x = await h.call('DELETE', `/servers/${id}`);
      return x.status !== 423 ? x : null;
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('protected');
    expect((await h.call('GET', `/servers/${id}`)).body.server.protection).toEqual({ delete: true, rebuild: true });
  });

  it('filters by label_selector (k=v, k!=v, k, !k, in, comma-AND), name and repeated status', async () => {
    await h.call('POST', '/servers', serverBody('sel-a', { labels: { env: 'prod', tier: 'web' } }));
    await h.call('POST', '/servers', serverBody('sel-b', { labels: { env: 'dev', tier: 'web' } }));
    await h.call('POST', '/servers', serverBody('sel-c', { labels: { env: 'prod' } }));
    const names = async (q: string) => (await h.call('GET', `/servers?${q}`)).body.servers.map((s: any) => s.name).filter((n: string) => n.startsWith('sel-')).sort();
    expect(await names('label_selector=env%3Dprod')).toEqual(['sel-a', 'sel-c']);
    expect(await names('label_selector=env!%3Dprod,tier')).toEqual(['sel-b']);
    expect(await names('label_selector=tier')).toEqual(['sel-a', 'sel-b']);
    expect(await names('label_selector=env,!tier')).toEqual(['sel-c']);
    expect(await names('label_selector=env%20in%20(dev,prod),tier%3Dweb')).toEqual(['sel-a', 'sel-b']);
    expect(await names('name=sel-b')).toEqual(['sel-b']);
    expect(await names('status=initializing&status=starting&status=running&label_selector=env')).toEqual(['sel-a', 'sel-b', 'sel-c']);
    expect((await h.call('GET', '/servers?label_selector=%3D%3D')).body.error.code).toBe('invalid_input');
    expect((await h.call('GET', '/servers?status=flying')).body.error.code).toBe('invalid_input');
  });

  it('paginates more than 50 servers with meta.pagination and a Link header', async () => {
    const have = (await h.call('GET', '/servers')).body.meta.pagination.total_entries;
    for (let i = have; i < 55; i++) expect((await h.call('POST', '/servers', serverBody(`page-${i}`))).status).toBe(201);
    const first = await h.call('GET', '/servers?per_page=100');
    expect(first.body.servers).toHaveLength(50);
    expect(first.body.meta.pagination).toEqual({ page: 1, per_page: 50, previous_page: null, next_page: 2, last_page: 2, total_entries: 55 });
    expect(first.headers.get('link')).toMatch(/page=2&per_page=50>; rel="next"/);
    const dflt = await h.call('GET', '/servers');
    expect(dflt.body.servers).toHaveLength(25);
    const second = await h.call('GET', '/servers?page=2&per_page=50');
    expect(second.body.servers).toHaveLength(5);
    expect(second.body.meta.pagination).toMatchObject({ previous_page: 1, next_page: null });
    expect(second.headers.get('link')).toContain('rel="prev"');
    const ids = new Set([...first.body.servers, ...second.body.servers].map((s: any) => s.id));
    expect(ids.size).toBe(55);
    expect((await h.call('GET', '/servers?page=0')).status).toBe(400);
  });

  it('enforces the server quota with resource_limit_exceeded (403)', async () => {
    const have = (await h.call('GET', '/servers')).body.meta.pagination.total_entries;
    for (let i = have; i < 60; i++) await h.call('POST', '/servers', serverBody(`quota-${i}`));
    const r = await h.call('POST', '/servers', serverBody('quota-over'));
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'resource_limit_exceeded', details: { limits: [{ name: 'server_limit' }] } });
  });

  it('sends RateLimit-* headers on every response', async () => {
    const r = await h.call('GET', '/locations');
    expect(r.headers.get('ratelimit-limit')).toBe('3600');
    expect(Number(r.headers.get('ratelimit-remaining'))).toBeLessThan(3600);
    expect(Number(r.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    expect((await h.call('GET', '/servers/1')).headers.get('ratelimit-limit')).toBe('3600');
  });

  it('keeps its state across a restart through dump/load', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hsim-')), 'state.json');
    const a = await startHetzner({ dataFile: file });
    const created = await a.call('POST', '/servers', serverBody('persist-1', { labels: { keep: 'yes' } }));
    await a.call('POST', '/zones', { name: 'persist.example', mode: 'primary' });
    await a.stop();
    const b = await startHetzner({ dataFile: file });
    try {
      const s = await b.call('GET', `/servers/${created.body.server.id}`);
      expect(s.body.server).toMatchObject({ name: 'persist-1', labels: { keep: 'yes' } });
      expect((await b.call('GET', '/zones/persist.example')).status).toBe(200);
      const again = await b.call('POST', '/servers', serverBody('persist-2'));
      expect(again.body.server.id).toBeGreaterThan(created.body.server.id);
    } finally {
      await b.stop();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

describe('Hetzner simulator: SSH keys', () => {
  let h: SimClient;
  beforeAll(async () => {
    h = await startHetzner();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('fingerprints keys like ssh-keygen -E md5 and rejects duplicate names and fingerprints', async () => {
    const pub = utils.generateKeyPairSync('ed25519', { comment: 'me@test' }).public;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkey-'));
    fs.writeFileSync(path.join(dir, 'k.pub'), pub + '\n');
    const md5 = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', path.join(dir, 'k.pub')], { encoding: 'utf8' }).split(' ')[1].replace(/^MD5:/, '');
    fs.rmSync(dir, { recursive: true, force: true });
    const r = await h.call('POST', '/ssh_keys', { name: 'me', public_key: pub });
    expect(r.status).toBe(201);
    expect(r.body.ssh_key.fingerprint).toBe(md5);
    const sameName = await h.call('POST', '/ssh_keys', { name: 'me', public_key: utils.generateKeyPairSync('ed25519').public });
    expect(sameName.status).toBe(409);
    expect(sameName.body.error.details.fields[0].name).toBe('name');
    const sameKey = await h.call('POST', '/ssh_keys', { name: 'me-too', public_key: pub });
    expect(sameKey.status).toBe(409);
    expect(sameKey.body.error).toMatchObject({ code: 'uniqueness_error', details: { fields: [{ name: 'public_key' }] } });
    expect((await h.call('GET', `/ssh_keys?fingerprint=${md5}`)).body.ssh_keys.map((k: any) => k.name)).toEqual(['me']);
    expect((await h.call('POST', '/ssh_keys', { name: 'junk', public_key: 'ssh-ed25519 AAAA' })).body.error.code).toBe('invalid_input');
  });

  it('gives servers the authorized keys named by id or name, and pages over 50 keys', async () => {
    const keys = [];
    for (let i = 0; i < 52; i++) {
      const r = await h.call('POST', '/ssh_keys', { name: `bulk-${i}`, public_key: utils.generateKeyPairSync('ed25519').public });
      keys.push(r.body.ssh_key);
    }
    const page2 = await h.call('GET', '/ssh_keys?page=2&per_page=50');
    expect(page2.body.meta.pagination.total_entries).toBe(53);
    expect(page2.body.ssh_keys).toHaveLength(3);
    const s = await h.call('POST', '/servers', serverBody('keyed', { ssh_keys: [keys[0].id, 'bulk-1'] }));
    expect(s.status).toBe(201);
    expect(s.body.root_password).toBeNull();
    expect((await h.call('DELETE', `/ssh_keys/${keys[0].id}`)).status).toBe(204);
    expect((await h.call('DELETE', `/ssh_keys/${keys[0].id}`)).status).toBe(404);
  });
});

describe('Hetzner simulator: auth and rate limits', () => {
  it('answers a missing or wrong token with unauthorized (401)', async () => {
    const h = await startHetzner({ tokens: { hetzner: ['good-token'] } });
    try {
      const none = await h.call('GET', '/servers', undefined, { token: null });
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('unauthorized');
      expect((await h.call('GET', '/servers', undefined, { token: 'bad' })).status).toBe(401);
      expect((await h.call('GET', '/servers', undefined, { token: 'good-token' })).status).toBe(200);
    } finally {
      await h.stop();
    }
  });

  it('answers past the budget with rate_limit_exceeded (429) and RateLimit-Remaining 0', async () => {
    const h = await startHetzner({ rateLimits: { hetzner: 3 } });
    try {
      for (let i = 0; i < 3; i++) expect((await h.call('GET', '/locations')).status).toBe(200);
      const r = await h.call('GET', '/locations');
      expect(r.status).toBe(429);
      expect(r.body.error.code).toBe('rate_limit_exceeded');
      expect(r.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(r.headers.get('ratelimit-reset')) * 1000).toBeGreaterThan(Date.now());
      await sleep(1);
    } finally {
      await h.stop();
    }
  });
});
