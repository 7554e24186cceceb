/**
 * The whole sandbox as a user meets it: a server created through the Hetzner simulator's HTTP API
 * is reachable over SSH at its own address with the key named at create, reboots through the API,
 * and a record set through the API is served by the sandbox's DNS servers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promises as dnsp } from 'node:dns';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { SandboxHosts } from '../../src/sandbox/hosts';
import { cloudInitStatus, ensureWorkerKey, exec } from '../../src/ssh';
import { checkPropagation } from '../../src/propagation';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-sbx-'));
const key = ensureWorkerKey(path.join(tmp, 'key'));
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ providers: ['hetzner'], bootMs: 300, cloudInitMs: 300, actionMs: 50, resolvers: [{ name: 'lag', delayMs: 300 }] });
});
afterAll(async () => {
  await sb.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function api(method: string, p: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sb.urls.hetzner}${p}`, {
    method,
    headers: { authorization: `Bearer ${sb.settings().tokens.hetzner}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function poll<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const v = await fn();
      if (ok(v) || Date.now() > end) return v;
    } catch (err) {
      if (Date.now() > end) throw err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('serves SSH for a server created through the provider API, and reboots it', async () => {
  expect(sb.hosts).toBeInstanceOf(SandboxHosts);
  await api('POST', '/ssh_keys', { name: 'worker', public_key: key.publicKey });
  const created = await api('POST', '/servers', {
    name: 'web-1', server_type: 'cx22', image: 'ubuntu-24.04', location: 'fsn1', ssh_keys: ['worker'],
    user_data: '#cloud-config\nwrite_files:\n  - path: /etc/fazt/cloud-init-complete\n    content: "ok\\n"\n',
  });
  const ip: string = created.server.public_net.ipv4.ip;
  expect(ip).toMatch(/^127\./);
  const target = { host: ip, port: sb.settings().sshPort!, privateKey: key.privateKey, knownHostsFile: path.join(tmp, 'kh.json'), timeoutMs: 2000 };
  const status = await poll(() => cloudInitStatus(target), (s) => s.status === 'done');
  expect(status).toEqual({ status: 'done', markerPresent: true });
  expect((await exec({ ...target, command: 'hostname' })).stdout).toBe('web-1\n');

  const rebootedAt = Date.now();
  await api('POST', `/servers/${created.server.id}/actions/reboot`);
  await expect(exec({ ...target, command: 'true' })).rejects.toMatchObject({ code: 'INFRA_TIMEOUT' });
  const after = await poll(() => exec({ ...target, command: 'cat /proc/uptime' }), () => true);
  // Uptime counts from the reboot, not from the first boot.
  expect(Number(after.stdout.split(' ')[0])).toBeLessThan((Date.now() - rebootedAt) / 1000);
});

it('serves records set through the provider API from the DNS servers', async () => {
  const zone = await api('POST', '/zones', { name: 'sbx-example.com', mode: 'primary' });
  await api('POST', `/zones/${zone.zone.id}/rrsets`, { name: 'blog', type: 'A', ttl: 300, records: [{ value: '192.0.2.44' }] });
  const r = new dnsp.Resolver({ timeout: 1000, tries: 1 });
  r.setServers([sb.dns!.authoritative]);
  expect(await r.resolve4('blog.sbx-example.com')).toEqual(['192.0.2.44']);
  const settings = sb.settings();
  const check = await poll(
    () => checkPropagation({ fqdn: 'blog.sbx-example.com', authoritative: settings.authoritative!, resolvers: settings.resolvers, timeoutMs: 500 }),
    (c) => c.allPropagated,
  );
  expect(check).toMatchObject({ expected: '192.0.2.44', allPropagated: true });
});
