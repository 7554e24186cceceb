/**
 * Simulated hosts over real SSH (ssh2's own client): auth, boot gating, cloud-init timeline,
 * files from user data, the health script, unknown commands, reboot and an interactive shell.
 */
import { Client } from 'ssh2';
import { SandboxHosts, CLOUD_INIT_MARKER, SIM_FAZT_VERSION } from '../../src/sandbox/hosts';
import { HEALTH_SCRIPT, parseHealthOutput } from '../../src/ssh/health';
import { CLOUD_INIT_SCRIPT, parseCloudInitOutput } from '../../src/ssh/cloud-init';
import { generateEd25519 } from '../../src/ssh/keys';

const key = generateEd25519();
const otherKey = generateEd25519();

const FAZT_USER_DATA = `#cloud-config
package_update: true
packages: [curl, sqlite3]
runcmd:
  - curl -fsSL https://fazt.sh/install | sh
  - fazt server init --domain example.com --email admin@example.com
  - fazt service install --https
  - systemctl enable fazt
  - systemctl start fazt
write_files:
  - path: ${CLOUD_INIT_MARKER}
    content: |
      installed_at: 2025-01-15T10:00:00Z
      installed_by: op-123
`;

let hosts: SandboxHosts;
let serial = 0;

beforeAll(async () => {
  hosts = new SandboxHosts({ cloudInitMs: 600, port: 0, rebootMs: 400 });
  await hosts.start();
});
afterAll(() => hosts.stop());

async function newHost(opts: { userData?: string; bootInMs?: number } = {}) {
  const serverId = String(++serial);
  const addr = hosts.allocate({
    provider: 'hetzner',
    serverId,
    name: `web-${serverId}`,
    userData: opts.userData,
    authorizedKeys: [key.public],
    bootAt: Date.now() + (opts.bootInMs ?? 0),
  });
  await hosts.ready('hetzner', serverId);
  return { ...addr, serverId };
}

function connect(host: string, privateKey = key.private): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => resolve(c));
    c.on('error', reject);
    c.on('close', () => reject(new Error('closed before ready')));
    c.connect({ host, port: hosts.sshPort, username: 'root', privateKey, readyTimeout: 3000 });
  });
}

async function run(host: string, command: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const c = await connect(host);
  try {
    return await new Promise((resolve, reject) => {
      c.exec(command, (err, ch) => {
        if (err) return reject(err);
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        ch.on('data', (d: Buffer) => (stdout += d));
        ch.stderr.on('data', (d: Buffer) => (stderr += d));
        ch.on('exit', (n: number | null) => (code = n));
        ch.on('close', () => resolve({ stdout, stderr, code }));
      });
    });
  } finally {
    c.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(fn: () => Promise<T>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > end) throw err;
      await sleep(50);
    }
  }
}

describe('simulated hosts', () => {
  it('gives each host its own loopback address and ed25519 host key', async () => {
    const a = await newHost();
    const b = await newHost();
    expect(a.ipv4).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(a.ipv4).not.toBe(b.ipv4);
    const da = hosts.describe('hetzner', a.serverId)!;
    const db = hosts.describe('hetzner', b.serverId)!;
    expect(da.hostKeyFingerprint).toMatch(/^SHA256:/);
    expect(da.hostKeyFingerprint).not.toBe(db.hostKeyFingerprint);
    expect(hosts.allocate({ provider: 'hetzner', serverId: a.serverId, name: 'x', authorizedKeys: [], bootAt: 0 }).ipv4).toBe(a.ipv4);
    expect((await run(a.ipv4, 'hostname')).stdout).toBe(`web-${a.serverId}\n`);
  });

  it('accepts only the authorized key for root', async () => {
    const h = await newHost();
    await expect(connect(h.ipv4, otherKey.private)).rejects.toThrow(/authentication/i);
    const c = await connect(h.ipv4);
    c.end();
  });

  it('refuses connections before boot, then accepts', async () => {
    const h = await newHost({ bootInMs: 500 });
    await expect(connect(h.ipv4)).rejects.toThrow();
    await sleep(600);
    expect((await run(h.ipv4, 'echo up')).stdout).toBe('up\n');
  });

  it('reports cloud-init running, then done, and serves write_files once done', async () => {
    const h = await newHost({ userData: FAZT_USER_DATA });
    const early = await run(h.ipv4, 'cloud-init status --format json');
    expect(JSON.parse(early.stdout).status).toBe('running');
    expect(parseCloudInitOutput((await run(h.ipv4, CLOUD_INIT_SCRIPT)).stdout)).toEqual({ status: 'running', markerPresent: false });
    const missing = await run(h.ipv4, `cat ${CLOUD_INIT_MARKER}`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No such file or directory');
    expect((await run(h.ipv4, 'fazt --version')).code).toBe(127);

    const waited = await run(h.ipv4, 'cloud-init status --wait');
    expect(waited.stdout).toMatch(/status: done\n$/);
    expect(Date.now()).toBeGreaterThanOrEqual(hosts.describe('hetzner', h.serverId)!.cloudInitDoneAt);
    expect((await run(h.ipv4, 'cloud-init status')).stdout).toBe('status: done\n');
    expect(parseCloudInitOutput((await run(h.ipv4, CLOUD_INIT_SCRIPT)).stdout)).toEqual({ status: 'done', markerPresent: true });
    expect((await run(h.ipv4, `cat ${CLOUD_INIT_MARKER}`)).stdout).toBe('installed_at: 2025-01-15T10:00:00Z\ninstalled_by: op-123\n');
    expect((await run(h.ipv4, 'fazt --version')).stdout).toContain(SIM_FAZT_VERSION);
    expect((await run(h.ipv4, 'systemctl is-active fazt')).stdout).toBe('active\n');
  });

  it('reports cloud-init error for user data that is not valid YAML', async () => {
    const h = await newHost({ userData: '#cloud-config\nruncmd: [unclosed\n' });
    await sleep(650);
    const r = await run(h.ipv4, 'cloud-init status --format json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).status).toBe('error');
  });

  it('answers the health script in one round trip', async () => {
    const h = await newHost({ userData: FAZT_USER_DATA });
    const before = parseHealthOutput((await run(h.ipv4, HEALTH_SCRIPT)).stdout);
    expect(before.faztStatus).toBeNull();
    expect(before.faztVersion).toBeNull();
    expect(before.diskTotal).toBeCloseTo(40.5, 1);
    expect(before.memTotal).toBeCloseTo(4, 1);
    expect(before.load).toHaveLength(3);
    await sleep(650);
    const after = parseHealthOutput((await run(h.ipv4, HEALTH_SCRIPT)).stdout);
    expect(after).toMatchObject({ faztStatus: 'healthy', faztVersion: SIM_FAZT_VERSION });
    expect(after.diskUsed!).toBeGreaterThan(0);
    expect(after.memUsed!).toBeLessThan(after.memTotal!);
    await run(h.ipv4, 'systemctl stop fazt');
    expect(parseHealthOutput((await run(h.ipv4, HEALTH_SCRIPT)).stdout).faztStatus).toBe('unhealthy');
  });

  it('runs compound scripts and reports unknown commands like bash', async () => {
    const h = await newHost();
    const r = await run(h.ipv4, 'echo one; echo two && false || echo three\nnope --help');
    expect(r.stdout).toBe('one\ntwo\nthree\n');
    expect(r.stderr).toBe('bash: nope: command not found\n');
    expect(r.code).toBe(127);
    expect((await run(h.ipv4, 'echo a; exit 7; echo b')).code).toBe(7);
    expect((await run(h.ipv4, 'cat /proc/loadavg')).stdout).toMatch(/^\d+\.\d\d \d+\.\d\d \d+\.\d\d /);
    expect((await run(h.ipv4, 'df -B1 /')).stdout).toContain('/dev/sda1');
    expect((await run(h.ipv4, 'fazt --version')).stderr).toBe('bash: fazt: command not found\n');
    expect((await run(h.ipv4, 'systemctl is-active fazt')).stdout).toBe('inactive\n');
  });

  it('goes away on reboot and comes back with uptime restarted', async () => {
    const h = await newHost();
    await sleep(1100);
    const upBefore = Number((await run(h.ipv4, 'cat /proc/uptime')).stdout.split(' ')[0]);
    expect(upBefore).toBeGreaterThanOrEqual(1);
    hosts.reboot('hetzner', h.serverId);
    await expect(connect(h.ipv4)).rejects.toThrow();
    const r = await until(() => run(h.ipv4, 'cat /proc/uptime'), 3000);
    expect(Number(r.stdout.split(' ')[0])).toBeLessThan(upBefore);
  });

  it('offers an interactive shell with a prompt', async () => {
    const h = await newHost();
    const c = await connect(h.ipv4);
    const output = await new Promise<string>((resolve, reject) => {
      c.shell({ term: 'xterm', rows: 24, cols: 80 }, (err, ch) => {
        if (err) return reject(err);
        let text = '';
        ch.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.endsWith('# ') && !text.includes('sent')) {
            ch.write('hostname\r');
            ch.write('echo sent\r');
            ch.write('exit 3\r');
          }
        });
        ch.on('close', () => resolve(text));
      });
    });
    c.end();
    expect(output).toContain(`root@web-${h.serverId}:~# `);
    expect(output).toContain(`web-${h.serverId}\r\n`);
    expect(output).toContain('sent\r\n');
    expect(output).toContain('logout');
  });

  it('stops accepting connections when the server is released', async () => {
    const h = await newHost();
    await run(h.ipv4, 'true');
    hosts.release('hetzner', h.serverId);
    await sleep(50);
    await expect(connect(h.ipv4)).rejects.toThrow();
    expect(hosts.describe('hetzner', h.serverId)).toBeUndefined();
  });
});
