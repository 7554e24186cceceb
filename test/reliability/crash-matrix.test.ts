/**
 * Issue 6, crash matrix: a launch (Hetzner server, Cloudflare-managed zone) survives its worker
 * being killed -9 at every step, and the Temporal server itself being restarted mid-flow. Each
 * crash point runs in its own lane (sandbox, config, task queue, real worker process), all lanes at
 * once, so the minute an in-flight activity needs to time out is paid once, not once per point.
 *
 * After each: the flow completed; exactly one server exists and it carries the flow's operation
 * label; exactly one A record for the fqdn, pointing at that server; nothing else was created
 * (one worker SSH key, the zone's other records unchanged).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { LaunchResult } from '../../src/client-api';
import { operationIdFor } from '../../src/domain/ids';
import type { OperationProgress } from '../../src/domain/operations';
import { startDevServer, type DevServer } from '../../src/runtime/dev-server';
import type { SandboxOptions } from '../../src/sandbox';
import type { RequestLogEntry } from '../../src/sandbox/core/harness';
import { progressQuery } from '../../src/workflows/messages';
import { temporalAddress } from '../helpers/temporal';
import { cfRecords, freePort, liveServers, settle, sshKeyCount, startLane, until, type Lane, type Settled } from './support';

const ZONE = 'example.com';
const FAST_RESOLVERS = [{ name: 'google', delayMs: 100 }, { name: 'quad9', delayMs: 250 }];

interface CrashPoint {
  name: string;
  sandbox?: SandboxOptions;
  /** Before the launch starts (e.g. latency so a request is still in flight when we kill). */
  arm?(lane: Lane): void;
  /** When to kill: a step reached, or a request seen in flight. Returns a description or null. */
  trigger(lane: Lane, step: () => Promise<string | null>): Promise<string | null>;
  /** After the kill, before the new worker starts. */
  disarm?(lane: Lane): void;
}

const atStep = (name: string) => async (_lane: Lane, step: () => Promise<string | null>) => ((await step()) === name ? `step ${name}` : null);
const inFlight = (provider: string, test: (r: RequestLogEntry) => boolean) => async (lane: Lane) => {
  const r = lane.sandbox.harness[provider].requests.find((x) => test(x) && x.status === 0);
  return r ? `${r.method} ${r.path} in flight` : null;
};

const POINTS: CrashPoint[] = [
  {
    name: 'confirmed',
    // Latency stretches create-server (key registration, label lookup, order) past one poll.
    arm: (l) => l.sandbox.harness.hetzner.configure({ latencyMs: 400 }),
    trigger: atStep('create-server'),
    disarm: (l) => l.sandbox.harness.hetzner.configure({ latencyMs: 0 }),
  },
  {
    name: 'create-call',
    // The simulator holds the request for the latency and commits afterwards: killed in between,
    // the server is created and the worker never hears of it.
    arm: (l) => l.sandbox.harness.hetzner.configure({ latencyMs: 1500 }),
    trigger: inFlight('hetzner', (r) => r.method === 'POST' && /\/v1\/servers$/.test(r.path)),
    disarm: (l) => l.sandbox.harness.hetzner.configure({ latencyMs: 0 }),
  },
  { name: 'wait-running', sandbox: { bootMs: 6000 }, trigger: atStep('wait-running') },
  { name: 'wait-cloud-init', sandbox: { cloudInitMs: 6000 }, trigger: atStep('wait-cloud-init') },
  {
    name: 'set-dns',
    arm: (l) => l.sandbox.harness.cloudflare.configure({ latencyMs: 700 }),
    trigger: atStep('set-dns'),
    disarm: (l) => l.sandbox.harness.cloudflare.configure({ latencyMs: 0 }),
  },
  {
    name: 'dns-write',
    arm: (l) => l.sandbox.harness.cloudflare.configure({ latencyMs: 1500 }),
    trigger: inFlight('cloudflare', (r) => r.method === 'POST' && /\/dns_records\/batch$/.test(r.path)),
    disarm: (l) => l.sandbox.harness.cloudflare.configure({ latencyMs: 0 }),
  },
  {
    name: 'wait-propagation',
    sandbox: { resolvers: [{ name: 'google', delayMs: 5000 }, { name: 'quad9', delayMs: 6000 }] },
    trigger: atStep('wait-propagation'),
  },
];

interface Outcome {
  lane: Lane;
  fqdn: string;
  operationId: string;
  killedAt: string;
  result: Settled<LaunchResult>;
  zoneBefore: string[];
  /** Setup, start → kill, restart → result (ms). */
  ms: { setup: number; toKill: number; recovery: number };
}

const recordKeys = (lane: Lane) => cfRecords(lane.sandbox).map((r) => `${r.type} ${r.name} ${r.content}`).sort();

async function runPoint(cp: CrashPoint, connection: Connection, temporal: Client): Promise<Outcome> {
  const t0 = Date.now();
  const lane = await startLane({
    name: cp.name, connection, zones: [{ zone: ZONE, provider: 'cloudflare' }],
    sandbox: { providers: ['hetzner', 'cloudflare'], bootMs: 500, cloudInitMs: 500, resolvers: FAST_RESOLVERS, ...cp.sandbox },
  });
  lanes.push(lane);
  const tLane = Date.now();
  const fqdn = `${cp.name}.${ZONE}`;
  const workflowId = `launch:${fqdn}`;
  const zoneBefore = recordKeys(lane);
  cp.arm?.(lane);
  const result = settle(lane.client.dev.infra.launch({ fqdn }, { autoApprove: true }));
  const handle = temporal.workflow.getHandle(workflowId);
  const step = async () => (await handle.query(progressQuery).catch(() => null as OperationProgress | null))?.step ?? null;
  const killedAt = await until(() => cp.trigger(lane, step), 90_000, 15, `${cp.name} crash point`);
  await lane.worker.kill9();
  cp.disarm?.(lane);
  await new Promise((r) => setTimeout(r, 300));
  const tKill = Date.now();
  await lane.worker.start();
  const settled = await result;
  return { lane, fqdn, operationId: operationIdFor(workflowId), killedAt, result: settled, zoneBefore, ms: { setup: tLane - t0, toKill: tKill - tLane, recovery: Date.now() - tKill } };
}

/** The checks every crash point must pass. */
function expectClean(o: Outcome): void {
  if (!o.result.ok) throw new Error(`${o.lane.name}: launch failed after the crash at ${o.killedAt}: ${(o.result.error as Error)?.message}\nworker log:\n${o.lane.worker.log()}`);
  const r = o.result.value;
  expect(r.server.operationId).toBe(o.operationId);
  const servers = liveServers(o.lane.sandbox);
  expect(servers.map((s) => ({ id: String(s.id), op: s.labels['fazt-op'], managed: s.labels['managed-by'] }))).toEqual([
    { id: r.server.providerId, op: o.operationId, managed: 'fazt' },
  ]);
  const a = cfRecords(o.lane.sandbox, o.fqdn, 'A');
  expect(a.map((x) => x.content)).toEqual([r.server.ip]);
  // Nothing else: the zone is what it was plus that one record; one worker key at Hetzner.
  expect(recordKeys(o.lane)).toEqual([...o.zoneBefore, `A ${o.fqdn} ${r.server.ip}`].sort());
  expect(sshKeyCount(o.lane.sandbox)).toBe(1);
  console.log(`crash at ${o.lane.name} (${o.killedAt}): setup ${o.ms.setup} ms, killed after ${o.ms.toKill} ms, completed ${o.ms.recovery} ms later; 1 server, 1 A record`);
}

const lanes: Lane[] = [];
let connection: Connection;
let temporal: Client;
const outcomes = new Map<string, Promise<Settled<Outcome>>>();

/** The Temporal server restart case: its own dev server (temp SQLite) so the shared one is untouched. */
interface RestartOutcome {
  lane: Lane;
  fqdn: string;
  operationId: string;
  firstRunId: string;
  runIdAfter: string;
  result: LaunchResult;
  downAtStep: string;
}
let devDir: string | undefined;
let dev: DevServer | undefined;
let devConnection: Connection | undefined;

async function runServerRestart(): Promise<RestartOutcome> {
  devDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-rel-devserver-'));
  const opts = { dbFile: path.join(devDir, 'temporal.db'), port: await freePort(), uiPort: await freePort(), logFile: path.join(devDir, 'temporal.log') };
  dev = await startDevServer(opts);
  devConnection = await Connection.connect({ address: dev.address });
  const lane = await startLane({
    name: 'server-restart', connection: devConnection, address: dev.address, zones: [{ zone: ZONE, provider: 'cloudflare' }],
    sandbox: { providers: ['hetzner', 'cloudflare'], bootMs: 6000, cloudInitMs: 500, resolvers: FAST_RESOLVERS },
  });
  lanes.push(lane);
  const fqdn = `restart.${ZONE}`;
  const client = new Client({ connection: devConnection });
  const started = await lane.client.startLaunch({ fqdn });
  const handle = client.workflow.getHandle(started.workflowId);
  await until(async () => (await handle.query(progressQuery).catch(() => null))?.pendingConfirmation, 60_000, 100, 'the confirmation');
  await lane.client.approve(started.workflowId);
  const downAtStep = await until(async () => {
    const s = (await handle.query(progressQuery).catch(() => null))?.step;
    return s === 'wait-running' ? s : null;
  }, 60_000, 50, 'wait-running');
  // A crash of the server, not a shutdown: SIGKILL, then the same port and SQLite file again.
  const exited = new Promise<void>((resolve) => dev!.process.once('exit', () => resolve()));
  dev.process.kill('SIGKILL');
  await exited;
  await new Promise((r) => setTimeout(r, 1000));
  dev = await startDevServer(opts);
  // The long poll for the result may fail while the server is away; ask again until it answers.
  const result = await until(async () => {
    try {
      return (await client.workflow.getHandle(started.workflowId).result()) as LaunchResult;
    } catch (err) {
      if (/UNAVAILABLE|unavailable|ECONNREFUSED|Connection|deadline/i.test(String((err as Error)?.message))) return null;
      throw err;
    }
  }, 150_000, 500, 'the launch result after the server restart');
  const runIdAfter = (await client.workflow.getHandle(started.workflowId).describe()).runId;
  return { lane, fqdn, operationId: operationIdFor(started.workflowId), firstRunId: started.runId, runIdAfter, result, downAtStep };
}
let restart: Promise<Settled<RestartOutcome>>;

beforeAll(async () => {
  connection = await Connection.connect({ address: temporalAddress() });
  temporal = new Client({ connection });
  // Everything starts now and runs at once; each test below awaits its own lane.
  for (const cp of POINTS) outcomes.set(cp.name, settle(runPoint(cp, connection, temporal)));
  restart = settle(runServerRestart());
}, 60_000);

afterAll(async () => {
  // Wait for every lane to settle before tearing down (a lane still starting would leak its worker).
  await Promise.all([...outcomes.values(), restart].map((p) => p?.catch(() => undefined)));
  await Promise.all(lanes.map((l) => l.stop()));
  await devConnection?.close().catch(() => undefined);
  await dev?.stop();
  await connection?.close();
  if (devDir) fs.rmSync(devDir, { recursive: true, force: true });
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
    const s = await restart;
    if (!s.ok) throw s.error;
    const o = s.value;
    expect(o.downAtStep).toBe('wait-running');
    expect(o.runIdAfter).toBe(o.firstRunId);
    expect(o.result.server.operationId).toBe(o.operationId);
    expect(liveServers(o.lane.sandbox).map((x) => x.labels['fazt-op'])).toEqual([o.operationId]);
    expect(cfRecords(o.lane.sandbox, o.fqdn, 'A').map((r) => r.content)).toEqual([o.result.server.ip]);
    expect(o.lane.sandbox.harness.hetzner.requests.filter((r) => r.method === 'POST' && /\/v1\/servers$/.test(r.path))).toHaveLength(1);
  }, 240_000);
});
