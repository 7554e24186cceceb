/**
 * Hetzner's official CLI (`hcloud` 1.30.3 as Debian packages it, hcloud-cli), unchanged, against
 * the sandbox's Hetzner simulator: catalogue, SSH keys, the server lifecycle with label selectors,
 * user data, reboot and delete, and the CLI's error messages. The CLI is pointed at the simulator
 * only through its documented environment (HCLOUD_ENDPOINT, HCLOUD_TOKEN, HCLOUD_CONFIG) and
 * `--poll-interval`; assertions are on what it prints (`-o json` where 1.30.3 offers it).
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateEd25519 } from '../../src/ssh/keys';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import type { HetznerState } from '../../src/sandbox/hetzner/state';

const TOKEN = 'hcloud-cli-test-token';
const ROOT = path.resolve(__dirname, '../..');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the hcloud CLI (Debian hcloud-cli 1.30.3) against the Hetzner simulator', () => {
  let sandbox: Sandbox;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  /**
   * Runs `hcloud` with the test's environment; never throws, the exit code is asserted on. The
   * output is checked for the token first (a boolean, so a failure cannot print it either).
   */
  const hcloud = async (args: string[], extra: Record<string, string> = {}): Promise<CliResult> => {
    const result = await new Promise<CliResult>((resolve) => {
      execFile('hcloud', ['--poll-interval', '50ms', ...args], { env: { ...env, ...extra }, cwd: dir, timeout: 20000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      });
    });
    expect(`${result.stdout}${result.stderr}`.includes(TOKEN)).toBe(false);
    return result;
  };
  /** Runs `hcloud … -o json` and parses what it printed, failing with its stderr when it exits non-zero. */
  const json = async <T = any>(args: string[]): Promise<T> => {
    const r = await hcloud([...args, '-o', 'json']);
    if (r.code !== 0) throw new Error(`hcloud ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };

  beforeAll(async () => {
    execFileSync('bash', [path.join(ROOT, 'scripts/ensure-debian-clients.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
    sandbox = await startSandbox({ providers: ['hetzner'], hosts: false, dns: false, bootMs: 200, actionMs: 50, tokens: { hetzner: [TOKEN] } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-hcloud-cli-'));
    // A fresh config file and HOME: the CLI reads no context or token from the machine it runs on.
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      HCLOUD_CONFIG: path.join(dir, 'cli.toml'),
      HCLOUD_ENDPOINT: sandbox.urls.hetzner,
      HCLOUD_TOKEN: TOKEN,
    };
  });
  afterAll(async () => {
    await sandbox?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists server types with per-location prices as JSON, and locations and images as tables', async () => {
    const types = await json<any[]>(['server-type', 'list']);
    const cx22 = types.find((t) => t.name === 'cx22');
    expect(types.map((t) => t.name)).toEqual(expect.arrayContaining(['cx22', 'cpx11', 'cax11', 'ccx13']));
    expect(cx22).toMatchObject({ cores: 2, memory: 4, disk: 40, cpu_type: 'shared' });
    expect(cx22.prices.find((p: any) => p.location === 'fsn1')).toEqual({
      location: 'fsn1',
      price_hourly: { net: '0.0052000000000000', gross: '0.0062000000000000' },
      price_monthly: { net: '3.7900000000000000', gross: '4.5101000000000000' },
    });

    const locations = await hcloud(['location', 'list']);
    expect(locations.code).toBe(0);
    const rows = locations.stdout.trim().split('\n').map((l) => l.split(/\s{2,}/));
    expect(rows[0]).toEqual(['ID', 'NAME', 'DESCRIPTION', 'NETWORK ZONE', 'COUNTRY', 'CITY']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['fsn1', 'nbg1', 'hel1', 'ash', 'hil', 'sin']);
    expect(rows.find((r) => r[1] === 'fsn1')?.slice(3, 5)).toEqual(['eu-central', 'DE']);

    const images = await hcloud(['image', 'list', '-o', 'columns=type,name,description']);
    expect(images.code).toBe(0);
    const imageRows = images.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s{2,}/));
    expect(imageRows).toContainEqual(['system', 'ubuntu-24.04', 'Ubuntu 24.04']);
    expect(imageRows).toContainEqual(['system', 'debian-12', 'Debian 12']);
  });

  it('creates an SSH key and a labelled server with user data, selects it by label, describes, reboots and deletes it', async () => {
    const key = generateEd25519('hcloud-cli');
    const created = await hcloud(['ssh-key', 'create', '--name', 'cli-key', '--public-key', key.public, '--label', 'by=hcloud-cli']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^SSH key \d+ created$/m);
    const keys = await json<any[]>(['ssh-key', 'list']);
    expect(keys).toEqual([expect.objectContaining({
      name: 'cli-key', public_key: key.public, labels: { by: 'hcloud-cli' },
      fingerprint: expect.stringMatching(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/),
    })]);

    const userData = '#cloud-config\nruncmd:\n  - echo hello\n';
    fs.writeFileSync(path.join(dir, 'user-data.yaml'), userData);
    const server = await hcloud([
      'server', 'create', '--name', 'cli-web-1', '--type', 'cx22', '--image', 'ubuntu-24.04', '--location', 'nbg1',
      '--ssh-key', 'cli-key', '--label', 'app=fazt', '--label', 'op=cli-1', '--user-data-from-file', 'user-data.yaml',
    ]);
    expect(server.code).toBe(0);
    // The CLI waits for the create action and the start that follows it before it prints this.
    const id = Number(/^Server (\d+) created$/m.exec(server.stdout)?.[1]);
    expect(id).toBeGreaterThan(0);
    expect(server.stdout).toMatch(/^IPv4: \d+\.\d+\.\d+\.\d+$/m);

    const selected = await json<any[]>(['server', 'list', '-l', 'op=cli-1']);
    expect(selected.map((s) => [s.id, s.name, s.status])).toEqual([[id, 'cli-web-1', 'running']]);
    expect(selected[0].labels).toEqual({ app: 'fazt', op: 'cli-1' });
    // 1.30.3 prints a nil list as `null` when the selector matches nothing.
    expect(await json(['server', 'list', '-l', 'op=other'])).toBeNull();

    const described = await json<any>(['server', 'describe', 'cli-web-1']);
    expect(described).toMatchObject({
      id, name: 'cli-web-1', status: 'running', labels: { app: 'fazt', op: 'cli-1' },
      server_type: { name: 'cx22' }, image: { name: 'ubuntu-24.04' }, datacenter: { location: { name: 'nbg1' } },
    });
    expect(described.public_net.ipv4.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const state = sandbox.sims.hetzner.dump() as HetznerState;
    expect(state.servers.find((s) => s.id === id)?.userData).toBe(userData);

    const reboot = await hcloud(['server', 'reboot', 'cli-web-1']);
    expect(reboot).toMatchObject({ code: 0, stdout: `Server ${id} rebooted\n` });
    expect((await json<any>(['server', 'describe', String(id)])).status).toBe('running');

    const deleted = await hcloud(['server', 'delete', 'cli-web-1']);
    expect(deleted).toMatchObject({ code: 0, stdout: 'Server cli-web-1 deleted\n' });
    // 1.30.3 does not wait for the delete action: the server goes once the action has run.
    let gone: CliResult | undefined;
    for (let i = 0; i < 100; i += 1) {
      gone = await hcloud(['server', 'describe', String(id)]);
      if (gone.code !== 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(gone).toMatchObject({ code: 1, stderr: `hcloud: server not found: ${id}\n` });

    expect(await hcloud(['ssh-key', 'delete', 'cli-key'])).toMatchObject({ code: 0, stdout: 'SSH Key cli-key deleted\n' });
    expect(await json(['ssh-key', 'list'])).toBeNull();
  });

  it('prints Hetzner error codes for a bad token, an unknown server type and a duplicate key name', async () => {
    const badToken = await hcloud(['location', 'list'], { HCLOUD_TOKEN: 'wrong-token' });
    expect(badToken).toMatchObject({ code: 1, stderr: 'hcloud: unable to authenticate (unauthorized)\n' });
    const unknownType = await hcloud(['server', 'create', '--name', 'x', '--type', 'cx999', '--image', 'ubuntu-24.04']);
    expect(unknownType).toMatchObject({ code: 1, stderr: "hcloud: invalid input in field 'server_type' (invalid_input)\n" });
    const publicKey = generateEd25519('dup').public;
    expect((await hcloud(['ssh-key', 'create', '--name', 'dup', '--public-key', publicKey])).code).toBe(0);
    const duplicate = await hcloud(['ssh-key', 'create', '--name', 'dup', '--public-key', publicKey]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/\(uniqueness_error\)\n$/);
  });
});
