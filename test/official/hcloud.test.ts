/**
 * Hetzner's official hcloud CLI, unchanged, against the Hetzner simulator (HCLOUD_ENDPOINT,
 * HCLOUD_TOKEN and a fresh HCLOUD_CONFIG). The CLI is built by scripts/ensure-hcloud.sh into the
 * git-ignored tools/bin; the test fails with the script's message when it cannot be built.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { utils } from 'ssh2';
import { startSandbox, type Sandbox } from '../../src/sandbox';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

describe('official hcloud CLI against the Hetzner simulator', () => {
  let sandbox: Sandbox;
  let hcloudBin: string;
  let home: string;
  let env: NodeJS.ProcessEnv;

  async function hcloud(...args: string[]): Promise<string> {
    try {
      const { stdout } = await run(hcloudBin, args, { env, timeout: 60_000 });
      return stdout;
    } catch (e: any) {
      throw new Error(`hcloud ${args.join(' ')} failed: ${e.stderr || e.message}`);
    }
  }
  const json = async (...args: string[]) => JSON.parse(await hcloud(...args, '-o', 'json'));

  beforeAll(async () => {
    hcloudBin = execFileSync('bash', [path.join(root, 'scripts/ensure-hcloud.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
    sandbox = await startSandbox({ providers: ['hetzner'], hosts: false, dns: false, bootMs: 300, actionMs: 100 });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'hcloud-home-'));
    env = {
      PATH: process.env.PATH,
      HOME: home,
      HCLOUD_CONFIG: path.join(home, 'cli.toml'),
      HCLOUD_ENDPOINT: sandbox.urls.hetzner,
      HCLOUD_TOKEN: 'a'.repeat(64),
      HCLOUD_POLL_INTERVAL: '100ms',
      NO_COLOR: '1',
    };
  }, 600_000);
  afterAll(async () => {
    await sandbox?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('lists server types with prices, locations, datacenters and images', async () => {
    const types = await json('server-type', 'list');
    const cx22 = types.find((t: any) => t.name === 'cx22');
    expect(cx22).toMatchObject({ cores: 2, memory: 4, disk: 40, architecture: 'x86' });
    expect(cx22.prices.map((p: any) => p.location)).toContain('fsn1');
    const table = await hcloud('server-type', 'list');
    expect(table).toMatch(/cx22/);
    expect((await json('location', 'list')).map((l: any) => l.name)).toEqual(['fsn1', 'nbg1', 'hel1', 'ash', 'hil', 'sin']);
    const dcs = await json('datacenter', 'list');
    expect(dcs.find((d: any) => d.name === 'hil-dc1').server_types.available).not.toContain(cx22.id);
    const images = await json('image', 'list', '--type', 'system', '--architecture', 'arm');
    expect(images.map((i: any) => i.name)).toContain('ubuntu-24.04');
    expect(images.every((i: any) => i.architecture === 'arm')).toBe(true);
  });

  it('creates and lists SSH keys', async () => {
    const pub = utils.generateKeyPairSync('ed25519', { comment: 'cli@test' }).public;
    const out = await hcloud('ssh-key', 'create', '--name', 'cli-key', '--public-key', pub);
    expect(out).toMatch(/SSH key \d+ created/i);
    const keys = await json('ssh-key', 'list');
    expect(keys.map((k: any) => k.name)).toEqual(['cli-key']);
    expect(keys[0].fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  });

  it('creates, lists, describes and deletes a server, waiting on its actions', async () => {
    const created = await hcloud('server', 'create', '--name', 'cli-1', '--type', 'cx22', '--image', 'ubuntu-24.04', '--location', 'fsn1',
      '--ssh-key', 'cli-key', '--label', 'managed-by=fazt');
    expect(created).toMatch(/Server \d+ created/);
    const list = await json('server', 'list', '--selector', 'managed-by=fazt');
    expect(list.map((s: any) => s.name)).toEqual(['cli-1']);
    const described = await json('server', 'describe', 'cli-1');
    expect(described).toMatchObject({ name: 'cli-1', status: 'running', server_type: { name: 'cx22' }, location: { name: 'fsn1' }, labels: { 'managed-by': 'fazt' } });
    const text = await hcloud('server', 'describe', 'cli-1');
    expect(text).toContain(described.public_net.ipv4.ip);
    const deleted = await hcloud('server', 'delete', 'cli-1');
    expect(deleted).toMatch(/Server cli-1 deleted/);
    expect(await json('server', 'list')).toEqual([]);
  });

  it('manages a Cloud DNS zone and its rrsets (TXT quoted by the CLI)', async () => {
    expect(await hcloud('zone', 'create', '--name', 'cli.example', '--ttl', '600')).toMatch(/Zone .*created/i);
    await hcloud('zone', 'rrset', 'create', '--name', 'www', '--type', 'A', '--record', '192.0.2.1', 'cli.example');
    await hcloud('zone', 'add-records', '--record', '192.0.2.2', 'cli.example', 'www', 'A');
    await hcloud('zone', 'rrset', 'create', '--name', '@', '--type', 'TXT', '--record', 'hello world', 'cli.example');
    const rrsets = await json('zone', 'rrset', 'list', 'cli.example');
    const byId = Object.fromEntries(rrsets.map((r: any) => [r.id, r.records.map((x: any) => x.value)]));
    expect(byId['www/A']).toEqual(['192.0.2.1', '192.0.2.2']);
    expect(byId['@/TXT']).toEqual(['"hello world"']);
    const served = sandbox.sims.hetzner.dnsSource!.records().filter((v) => v.fqdn.endsWith('cli.example') && v.deletedAt === undefined);
    expect(served).toEqual(expect.arrayContaining([
      expect.objectContaining({ fqdn: 'www.cli.example', type: 'A', value: '192.0.2.2', ttl: 600 }),
      expect.objectContaining({ fqdn: 'cli.example', type: 'TXT', value: 'hello world' }),
    ]));
    await hcloud('zone', 'change-ttl', 'cli.example', '--ttl', '120');
    const zonefile = await hcloud('zone', 'export-zonefile', 'cli.example');
    expect(zonefile).toContain('$TTL 120');
    expect(zonefile).toMatch(/www\tIN\tA\t192\.0\.2\.2/);
    await hcloud('zone', 'enable-protection', 'cli.example', 'delete');
    await expect(hcloud('zone', 'delete', 'cli.example')).rejects.toThrow(/protected/);
    await hcloud('zone', 'disable-protection', 'cli.example', 'delete');
    await hcloud('zone', 'delete', 'cli.example');
    expect(await json('zone', 'list')).toEqual([]);
  });

  it('reports the simulator errors the way the CLI reports Hetzner errors', async () => {
    await expect(hcloud('server', 'create', '--name', 'cli-2', '--type', 'cx22', '--image', 'ubuntu-24.04', '--location', 'ash'))
      .rejects.toThrow(/resource_unavailable/);
    await expect(hcloud('server', 'describe', 'no-such-server')).rejects.toThrow(/not found/);
  });
});
