/**
 * The composition root: config → provider registry → createActivities(deps) → Workers.
 * One worker polls the main task queue (workflows and non-provider activities); one worker per
 * provider polls that provider's queue. Provider requests (not activities) are paced against each
 * account's budget by src/providers/rate-limiter.ts, in a bucket shared by every worker process on
 * the host through `<dataDir>/pacing/`.
 */
import path from 'node:path';
import { Client } from '@temporalio/client';
import { decisions } from './client/decisions';
import { Context } from '@temporalio/activity';
import { scheduleApi, type ScheduleView } from './client/schedules';
import type { ScheduleName } from './schedules/definitions';
import { NativeConnection, Runtime, DefaultLogger, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { infraDataConverter } from './codec';
import { createActivities, type ActivityDeps } from './activities';
import { auditTypeOf } from './activities/audit-types';
import { AuditLog, createAuditInterceptor } from './audit';
import { ConfigStore, dataDir } from './config';
import { readSocketPath } from './config/paths';
import { startReadServer, type ReadServer } from './runtime/read-server';
import { PROVIDERS } from './domain/providers';
import { configurePacing } from './providers/rate-limiter';
import { runtimeActivityDeps } from './runtime/activity-deps';
import { providerTaskQueue, TASK_QUEUE } from './shared/constants';
import { temporalTarget, unreachable } from './shared/connection';

export interface InfraWorkerOptions {
  connection?: NativeConnection;
  address?: string;
  namespace?: string;
  /** @default TASK_QUEUE */
  taskQueue?: string;
  /** Activity dependencies; default: the real config store, SSH and DNS checker. */
  deps?: ActivityDeps;
  store?: ConfigStore;
  dataDir?: string;
  /** Requests per second per provider account (a scaled sandbox); default: each descriptor's budget. */
  providerRates?: Partial<Record<string, number>>;
  /**
   * A server-side activity rate per provider queue, off by default: the request pacing keeps the
   * budget. For workers on several hosts that share an account but no data folder, as a ceiling.
   */
  queueRates?: Partial<Record<string, number>>;
  /** Prebuilt workflow bundle (tests); default: bundle src/workflows at start. */
  workflowBundle?: { codePath: string };
  interceptors?: WorkerOptions['interceptors'];
  /** Where every activity call is recorded; `false` turns the trail off. @default `<dataDir>/audit.jsonl` */
  audit?: AuditLog | false;
  /**
   * Flows kept in memory between their tasks. @default {@link DEFAULT_MAX_CACHED_WORKFLOWS} (or
   * FAZT_MAX_CACHED_WORKFLOWS). A flow out of the cache is replayed from its history at its next task.
   */
  maxCachedWorkflows?: number;
  /** Max activities at once per worker. @default 50 */
  maxConcurrentActivities?: number;
  /**
   * The local read socket that serves the catalogue's direct reads without a workflow
   * (src/runtime/read-server.ts); `false` turns it off. @default `<dataDir>/reads-<taskQueue>.sock`
   */
  readSocket?: string | false;
  /** Payload encryption and failure encoding (src/codec). @default the codec over the store's key */
  dataConverter?: DataConverter;
  /**
   * Create fazt's Temporal Schedules (drift check, health sweep, renewal watch) if missing; an
   * object also sets those intervals. Off by default so tests sharing a Temporal server opt in.
   */
  schedules?: boolean | Partial<Record<ScheduleName, string>>;
}

/**
 * Each cached flow holds its own copy of every module the workflow code loads (the SDK's reused V8
 * context keeps module state per flow): about 1.6 MB here, most of it zod and the operation
 * catalogue. The SDK's default (about 2300 on a 4 GB heap) let 1000 flows waiting for a decision
 * take 1.8 GB; a waiting flow needs no memory, and replaying one when its decision or timer comes
 * is a few milliseconds (see bench/README.md, memory).
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 64;

export interface InfraWorkers {
  workers: Worker[];
  taskQueue: string;
  /** Where the worker serves direct reads while it runs (null: off). */
  readSocket: string | null;
  /** The schedules as created or found at start (empty when `schedules` was off). */
  schedules: ScheduleView[];
  run(): Promise<void>;
  shutdown(): void;
}

export async function createWorkers(opts: InfraWorkerOptions = {}): Promise<InfraWorkers> {
  const target = temporalTarget({ address: opts.address, namespace: opts.namespace });
  let connection = opts.connection;
  if (!connection) {
    try {
      connection = await NativeConnection.connect({ address: target.address, tls: target.tls, apiKey: target.apiKey, metadata: target.metadata });
    } catch (err) {
      throw unreachable(target.address, err);
    }
  }
  const store = opts.store ?? new ConfigStore();
  const data = opts.dataDir ?? dataDir();
  const deps = opts.deps ?? runtimeActivityDeps({ store, dataDir: data });
  const audit = opts.audit === false ? null : opts.audit ?? new AuditLog({ file: path.join(data, 'audit.jsonl'), secrets: () => store.secrets() });
  const auditOptions = { typeOf: auditTypeOf };
  const interceptors = opts.interceptors ?? (audit ? { activity: [createAuditInterceptor(audit, auditOptions)] } : undefined);
  // Every worker process with this data folder spends one bucket per provider account.
  configurePacing({ dir: path.join(data, 'pacing'), rates: opts.providerRates, whileWaiting: heartbeatIfActivity });
  const activities = createActivities(deps);
  const taskQueue = opts.taskQueue ?? TASK_QUEUE;
  const dataConverter = opts.dataConverter ?? infraDataConverter({ dir: store.dir, env: store.env });
  const common = {
    connection,
    namespace: target.namespace,
    dataConverter,
    activities,
    interceptors,
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivities ?? 50,
  };
  const main = await Worker.create({
    ...common,
    taskQueue,
    // A flow's next task goes to the queue of the worker that has it cached; when that worker was
    // killed -9 (no goodbye to the server), the task waits this long before any worker may take
    // it. The SDK's 10 s was most of a crash's recovery; a live worker takes its tasks in
    // milliseconds, and one too busy for 3 s replays the flow from history instead.
    stickyQueueScheduleToStartTimeout: '3s',
    maxCachedWorkflows: opts.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: require.resolve('./workflows') }),
  });
  const perProvider = await Promise.all(
    PROVIDERS.map((p) => Worker.create({
      ...common,
      taskQueue: providerTaskQueue(p.name, taskQueue),
      ...(opts.queueRates?.[p.name] ? { maxTaskQueueActivitiesPerSecond: opts.queueRates[p.name] } : {}),
    })),
  );
  const workers = [main, ...perProvider];
  const schedules = opts.schedules
    ? await scheduleApi(new Client({ connection, namespace: target.namespace, dataConverter }), taskQueue).ensure(opts.schedules === true ? {} : opts.schedules)
    : [];
  const socket = opts.readSocket === false ? null : opts.readSocket ?? readSocketPath(data, taskQueue);
  let reads: Promise<ReadServer | null> | undefined;
  const closeReads = async () => {
    const r = await reads?.catch(() => null);
    reads = undefined;
    await r?.close();
  };
  return {
    workers,
    taskQueue,
    readSocket: socket,
    schedules,
    run: async () => {
      // The read socket lives while the workers poll: a stopped worker answers no reads.
      if (socket) {
        // Temporal's own reads through the worker's connection (a NativeConnection serves a Client too).
        const temporal = decisions(new Client({ connection: connection!, namespace: target.namespace, dataConverter }), taskQueue);
        reads = startReadServer({ socket, taskQueue, activities, audit, auditOptions, temporal }).catch(() => null);
      }
      try {
        await Promise.all(workers.map((w) => w.run()));
      } finally {
        await closeReads();
      }
    },
    shutdown: () => {
      void closeReads();
      workers.forEach((w) => w.shutdown());
    },
  };
}

/** A request waiting for budget inside an activity keeps that activity's heartbeat going. */
function heartbeatIfActivity(): void {
  try {
    Context.current().heartbeat();
  } catch {
    // Not in an activity (the read socket): nothing to keep alive.
  }
}

/**
 * Options from the environment for `node lib/worker.js`: FAZT_TASK_QUEUE, FAZT_WORKFLOW_BUNDLE
 * (a prebuilt bundle file), FAZT_PROVIDER_RATES (JSON requests/s, e.g. {"hetzner":5}), FAZT_QUEUE_RATES (JSON activities/s), FAZT_MAX_CACHED_WORKFLOWS; the config folder and
 * data dir come from FAZT_CONFIG_DIR / FAZT_DATA_DIR as everywhere.
 */
export function workerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): InfraWorkerOptions {
  return {
    taskQueue: env.FAZT_TASK_QUEUE || undefined,
    workflowBundle: env.FAZT_WORKFLOW_BUNDLE ? { codePath: env.FAZT_WORKFLOW_BUNDLE } : undefined,
    providerRates: env.FAZT_PROVIDER_RATES ? JSON.parse(env.FAZT_PROVIDER_RATES) : undefined,
    queueRates: env.FAZT_QUEUE_RATES ? JSON.parse(env.FAZT_QUEUE_RATES) : undefined,
    // On for the default queue (FAZT_SCHEDULES=on|off overrides: a test's own queue stays without);
    // FAZT_SCHEDULE_INTERVALS='{"drift-check":"30m"}' sets intervals.
    schedules: (env.FAZT_SCHEDULES ? env.FAZT_SCHEDULES !== 'off' : !env.FAZT_TASK_QUEUE)
      ? (env.FAZT_SCHEDULE_INTERVALS ? JSON.parse(env.FAZT_SCHEDULE_INTERVALS) : true)
      : false,
    maxCachedWorkflows: env.FAZT_MAX_CACHED_WORKFLOWS ? Number(env.FAZT_MAX_CACHED_WORKFLOWS) : undefined,
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger((process.env.FAZT_LOG_LEVEL as any) ?? 'WARN') });
  const w = await createWorkers(workerOptionsFromEnv());
  console.log(`fazt worker: polling ${w.taskQueue} and ${PROVIDERS.length} provider queues`);
  if (w.schedules.length) console.log(`fazt worker: schedules ${w.schedules.map((s) => `${s.name} every ${s.every}${s.paused ? ' (paused)' : ''}`).join(', ')}`);
  // The SDK's Runtime handles SIGINT/SIGTERM: workers drain in-flight tasks, then run() resolves.
  await w.run();
  console.log('fazt worker: stopped');
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`fazt worker: ${err?.message ?? err}`);
    process.exit(1);
  });
}
