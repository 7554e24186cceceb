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
import type { DataConverter } from '@temporalio/common';
import { connect } from '../../src/client';
import { infraDataConverter } from '../../src/codec';
import type { InfraClient } from '../../src/client/api';
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
  /** Override provider endpoints in the config (e.g. a recording proxy in front of the sandbox). */
  endpoints?: (sandbox: Sandbox) => Promise<Record<string, string>> | Record<string, string>;
}

export interface Lane {
  name: string;
  sandbox: Sandbox;
  store: ConfigStore;
  client: InfraClient;
  worker: WorkerProcess;
  taskQueue: string;
  dir: string;
  /** The codec of this lane's worker (its config folder's key), for raw clients that query it. */
  dataConverter: DataConverter;
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
    const settings = sandbox.settings();
    if (o.endpoints) settings.endpoints = { ...settings.endpoints, ...(await o.endpoints(sandbox)) };
    applySandboxSettings(store, settings, { force: true });
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
    const dataConverter = infraDataConverter({ dir: configDir, env: {} });
    client = await connect({ connection: o.connection, taskQueue, dataConverter });
    return { name: o.name, sandbox, store, client, worker, taskQueue, dir, dataConverter, stop };
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

export { freePort } from '../helpers/free-port';

/** One request as the recording proxy saw it: when it arrived, when its answer left, and the rate-limit headers. */
export interface ProxyEntry {
  method: string;
  path: string;
  /** Epoch ms (fractional) the request arrived at the proxy. */
  at: number;
  /** Epoch ms (fractional) the response came back from the sandbox; NaN while in flight or when lost. */
  answeredAt: number;
  status: number;
  headers: Record<string, string>;
}

const now = () => performance.timeOrigin + performance.now();

/**
 * A plain HTTP proxy in front of a sandbox provider that records every request with the response's
 * rate-limit headers (`RateLimit-*`, `Retry-After`), which the sandbox's own log does not keep.
 * Point a lane's endpoint at `url`.
 */
export async function startRecordingProxy(target: string): Promise<{ url: string; log: ProxyEntry[]; stop(): Promise<void> }> {
  const http = await import('node:http');
  const up = new URL(target);
  const log: ProxyEntry[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const entry: ProxyEntry = { method: req.method ?? 'GET', path: req.url ?? '/', at: now(), answeredAt: NaN, status: 0, headers: {} };
    log.push(entry);
    const fwd = http.request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      entry.answeredAt = now();
      entry.status = r.statusCode ?? 0;
      for (const [k, v] of Object.entries(r.headers)) {
        if (/^(ratelimit|retry-after|x-ratelimit)/i.test(k) && v !== undefined) entry.headers[k.toLowerCase()] = String(v);
      }
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    fwd.on('error', () => {
      entry.status = -1;
      res.destroy();
    });
    req.pipe(fwd);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${up.pathname}`,
    log,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
