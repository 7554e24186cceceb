/**
 * Issue 10: the orphan sweeper. A worker killed -9 while the provider commits a create, and the
 * workflow then terminated, leaves a billed server carrying fazt's label that no running or
 * completed operation owns: `orphans` lists it with its monthly cost, removal goes through the
 * normal `vps destroy` confirmation, and a server without fazt's label is never proposed.
 */
import { Client, Connection } from '@temporalio/client';
import type { Orphan } from '../../src/domain/drift';
import { run } from '../cli/harness';
import type { FakeInfraClient } from '../helpers/fake-client';
import { temporalAddress } from '../helpers/temporal';
import { liveServers, startLane, until, type Lane } from './support';

const isCreate = (r: { method: string; path: string }) => r.method === 'POST' && /\/v1\/servers$/.test(r.path);

describe('orphans after a worker killed mid-create', () => {
  let connection: Connection;
  let lane: Lane | undefined;
  const cli = (...args: string[]) => run(['dev', 'infra', ...args], { client: lane!.client as unknown as FakeInfraClient });
  beforeAll(async () => {
    connection = await Connection.connect({ address: temporalAddress() });
    lane = await startLane({ name: 'orphans', connection, sandbox: { providers: ['hetzner'], dns: false, hosts: false } });
  }, 120_000);
  afterAll(async () => {
    await lane?.stop();
    await connection?.close();
  }, 60_000);

  it('lists the billed server nobody owns with its cost, never an unlabelled one, and removes it only through vps destroy', async () => {
    const l = lane!;
    const h = l.sandbox.harness.hetzner;
    // An owned server: its operation completed, so it is no orphan.
    const owned = await l.client.dev.infra.vps.create({ provider: 'hetzner', name: 'owned-1', type: 'cx22', region: 'fsn1' }, { autoApprove: true });
    // A server someone made at the provider without fazt's label.
    const cred = l.store.resolveCredential('vps', 'hetzner');
    const res = await fetch(`${cred.endpoint}/servers`, {
      method: 'POST', headers: { authorization: `Bearer ${cred.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'not-ours', server_type: 'cx22', location: 'fsn1', image: 'ubuntu-24.04' }),
    });
    expect(res.status).toBeLessThan(300);
    const notOurs = String(((await res.json()) as { server: { id: number } }).server.id);

    // The crash: the create request is held by the provider, the worker dies, the provider commits.
    h.configure({ latencyMs: 1500 });
    const created = l.client.dev.infra.vps.create({ provider: 'hetzner', name: 'orphan-1', type: 'cx22', region: 'fsn1' }, { autoApprove: true });
    created.catch(() => undefined);
    const inFlight = await until(() => h.requests.find((r) => isCreate(r) && r.status === 0), 60_000, 5, 'the create request');
    await l.worker.kill9();
    h.configure({ latencyMs: 0 });
    await until(() => inFlight.status !== 0, 10_000, 20, 'the simulator to commit the order');
    await new Client({ connection }).workflow.getHandle('vps-create:hetzner:orphan-1').terminate('operator gave up');
    await expect(created).rejects.toBeDefined();
    await l.worker.start();
    const orphan = liveServers(l.sandbox).find((s) => s.name === 'orphan-1')!;
    expect(orphan.labels['fazt-op']).toBeTruthy();

    let orphans: Orphan[] = [];
    await until(async () => {
      orphans = JSON.parse((await cli('orphans', '--json')).out) as Orphan[];
      return orphans.length > 0;
    }, 90_000, 500, 'visibility to show the terminated workflow');
    expect(orphans).toEqual([expect.objectContaining({
      kind: 'billed-unowned', id: `hetzner:${orphan.id}`, name: 'orphan-1', currency: 'EUR', monthlyCost: expect.any(Number),
      reason: expect.stringContaining('vps-create:hetzner:orphan-1 ended terminated'),
    })]);
    expect(orphans[0].monthlyCost).toBeGreaterThan(0);
    const text = (await cli('orphans')).out;
    expect(text).toMatch(/billed-unowned\s+hetzner:\d+\s+orphan-1\s+\d+\.\d\d EUR/);
    expect(text).not.toContain('not-ours');
    expect(text).not.toContain('owned-1');

    // Only fazt's orphans can be removed this way, and only through the normal confirmation.
    const refused = await cli('orphans', '--remove', `hetzner:${notOurs}`, '--yes', '--json');
    expect(JSON.parse(refused.out).error.code).toBe('INFRA_NOT_FOUND');
    const pending = await cli('orphans', '--remove', `hetzner:${orphan.id}`);
    expect(pending.err).toMatch(/Destroy server orphan-1/);
    expect(liveServers(l.sandbox).some((s) => s.name === 'orphan-1')).toBe(true);
    await l.client.reject(`vps-destroy:hetzner-${orphan.id}`, { reason: 'test' });
    const removed = await cli('orphans', '--remove', `hetzner:${orphan.id}`, '--yes');
    expect(removed.exitCode).toBe(0);
    expect(removed.out).toContain(`Destroyed orphan-1 (hetzner:${orphan.id})`);
    await until(() => !liveServers(l.sandbox).some((s) => s.name === 'orphan-1'), 10_000, 50, 'the orphan to be gone');
    expect(liveServers(l.sandbox).map((s) => s.name).sort()).toEqual(['not-ours', owned.name].sort());
    expect(JSON.parse((await cli('orphans', '--json')).out)).toEqual([]);
  }, 200_000);
});
