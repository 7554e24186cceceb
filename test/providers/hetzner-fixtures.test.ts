/**
 * Hetzner's documented response examples (test/fixtures/hetzner, from the API docs' spec):
 * replayed through the adapter with an injected fetch, and used to pin the simulator's wire format.
 */
import fs from 'node:fs';
import path from 'node:path';
import { utils } from 'ssh2';
import { HetznerApi } from '../../src/providers/hetzner/api';
import { HetznerDns } from '../../src/providers/hetzner/dns';
import { HetznerSshKeys, HetznerVps } from '../../src/providers/hetzner/vps';
import { startSandbox, type Sandbox } from '../../src/sandbox';

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/hetzner', `hetzner-${name}.json`), 'utf8'));

/** A fetch that answers from a (method path) → fixture table and records what was asked. */
function replay(table: Record<string, { status: number; body: unknown }>) {
  const seen: string[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const key = `${init?.method ?? 'GET'} ${url.pathname}`;
    seen.push(`${key}${url.search}`);
    const hit = table[key];
    if (!hit) return new Response(JSON.stringify({ error: { code: 'not_found', message: 'no fixture', details: {} } }), { status: 404 });
    return new Response(JSON.stringify(hit.body), { status: hit.status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetchImpl, seen };
}

/** Paths (a.b[0].c) the documented example has that the simulator's answer lacks. */
function missingFields(doc: unknown, sim: unknown, at = ''): string[] {
  if (Array.isArray(doc)) {
    if (!Array.isArray(sim)) return [at];
    return doc.length > 0 && sim.length > 0 ? missingFields(doc[0], sim[0], `${at}[0]`) : [];
  }
  if (doc && typeof doc === 'object') {
    if (!sim || typeof sim !== 'object') return sim === null ? [] : [at];
    // `labels` is a map of user data, not a set of fields.
    return Object.entries(doc).flatMap(([k, v]) => (k in (sim as object)
      ? (k === 'labels' ? [] : missingFields(v, (sim as Record<string, unknown>)[k], `${at}.${k}`))
      : [`${at}.${k}`]));
  }
  return [];
}

describe('Hetzner fixtures', () => {
  it('reads the documented create-server response into a domain Server', async () => {
    const { fetchImpl, seen } = replay({ 'POST /v1/servers': { status: 201, body: fixture('servers-create') } });
    const vps = new HetznerVps(new HetznerApi({ token: 't' }, 'https://api.hetzner.cloud/v1', fetchImpl));
    const s = await vps.create({ name: 'my-server', type: 'cpx22', region: 'fsn1', image: 'ubuntu-24.04', sshKeys: [], operationId: 'op-x' });
    expect(s).toEqual({
      id: 'hetzner:42', provider: 'hetzner', providerId: '42', name: 'my-server', ip: '1.2.3.4', ipv6: '2001:db8::1', status: 'provisioning',
      type: 'cpx22', region: 'fsn1', createdAt: '2016-01-30T23:50:00.000Z', monthlyCost: 1.19, operationId: null, managed: false, deleteProtected: false,
    });
    expect(seen).toEqual(['POST /v1/servers']);
  });

  it('reads the documented SSH key, zone and rrset responses', async () => {
    const { fetchImpl } = replay({
      'GET /v1/ssh_keys': { status: 200, body: { ssh_keys: [fixture('ssh_keys-update').ssh_key], meta: { pagination: { page: 1, per_page: 25, previous_page: null, next_page: null, last_page: 1, total_entries: 1 } } } },
      'POST /v1/zones': { status: 201, body: fixture('zones-create') },
      'GET /v1/zones': { status: 200, body: { zones: [], meta: { pagination: { page: 1, per_page: 25, previous_page: null, next_page: null, last_page: 1, total_entries: 0 } } } },
    });
    const api = new HetznerApi({ token: 't' }, 'https://api.hetzner.cloud/v1', fetchImpl);
    expect(await new HetznerSshKeys(api).listKeys()).toEqual([{ id: '2323', name: 'My ssh key', fingerprint: 'b7:2f:30:a0:2f:6c:58:6c:21:04:58:61:ba:06:3b:2f', publicKey: 'ssh-rsa AAAjjk76kgf...Xt' }]);
    expect(await new HetznerDns(api).createZone('example.com')).toEqual({ id: '42', name: 'example.com' });
  });

  describe('the simulator answers with every documented field', () => {
    let sandbox: Sandbox;
    const call = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(sandbox.urls.hetzner + p, { method, headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return res.json() as Promise<any>;
    };
    beforeAll(async () => {
      sandbox = await startSandbox({ providers: ['hetzner'], hosts: false, dns: false, bootMs: 100, actionMs: 20 });
    });
    afterAll(async () => {
      await sandbox?.stop();
    });

    it('for servers, actions, SSH keys, zones and rrsets', async () => {
      const created = await call('POST', '/servers', { name: 'fx-1', server_type: 'cx22', image: 'ubuntu-24.04', location: 'fsn1', labels: { key: 'value' } });
      expect(missingFields(fixture('servers-create'), created)).toEqual([]);
      await new Promise((r) => setTimeout(r, 150));
      expect(missingFields(fixture('servers-reboot'), await call('POST', `/servers/${created.server.id}/actions/reboot`))).toEqual([]);
      const key = await call('POST', '/ssh_keys', { name: 'k', public_key: utils.generateKeyPairSync('ed25519').public });
      expect(missingFields(fixture('ssh_keys-update'), await call('PUT', `/ssh_keys/${key.ssh_key.id}`, { labels: { key: 'value' } }))).toEqual([]);
      expect(missingFields(fixture('zones-create'), await call('POST', '/zones', { name: 'example.com', mode: 'primary' }))).toEqual([]);
      const rr = await call('POST', '/zones/example.com/rrsets', { name: 'www', type: 'A', ttl: 3600, labels: { key: 'value' }, records: [{ value: '198.51.100.1', comment: 'My web server at Hetzner Cloud.' }] });
      expect(missingFields(fixture('rrsets-create'), rr)).toEqual([]);
      expect(rr.rrset).toEqual({ ...fixture('rrsets-create').rrset, zone: rr.rrset.zone });
    });
  });
});
