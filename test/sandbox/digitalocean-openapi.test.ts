/**
 * Fidelity: every response the DigitalOcean simulator sends for a path in DO's official (trimmed)
 * OpenAPI spec validates against that spec's response schema, and every spec operation is hit.
 * The spec is `<repo>/../shared/specs/digitalocean.openapi.json`; the helper fails clearly without it.
 */
import { generateEd25519 } from '../../src/ssh/keys';
import { OpenApiSpec } from '../helpers/openapi';
import { startSandbox, type Sandbox } from '../../src/sandbox';

interface Seen {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

let sb: Sandbox;
const seen: Seen[] = [];

async function call(method: string, path: string, body?: unknown, token = 'fidelity'): Promise<any> {
  const url = new URL(sb.urls.digitalocean);
  const res = await fetch(`${url.origin}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  seen.push({ method, path, status: res.status, body: parsed });
  return parsed;
}

beforeAll(async () => {
  sb = await startSandbox({
    providers: ['digitalocean'], hosts: false, dns: false, bootMs: 100, actionMs: 30, serverQuota: 3,
    tokens: { digitalocean: ['fidelity'] },
  });
  const pub = generateEd25519('spec@test').public.trim();

  await call('GET', '/v2/account');
  const key = (await call('POST', '/v2/account/keys', { name: 'spec', public_key: pub })).ssh_key;
  await call('GET', '/v2/account/keys');
  await call('GET', `/v2/account/keys/${key.id}`);
  await call('GET', `/v2/account/keys/${key.fingerprint}`);
  await call('PUT', `/v2/account/keys/${key.id}`, { name: 'spec-renamed' });
  await call('POST', '/v2/account/keys', { name: 'dup', public_key: pub });
  await call('GET', '/v2/account/keys/999');

  await call('GET', '/v2/sizes');
  await call('GET', '/v2/regions');
  await call('GET', '/v2/images?type=distribution&per_page=2');
  await call('GET', '/v2/images?per_page=2&page=2');

  const created = await call('POST', '/v2/droplets', {
    name: 'spec-1', size: 's-1vcpu-1gb', region: 'fra1', image: 'ubuntu-24-04-x64', ssh_keys: [key.id], tags: ['fazt-managed'], ipv6: true, backups: true,
  });
  const id = created.droplet.id;
  await call('POST', '/v2/droplets', { names: ['spec-2', 'spec-3'], size: 's-1vcpu-1gb', region: 'fra1', image: 'debian-12-x64', tags: ['multi'] });
  await call('POST', '/v2/droplets', { name: 'spec-4', size: 's-1vcpu-1gb', region: 'fra1', image: 'debian-12-x64' }); // droplet limit
  await call('POST', '/v2/droplets', { name: 'bad name', size: 's-1vcpu-1gb', image: 'debian-12-x64' });
  await call('GET', '/v2/droplets');
  await call('GET', '/v2/droplets?per_page=1&page=2');
  await call('GET', '/v2/droplets?tag_name=fazt-managed');
  await call('GET', `/v2/droplets/${id}`);
  await call('GET', `/v2/actions/${created.links.actions[0].id}`);
  await new Promise((r) => setTimeout(r, 150));
  await call('GET', `/v2/droplets/${id}`);
  const action = (await call('POST', `/v2/droplets/${id}/actions`, { type: 'reboot' })).action;
  await call('POST', `/v2/droplets/${id}/actions`, { type: 'power_off' }); // pending event
  await call('GET', `/v2/droplets/${id}/actions`);
  await call('GET', `/v2/droplets/${id}/actions/${action.id}`);
  await call('GET', `/v2/actions/${action.id}`);
  await call('GET', '/v2/actions/1');
  await call('DELETE', `/v2/droplets/${id}`);
  await call('GET', `/v2/droplets/${id}`);
  await call('DELETE', '/v2/droplets?tag_name=multi');

  await call('POST', '/v2/domains', { name: 'spec.example', ip_address: '192.0.2.1' });
  await call('GET', '/v2/domains');
  await call('GET', '/v2/domains/spec.example');
  const rec = (await call('POST', '/v2/domains/spec.example/records', { type: 'MX', name: '@', data: 'mail.spec.example.', priority: 10, ttl: 300 })).domain_record;
  await call('POST', '/v2/domains/spec.example/records', { type: 'CAA', name: '@', data: 'letsencrypt.org', flags: 0, tag: 'issue' });
  await call('POST', '/v2/domains/spec.example/records', { type: 'CNAME', name: 'x', data: 'no-dot' });
  await call('GET', '/v2/domains/spec.example/records');
  await call('GET', '/v2/domains/spec.example/records?type=NS&per_page=1');
  await call('GET', `/v2/domains/spec.example/records/${rec.id}`);
  await call('PATCH', `/v2/domains/spec.example/records/${rec.id}`, { ttl: 600 });
  await call('PUT', `/v2/domains/spec.example/records/${rec.id}`, { data: 'mx2.spec.example.' });
  await call('DELETE', `/v2/domains/spec.example/records/${rec.id}`);
  await call('GET', `/v2/domains/spec.example/records/${rec.id}`);
  await call('DELETE', '/v2/domains/spec.example');
  await call('GET', '/v2/domains/spec.example');

  await call('GET', '/v2/account', undefined, 'wrong-token');
  await fetch(sb.harness.digitalocean.url + '/__sandbox/faults', { method: 'POST', body: JSON.stringify({ script: [{ kind: '429', path: '/v2/sizes' }, { kind: '5xx', path: '/v2/regions' }] }) });
  await call('GET', '/v2/sizes');
  await call('GET', '/v2/regions');
  await call('DELETE', `/v2/account/keys/${key.id}`);
});
afterAll(async () => {
  await sb?.stop();
});

describe('DigitalOcean simulator vs the official OpenAPI spec', () => {
  const spec = new OpenApiSpec('digitalocean.openapi.json');

  it('answers every recorded request with a body the spec accepts', () => {
    const failures = seen.flatMap((s) => {
      const r = spec.check(s.method, s.path, s.status, s.body);
      if (!r.operation) return [`${s.method} ${s.path}: not in the spec`];
      return r.errors.map((e) => `${s.method} ${s.path} ${s.status}: ${e}`);
    });
    expect(failures).toEqual([]);
    expect(seen.filter((s) => s.status !== 204 && spec.check(s.method, s.path, s.status, s.body).checked).length).toBeGreaterThan(40);
  });

  it('covers every operation of the spec, with error statuses too', () => {
    const hit = new Set(seen.map((s) => {
      const op = spec.operationFor(s.method, s.path);
      return op ? `${op.method} ${op.template}` : '';
    }));
    expect(spec.operations.map((o) => `${o.method} ${o.template}`).filter((o) => !hit.has(o))).toEqual([]);
    expect(new Set(seen.map((s) => s.status))).toEqual(new Set([200, 201, 202, 204, 401, 404, 422, 429, 503]));
  });
});
