/**
 * The whole system for end-to-end tests: the provider sandbox (hosts with SSH, DNS servers) in
 * process, a config store in a temp folder pointed at it, the real worker on the shared Temporal
 * dev server (a unique task queue per system) and the real client.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { connect } from '../../src/client';
import { infraDataConverter } from '../../src/codec';
import type { InfraClient } from '../../src/client/api';
import { applySandboxSettings, ConfigStore } from '../../src/config';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox';
import { createWorkers, type InfraWorkers } from '../../src/worker';
import { temporalAddress } from './temporal';

export interface TestSystem {
  sandbox: Sandbox;
  store: ConfigStore;
  client: InfraClient;
  workers: InfraWorkers;
  taskQueue: string;
  dir: string;
  /** The payload codec and failure converter of this system's worker and client (its store's key). */
  dataConverter: DataConverter;
  /** Requests the sandbox saw for a provider, optionally filtered. */
  requests(provider: string, method?: string, pathPattern?: RegExp): Array<{ method: string; path: string; status: number; authorized: boolean; at: number }>;
  /** Restarts the worker (same queue, same config): what a crash and restart look like to Temporal. */
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
}

export interface SystemOptions {
  sandbox?: SandboxOptions;
  providerRates?: Partial<Record<string, number>>;
  zones?: Array<{ zone: string; provider: string }>;
  settings?: Record<string, string>;
  /** Create the worker's Temporal Schedules (createWorkers' `schedules`); the caller deletes them. */
  schedules?: boolean | Partial<Record<'drift-check' | 'health-sweep' | 'renewal-watch', string>>;
}

export async function startSystem(opts: SystemOptions = {}): Promise<TestSystem> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-e2e-'));
  const sandbox = await startSandbox({ bootMs: 300, cloudInitMs: 300, actionMs: 100, ...opts.sandbox });
  const store = new ConfigStore({ dir: path.join(dir, 'config'), env: {} });
  applySandboxSettings(store, sandbox.settings(), { force: true });
  for (const [k, v] of Object.entries(opts.settings ?? {})) store.set(k, v);
  for (const z of opts.zones ?? []) {
    const cred = store.resolveCredential('dns', z.provider);
    const { providerDescriptor } = await import('../../src/providers/registry');
    const dns = providerDescriptor(z.provider).create({ token: cred.token, endpoint: cred.endpoint }).dns!;
    const ref = (await dns.findZone(z.zone)) ?? (await dns.createZone(z.zone));
    store.addZone(z.zone, z.provider, ref.id);
  }
  const taskQueue = `e2e-${randomUUID().slice(0, 8)}`;
  const dataConverter = infraDataConverter({ dir: store.dir, env: store.env });
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress() });
  const makeWorkers = () => createWorkers({
    connection: nativeConnection, taskQueue, store, dataDir: path.join(dir, 'data'), dataConverter,
    workflowBundle: { codePath: process.env.FAZT_TEST_WORKFLOW_BUNDLE! },
    providerRates: { hetzner: 50, digitalocean: 50, vultr: 50, cloudflare: 50, ...opts.providerRates },
    schedules: opts.schedules,
  });
  let workers = await makeWorkers();
  let running = workers.run();
  const connection = await Connection.connect({ address: temporalAddress() });
  const client = await connect({ connection, taskQueue, dataConverter });

  const system: TestSystem = {
    sandbox, store, client, taskQueue, dir, dataConverter,
    get workers() {
      return workers;
    },
    requests: (provider, method, pattern) => sandbox.harness[provider].requests.filter((r) => (!method || r.method === method) && (!pattern || pattern.test(r.path))),
    restartWorker: async () => {
      workers.shutdown();
      await running;
      workers = await makeWorkers();
      running = workers.run();
    },
    stop: async () => {
      // Operations left waiting (a decision left pending by the CLI, an MCP start) still have a
      // result() long poll and progress queries on this connection; closing it under them makes the
      // client's retry timer throw "Channel has been shut down" into the test file. End them first
      // and let their watchers finish while the worker still answers queries (a closed workflow's
      // last progress query is answered by a worker), then stop the worker, then close.
      await endRunningWorkflows(connection, taskQueue, dataConverter);
      workers.shutdown();
      await running.catch(() => undefined);
      await client.close();
      // A call that failed retryably just before is retried within the client's backoff (100 ms
      // growing ×1.7); let its first retries happen on an open channel. 500 ms was too short on a
      // loaded 2-core CI run ("Channel has been shut down" after a file's tests had passed).
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await connection.close();
      await nativeConnection.close();
      await sandbox.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return system;
}

/** Terminates this system's running workflows and waits until their result polls have returned. */
async function endRunningWorkflows(connection: Connection, taskQueue: string, dataConverter: DataConverter): Promise<void> {
  const client = new Client({ connection, dataConverter });
  let ended = 0;
  try {
    for await (const wf of client.workflow.list({ query: `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"` })) {
      await client.workflow.getHandle(wf.workflowId).terminate('test system stopped').catch(() => undefined);
      ended++;
    }
  } catch {
    // Visibility unavailable: nothing more to do than close.
  }
  // Watchers poll progress every 250 ms and end after their next poll (also those of operations
  // that finished just now); give them a few rounds.
  await new Promise((resolve) => setTimeout(resolve, ended ? 1500 : 1000));
}
