/**
 * Issue 4: `vps.create` when the worker dies between the provider's create call and its result.
 * The simulator holds the POST for a while and commits after it (as a real API whose answer never
 * reaches a crashed client would); the worker is killed -9 while it waits. A new worker process
 * retries the activity, finds the server by the operation's label, and orders nothing again.
 */
import { Connection } from '@temporalio/client';
import { temporalAddress } from '../helpers/temporal';
import { liveServers, startLane, until, type Lane } from './support';

const isCreate = (r: { method: string; path: string }) => r.method === 'POST' && /\/v1\/servers$/.test(r.path);

describe('vps.create across a worker crash', () => {
  let connection: Connection;
  let lane: Lane | undefined;
  beforeAll(async () => {
    connection = await Connection.connect({ address: temporalAddress() });
    lane = await startLane({ name: 'create-crash', connection, sandbox: { providers: ['hetzner'], dns: false, hosts: false } });
  }, 120_000);
  afterAll(async () => {
    await lane?.stop();
    await connection?.close();
  }, 60_000);

  it('kill -9 while the create request is in flight: one server, with the label', async () => {
    const l = lane!;
    const h = l.sandbox.harness.hetzner;
    h.configure({ latencyMs: 1500 });
    const created = l.client.dev.infra.vps.create({ name: 'crash-create-1', type: 'cx22', region: 'fsn1' }, { autoApprove: true });
    created.catch(() => undefined);
    const inFlight = await until(() => h.requests.find((r) => isCreate(r) && r.status === 0), 60_000, 5, 'the create request');
    await l.worker.kill9();
    // The POST was still waiting in the simulator when the worker died.
    expect(inFlight.status).toBe(0);
    h.configure({ latencyMs: 0 });
    await until(() => inFlight.status !== 0, 10_000, 20, 'the simulator to commit the order');
    expect(liveServers(l.sandbox)).toHaveLength(1);

    await l.worker.start();
    const server = await created;
    expect(server).toMatchObject({ name: 'crash-create-1', managed: true });
    expect(server.operationId).toBeTruthy();
    const servers = liveServers(l.sandbox);
    expect(servers.map((s) => ({ id: String(s.id), name: s.name, op: s.labels['fazt-op'], managed: s.labels['managed-by'] }))).toEqual([
      { id: server.providerId, name: 'crash-create-1', op: server.operationId, managed: 'fazt' },
    ]);
    // One order only: the retried activity looked the label up instead of ordering again.
    expect(h.requests.filter(isCreate)).toHaveLength(1);
    const byLabel = (r: { method: string; path: string }) => r.method === 'GET' && decodeURIComponent(r.path).includes(`fazt-op=${server.operationId}`);
    expect(h.requests.filter(byLabel).length).toBeGreaterThanOrEqual(2);
  }, 200_000);
});
