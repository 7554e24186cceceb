/**
 * A sandbox restarted from its data file (what `npm run up` does on every start) keeps its servers
 * reachable: same address, same host key (the worker pinned it), same cloud-init state.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { providerDescriptor } from '../../src/providers/registry';
import { startSandbox } from '../../src/sandbox';
import { ensureWorkerKey, exec } from '../../src/ssh';

it('restores simulated hosts with their addresses and host keys', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-restart-'));
  const dataFile = path.join(dir, 'sandbox.json');
  const knownHostsFile = path.join(dir, 'known_hosts.json');
  const key = ensureWorkerKey(path.join(dir, 'ssh'));
  const first = await startSandbox({ providers: ['hetzner'], dns: false, dataFile, bootMs: 100, cloudInitMs: 100 });
  let ip = '';
  try {
    const hz = providerDescriptor('hetzner').create({ token: 't', endpoint: first.urls.hetzner });
    await hz.sshKeys!.addKey('worker', key.publicKey);
    ip = (await hz.vps!.create({ name: 'keeper', type: 'cx22', region: 'fsn1', image: 'ubuntu-24.04', sshKeys: ['worker'], operationId: 'op-keep' })).ip!;
    await new Promise((r) => setTimeout(r, 400));
    const r = await exec({ host: ip, port: first.hosts.sshPort, username: 'root', privateKey: key.privateKey, knownHostsFile, command: 'hostname' });
    expect(r.stdout.trim()).toBe('keeper');
  } finally {
    await first.stop();
  }

  const second = await startSandbox({ providers: ['hetzner'], dns: false, dataFile, bootMs: 100, cloudInitMs: 100 });
  try {
    const hz = providerDescriptor('hetzner').create({ token: 't', endpoint: second.urls.hetzner });
    expect((await hz.vps!.findByOperation('op-keep'))?.ip).toBe(ip);
    // Same pinned host key file: a changed key would be refused with INFRA_CONFLICT.
    const r = await exec({ host: ip, port: second.hosts.sshPort, username: 'root', privateKey: key.privateKey, knownHostsFile, command: 'cloud-init status' });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('done');
  } finally {
    await second.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
