/**
 * Found by the fault soak: concurrent launches each register the worker's SSH key before ordering
 * a server. Each looked, found nothing and created; Hetzner refused all but one as a duplicate
 * name (uniqueness_error → INFRA_CONFLICT, not retryable), and those launches failed. The
 * activity, run against the Hetzner simulator with latency so every look happens before any
 * create, must end with one key and no failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sshKeyActivities } from '../../src/activities/ssh-keys';
import { applySandboxSettings, ConfigStore } from '../../src/config';
import { runtimeActivityDeps } from '../../src/runtime/activity-deps';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { sshKeyCount } from './support';

describe('registerWorkerKey under concurrency', () => {
  let sandbox: Sandbox;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-rel-keyrace-'));
    sandbox = await startSandbox({ providers: ['hetzner'], hosts: false, dns: false });
  });
  afterAll(async () => {
    await sandbox?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('five flows registering the same key at once all succeed, and one key exists', async () => {
    const store = new ConfigStore({ dir: path.join(dir, 'config'), env: {} });
    applySandboxSettings(store, sandbox.settings(), { force: true });
    const activities = sshKeyActivities(runtimeActivityDeps({ store, dataDir: path.join(dir, 'data') }));
    sandbox.harness.hetzner.configure({ latencyMs: 300 });
    const names = await Promise.all(Array.from({ length: 5 }, () => activities.registerWorkerKey({ provider: 'hetzner' })));
    sandbox.harness.hetzner.configure({ latencyMs: 0 });
    expect(new Set(names).size).toBe(1);
    expect(sshKeyCount(sandbox)).toBe(1);
    // The race really happened: more than one create reached the provider.
    const creates = sandbox.harness.hetzner.requests.filter((r) => r.method === 'POST' && /\/v1\/ssh_keys$/.test(r.path));
    expect(creates.length).toBeGreaterThan(1);
    expect(creates.filter((r) => r.status === 201)).toHaveLength(1);
  });
});
