/**
 * The shared bench harness: a whole system of its own (a Temporal dev server on random ports with
 * a temp SQLite file, the workflow bundle, the provider sandbox, a config store pointed at it, the
 * worker in process or as a child process, and the real client), so a bench never touches the
 * test suite's server and can restart everything it owns.
 *
 * Used by every bench/*.ts script: `const sys = await startBenchSystem({...}); try { … } finally { await sys.stop(); }`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { connect } from '../src/client';
import { infraDataConverter, WORKFLOW_BUNDLE_CONVERTERS } from '../src/codec';
import type { InfraClient } from '../src/client/api';
import { applySandboxSettings, ConfigStore } from '../src/config';
import { providerDescriptor } from '../src/providers/registry';
import { startDevServer, type DevServer } from '../src/runtime/dev-server';
import { startSandbox, type Sandbox, type SandboxOptions } from '../src/sandbox';
import type { RequestLogEntry } from '../src/sandbox/core/harness';
import { createWorkers, type InfraWorkers } from '../src/worker';
import { workerProcess, type WorkerProcess } from '../test/helpers/worker-process';

export interface BenchSystemOptions {
  sandbox?: SandboxOptions;
  /** Requests per second per provider queue (the worker's shared budget). */
  providerRates?: Partial<Record<string, number>>;
  /** Zones to create in the sandbox and register in the config store. */
  zones?: Array<{ zone: string; provider: string }>;
  /** Extra config settings, e.g. `{ 'infra.vps.default': 'hetzner' }`. */
  settings?: Record<string, string>;
  /** Run the worker as a child process (`node lib/worker.js`) that can be killed -9. @default false */
  workerProcess?: boolean;
  /** Extra environment for that child worker. */
  workerEnv?: Record<string, string>;
}

/** The worker, wherever it runs. */
export interface BenchWorker {
  readonly kind: 'in-process' | 'process';
  /** Stops (a child: SIGKILL) and starts a fresh worker on the same queue and config. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The child process handle when `kind === 'process'` (kill9, start, log). */
  process?: WorkerProcess;
}

export interface BenchSystem {
  client: InfraClient;
  sandbox: Sandbox;
  store: ConfigStore;
  worker: BenchWorker;
  devServer: DevServer;
  /** host:port of this system's Temporal dev server. */
  address: string;
  taskQueue: string;
  dir: string;
  /** Requests the sandbox saw for a provider, optionally filtered. */
  requests(provider: string, method?: string, pathPattern?: RegExp): RequestLogEntry[];
  /** Stops the dev server and starts it again on the same port and SQLite file (history survives). */
  restartTemporal(opts?: { kill9?: boolean; downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

import { freePort } from '../test/helpers/free-port';

export { freePort };

const quiet = { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as any;
let bundleCode: Promise<string> | undefined;

/** The workflow bundle, built once per process. */
export function workflowBundleCode(): Promise<string> {
  bundleCode ??= bundleWorkflowCode({ workflowsPath: require.resolve('../src/workflows'), ...WORKFLOW_BUNDLE_CONVERTERS, logger: quiet }).then((b) => b.code);
  return bundleCode;
}

let runtimeInstalled = false;
function installRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already installed by the caller: keep theirs.
  }
}

/** Starts a whole system; always pair with `stop()` in a finally. */
export async function startBenchSystem(opts: BenchSystemOptions = {}): Promise<BenchSystem> {
  installRuntime();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-bench-'));
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    cleanups.length = 0;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const devOpts = { dbFile: path.join(dir, 'temporal.db'), port, uiPort: await freePort(), logFile: path.join(dir, 'temporal.log') };
    let devServer = await startDevServer(devOpts);
    cleanups.push(() => devServer.stop());
    const bundleFile = path.join(dir, 'workflow-bundle.js');
    fs.writeFileSync(bundleFile, await workflowBundleCode());

    const sandbox = await startSandbox({ bootMs: 300, cloudInitMs: 300, actionMs: 100, ...opts.sandbox });
    cleanups.push(() => sandbox.stop());
    const configDir = path.join(dir, 'config');
    const dataDir = path.join(dir, 'data');
    const store = new ConfigStore({ dir: configDir, env: {} });
    applySandboxSettings(store, sandbox.settings(), { force: true });
    for (const [k, v] of Object.entries(opts.settings ?? {})) store.set(k, v);
    for (const z of opts.zones ?? []) {
      const cred = store.resolveCredential('dns', z.provider);
      const dns = providerDescriptor(z.provider).create({ token: cred.token, endpoint: cred.endpoint }).dns!;
      const ref = (await dns.findZone(z.zone)) ?? (await dns.createZone(z.zone));
      store.addZone(z.zone, z.provider, ref.id);
    }

    const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
    const providerRates = { hetzner: 50, digitalocean: 50, vultr: 50, cloudflare: 50, ...opts.providerRates };
    const worker = opts.workerProcess
      ? await childWorker({ address: devServer.address, taskQueue, workflowBundle: bundleFile, configDir, dataDir, providerRates, logFile: path.join(dir, 'worker.log'), env: opts.workerEnv })
      : await inProcessWorker(devServer.address, taskQueue, store, dataDir, bundleFile, providerRates);
    cleanups.push(() => worker.stop());

    const connection = await Connection.connect({ address: devServer.address });
    cleanups.push(() => connection.close());
    const client = await connect({ connection, taskQueue, dataConverter: infraDataConverter({ dir: configDir, env: {} }) });
    cleanups.push(() => client.close());

    return {
      client, sandbox, store, worker, taskQueue, dir,
      get devServer() {
        return devServer;
      },
      address: devServer.address,
      requests: (provider, method, pattern) => sandbox.harness[provider].requests.filter((r) => (!method || r.method === method) && (!pattern || pattern.test(r.path))),
      restartTemporal: async (o = {}) => {
        if (o.kill9) {
          const exited = new Promise<void>((resolve) => devServer.process.once('exit', () => resolve()));
          if (devServer.process.exitCode === null) devServer.process.kill('SIGKILL');
          await exited;
        } else {
          await devServer.stop();
        }
        if (o.downMs) await new Promise((r) => setTimeout(r, o.downMs));
        devServer = await startDevServer(devOpts);
      },
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function childWorker(o: Parameters<typeof workerProcess>[0]): Promise<BenchWorker> {
  const p = workerProcess(o);
  await p.start();
  return { kind: 'process', process: p, restart: () => p.restart(), stop: () => p.stop() };
}

async function inProcessWorker(address: string, taskQueue: string, store: ConfigStore, dataDir: string, bundleFile: string, providerRates: Partial<Record<string, number>>): Promise<BenchWorker> {
  const nativeConnection = await NativeConnection.connect({ address });
  const make = () => createWorkers({ connection: nativeConnection, taskQueue, store, dataDir, workflowBundle: { codePath: bundleFile }, providerRates, audit: false });
  let workers: InfraWorkers = await make();
  let running = workers.run();
  const halt = async () => {
    workers.shutdown();
    await running.catch(() => undefined);
  };
  return {
    kind: 'in-process',
    restart: async () => {
      await halt();
      workers = await make();
      running = workers.run();
    },
    stop: async () => {
      await halt();
      await nativeConnection.close();
    },
  };
}

/** Prints a figure table: one `label  value` line each, aligned. */
export function printFigures(title: string, rows: Array<[string, string | number]>): void {
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
}
