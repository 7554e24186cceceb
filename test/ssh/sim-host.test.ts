/**
 * Our SSH client against the sandbox's simulated hosts, the way the provisioning workflow uses
 * it: poll cloud-init through boot (INFRA_TIMEOUT while booting), then read health.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfraError } from '../../src/domain/errors';
import { SandboxHosts, CLOUD_INIT_MARKER } from '../../src/sandbox/hosts';
import { cloudInitStatus, ensureWorkerKey, exec, gatherHealth, readKnownHosts } from '../../src/ssh';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-simhost-'));
const key = ensureWorkerKey(path.join(tmp, 'key'));
const knownHostsFile = path.join(tmp, 'known_hosts.json');
let hosts: SandboxHosts;

beforeAll(async () => {
  hosts = new SandboxHosts({ cloudInitMs: 2500, port: 0 });
  await hosts.start();
});
afterAll(async () => {
  await hosts.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('polls a booting server until cloud-init is done, then reads its health', async () => {
  const bootAt = Date.now() + 400;
  const { ipv4 } = hosts.allocate({
    provider: 'digitalocean',
    serverId: '101',
    name: 'app-1',
    userData: `#cloud-config\nruncmd:\n  - curl -fsSL https://fazt.sh/install | sh\n  - systemctl start fazt\nwrite_files:\n  - path: ${CLOUD_INIT_MARKER}\n    content: "installed_by: op-1\\n"\n`,
    authorizedKeys: [key.publicKey],
    bootAt,
  });
  await hosts.ready('digitalocean', '101');
  const target = { host: ipv4, port: hosts.sshPort, privateKey: key.privateKey, knownHostsFile, timeoutMs: 2000 };

  const seen: string[] = [];
  for (let i = 0; i < 60; i++) {
    try {
      const s = await cloudInitStatus(target);
      seen.push(`${s.status}/${s.markerPresent}`);
      if (s.status === 'done') break;
    } catch (err) {
      expect(err).toBeInstanceOf(InfraError);
      expect((err as InfraError).code).toBe('INFRA_TIMEOUT');
      expect((err as InfraError).retryable).toBe(true);
      seen.push('unreachable');
    }
    await sleep(100);
  }
  expect(seen[0]).toBe('unreachable');
  expect(seen).toContain('running/false');
  expect(seen[seen.length - 1]).toBe('done/true');

  const health = await gatherHealth(target);
  expect(health).toMatchObject({ faztStatus: 'healthy', faztVersion: '0.8.0', diskTotal: 40.5, memTotal: 4 });
  expect(health.uptime).toBeGreaterThanOrEqual(0);
  expect(readKnownHosts(knownHostsFile)[`${ipv4}:${hosts.sshPort}`].fingerprint).toBe(hosts.describe('digitalocean', '101')!.hostKeyFingerprint);

  const r = await exec({ ...target, command: 'cat /etc/fazt/cloud-init-complete; nope' });
  expect(r).toEqual({ stdout: 'installed_by: op-1\n', stderr: 'bash: nope: command not found\n', exitCode: 127 });
});

it('reports a connection dropped by a reboot mid-command as an unknown outcome, not retried', async () => {
  const { ipv4 } = hosts.allocate({ provider: 'digitalocean', serverId: '102', name: 'app-2', authorizedKeys: [key.publicKey], bootAt: Date.now() });
  await hosts.ready('digitalocean', '102');
  const running = exec({ host: ipv4, port: hosts.sshPort, privateKey: key.privateKey, knownHostsFile, command: 'sleep 5', timeoutMs: 4000 });
  await sleep(300);
  hosts.reboot('digitalocean', '102');
  await expect(running).rejects.toMatchObject({
    code: 'INFRA_TIMEOUT', retryable: false, message: expect.stringContaining('may or may not have completed'), data: expect.objectContaining({ outcome: 'unknown' }),
  });
});
