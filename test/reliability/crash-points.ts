/**
 * The crash points of the launch flow, shared by test/reliability/crash-matrix.test.ts and
 * bench/crash-matrix.ts: how to reach each one (a step, or a request seen in flight), how to run
 * one point in its own lane (kill -9 the worker there, start a new one, await the result), and the
 * checks after it (one labelled server, one A record, nothing else).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { LaunchResult } from '../../src/client/api';
import { operationIdFor } from '../../src/domain/ids';
import type { OperationProgress } from '../../src/domain/operations';
import { startDevServer, type DevServer } from '../../src/runtime/dev-server';
import type { SandboxOptions } from '../../src/sandbox';
import type { RequestLogEntry } from '../../src/sandbox/core/harness';
import { progressQuery } from '../../src/workflows/messages';
import { cfRecords, freePort, liveServers, settle, sshKeyCount, startLane, until, type Lane, type Settled } from './support';

export const ZONE = 'example.com';
export const FAST_RESOLVERS = [{ name: 'google', delayMs: 100 }, { name: 'quad9', delayMs: 250 }];

export interface CrashPoint {
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

export const POINTS: CrashPoint[] = [
  {
    name: 'confirmed',
    // Latency stretches create-server (key registration, label lookup, order: 3 s or more) so a
    // poll lands in it even on a loaded machine.
    arm: (l) => l.sandbox.harness.hetzner.configure({ latencyMs: 800 }),
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
    // A zone read and a batch write at 1.2 s each keep the flow in set-dns for over 2 s.
    arm: (l) => l.sandbox.harness.cloudflare.configure({ latencyMs: 1200 }),
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

export interface Outcome {
  lane: Lane;
  fqdn: string;
  operationId: string;
  killedAt: string;
  result: Settled<LaunchResult>;
  zoneBefore: string[];
  /**
   * Setup, start → kill, restart → result, restart → the new worker polling, and restart → the
   * flow's next step (first workflow task completed after it; null if none) (ms). "Restart" is the
   * moment the new worker process is spawned.
   */
  ms: { setup: number; toKill: number; recovery: number; workerStart: number; nextStep: number | null };
}

export const recordKeys = (lane: Lane) => cfRecords(lane.sandbox).map((r) => `${r.type} ${r.name} ${r.content}`).sort();

export interface PointContext {
  connection: Connection;
  temporal: Client;
  /** Every lane started is pushed here at once, so the caller can stop it whatever happens. */
  lanes: Lane[];
  /** Temporal address and bundle for the worker processes (default: the test run's). */
  address?: string;
  workflowBundle?: string;
}

/** Runs one crash point in a lane of its own: launch, kill -9 the worker at the point, restart, await. */
export async function runPoint(cp: CrashPoint, ctx: PointContext): Promise<Outcome> {
  const { connection } = ctx;
  const t0 = Date.now();
  const lane = await startLane({
    name: cp.name, connection, address: ctx.address, workflowBundle: ctx.workflowBundle, zones: [{ zone: ZONE, provider: 'cloudflare' }],
    sandbox: { providers: ['hetzner', 'cloudflare'], bootMs: 500, cloudInitMs: 500, resolvers: FAST_RESOLVERS, ...cp.sandbox },
  });
  ctx.lanes.push(lane);
  const tLane = Date.now();
  const fqdn = `${cp.name}.${ZONE}`;
  const workflowId = `launch:${fqdn}`;
  const zoneBefore = recordKeys(lane);
  cp.arm?.(lane);
  const result = settle(lane.client.dev.infra.launch({ fqdn }, { autoApprove: true }));
  // Each lane's worker encrypts with its own key: query through a client that holds it.
  const handle = new Client({ connection, dataConverter: lane.dataConverter }).workflow.getHandle(workflowId);
  const step = async () => (await handle.query(progressQuery).catch(() => null as OperationProgress | null))?.step ?? null;
  const killedAt = await until(() => cp.trigger(lane, step), 90_000, 15, `${cp.name} crash point`);
  await lane.worker.kill9();
  cp.disarm?.(lane);
  await new Promise((r) => setTimeout(r, 300));
  const tKill = Date.now();
  await lane.worker.start();
  const tReady = Date.now();
  const settled = await result;
  const next = await firstWorkflowTaskAfter(handle, tKill);
  return {
    lane, fqdn, operationId: operationIdFor(workflowId), killedAt, result: settled, zoneBefore,
    ms: { setup: tLane - t0, toKill: tKill - tLane, recovery: Date.now() - tKill, workerStart: tReady - tKill, nextStep: next === null ? null : next - tKill },
  };
}

const eventMs = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): number => {
  const s = t?.seconds as { toNumber?: () => number } | number | undefined;
  return (typeof s === 'object' && s?.toNumber ? s.toNumber() : Number(s ?? 0)) * 1000 + (t?.nanos ?? 0) / 1e6;
};

/**
 * When the flow took its next step after `since` (the new worker's spawn): the first workflow task
 * completed after it, read from history. Nothing can complete one while no worker runs, so this is
 * the new worker running the flow on (scheduling its next activity or timer); a retried activity
 * completes before it. Null when history has none (the flow had already ended).
 */
async function firstWorkflowTaskAfter(handle: ReturnType<Client['workflow']['getHandle']>, since: number): Promise<number | null> {
  const history = await handle.fetchHistory();
  const completed = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
  for (const e of history.events ?? []) {
    if (e.eventType === completed && eventMs(e.eventTime) >= since) return eventMs(e.eventTime);
  }
  return null;
}

/**
 * What is wrong after a crash point, as sentences (empty: clean): the launch failed, it reports a
 * server of another operation, the sandbox holds other or unlabelled servers, the fqdn has not
 * exactly one A record at that server, the zone holds anything else new, or keys were duplicated.
 */
export function problems(o: Outcome): string[] {
  if (!o.result.ok) return [`launch failed after the crash at ${o.killedAt}: ${(o.result.error as Error)?.message}`];
  const out: string[] = [];
  const r = o.result.value;
  if (r.server.operationId !== o.operationId) out.push(`the result's server carries operation ${r.server.operationId}, not ${o.operationId}`);
  const servers = liveServers(o.lane.sandbox).map((s) => `${s.id} op=${s.labels['fazt-op'] ?? '(none)'} managed=${s.labels['managed-by'] ?? '(none)'}`);
  const want = `${r.server.providerId} op=${o.operationId} managed=fazt`;
  if (servers.length !== 1 || servers[0] !== want) out.push(`servers: [${servers.join('; ')}], expected [${want}]`);
  const a = cfRecords(o.lane.sandbox, o.fqdn, 'A').map((x) => x.content);
  if (a.length !== 1 || a[0] !== r.server.ip) out.push(`A records for ${o.fqdn}: [${a.join(', ')}], expected [${r.server.ip}]`);
  const zone = recordKeys(o.lane);
  const wantZone = [...o.zoneBefore, `A ${o.fqdn} ${r.server.ip}`].sort();
  if (JSON.stringify(zone) !== JSON.stringify(wantZone)) out.push(`zone records: [${zone.join('; ')}], expected [${wantZone.join('; ')}]`);
  const keys = sshKeyCount(o.lane.sandbox);
  if (keys !== 1) out.push(`${keys} SSH keys at Hetzner, expected the worker's one`);
  return out;
}

/** Servers beyond one per operation, unlabelled servers, and A records beyond one per fqdn. */
export function duplicatesIn(o: Outcome): number {
  const servers = liveServers(o.lane.sandbox);
  const extraServers = Math.max(0, servers.length - 1);
  const extraRecords = Math.max(0, cfRecords(o.lane.sandbox, o.fqdn, 'A').length - 1);
  return extraServers + extraRecords;
}

/** The Temporal server restart case: what happened, and how to tear its dev server down. */
export interface RestartOutcome {
  lane: Lane;
  fqdn: string;
  operationId: string;
  firstRunId: string;
  runIdAfter: string;
  result: LaunchResult;
  downAtStep: string;
  /** Setup → server killed, server killed → result, and server back → the flow's next step (ms). */
  ms: { toKill: number; recovery: number; nextStep: number | null };
}

export interface RestartCase {
  outcome: Promise<RestartOutcome>;
  /** Stops the case's own dev server and connection (its lane goes into `lanes`). */
  stop(): Promise<void>;
}

/**
 * A launch on a dev server of its own (random ports, temp SQLite file), so the test run's shared
 * server is untouched: approved, then at wait-running the server is killed -9 and started again
 * on the same port and file. The same run must finish with one server and one record.
 */
export function serverRestartCase(lanes: Lane[], workflowBundle?: string): RestartCase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-rel-devserver-'));
  let dev: DevServer | undefined;
  let connection: Connection | undefined;
  const outcome = (async (): Promise<RestartOutcome> => {
    const opts = { dbFile: path.join(dir, 'temporal.db'), port: await freePort(), uiPort: await freePort(), logFile: path.join(dir, 'temporal.log') };
    dev = await startDevServer(opts);
    connection = await Connection.connect({ address: dev.address });
    const lane = await startLane({
      name: 'server-restart', connection, address: dev.address, workflowBundle, zones: [{ zone: ZONE, provider: 'cloudflare' }],
      sandbox: { providers: ['hetzner', 'cloudflare'], bootMs: 6000, cloudInitMs: 500, resolvers: FAST_RESOLVERS },
    });
    lanes.push(lane);
    const t0 = Date.now();
    const fqdn = `restart.${ZONE}`;
    const client = new Client({ connection, dataConverter: lane.dataConverter });
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
    const tKill = Date.now();
    await new Promise((r) => setTimeout(r, 1000));
    dev = await startDevServer(opts);
    const tBack = Date.now();
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
    const next = await firstWorkflowTaskAfter(client.workflow.getHandle(started.workflowId), tBack);
    return {
      lane, fqdn, operationId: operationIdFor(started.workflowId), firstRunId: started.runId, runIdAfter, result, downAtStep,
      ms: { toKill: tKill - t0, recovery: Date.now() - tKill, nextStep: next === null ? null : next - tBack },
    };
  })();
  return {
    outcome,
    stop: async () => {
      await outcome.catch(() => undefined);
      await connection?.close().catch(() => undefined);
      await dev?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What is wrong after the server restart case (empty: clean). */
export function restartProblems(o: RestartOutcome): string[] {
  const out: string[] = [];
  if (o.runIdAfter !== o.firstRunId) out.push(`a new run ${o.runIdAfter} replaced ${o.firstRunId}`);
  if (o.result.server.operationId !== o.operationId) out.push(`the result's server carries operation ${o.result.server.operationId}`);
  const ops = liveServers(o.lane.sandbox).map((s) => s.labels['fazt-op'] ?? '(none)');
  if (ops.length !== 1 || ops[0] !== o.operationId) out.push(`servers by operation: [${ops.join(', ')}], expected [${o.operationId}]`);
  const a = cfRecords(o.lane.sandbox, o.fqdn, 'A').map((r) => r.content);
  if (a.length !== 1 || a[0] !== o.result.server.ip) out.push(`A records for ${o.fqdn}: [${a.join(', ')}]`);
  const posts = o.lane.sandbox.harness.hetzner.requests.filter((r) => r.method === 'POST' && /\/v1\/servers$/.test(r.path)).length;
  if (posts !== 1) out.push(`${posts} server orders, expected 1`);
  return out;
}
