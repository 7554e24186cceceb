import os from 'node:os';
import { FakeInfraClient } from '../helpers/fake-client';
import { startSystem, type TestSystem } from '../helpers/system';
import { run, statusOf } from './harness';

const VPS = ['dev', 'infra', 'vps'];

describe('fazt dev infra vps', () => {
  test('list prints an aligned table', async () => {
    const r = await run([...VPS, 'list']);
    expect(r.exitCode).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+PROVIDER\s+IP\s+STATUS\s+TYPE\s+REGION\s+COST\/MO\s+ID$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^fazt-prod-1\s+hetzner\s+123\.45\.67\.89\s+running\s+cx22\s+fsn1\s+3\.79\s+hetzner:101$/);
    // Columns line up: every row has the PROVIDER column at the same offset.
    const at = lines[0].indexOf('PROVIDER');
    for (const l of lines.slice(1)) expect(l.slice(at, at + 7)).toMatch(/^(hetzner|digital)/);
    expect(lines[3]).toContain(' - ');
  });

  test('list --json prints plain JSON', async () => {
    const r = await run([...VPS, 'list', '--json']);
    const parsed = JSON.parse(r.out);
    expect(parsed.map((s: { name: string }) => s.name)).toEqual(['fazt-prod-1', 'fazt-staging', 'edge<b>1</b>']);
  });

  test('types and regions print tables and JSON', async () => {
    const t = await run([...VPS, 'types', 'hetzner']);
    expect(t.out).toMatch(/^ID\s+VCPUS\s+RAM \(MiB\)\s+DISK \(GB\)\s+PRICE\/MO/);
    expect(t.out).toMatch(/cx22\s+2\s+4096\s+40\s+3\.79 EUR/);
    const rj = await run([...VPS, 'regions', 'hetzner', '--json']);
    expect(JSON.parse(rj.out)[0]).toEqual({ id: 'fsn1', name: 'Falkenstein', country: 'DE' });
  });

  test('an unknown provider is rejected before any client call', async () => {
    const client = new FakeInfraClient();
    const r = await run([...VPS, 'types', 'aws'], { client });
    expect(r.exitCode).toBe(2);
    expect(r.err).toBe('error: Invalid provider: provider must be one of: hetzner, digitalocean, vultr');
    expect(client.calls).toEqual([]);
  });

  test('--json errors print the error JSON', async () => {
    const r = await run([...VPS, 'get', 'nope', '--json']);
    expect(r.exitCode).toBe(4);
    expect(JSON.parse(r.out)).toEqual({ error: { code: 'INFRA_NOT_FOUND', message: 'Server nope not found' } });
  });

  test('get and status print key/value blocks', async () => {
    const g = await run([...VPS, 'get', 'fazt-prod-1']);
    expect(g.out).toMatch(/^id\s+hetzner:101$/m);
    expect(g.out).toMatch(/^ip\s+123\.45\.67\.89$/m);
    const s = await run([...VPS, 'status', 'hetzner:101']);
    expect(s.out).toMatch(/^fazt\s+healthy$/m);
    expect(s.out).toMatch(/^load\s+0\.5, 0\.3, 0\.2$/m);
    const sj = await run([...VPS, 'status', 'fazt-prod-1', '--json']);
    expect(JSON.parse(sj.out).faztVersion).toBe('0.8.0');
  });

  test('exec prints output and passes the remote exit code on', async () => {
    const ok = await run([...VPS, 'exec', 'fazt-prod-1', 'fazt pulse status']);
    expect(ok).toMatchObject({ exitCode: 0, out: 'ran: fazt pulse status' });
    const bad = await run([...VPS, 'exec', 'fazt-prod-1', 'false']);
    expect(bad).toMatchObject({ exitCode: 1, err: 'failed' });
  });

  test('exec whose connection dropped prints the output received before the error', async () => {
    const r = await run([...VPS, 'exec', 'fazt-prod-1', 'drop-connection']);
    expect(r.exitCode).not.toBe(0);
    expect(r.out).toBe('half');
    expect(r.err).toContain('warn');
    expect(r.err).toContain('may or may not have completed');
  });

  test('reboot names the server', async () => {
    const client = new FakeInfraClient();
    const r = await run([...VPS, 'reboot', 'fazt-staging'], { client });
    expect(r.out).toBe('Rebooting fazt-staging');
    expect(client.callsOf('vps.reboot')[0].args).toEqual([{ server: 'fazt-staging' }]);
  });

  test('ssh resolves the server through the client and opens a shell on its IP', async () => {
    const client = new FakeInfraClient();
    const shells: unknown[] = [];
    const r = await run([...VPS, 'ssh', 'fazt-prod-1'], {
      client, deps: { openShell: async (t) => (shells.push(t), 0) },
    });
    expect(r.exitCode).toBe(0);
    expect(shells).toEqual([{ host: '123.45.67.89', server: 'fazt-prod-1' }]);
    const noIp = await run([...VPS, 'ssh', 'digitalocean:9001'], { client, deps: { openShell: async () => 0 } });
    expect(noIp.exitCode).toBe(1);
    expect(noIp.err).toContain('has no IPv4 address yet');
  });
});

describe('fazt dev infra vps create / destroy / exec on the real client', () => {
  let sys: TestSystem;
  const on = (o: { isTTY?: boolean; answers?: string[] } = {}) => ({ ...o, deps: { client: async () => sys.client } });
  const create = (name: string) => [...VPS, 'create', 'hetzner', '--name', name, '--type', 'cx22', '--region', 'fsn1'];
  const names = async () => (await sys.client.dev.infra.vps.list()).map((s) => s.name);
  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['hetzner'], hosts: true, dns: false } });
    sys.client.close = async () => undefined;
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('a provider that is not configured exits 3', async () => {
    const r = await run([...VPS, 'types', 'vultr'], on());
    expect(r.exitCode).toBe(3);
    expect(r.err).toMatch(/^error: .*vultr/);
  });

  test('--yes approves up front and prints step progress', async () => {
    const r = await run([...create('prod-2'), '--yes', '--install-fazt', '--domain', 'example.com'], on());
    expect(r.exitCode).toBe(0);
    expect(r.prompts).toEqual([]);
    const lines = r.err.split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(/^\[\d+\/7\] \S/);
    expect(r.out).toMatch(/^Created prod-2\n/);
  });

  test('on a terminal it shows the request and proceeds on "y"', async () => {
    const r = await run([...create('prod-3'), '--json'], on({ isTTY: true, answers: ['y'] }));
    expect(r.exitCode).toBe(0);
    expect(r.prompts).toEqual(['Proceed? [y/N] ']);
    expect(r.err).toContain('Create server prod-3 (cx22 in fsn1, ubuntu-24.04) at hetzner for ');
    expect(r.err).toMatch(/^monthlyCost\s+\d/m);
    expect(JSON.parse(r.out)).toMatchObject({ name: 'prod-3', status: 'running' });
  });

  test('on a terminal "N" (or just Enter) cancels with exit code 5', async () => {
    for (const [i, answer] of ['N', ''].entries()) {
      const r = await run(create(`nope-${i}`), on({ isTTY: true, answers: [answer] }));
      expect(r.exitCode).toBe(5);
      expect(r.err).toMatch(/error: Rejected/);
      expect(await names()).not.toContain(`nope-${i}`);
    }
  });

  test('without a terminal and without --yes the decision is left pending; approve from elsewhere finishes it', async () => {
    const r = await run(create('prod-4'), on());
    expect(r.exitCode).toBe(0);
    expect(r.prompts).toEqual([]);
    expect(r.err).toMatch(/^\[\d+\/7\] waiting for a decision: Create server prod-4 \(cx22 in fsn1, ubuntu-24\.04\) at hetzner for .* …$/m);
    expect(r.err).toContain('approve: fazt dev infra approve vps-create:hetzner:prod-4');
    expect(r.err).toContain('reject:  fazt dev infra reject vps-create:hetzner:prod-4');
    const a = await run(['dev', 'infra', 'approve', 'vps-create:hetzner:prod-4'], on());
    expect(a.out.split('\n')[0]).toBe(`Approved vps-create:hetzner:prod-4 as ${os.userInfo().username} (cli)`);
    expect(await statusOf('vps-create:hetzner:prod-4', on())).toBe('COMPLETED');
  });

  test('exec passes the remote exit code on', async () => {
    const bad = await run([...VPS, 'exec', 'prod-3', 'no-such-command'], on());
    expect(bad.exitCode).toBe(127);
    expect(bad.err).toContain('command not found');
  });

  test('destroy on a terminal asks and shows the server; --yes destroys without asking', async () => {
    const asked = await run([...VPS, 'destroy', 'prod-3'], on({ isTTY: true, answers: ['no'] }));
    expect(asked.exitCode).toBe(5);
    expect(asked.err).toContain('Destroy server prod-3 (');
    expect(asked.err).toMatch(/^server\.ip\s+\d+\.\d+\.\d+\.\d+$/m);
    expect(await names()).toContain('prod-3');
    const r = await run([...VPS, 'destroy', 'prod-3', '--yes'], on());
    expect(r).toMatchObject({ exitCode: 0, out: 'Destroyed prod-3', prompts: [] });
    expect(sys.requests('hetzner', 'DELETE', /\/v1\/servers\//)).toHaveLength(1);
  });
});
