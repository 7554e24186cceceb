/**
 * Fidelity: every response the Cloudflare simulator sends for a path in the trimmed official spec
 * (cloudflare/api-schemas 2024-08) validates against it. Not covered by the spec, so checked
 * otherwise: the batch endpoint (records against the spec's record schema, envelope keys against
 * the SDK's `RecordBatchResponse`), and the 429 body, whose real code 971 is below the spec's
 * `minimum: 1000` for error codes (provider-api-notes §4.2), so it is asserted in
 * cloudflare.test.ts instead. The registrar `domains` paths and dns_records export/import are
 * not simulated yet.
 */
import fs from 'node:fs';
import type { RecordBatchResponse } from 'cloudflare/resources/dns/records';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { specPath } from '../helpers/openapi';
import { CLOUDFLARE_SPEC, CloudflareSpec } from '../helpers/openapi-cloudflare';

const present = fs.existsSync(specPath(CLOUDFLARE_SPEC));
if (!present) {
  // Say it loudly rather than pass silently.
  process.stderr.write(`cloudflare fidelity: spec ${specPath(CLOUDFLARE_SPEC)} is absent\n`);
}

describe('cloudflare simulator matches the OpenAPI spec', () => {
  let sb: Sandbox;
  let spec: CloudflareSpec;
  const seen = new Set<string>();
  const failures: string[] = [];

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(sb.urls.cloudflare + path, {
      method, headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as any;
    const check = spec.check(method, path, res.status, json);
    if (check.operation) seen.add(`${check.operation.method} ${check.operation.template}`);
    if (!check.checked || check.errors.length > 0) failures.push(`${method} ${path} ${res.status}: ${check.checked ? check.errors.join('; ') : 'not checked'}`);
    return { status: res.status, body: json };
  };

  beforeAll(async () => {
    expect(present).toBe(true);
    spec = new CloudflareSpec();
    sb = await startSandbox({ providers: ['cloudflare'], hosts: false, dns: false });
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('validates zones and dns_records responses, successes and failures', async () => {
    const account = ((await (await fetch(`${sb.urls.cloudflare}/accounts`, { headers: { authorization: 'Bearer t' } })).json()) as any).result[0].id;
    const zone = (await call('POST', '/zones', { name: 'fidelity.com', account: { id: account }, type: 'full' })).body.result.id;
    await call('POST', '/zones', { name: 'fidelity.com', account: { id: account } });
    await call('POST', '/zones', { name: 'bad_name', account: { id: account } });
    await call('GET', '/zones?name=fidelity.com&per_page=5');
    await call('GET', `/zones/${zone}`);
    await call('PATCH', `/zones/${zone}`, { paused: false });
    await call('GET', '/zones/00000000000000000000000000000000');

    const base = `/zones/${zone}/dns_records`;
    const created = [
      { type: 'A', name: '@', content: '192.0.2.1', ttl: 1, proxied: true },
      { type: 'AAAA', name: 'v6', content: '2001:db8::1', ttl: 300 },
      { type: 'CNAME', name: 'www', content: 'fidelity.com', ttl: 300, comment: 'fazt-managed' },
      { type: 'MX', name: '@', content: 'mail.fidelity.com', priority: 10, ttl: 3600 },
      { type: 'TXT', name: '@', content: '"v=spf1 -all"', ttl: 300, tags: ['owner:fazt'] },
      { type: 'NS', name: 'sub', content: 'ns1.example.net', ttl: 3600 },
      { type: 'CAA', name: '@', ttl: 3600, data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } },
    ];
    const ids: string[] = [];
    for (const r of created) ids.push((await call('POST', base, r)).body.result.id);
    await call('POST', base, created[0]);
    await call('POST', base, { type: 'A', name: 'www', content: '192.0.2.2', ttl: 300 });
    await call('POST', base, { type: 'A', name: 'x', content: '192.0.2.2', ttl: 5 });
    await call('GET', `${base}?per_page=3&page=2&order=name`);
    await call('GET', `${base}?type=A&name.exact=fidelity.com`);
    await call('GET', `${base}/${ids[1]}`);
    await call('PUT', `${base}/${ids[1]}`, { type: 'AAAA', name: 'v6', content: '2001:db8::2', ttl: 600 });
    await call('PATCH', `${base}/${ids[4]}`, { comment: 'note' });
    await call('DELETE', `${base}/${ids[1]}`);
    await call('DELETE', `${base}/${ids[1]}`);
    await call('GET', `${base}/${ids[1]}`);
    await call('DELETE', `/zones/${zone}`);

    expect(failures).toEqual([]);
    expect([...seen].sort()).toEqual([
      'DELETE /zones/{zone_id}',
      'DELETE /zones/{zone_id}/dns_records/{dns_record_id}',
      'GET /zones',
      'GET /zones/{zone_id}',
      'GET /zones/{zone_id}/dns_records',
      'GET /zones/{zone_id}/dns_records/{dns_record_id}',
      'PATCH /zones/{zone_id}',
      'PATCH /zones/{zone_id}/dns_records/{dns_record_id}',
      'POST /zones',
      'POST /zones/{zone_id}/dns_records',
      'PUT /zones/{zone_id}/dns_records/{dns_record_id}',
    ]);
  });

  it('returns batch results shaped like the SDK RecordBatchResponse, each record valid per the spec', async () => {
    const account = ((await (await fetch(`${sb.urls.cloudflare}/accounts`, { headers: { authorization: 'Bearer t' } })).json()) as any).result[0].id;
    const zone = (await call('POST', '/zones', { name: 'fidelity-batch.com', account: { id: account } })).body.result.id;
    const base = `/zones/${zone}/dns_records`;
    const a = (await call('POST', base, { type: 'A', name: 'a', content: '192.0.2.1', ttl: 60 })).body.result;
    const t = (await call('POST', base, { type: 'TXT', name: 't', content: '"x"', ttl: 60 })).body.result;
    const m = (await call('POST', base, { type: 'MX', name: 'm', content: 'mx.example.net', priority: 1, ttl: 60 })).body.result;
    const res = await fetch(`${sb.urls.cloudflare}${base}/batch`, {
      method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({
        deletes: [{ id: a.id }],
        patches: [{ id: t.id, ttl: 120 }],
        puts: [{ id: m.id, type: 'MX', name: 'm', content: 'mx2.example.net', priority: 2, ttl: 60 }],
        posts: [{ type: 'CAA', name: '@', ttl: 60, data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } }],
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(spec.validate('dns-records_api-response-common', body)).toEqual([]);
    // Exhaustive at compile time: a key added to or removed from the SDK type breaks this line.
    const keys: Record<keyof RecordBatchResponse, true> = { deletes: true, patches: true, puts: true, posts: true };
    expect(Object.keys(body.result).sort()).toEqual(Object.keys(keys).sort());
    const typed: RecordBatchResponse = body.result;
    for (const k of Object.keys(keys) as Array<keyof RecordBatchResponse>) {
      expect(typed[k]).toHaveLength(1);
      for (const rec of typed[k]!) {
        expect(spec.validate('dns-records_dns-record', rec)).toEqual([]);
        for (const f of ['id', 'name', 'type', 'ttl', 'proxiable', 'created_on', 'modified_on', 'meta'] as const) expect(rec).toHaveProperty(f);
      }
    }
    const bad = await fetch(`${sb.urls.cloudflare}${base}/batch`, {
      method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({ posts: [{ type: 'A', name: 'z', content: 'nope', ttl: 60 }] }),
    });
    expect(bad.status).toBe(400);
    expect(spec.validate('dns-records_api-response-common-failure', await bad.json())).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('has a validator that bites: broken bodies fail', () => {
    const record = { id: 'a'.repeat(32), type: 'A', name: 'x.example.com', content: 'not-an-ip', proxiable: true, created_on: '2024-01-01T00:00:00Z', modified_on: '2024-01-01T00:00:00Z', ttl: 1 };
    expect(spec.validate('dns-records_dns-record', record)).not.toEqual([]);
    expect(spec.validate('dns-records_dns-record', { ...record, content: '192.0.2.1', created_on: undefined })).not.toEqual([]);
    expect(spec.validate('dns-records_dns-record', { ...record, content: '192.0.2.1' })).toEqual([]);
    expect(spec.check('POST', '/zones/abc/dns_records', 400, { success: true, errors: [], messages: [], result: null }).errors).not.toEqual([]);
    expect(spec.check('GET', '/zones', 200, { success: true, errors: [], messages: [], result: [{ id: 'x' }] }).errors).not.toEqual([]);
  });
});
