/**
 * Fidelity: every response the Vultr simulator sends for a path in the trimmed OpenAPI spec
 * validates against that spec's response schema, and every spec operation is exercised.
 */
import { generateEd25519 } from '../../src/ssh/keys';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { VultrSpec, VULTR_SPEC_PATH } from '../helpers/openapi-vultr';

interface Exchange { method: string; path: string; status: number; body: unknown }

describe('Vultr simulator against the OpenAPI spec', () => {
  let sb: Sandbox;
  let spec: VultrSpec;
  const seen: Exchange[] = [];

  const call = async (method: string, path: string, body?: unknown): Promise<Exchange> => {
    const res = await fetch(sb.urls.vultr + path, {
      method,
      headers: { authorization: 'Bearer t', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const ex = { method, path, status: res.status, body: text ? JSON.parse(text) : undefined };
    seen.push(ex);
    return ex;
  };

  beforeAll(async () => {
    spec = new VultrSpec(); // throws with the path in the message when the spec is absent
    sb = await startSandbox({ providers: ['vultr'], hosts: false, dns: false, bootMs: 100, actionMs: 20, rateLimits: { vultr: 10_000 } });
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it(`finds the spec at ${VULTR_SPEC_PATH}`, () => {
    expect(spec.operations.length).toBeGreaterThanOrEqual(29);
  });

  it('sends only spec-valid responses while exercising every operation', async () => {
    await call('GET', '/account');
    await call('GET', '/plans?per_page=5');
    await call('GET', '/plans?type=vhf');
    await call('GET', '/regions');
    await call('GET', '/regions/ewr/availability');
    await call('GET', '/os');
    const pub = generateEd25519('spec@test').public;
    const key = (await call('POST', '/ssh-keys', { name: 'spec-key', ssh_key: pub })).body as any;
    await call('GET', '/ssh-keys');
    await call('GET', `/ssh-keys/${key.ssh_key.id}`);
    await call('PATCH', `/ssh-keys/${key.ssh_key.id}`, { name: 'spec-key-2' });
    await call('POST', '/ssh-keys', { name: 'bad', ssh_key: 'not a key' });

    const created = (await call('POST', '/instances', {
      region: 'ewr', plan: 'vc2-1c-1gb', os_id: 2284, label: 'spec-1', hostname: 'spec-1', tags: ['fazt-managed'],
      sshkey_id: [key.ssh_key.id], user_data: Buffer.from('#cloud-config\n').toString('base64'), enable_ipv6: true,
    })).body as any;
    const id = created.instance.id;
    await call('POST', '/instances', { region: 'ewr', plan: 'vc2-1c-1gb', os_id: 2284, user_data: 'plain text' });
    await call('GET', '/instances');
    await call('GET', `/instances/${id}`);
    await call('POST', `/instances/${id}/reboot`); // still pending: 400
    await new Promise((r) => setTimeout(r, 150));
    await call('GET', '/instances?tag=fazt-managed&per_page=1');
    await call('GET', `/instances/${id}`);
    await call('PATCH', `/instances/${id}`, { label: 'spec-1b', tags: ['fazt-managed', 'x'] });
    await call('GET', `/instances/${id}/user-data`);
    await call('POST', `/instances/${id}/reboot`);
    await call('POST', `/instances/${id}/halt`);
    await call('POST', `/instances/${id}/start`);
    await call('DELETE', `/instances/${id}`);
    await call('GET', `/instances/${id}`);
    await call('DELETE', `/ssh-keys/${key.ssh_key.id}`);

    await call('POST', '/domains', { domain: 'spec-example.com', ip: '192.0.2.10' });
    await call('GET', '/domains');
    await call('GET', '/domains/spec-example.com');
    await call('PUT', '/domains/spec-example.com', { dns_sec: 'enabled' });
    const rec = (await call('POST', '/domains/spec-example.com/records', { name: 'www2', type: 'A', data: '192.0.2.11', ttl: 300 })).body as any;
    await call('GET', '/domains/spec-example.com/records');
    await call('GET', `/domains/spec-example.com/records/${rec.record.id}`);
    await call('PATCH', `/domains/spec-example.com/records/${rec.record.id}`, { data: '192.0.2.12' });
    await call('DELETE', `/domains/spec-example.com/records/${rec.record.id}`);
    await call('DELETE', '/domains/spec-example.com');
    await call('GET', '/domains/spec-example.com');

    const failures: string[] = [];
    const covered = new Set<string>();
    for (const ex of seen) {
      const r = spec.check(ex.method, ex.path, ex.status, ex.body);
      expect(r.operation).not.toBeNull();
      if (r.errors.length) failures.push(`${ex.method} ${ex.path} → ${ex.status}: ${r.errors.join('; ')}`);
      if (r.operation && ex.status < 300) covered.add(`${r.operation.method} ${r.operation.template}`);
      // Every error the simulator sends has Vultr's shape.
      if (ex.status >= 400) expect(ex.body).toEqual({ error: expect.any(String), status: ex.status });
    }
    expect(failures).toEqual([]);
    const uncovered = spec.operations.map((o) => `${o.method} ${o.template}`).filter((o) => !covered.has(o));
    expect(uncovered).toEqual([]);
  });

  it('the checker itself rejects a response that breaks the schema', () => {
    const r = spec.check('GET', '/instances/abc', 200, { instance: { id: 42, ram: 'lots' } });
    expect(r.checked).toBe(true);
    expect(r.errors.length).toBeGreaterThan(0);
  });
});
