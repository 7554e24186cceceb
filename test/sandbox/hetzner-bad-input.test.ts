/**
 * Bad input never crashes the Hetzner simulator or half-creates anything: every malformed body on
 * every write route gets a 4xx in Hetzner's error shape, and the state is unchanged afterwards.
 */
import { serverBody, startHetzner, until, type SimClient } from './hetzner-sim';

const BODIES: unknown[] = [
  null, [], 'text', 42, true, {},
  { name: 5 }, { name: 'x', labels: [] }, { labels: { k: 5 } }, { records: 'x' }, { records: [1] }, { records: [{ value: 7 }] },
  { ssh_keys: {} }, { public_net: 3 }, { public_net: { enable_ipv4: 'no' } }, { ttl: 'long' }, { ttl: 10 }, { mode: 'weird', name: 'a.example' },
  { delete: 'yes' }, { server_type: [], image: {}, name: 'fz' }, { name: 'fz', server_type: 'cx22', image: 'ubuntu-24.04', location: 'mars' },
];

describe('Hetzner simulator: malformed bodies', () => {
  let h: SimClient;
  let serverId: number;
  let keyId: number;
  beforeAll(async () => {
    h = await startHetzner();
    serverId = (await h.call('POST', '/servers', serverBody('fuzz-base'))).body.server.id;
    keyId = (await h.call('POST', '/ssh_keys', { name: 'fk', public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGjPDl0eF0fYzmQkHqo1d3N4vXfm1a5b7b5dQp8s0p5n' })).body.ssh_key.id;
    await h.call('POST', '/zones', { name: 'fuzz.example', mode: 'primary' });
    await h.call('POST', '/zones/fuzz.example/rrsets', { name: 'www', type: 'A', records: [{ value: '192.0.2.1' }] });
    await until(async () => (await h.call('GET', `/servers/${serverId}`)).body.server.status === 'running');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers every one with a 4xx Hetzner error and changes nothing', async () => {
    const routes: Array<[string, string]> = [
      ['POST', '/servers'], ['PUT', `/servers/${serverId}`], ['POST', `/servers/${serverId}/actions/change_protection`],
      ['POST', '/ssh_keys'], ['PUT', `/ssh_keys/${keyId}`],
      ['POST', '/zones'], ['PUT', '/zones/fuzz.example'], ['POST', '/zones/fuzz.example/rrsets'], ['PUT', '/zones/fuzz.example/rrsets/www/A'],
      ...['set_records', 'add_records', 'remove_records', 'update_records', 'change_ttl', 'change_protection'].map((a): [string, string] => ['POST', `/zones/fuzz.example/rrsets/www/A/actions/${a}`]),
      ['POST', '/zones/fuzz.example/rrsets/new/A/actions/add_records'],
    ];
    const before = (await h.sandbox.harness.hetzner.sim.dump()) as Record<string, unknown>;
    const snapshot = JSON.stringify({ ...before, actions: undefined, nextId: undefined });
    const problems: string[] = [];
    for (const [method, path] of routes) {
      for (const body of BODIES) {
        const r = await h.call(method, path, undefined, { raw: JSON.stringify(body) });
        // `{}` is a valid no-op for updates and server change_protection (all fields optional).
        if (r.status < 300 && (method === 'PUT' || path.endsWith('/servers/' + serverId + '/actions/change_protection')) && JSON.stringify(body) === '{}') continue;
        const ok = r.status >= 400 && r.status < 500 && typeof r.body?.error?.code === 'string' && typeof r.body.error.message === 'string';
        if (!ok) problems.push(`${method} ${path} ${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`);
      }
    }
    expect(problems).toEqual([]);
    const after = h.sandbox.harness.hetzner.sim.dump() as Record<string, unknown>;
    expect(JSON.stringify({ ...after, actions: undefined, nextId: undefined })).toBe(snapshot);
  });
});
