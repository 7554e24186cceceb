/**
 * Lifecycles on a controlled clock: the simulator derives statuses from ctx.now(), so a fake clock
 * makes every step observable without sleeping. Served over real HTTP by the sandbox harness.
 */
import { SimHarness } from '../../src/sandbox/core/harness';
import { AddressOnlyHosts } from '../../src/sandbox/core/null-hosts';
import type { HostRequest } from '../../src/sandbox/core/types';
import { createHetznerSim } from '../../src/sandbox/hetzner';

describe('Hetzner simulator lifecycle (fake clock)', () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const released: string[] = [];
  const allocated: HostRequest[] = [];
  const hosts = new AddressOnlyHosts();
  const origAllocate = hosts.allocate.bind(hosts);
  hosts.allocate = (r: HostRequest) => {
    allocated.push(r);
    return origAllocate(r);
  };
  const origRelease = hosts.release.bind(hosts);
  hosts.release = (p: string, id: string) => {
    released.push(id);
    origRelease(p, id);
  };
  const sim = createHetznerSim({ now: () => now, hosts, bootMs: 10_000, actionMs: 2_000, serverQuota: 5 });
  const harness = new SimHarness(sim, { now: () => now });
  let base = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method, headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const status = async (id: number) => (await call('GET', `/servers/${id}`)).body.server?.status ?? 'gone';

  beforeAll(async () => {
    base = await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('walks initializing → starting → running, with action progress, then reboot, power off and delete', async () => {
    const r = await call('POST', '/servers', { name: 'clock-1', server_type: 'cpx11', image: 'debian-12', location: 'sin' });
    expect(r.status).toBe(201);
    const id = r.body.server.id;
    expect(await status(id)).toBe('initializing');
    now += 2_500;
    expect((await call('GET', `/actions/${r.body.action.id}`)).body.action).toMatchObject({ status: 'running', progress: 50 });
    now += 3_000;
    expect(await status(id)).toBe('starting');
    expect((await call('GET', `/actions/${r.body.action.id}`)).body.action).toMatchObject({ status: 'success', progress: 100 });
    expect((await call('GET', `/servers/${id}`)).body.server.locked).toBe(true);
    now += 5_000;
    expect(await status(id)).toBe('running');
    expect((await call('GET', `/servers/${id}`)).body.server.locked).toBe(false);

    const reboot = await call('POST', `/servers/${id}/actions/reboot`);
    expect(reboot.body.action).toMatchObject({ command: 'reboot_server', status: 'running' });
    expect((await call('POST', `/servers/${id}/actions/poweroff`)).status).toBe(423);
    now += 2_000;
    expect((await call('POST', `/servers/${id}/actions/poweroff`)).status).toBe(201);
    expect(await status(id)).toBe('stopping');
    now += 2_000;
    expect(await status(id)).toBe('off');

    const del = await call('DELETE', `/servers/${id}`);
    expect(del.status).toBe(200);
    expect(released).toContain(String(id));
    expect(await status(id)).toBe('deleting');
    expect((await call('DELETE', `/servers/${id}`)).body.error.code).toBe('locked');
    now += 2_000;
    expect(await status(id)).toBe('gone');
    expect((await call('GET', `/servers/${id}`)).status).toBe(404);
  });

  it('hands the host its plain user data, the named keys\' OpenSSH lines and the boot time', async () => {
    const pub = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGjPDl0eF0fYzmQkHqo1d3N4vXfm1a5b7b5dQp8s0p5n host@test';
    const key = await call('POST', '/ssh_keys', { name: 'host-key', public_key: pub });
    expect(key.status).toBe(201);
    const r = await call('POST', '/servers', { name: 'clock-host', server_type: 'cx22', image: 'ubuntu-24.04', ssh_keys: ['host-key'], user_data: '#cloud-config\nruncmd: [echo hi]\n' });
    expect(allocated.at(-1)).toEqual({
      provider: 'hetzner', serverId: String(r.body.server.id), name: 'clock-host', userData: '#cloud-config\nruncmd: [echo hi]\n', authorizedKeys: [pub], bootAt: now + 10_000,
    });
  });

  it('creates a stopped server when start_after_create is false', async () => {
    const r = await call('POST', '/servers', { name: 'clock-off', server_type: 'cx22', image: 'ubuntu-22.04', start_after_create: false });
    expect(r.body.next_actions).toEqual([]);
    now += 4_000;
    expect(await status(r.body.server.id)).toBe('initializing');
    now += 1_000;
    expect(await status(r.body.server.id)).toBe('off');
    expect(r.body.server.location.name).toBe('fsn1');
  });

  it('records DNS versions with createdAt/deletedAt for the sandbox resolvers', async () => {
    await call('POST', '/zones', { name: 'clock.example', mode: 'primary', ttl: 600 });
    const t0 = now;
    await call('POST', '/zones/clock.example/rrsets', { name: 'www', type: 'A', records: [{ value: '192.0.2.1' }] });
    await call('POST', '/zones/clock.example/rrsets', { name: '@', type: 'MX', ttl: 300, records: [{ value: '10 mail' }] });
    await call('POST', '/zones/clock.example/rrsets', { name: '@', type: 'TXT', records: [{ value: '"v=spf1" " -all"' }] });
    now += 1_000;
    await call('POST', '/zones/clock.example/rrsets/www/A/actions/set_records', { records: [{ value: '192.0.2.2' }] });
    const views = sim.dnsSource!.records().filter((v) => v.fqdn.endsWith('clock.example'));
    expect(sim.dnsSource!.zones()).toContain('clock.example');
    expect(views).toEqual(expect.arrayContaining([
      { fqdn: 'www.clock.example', type: 'A', value: '192.0.2.1', ttl: 600, createdAt: t0, deletedAt: t0 + 1_000 },
      { fqdn: 'www.clock.example', type: 'A', value: '192.0.2.2', ttl: 600, createdAt: t0 + 1_000 },
      { fqdn: 'clock.example', type: 'MX', value: '10 mail.clock.example', ttl: 300, createdAt: t0 },
      { fqdn: 'clock.example', type: 'TXT', value: 'v=spf1 -all', ttl: 600, createdAt: t0 },
      expect.objectContaining({ fqdn: 'clock.example', type: 'NS', value: 'hydrogen.ns.hetzner.com' }),
    ]));
    now += 1_000;
    await call('DELETE', '/zones/clock.example');
    const after = sim.dnsSource!.records().filter((v) => v.fqdn.endsWith('clock.example'));
    expect(after.every((v) => v.deletedAt !== undefined)).toBe(true);
    expect(sim.dnsSource!.zones()).not.toContain('clock.example');
  });
});
