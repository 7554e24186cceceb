import { FakeInfraClient } from '../helpers/fake-client';
import { startSystem, type TestSystem } from '../helpers/system';
import { run } from './harness';

const INFRA = ['dev', 'infra'];

describe('fazt dev infra launch / status / pending / approve / reject / operations', () => {
  test('launch --yes shows progress lines and a summary', async () => {
    const client = new FakeInfraClient();
    const r = await run([...INFRA, 'launch', 'app.example.com', '--yes'], { client });
    expect(r.exitCode).toBe(0);
    expect(r.err.split('\n')).toEqual([
      '[2/5] creating server …',
      '[3/5] waiting for cloud-init on 127.12.0.9 …',
      '[4/5] setting app.example.com …',
      '[5/5] waiting for app.example.com to propagate …',
    ]);
    expect(r.out).toMatch(/^Launched app\.example\.com on app-example-com \(127\.12\.0\.9\)\n/);
    expect(r.out).toMatch(/^A\s+app\s+127\.12\.0\.9\s+300$/m);
    expect(r.out).toContain('Timings: create 1.2s, cloud-init 2.1s, dns 0.3s, propagation 0.9s');
  });

  test('launch validates before calling the client', async () => {
    const client = new FakeInfraClient();
    const r = await run([...INFRA, 'launch', 'not_a_name', '--provider', 'aws'], { client });
    expect(r.exitCode).toBe(2);
    expect(r.err).toMatch(/^error: Invalid launch input: /);
    expect(client.calls).toEqual([]);
  });

  test('launch --detach prints the workflow id and the Temporal UI link', async () => {
    const client = new FakeInfraClient();
    const r = await run([...INFRA, 'launch', 'app.example.com', '--detach'], { client });
    expect(r.out.split('\n')).toEqual([
      'Started launch:app.example.com',
      'Temporal UI: http://127.0.0.1:8233/namespaces/default/workflows/launch:app.example.com',
      'Follow it:  fazt dev infra status launch:app.example.com',
      'It waits for approval: fazt dev infra approve launch:app.example.com',
    ]);
    const j = await run([...INFRA, 'launch', 'b.example.com', '--detach', '--yes', '--json'], { client: new FakeInfraClient() });
    expect(JSON.parse(j.out)).toMatchObject({ workflowId: 'launch:b.example.com', runId: 'run-1' });
  });

  test('pending lists decisions; approve and reject decide them', async () => {
    const client = new FakeInfraClient();
    await run([...INFRA, 'launch', 'app.example.com', '--detach'], { client });
    await run([...INFRA, 'vps', 'destroy', 'fazt-staging'], { client });
    const p = await run([...INFRA, 'pending'], { client });
    const lines = p.out.split('\n');
    expect(lines[0]).toMatch(/^WORKFLOW\s+ACTION\s+REASON\s+EXPIRES$/);
    expect(lines[1]).toMatch(/^launch:app\.example\.com\s+launch\s+Launch app\.example\.com on a new hetzner server/);
    expect(lines[2]).toMatch(/^vps-destroy:hetzner:102\s+vps\.destroy\s+Destroy server fazt-staging \(123\.45\.67\.90\)\?/);
    const pj = JSON.parse((await run([...INFRA, 'pending', '--json'], { client })).out);
    expect(pj.map((x: { workflowId: string }) => x.workflowId)).toEqual(['launch:app.example.com', 'vps-destroy:hetzner:102']);

    const rej = await run([...INFRA, 'reject', 'vps-destroy:hetzner:102', '--reason', 'wrong server'], { client });
    expect(rej.out).toBe('Rejected vps-destroy:hetzner:102');
    expect(client.ops.get('vps-destroy:hetzner:102')?.decisions).toEqual([{ approved: false, by: 'cli', reason: 'wrong server' }]);
    const ok = await run([...INFRA, 'approve', 'launch:app.example.com'], { client });
    expect(ok.out).toBe('Approved launch:app.example.com');
    expect(client.ops.get('launch:app.example.com')?.decisions).toEqual([{ approved: true, by: 'cli' }]);
    expect((await run([...INFRA, 'pending'], { client })).out).toBe('Nothing is waiting for a decision.');
  });

  test('approve of an unknown workflow exits 4; a malformed id exits 2 without a call', async () => {
    const client = new FakeInfraClient();
    expect((await run([...INFRA, 'approve', 'nope:1'], { client })).exitCode).toBe(4);
    const before = client.calls.length;
    const bad = await run([...INFRA, 'approve', 'has spaces'], { client });
    expect(bad.exitCode).toBe(2);
    expect(bad.err).toBe('error: Invalid workflow id: may contain letters, digits and : . _ @ / - only');
    expect(client.calls.length).toBe(before);
  });

  test('status shows steps and the pending decision', async () => {
    const client = new FakeInfraClient();
    await run([...INFRA, 'vps', 'create', 'hetzner', '--name', 'p3', '--type', 'cx22', '--region', 'fsn1'], { client });
    const s = await run([...INFRA, 'status', 'vps-create:hetzner:p3'], { client });
    expect(s.out).toMatch(/^vps-create:hetzner:p3: RUNNING \(vps\.create, step confirm\)$/m);
    expect(s.out).toMatch(/^STEP\s+STARTED\s+FINISHED\s+DETAIL$/m);
    expect(s.out).toContain('Needs a decision: Create server p3 (cx22 in fsn1) for 3.79/month?');
    expect(s.out).toContain('approve: fazt dev infra approve vps-create:hetzner:p3');
    const j = JSON.parse((await run([...INFRA, 'status', 'vps-create:hetzner:p3', '--json'], { client })).out);
    expect(j).toMatchObject({ status: 'RUNNING', pendingConfirmation: { action: 'vps.create' } });
  });

  test('operations lists recent workflows; --limit is validated', async () => {
    const client = new FakeInfraClient();
    await run([...INFRA, 'vps', 'destroy', 'fazt-staging', '--yes'], { client });
    const r = await run([...INFRA, 'operations'], { client });
    expect(r.out.split('\n')).toEqual([
      'WORKFLOW                 TYPE           STATUS     PROVIDER  STARTED',
      'vps-destroy:hetzner:102  destroyServer  COMPLETED  hetzner   2025-01-15T10:00:00.000Z',
    ]);
    const bad = await run([...INFRA, 'operations', '--limit', '0'], { client });
    expect(bad.err).toBe('error: Invalid options: --limit must be between 1 and 1000');
    expect(JSON.parse((await run([...INFRA, 'operations', '--json', '--limit', '5'], { client })).out)).toHaveLength(1);
  });
});

describe('fazt dev infra ssh-keys on the real client', () => {
  const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@laptop';
  let sys: TestSystem;
  const on = () => ({ deps: { client: async () => sys.client } });
  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['hetzner'], hosts: false, dns: false } });
    // The program closes its client after each command; the shared system client must stay open.
    sys.client.close = async () => undefined;
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('list, add and remove', async () => {
    expect((await run([...INFRA, 'ssh-keys', 'list', 'hetzner'], on())).out).toBe('No SSH keys.');
    const a = await run([...INFRA, 'ssh-keys', 'add', 'hetzner', '--name', 'ci', '--key', KEY], on());
    expect(a.out).toMatch(/^Added ci \(\S+\) to hetzner$/);
    const listed = JSON.parse((await run([...INFRA, 'ssh-keys', 'list', 'hetzner', '--json'], on())).out);
    expect(listed).toEqual([expect.objectContaining({ name: 'ci', publicKey: KEY })]);
    const rm = await run([...INFRA, 'ssh-keys', 'remove', 'hetzner', '--name', 'ci'], on());
    expect(rm.out).toBe('Removed ci from hetzner');
    expect(JSON.parse((await run([...INFRA, 'ssh-keys', 'list', 'hetzner', '--json'], on())).out)).toEqual([]);
  });

  test('a malformed public key is refused before any provider call', async () => {
    const before = sys.requests('hetzner').length;
    const r = await run([...INFRA, 'ssh-keys', 'add', 'hetzner', '--name', 'x', '--key', 'not a key'], on());
    expect(r.exitCode).toBe(2);
    expect(r.err).toMatch(/^error: Invalid --key: is not an OpenSSH public key line/);
    expect(sys.requests('hetzner').length).toBe(before);
  });
});
