/**
 * Issue 6, crash matrix: a launch (Hetzner server, Cloudflare-managed zone) survives its worker
 * being killed -9 at every step, and the Temporal server itself being restarted mid-flow. Each
 * crash point runs in its own lane (sandbox, config, task queue, real worker process), all lanes at
 * once. Correctness only: bench/crash-matrix.ts prints how fast each point recovers.
 *
 * After each: the flow completed; exactly one server exists and it carries the flow's operation
 * label; exactly one A record for the fqdn, pointing at that server; nothing else was created
 * (one worker SSH key, the zone's other records unchanged).
 */
import { Client, Connection } from '@temporalio/client';
import { temporalAddress } from '../helpers/temporal';
import { POINTS, problems, recordKeys, restartProblems, runPoint, serverRestartCase, type Outcome, type RestartCase, type RestartOutcome } from './crash-points';
import { cfRecords, liveServers, settle, sshKeyCount, type Lane, type Settled } from './support';

/** The checks every crash point must pass (the same as the bench's, with readable failures). */
function expectClean(o: Outcome): void {
  if (!o.result.ok) throw new Error(`${o.lane.name}: launch failed after the crash at ${o.killedAt}: ${(o.result.error as Error)?.message}\nworker log:\n${o.lane.worker.log()}`);
  const r = o.result.value;
  expect(r.server.operationId).toBe(o.operationId);
  const servers = liveServers(o.lane.sandbox);
  expect(servers.map((s) => ({ id: String(s.id), op: s.labels['fazt-op'], managed: s.labels['managed-by'] }))).toEqual([
    { id: r.server.providerId, op: o.operationId, managed: 'fazt' },
  ]);
  expect(cfRecords(o.lane.sandbox, o.fqdn, 'A').map((x) => x.content)).toEqual([r.server.ip]);
  // Nothing else: the zone is what it was plus that one record; one worker key at Hetzner.
  expect(recordKeys(o.lane)).toEqual([...o.zoneBefore, `A ${o.fqdn} ${r.server.ip}`].sort());
  expect(sshKeyCount(o.lane.sandbox)).toBe(1);
  expect(problems(o)).toEqual([]);
  console.log(`crash at ${o.lane.name} (${o.killedAt}): setup ${o.ms.setup} ms, killed after ${o.ms.toKill} ms, completed ${o.ms.recovery} ms later (next step ${o.ms.nextStep === null ? '-' : Math.round(o.ms.nextStep)} ms after the new worker's spawn); 1 server, 1 A record`);
}

const lanes: Lane[] = [];
let connection: Connection;
let temporal: Client;
const outcomes = new Map<string, Promise<Settled<Outcome>>>();

let restart: RestartCase;
let restartOutcome: Promise<Settled<RestartOutcome>>;

beforeAll(async () => {
  connection = await Connection.connect({ address: temporalAddress() });
  temporal = new Client({ connection });
  // Everything starts now and runs at once; each test below awaits its own lane.
  for (const cp of POINTS) outcomes.set(cp.name, settle(runPoint(cp, { connection, temporal, lanes })));
  restart = serverRestartCase(lanes);
  restartOutcome = settle(restart.outcome);
}, 60_000);

afterAll(async () => {
  // Wait for every lane to settle before tearing down (a lane still starting would leak its worker).
  await Promise.all([...outcomes.values(), restartOutcome].map((p) => p?.catch(() => undefined)));
  await restart?.stop();
  await Promise.all(lanes.map((l) => l.stop()));
  await connection?.close();
}, 120_000);

async function outcome(name: string): Promise<Outcome> {
  const o = await outcomes.get(name)!;
  if (!o.ok) throw o.error;
  return o.value;
}

describe('launch survives kill -9 of its worker', () => {
  it('right after the confirmation (create-server)', async () => {
    const o = await outcome('confirmed');
    expect(o.killedAt).toBe('step create-server');
    expectClean(o);
  }, 240_000);

  it('between the server-create call and its result', async () => {
    const o = await outcome('create-call');
    expect(o.killedAt).toMatch(/^POST \/v1\/servers in flight/);
    expectClean(o);
    // The order went out once; the retried activity found the server by its label.
    expect(o.lane.sandbox.harness.hetzner.requests.filter((r) => r.method === 'POST' && /\/v1\/servers$/.test(r.path))).toHaveLength(1);
  }, 240_000);

  it('while waiting for the server to run', async () => {
    const o = await outcome('wait-running');
    expect(o.killedAt).toBe('step wait-running');
    expectClean(o);
  }, 240_000);

  it('while waiting for cloud-init', async () => {
    const o = await outcome('wait-cloud-init');
    expect(o.killedAt).toBe('step wait-cloud-init');
    expectClean(o);
  }, 240_000);

  it('at set-dns', async () => {
    const o = await outcome('set-dns');
    expect(o.killedAt).toBe('step set-dns');
    expectClean(o);
  }, 240_000);

  it('between the DNS write call and its result', async () => {
    const o = await outcome('dns-write');
    expect(o.killedAt).toMatch(/^POST .*\/dns_records\/batch in flight/);
    expectClean(o);
  }, 240_000);

  it('while waiting for propagation', async () => {
    const o = await outcome('wait-propagation');
    expect(o.killedAt).toBe('step wait-propagation');
    expectClean(o);
  }, 240_000);
});

describe('launch survives a Temporal server restart', () => {
  it('continues the same run after the server comes back, with no duplicate', async () => {
    const s = await restartOutcome;
    if (!s.ok) throw s.error;
    const o = s.value;
    expect(o.downAtStep).toBe('wait-running');
    expect(o.runIdAfter).toBe(o.firstRunId);
    expect(o.result.server.operationId).toBe(o.operationId);
    expect(liveServers(o.lane.sandbox).map((x) => x.labels['fazt-op'])).toEqual([o.operationId]);
    expect(cfRecords(o.lane.sandbox, o.fqdn, 'A').map((r) => r.content)).toEqual([o.result.server.ip]);
    expect(o.lane.sandbox.harness.hetzner.requests.filter((r) => r.method === 'POST' && /\/v1\/servers$/.test(r.path))).toHaveLength(1);
    expect(restartProblems(o)).toEqual([]);
    console.log(`Temporal server killed at ${o.downAtStep}: the same run completed ${o.ms.recovery} ms later (next step ${o.ms.nextStep === null ? '-' : Math.round(o.ms.nextStep)} ms after the server was back); 1 server, 1 A record`);
  }, 240_000);
});
