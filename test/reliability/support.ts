/**
 * Lanes for the reliability tests and benches: one sandbox, one config store on disk, one task
 * queue and one real worker process each, so a lane's worker can be killed -9 without touching
 * another lane, and every server or record in a lane's sandbox belongs to that lane's flows.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Connection } from '@temporalio/client';
import { connect } from '../../src/client';
import type { InfraClient } from '../../src/client-api';
import { applySandboxSettings, ConfigStore } from '../../src/config';
import { providerDescriptor } from '../../src/providers/registry';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox';
import type { CfRecord, CfState } from '../../src/sandbox/cloudflare/state';
import type { HetznerState, ServerRec } from '../../src/sandbox/hetzner/state';
import { workerProcess, type WorkerProcess } from '../helpers/worker-process';

export interface LaneOptions {
  name: string;
  /** A client connection to the Temporal server the worker uses. */
  connection: Connection;
  sandbox?: SandboxOptions;
  zones?: Array<{ zone: string; provider: string }>;
  settings?: Record<string, string>;
  providerRates?: Partial<Record<string, number>>;
  /** Temporal address for the worker. @default FAZT_TEST_TEMPORAL_ADDRESS */
  address?: string;
  /** Workflow bundle file. @default FAZT_TEST_WORKFLOW_BUNDLE */
  workflowBundle?: string;
  /** Keep the folder (worker log) after stop, for diagnosis. */
  keepDir?: boolean;
}

export interface Lane {
  name: string;
  sandbox: Sandbox;
  store: ConfigStore;
  client: InfraClient;
  worker: WorkerProcess;
  taskQueue: string;
  dir: string;
  stop(): Promise<void>;
}

export async function startLane(o: LaneOptions): Promise<Lane> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fazt-rel-${o.name}-`));
  const sandbox = await startSandbox({ bootMs: 300, cloudInitMs: 300, actionMs: 100, ...o.sandbox });
  let worker: WorkerProcess | undefined;
  let client: InfraClient | undefined;
  const stop = async () => {
    await worker?.kill9().catch(() => undefined);
    await client?.close().catch(() => undefined);
    await sandbox.stop();
    if (!o.keepDir) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const configDir = path.join(dir, 'config');
    const store = new ConfigStore({ dir: configDir, env: {} });
    applySandboxSettings(store, sandbox.settings(), { force: true });
    store.set('infra.vps.default', 'hetzner');
    for (const [k, v] of Object.entries(o.settings ?? {})) store.set(k, v);
    for (const z of o.zones ?? []) {
      const cred = store.resolveCredential('dns', z.provider);
      const dns = providerDescriptor(z.provider).create({ token: cred.token, endpoint: cred.endpoint }).dns!;
      const ref = (await dns.findZone(z.zone)) ?? (await dns.createZone(z.zone));
      store.addZone(z.zone, z.provider, ref.id);
    }
    const taskQueue = `rel-${o.name}-${randomUUID().slice(0, 8)}`;
    worker = workerProcess({
      address: o.address, workflowBundle: o.workflowBundle, taskQueue, configDir, dataDir: path.join(dir, 'data'),
      providerRates: { hetzner: 50, digitalocean: 50, vultr: 50, cloudflare: 50, ...o.providerRates },
      logFile: path.join(dir, 'worker.log'),
    });
    await worker.start();
    client = await connect({ connection: o.connection, taskQueue });
    return { name: o.name, sandbox, store, client, worker, taskQueue, dir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Servers that exist in the Hetzner simulator now (deleted ones excluded). */
export function liveServers(sandbox: Sandbox): ServerRec[] {
  const state = sandbox.sims.hetzner.dump() as HetznerState;
  const now = Date.now();
  return state.servers.filter((s) => s.deleteAt === undefined || s.deleteAt > now);
}

/** SSH keys registered in the Hetzner simulator. */
export function sshKeyCount(sandbox: Sandbox): number {
  return (sandbox.sims.hetzner.dump() as HetznerState).sshKeys.length;
}

/** Cloudflare records now served, optionally only those for one name and type. */
export function cfRecords(sandbox: Sandbox, fqdn?: string, type?: string): CfRecord[] {
  const state = sandbox.sims.cloudflare.dump() as CfState;
  return state.records.filter((r) => (!fqdn || r.name === fqdn) && (!type || r.type === type));
}

/** Servers per operation label (value of `fazt-op`); unlabelled servers under ''. */
export function serversByOperation(sandbox: Sandbox): Map<string, ServerRec[]> {
  const out = new Map<string, ServerRec[]>();
  for (const s of liveServers(sandbox)) {
    const k = s.labels['fazt-op'] ?? '';
    out.set(k, [...(out.get(k) ?? []), s]);
  }
  return out;
}

/** Polls `fn` every `everyMs` until it returns a truthy value (or throws after `ms`). */
export async function until<T>(fn: () => T | Promise<T>, ms = 60_000, everyMs = 20, what = 'condition'): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A promise's outcome without an unhandled rejection while nobody awaits it yet. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
export function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then((value) => ({ ok: true as const, value }), (error) => ({ ok: false as const, error }));
}

/** A free TCP port on loopback (closed again before it is returned). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}
