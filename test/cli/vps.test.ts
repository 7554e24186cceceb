import { FakeInfraClient } from '../helpers/fake-client';
import { run } from './harness';

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

  test('a provider that is not configured exits 3 with the hint', async () => {
    const r = await run([...VPS, 'types', 'vultr']);
    expect(r.exitCode).toBe(3);
    expect(r.err).toBe('error: Provider vultr is not configured\nhint: Run: fazt dev config infra.vps.vultr --token xxx');
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
    expect(client.callsOf('vps.reboot')[0].args).toEqual(['fazt-staging']);
  });

  describe('create', () => {
    const args = [...VPS, 'create', 'hetzner', '--name', 'prod-2', '--type', 'cx22', '--region', 'fsn1'];

    test('validates every option before calling the client', async () => {
      const client = new FakeInfraClient();
      const bad = await run([...VPS, 'create', 'hetzner', '--name', 'Bad_Name!', '--type', 'cx22', '--region', 'fsn1', '--yes'], { client });
      expect(bad.exitCode).toBe(2);
      expect(bad.err).toMatch(/^error: Invalid options: name: server name "Bad_Name!" /);
      const email = await run([...args, '--install-fazt', '--email', 'not-an-email', '--yes'], { client });
      expect(email.exitCode).toBe(2);
      expect(email.err).toContain('adminEmail is not an email address');
      const noInstall = await run([...args, '--domain', 'example.com', '--yes'], { client });
      expect(noInstall.err).toBe('error: Invalid options: --domain and --email need --install-fazt');
      const missing = await run([...VPS, 'create', 'hetzner', '--name', 'x'], { client });
      expect(missing.exitCode).toBe(2);
      expect(missing.err).toContain("required option '--type <type>' not specified");
      expect(client.calls).toEqual([]);
    });

    test('--yes approves up front and prints step progress', async () => {
      const client = new FakeInfraClient();
      const r = await run([...args, '--yes', '--ssh-key', 'laptop', '--ssh-key', 'ci', '--install-fazt', '--domain', 'example.com'], { client });
      expect(r.exitCode).toBe(0);
      expect(r.prompts).toEqual([]);
      expect(r.err.split('\n')).toEqual([
        '[2/4] creating prod-2 …',
        '[3/4] waiting for 127.12.0.4 to boot …',
        '[4/4] waiting for cloud-init on 127.12.0.4 …',
      ]);
      expect(r.out).toMatch(/^Created prod-2\n/);
      const [input, opts] = client.callsOf('vps.create')[0].args as [Record<string, unknown>, Record<string, unknown>];
      expect(input).toEqual({
        provider: 'hetzner', name: 'prod-2', type: 'cx22', region: 'fsn1', image: 'ubuntu-24.04', sshKeys: ['laptop', 'ci'],
        installFazt: true, faztConfig: { domain: 'example.com' },
      });
      expect(opts.autoApprove).toBe(true);
    });

    test('on a terminal it shows the request and proceeds on "y"', async () => {
      const client = new FakeInfraClient();
      const r = await run([...args, '--json'], { client, isTTY: true, answers: ['y'] });
      expect(r.exitCode).toBe(0);
      expect(r.prompts).toEqual(['Proceed? [y/N] ']);
      expect(r.err).toContain('Create server prod-2 (cx22 in fsn1) for 3.79/month?');
      expect(r.err).toMatch(/^monthlyCost\s+3\.79$/m);
      expect(JSON.parse(r.out)).toMatchObject({ name: 'prod-2', status: 'running' });
      expect(client.servers.map((s) => s.name)).toContain('prod-2');
    });

    test('on a terminal "N" (or just Enter) cancels with exit code 5', async () => {
      for (const answer of ['N', '']) {
        const client = new FakeInfraClient();
        const r = await run(args, { client, isTTY: true, answers: [answer] });
        expect(r.exitCode).toBe(5);
        expect(r.err).toMatch(/error: Rejected; nothing was done$/);
        expect(client.servers.map((s) => s.name)).not.toContain('prod-2');
      }
    });

    test('without a terminal and without --yes the decision is left pending', async () => {
      const client = new FakeInfraClient();
      client.visibilityLag = 2;
      const r = await run(args, { client, isTTY: false });
      expect(r.exitCode).toBe(0);
      expect(r.prompts).toEqual([]);
      expect(r.err).toMatch(/^\[1\/4\] waiting for a decision: Create server prod-2 \(cx22 in fsn1\) for 3\.79\/month\? …$/m);
      expect(r.err).toContain('approve: fazt dev infra approve vps-create:hetzner:prod-2');
      expect(r.err).toContain('reject:  fazt dev infra reject vps-create:hetzner:prod-2');
      expect((await client.pending()).map((p) => p.workflowId)).toEqual(['vps-create:hetzner:prod-2']);
      // Approving from elsewhere lets the operation finish.
      const a = await run(['dev', 'infra', 'approve', 'vps-create:hetzner:prod-2'], { client });
      expect(a.out).toBe('Approved vps-create:hetzner:prod-2');
      await new Promise((r2) => setImmediate(r2));
      expect(client.ops.get('vps-create:hetzner:prod-2')?.status).toBe('COMPLETED');
    });
  });

  describe('destroy', () => {
    test('--yes destroys without asking', async () => {
      const client = new FakeInfraClient();
      const r = await run([...VPS, 'destroy', 'fazt-staging', '--yes'], { client });
      expect(r).toMatchObject({ exitCode: 0, out: 'Destroyed fazt-staging', prompts: [] });
      expect(client.servers.map((s) => s.name)).not.toContain('fazt-staging');
    });

    test('on a terminal it asks and shows the server', async () => {
      const client = new FakeInfraClient();
      const r = await run([...VPS, 'destroy', 'fazt-staging'], { client, isTTY: true, answers: ['no'] });
      expect(r.exitCode).toBe(5);
      expect(r.err).toContain('Destroy server fazt-staging (123.45.67.90)?');
      expect(r.err).toMatch(/^server\.ip\s+123\.45\.67\.90$/m);
      expect(client.servers.map((s) => s.name)).toContain('fazt-staging');
    });

    test('a bad server reference never reaches the client', async () => {
      const client = new FakeInfraClient();
      const r = await run([...VPS, 'destroy', 'rm -rf /', '--yes'], { client });
      expect(r.exitCode).toBe(2);
      expect(r.err).toBe('error: Invalid server: must be a server name or <provider>:<id>');
      expect(client.calls).toEqual([]);
    });
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
