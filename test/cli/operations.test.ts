import os from 'node:os';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';
import { run } from './harness';

const INFRA = ['dev', 'infra'];

describe('fazt dev infra launch on the real client', () => {
  let sys: TestSystem;
  const on = () => ({ deps: { client: async () => sys.client } });
  beforeAll(async () => {
    sys = await startSystem({
      sandbox: { providers: ['hetzner', 'cloudflare'], resolvers: [{ name: 'google', delayMs: 200 }] },
      zones: [{ zone: 'example.com', provider: 'cloudflare' }],
      settings: { 'infra.vps.default': 'hetzner' },
    });
    sys.client.close = async () => undefined;
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('launch --yes shows one progress line per step and a summary', async () => {
    const r = await run([...INFRA, 'launch', 'app.example.com', '--yes'], on());
    expect(r.exitCode).toBe(0);
    const lines = r.err.split('\n');
    // Progress is polled, so quick steps may be skipped; what shows is in step order, once each.
    for (const l of lines) expect(l).toMatch(/^\[\d\/9\] \S/);
    const steps = lines.map((l) => Number(/^\[(\d)/.exec(l)![1]));
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.some((l) => l.includes('waiting for a decision: Launch app.example.com: create app-example-com'))).toBe(true);
    const server = (await sys.client.dev.infra.vps.get('app-example-com'));
    expect(r.out.split('\n')[0]).toBe(`Launched app.example.com on app-example-com (${server.ip})`);
    expect(r.out).toMatch(new RegExp(`^A\\s+app\\s+${server.ip!.replace(/\./g, '\\.')}\\s+300$`, 'm'));
    expect(r.out).toMatch(/^Timings: .*create-server \d+\.\ds/m);
  });

  test('launch validates before anything starts', async () => {
    const before = sys.requests('hetzner').length + sys.requests('cloudflare').length;
    const r = await run([...INFRA, 'launch', 'not_a_name', '--provider', 'aws'], on());
    expect(r.exitCode).toBe(2);
    expect(r.err).toMatch(/^error: Invalid launch input: /);
    expect(sys.requests('hetzner').length + sys.requests('cloudflare').length).toBe(before);
    expect((await sys.client.operations({ limit: 100 })).map((o) => o.workflowId)).not.toContain('launch:not_a_name');
  });

  test('launch --detach prints the workflow id and how to follow and approve it', async () => {
    const r = await run([...INFRA, 'launch', 'detached.example.com', '--detach'], on());
    expect(r.exitCode).toBe(0);
    const lines = r.out.split('\n').filter((l) => !l.startsWith('Temporal UI: '));
    expect(lines).toEqual([
      'Started launch:detached.example.com',
      'Follow it:  fazt dev infra status launch:detached.example.com',
      'It waits for approval: fazt dev infra approve launch:detached.example.com',
    ]);
    // It really waits in its workflow for that decision.
    await eventually(async () => (await sys.client.pending()).some((p) => p.workflowId === 'launch:detached.example.com'));
    const j = await run([...INFRA, 'launch', 'json.example.com', '--detach', '--yes', '--json'], on());
    expect(JSON.parse(j.out)).toMatchObject({ workflowId: 'launch:json.example.com', runId: expect.any(String) });
  });
});

describe('pending / approve / reject / status / operations on the real client', () => {
  let sys: TestSystem;
  const on = () => ({ deps: { client: async () => sys.client } });
  const create = (name: string) => run([...INFRA, 'vps', 'create', 'hetzner', '--name', name, '--type', 'cx22', '--region', 'fsn1'], on());
  /** Polls `check` (Temporal visibility follows workflows a moment later); fails after 100 tries. */
  const until = async <T>(read: () => Promise<T>, check: (v: T) => boolean): Promise<T> => {
    let v = await read();
    for (let i = 0; i < 100 && !check(v); i++) {
      await new Promise((r) => setTimeout(r, 100));
      v = await read();
    }
    expect(check(v)).toBe(true);
    return v;
  };
  const statusOf = async (id: string) => JSON.parse((await run([...INFRA, 'status', id, '--json'], on())).out) as { status: string };

  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['hetzner'], hosts: true, dns: false } });
    sys.client.close = async () => undefined;
    await sys.client.dev.infra.vps.create({ provider: 'hetzner', name: 'ops-1', type: 'cx22', region: 'fsn1' }, { autoApprove: true });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('pending lists decisions; approve and reject decide them', async () => {
    expect((await run([...INFRA, 'vps', 'destroy', 'ops-1'], on())).err).toContain('approve: fazt dev infra approve vps-destroy:ops-1');
    expect((await create('ops-2')).err).toContain('approve: fazt dev infra approve vps-create:hetzner:ops-2');
    const p = await until(() => run([...INFRA, 'pending'], on()), (r) => r.out.split('\n').length === 3);
    const lines = p.out.split('\n');
    expect(lines[0]).toMatch(/^WORKFLOW\s+ACTION\s+REASON\s+EXPIRES$/);
    expect(lines.slice(1).sort()).toEqual([
      expect.stringMatching(/^vps-create:hetzner:ops-2\s+vps\.create\s+Create server ops-2 \(cx22 in fsn1, ubuntu-24\.04\) at hetzner for /),
      expect.stringMatching(/^vps-destroy:ops-1\s+vps\.destroy\s+Destroy server ops-1 \(/),
    ]);

    const rej = await run([...INFRA, 'reject', 'vps-destroy:ops-1', '--reason', 'wrong server'], on());
    expect(rej.out.split('\n')[0]).toBe(`Rejected vps-destroy:ops-1 as ${os.userInfo().username} (cli)`);
    const ok = await run([...INFRA, 'approve', 'vps-create:hetzner:ops-2'], on());
    expect(ok.out.split('\n')[0]).toBe(`Approved vps-create:hetzner:ops-2 as ${os.userInfo().username} (cli)`);
    await until(() => run([...INFRA, 'pending'], on()), (r) => r.out === 'Nothing is waiting for a decision.');
    expect((await until(() => statusOf('vps-destroy:ops-1'), (s) => s.status !== 'RUNNING')).status).toBe('FAILED');
    expect((await until(() => statusOf('vps-create:hetzner:ops-2'), (s) => s.status !== 'RUNNING')).status).toBe('COMPLETED');
    expect((await sys.client.dev.infra.vps.list()).map((s) => s.name)).toEqual(['ops-1', 'ops-2']);
  });

  test('approve of an unknown workflow exits 4; a malformed id exits 2', async () => {
    expect((await run([...INFRA, 'approve', 'nope:1'], on())).exitCode).toBe(4);
    const bad = await run([...INFRA, 'approve', 'has spaces'], on());
    expect(bad.exitCode).toBe(2);
    expect(bad.err).toBe('error: Invalid workflow id: may contain letters, digits and : . _ @ / - only');
  });

  test('status shows steps and the pending decision', async () => {
    await create('ops-3');
    const s = await run([...INFRA, 'status', 'vps-create:hetzner:ops-3'], on());
    expect(s.out).toMatch(/^vps-create:hetzner:ops-3: RUNNING \(vps\.create, step confirm\)$/m);
    expect(s.out).toMatch(/^STEP\s+STARTED\s+FINISHED\s+DETAIL$/m);
    expect(s.out).toContain('Needs a decision: Create server ops-3 (cx22 in fsn1, ubuntu-24.04) at hetzner for ');
    expect(s.out).toContain('approve: fazt dev infra approve vps-create:hetzner:ops-3');
    const j = JSON.parse((await run([...INFRA, 'status', 'vps-create:hetzner:ops-3', '--json'], on())).out);
    expect(j).toMatchObject({ status: 'RUNNING', pendingConfirmation: { action: 'vps.create', workflowId: 'vps-create:hetzner:ops-3' } });
    await run([...INFRA, 'reject', 'vps-create:hetzner:ops-3'], on());
  });

  test('operations lists recent workflows; --limit is validated', async () => {
    const r = await until(() => run([...INFRA, 'operations', '--limit', '50'], on()), (x) => x.out.includes('vps-create:hetzner:ops-1'));
    expect(r.out.split('\n')[0]).toMatch(/^WORKFLOW\s+TYPE\s+STATUS\s+PROVIDER\s+STARTED$/);
    expect(r.out).toMatch(/^vps-create:hetzner:ops-1\s+provisionServer\s+COMPLETED\s+hetzner\s+\d{4}-/m);
    const bad = await run([...INFRA, 'operations', '--limit', '0'], on());
    expect(bad.err).toBe('error: Invalid options: --limit must be between 1 and 1000');
    expect(JSON.parse((await run([...INFRA, 'operations', '--json', '--limit', '2'], on())).out)).toHaveLength(2);
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
