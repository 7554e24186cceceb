/**
 * Fidelity: a scripted session touching every path of the trimmed Hetzner Cloud spec
 * (/work/shared/specs/hetzner-cloud.openapi.json); every response, success or error, must
 * validate against the schema the spec declares for it.
 */
import { utils } from 'ssh2';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { OpenApiSpec } from '../helpers/openapi';

interface Exchange { method: string; path: string; status: number; body: unknown }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Hetzner simulator vs the OpenAPI spec', () => {
  let sandbox: Sandbox;
  let base: string;
  const log: Exchange[] = [];

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: 'Bearer spec-token', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    log.push({ method, path, status: res.status, body: parsed });
    return { status: res.status, body: parsed };
  }

  /** Retries an action call while the server is locked by a previous action. */
  async function whenUnlocked(method: string, path: string, body?: unknown) {
    for (let i = 0; i < 100; i++) {
      const r = await call(method, path, body);
      if (r.status !== 423) return r;
      await sleep(30);
    }
    throw new Error(`${path} stayed locked`);
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ providers: ['hetzner'], hosts: false, dns: false, bootMs: 200, actionMs: 50 });
    base = sandbox.urls.hetzner;
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('answers a full session in the shapes the spec declares', async () => {
    const spec = new OpenApiSpec('hetzner-cloud.openapi.json');
    await call('GET', '/server_types?per_page=5&page=2');
    await call('GET', '/server_types/104');
    await call('GET', '/server_types/999999');
    await call('GET', '/locations');
    await call('GET', '/locations/1');
    await call('GET', '/images?architecture=arm&type=system');
    await call('GET', '/ssh_keys');

    const pub = utils.generateKeyPairSync('ed25519', { comment: 'spec@test' }).public;
    const key = await call('POST', '/ssh_keys', { name: 'spec-key', public_key: pub, labels: { env: 'test' } });
    expect(key.status).toBe(201);
    expect((await call('POST', '/ssh_keys', { name: 'other', public_key: pub })).status).toBe(409);
    await call('GET', `/ssh_keys/${key.body.ssh_key.id}`);
    await call('PUT', `/ssh_keys/${key.body.ssh_key.id}`, { labels: { env: 'prod' } });
    await call('GET', '/ssh_keys?label_selector=env=prod');

    const created = await call('POST', '/servers', {
      name: 'spec-1', server_type: 'cx22', image: 'ubuntu-24.04', location: 'fsn1', ssh_keys: ['spec-key'],
      labels: { 'managed-by': 'fazt' }, user_data: '#cloud-config\n',
    });
    expect(created.status).toBe(201);
    const id = created.body.server.id;
    expect((await call('POST', '/servers', { name: 'spec-2', server_type: 'cx22', image: 'ubuntu-24.04', user_data: 7 })).status).toBe(400);
    await call('GET', '/servers?label_selector=managed-by%3Dfazt&status=initializing&status=running');
    await call('GET', `/servers/${id}`);
    await call('PUT', `/servers/${id}`, { labels: { 'managed-by': 'fazt', role: 'web' } });
    await call('POST', `/servers/${id}/actions/reboot`); // usually 423 (still booting): validated either way
    for (const a of ['reboot', 'reset', 'poweroff', 'poweron', 'shutdown']) {
      expect((await whenUnlocked('POST', `/servers/${id}/actions/${a}`)).status).toBe(201);
    }
    const actionId = created.body.action.id;
    await call('GET', `/servers/${id}/actions/${actionId}`);
    await call('GET', `/servers/actions/${actionId}`);
    await call('GET', `/actions/${actionId}`);
    await call('GET', `/actions?id=${actionId}&id=${created.body.next_actions[0].id}`);
    const del = await whenUnlocked('DELETE', `/servers/${id}`);
    expect(del.status).toBe(200);
    await sleep(80);
    expect((await call('GET', `/servers/${id}`)).status).toBe(404);

    const zone = await call('POST', '/zones', { name: 'spec.example', mode: 'primary', ttl: 3600, labels: { team: 'a' } });
    expect(zone.status).toBe(201);
    await call('GET', '/zones?name=spec.example');
    await call('GET', '/zones/spec.example');
    await call('PUT', `/zones/${zone.body.zone.id}`, { labels: { team: 'b' } });
    const rr = await call('POST', '/zones/spec.example/rrsets', { name: 'www', type: 'A', ttl: 300, records: [{ value: '192.0.2.1', comment: 'web' }] });
    expect(rr.status).toBe(201);
    await call('POST', '/zones/spec.example/rrsets', { name: 'txt', type: 'TXT', records: [{ value: 'unquoted' }] });
    await call('GET', '/zones/spec.example/rrsets?type=A&type=NS');
    await call('GET', '/zones/spec.example/rrsets/www/A');
    await call('PUT', '/zones/spec.example/rrsets/www/A', { labels: { x: 'y' } });
    await call('POST', '/zones/spec.example/rrsets/www/A/actions/set_records', { records: [{ value: '192.0.2.2' }] });
    await call('POST', '/zones/spec.example/rrsets/www/A/actions/add_records', { records: [{ value: '192.0.2.3' }], ttl: 600 });
    await call('POST', '/zones/spec.example/rrsets/www/A/actions/update_records', { records: [{ value: '192.0.2.3', comment: 'second' }] });
    await call('POST', '/zones/spec.example/rrsets/www/A/actions/remove_records', { records: [{ value: '192.0.2.2' }] });
    const ttl = await call('POST', '/zones/spec.example/rrsets/www/A/actions/change_ttl', { ttl: null });
    await call('GET', `/zones/spec.example/actions/${ttl.body.action.id}`);
    await call('GET', `/zones/actions/${ttl.body.action.id}`);
    await call('DELETE', '/zones/spec.example/rrsets/www/A');
    await call('DELETE', `/zones/${zone.body.zone.id}`);
    expect((await call('DELETE', `/ssh_keys/${key.body.ssh_key.id}`)).status).toBe(204);

    const failures: string[] = [];
    const covered = new Set<string>();
    for (const x of log) {
      const r = spec.check(x.method, x.path, x.status, x.body);
      if (r.operation) covered.add(`${r.operation.method} ${r.operation.template}`);
      for (const e of r.errors) failures.push(`${x.method} ${x.path} → ${x.status}: ${e}`);
    }
    expect(failures).toEqual([]);
    const missing = spec.operations.map((o) => `${o.method} ${o.template}`).filter((o) => !covered.has(o));
    expect(missing).toEqual([]);
    // Errors were part of the session too (404, 409, 400, 423), all in Hetzner's error shape.
    expect(log.filter((x) => x.status >= 400).length).toBeGreaterThanOrEqual(5);
  });

  it('the validator itself rejects bodies that break the spec (so the session check has teeth)', () => {
    const spec = new OpenApiSpec('hetzner-cloud.openapi.json');
    const okError = spec.check('GET', '/servers/1', 404, { error: { code: 'not_found', message: 'x', details: {} } });
    expect(okError).toMatchObject({ checked: true, errors: [] });
    expect(spec.check('GET', '/servers/1', 404, { code: 'not_found' }).errors.length).toBeGreaterThan(0);
    expect(spec.check('GET', '/servers/1', 200, { server: { id: 'x' } }).errors.length).toBeGreaterThan(0);
    const action = { id: 1, command: 'x', status: 'running', progress: 0, started: '2024-01-01T00:00:00Z', finished: null, resources: [], error: null };
    expect(spec.check('GET', '/actions/1', 200, { action }).errors).toEqual([]);
    expect(spec.check('GET', '/actions/1', 200, { action: { ...action, status: 'done' } }).errors.length).toBeGreaterThan(0);
    expect(spec.operationFor('GET', '/servers/actions/5')?.template).toBe('/servers/actions/{id}');
    expect(spec.operationFor('GET', '/nothing/here')).toBeNull();
  });
});
