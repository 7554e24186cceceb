/**
 * The real worker as a child process (`node lib/worker.js`), so a test can kill -9 it the way a
 * crash or an OOM kill would, and start a fresh one on the same task queue. The config store and
 * data folder are on disk (the child reads them through FAZT_CONFIG_DIR / FAZT_DATA_DIR); the
 * sandbox lives in the caller's process and survives every kill.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKER_JS = path.join(ROOT, 'lib', 'worker.js');

export interface WorkerProcessOptions {
  /** Temporal frontend. @default process.env.FAZT_TEST_TEMPORAL_ADDRESS */
  address?: string;
  taskQueue: string;
  /** Prebuilt workflow bundle file. @default process.env.FAZT_TEST_WORKFLOW_BUNDLE */
  workflowBundle?: string;
  /** Config store folder (applySandboxSettings wrote it, master.key included). */
  configDir: string;
  /** Worker data: SSH key, known hosts, audit trail. */
  dataDir: string;
  providerRates?: Partial<Record<string, number>>;
  /** Where the child's stdout and stderr go (appended across restarts). */
  logFile: string;
  /** Worker log level. @default 'WARN' */
  logLevel?: string;
  /** Extra environment for the child (e.g. NODE_OPTIONS, FAZT_MAX_CACHED_WORKFLOWS in a bench). */
  env?: Record<string, string>;
}

export interface WorkerProcess {
  /** Spawns the worker and resolves once it logs that it is polling. */
  start(): Promise<void>;
  /** SIGKILL, then waits for the exit: no drain, no goodbye, like a crash. */
  kill9(): Promise<void>;
  restart(): Promise<void>;
  /** SIGTERM (the SDK drains), SIGKILL after a grace period. */
  stop(): Promise<void>;
  readonly pid: number | undefined;
  readonly running: boolean;
  /** The log so far (for assertion messages). */
  log(): string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.(ts|json|js|html|css)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

let built: Promise<string> | undefined;

/**
 * Compiles src/ into lib/ when lib/worker.js is missing or older than any source file; checked
 * once per process, so a restart in the middle of a test never waits for a rebuild. Several jest
 * workers may ask at once: a lock folder makes one of them build while the others wait.
 */
export function ensureWorkerBuilt(): Promise<string> {
  built ??= buildIfStale();
  return built;
}

async function buildIfStale(): Promise<string> {
  const fresh = () => fs.existsSync(WORKER_JS) && fs.statSync(WORKER_JS).mtimeMs >= newestMtime(path.join(ROOT, 'src'));
  if (fresh()) return WORKER_JS;
  // Inside lib/ (ignored by git), so a lock left by a killed run never shows up as a change.
  fs.mkdirSync(path.dirname(WORKER_JS), { recursive: true });
  const lock = path.join(path.dirname(WORKER_JS), '.build-lock');
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // A lock older than the deadline belongs to a run that died; take it over.
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 240_000) fs.rmSync(lock, { recursive: true, force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) throw new Error('timed out waiting for another build of lib/');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (!fresh()) {
      // Type errors in work-in-progress files elsewhere must not stop the emit (noEmitOnError is off).
      const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' });
      if (!fs.existsSync(WORKER_JS)) throw new Error(`tsc did not produce lib/worker.js:\n${r.stdout}\n${r.stderr}`);
      // tsc leaves unchanged outputs alone on some setups; the mark is what fresh() compares.
      const now = new Date();
      fs.utimesSync(WORKER_JS, now, now);
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return WORKER_JS;
}

/** Environment for the child: ours minus anything that could point it at other credentials or servers. */
function childEnv(o: WorkerProcessOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/TOKEN|API_KEY|MASTER_KEY|^TEMPORAL_|^FAZT_|^XDG_/.test(k)) continue;
    env[k] = v;
  }
  const address = o.address ?? process.env.FAZT_TEST_TEMPORAL_ADDRESS;
  const bundle = o.workflowBundle ?? process.env.FAZT_TEST_WORKFLOW_BUNDLE;
  if (!address) throw new Error('worker process: no Temporal address (FAZT_TEST_TEMPORAL_ADDRESS unset)');
  if (!bundle) throw new Error('worker process: no workflow bundle (FAZT_TEST_WORKFLOW_BUNDLE unset)');
  Object.assign(env, {
    TEMPORAL_ADDRESS: address,
    FAZT_TASK_QUEUE: o.taskQueue,
    FAZT_WORKFLOW_BUNDLE: bundle,
    FAZT_CONFIG_DIR: o.configDir,
    FAZT_DATA_DIR: o.dataDir,
    FAZT_PROVIDER_RATES: JSON.stringify(o.providerRates ?? {}),
    FAZT_LOG_LEVEL: o.logLevel ?? 'WARN',
    // No envconfig profile from the user's home.
    TEMPORAL_CONFIG_FILE: path.join(o.dataDir, 'no-temporal-profile.toml'),
  }, o.env);
  return env;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  // Last resort if a test forgot stop(): never leave a worker polling after jest exits.
  for (const c of live) c.kill('SIGKILL');
});

/** A handle on the worker process; nothing runs until `start()`. */
export function workerProcess(o: WorkerProcessOptions): WorkerProcess {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  fs.mkdirSync(o.dataDir, { recursive: true });
  fs.mkdirSync(path.dirname(o.logFile), { recursive: true });

  const start = async () => {
    if (child && child.exitCode === null && child.signalCode === null) throw new Error('worker process already running');
    const script = await ensureWorkerBuilt();
    fs.appendFileSync(o.logFile, `--- start ${new Date().toISOString()}\n`);
    const fd = fs.openSync(o.logFile, 'a');
    const c = spawn(process.execPath, [script], { cwd: ROOT, env: childEnv(o), stdio: ['ignore', 'pipe', fd] });
    fs.closeSync(fd);
    child = c;
    live.add(c);
    exited = new Promise<void>((resolve) => c.once('exit', () => {
      live.delete(c);
      resolve();
    }));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`worker did not start within 60s; log:\n${tail()}`)), 60_000);
      c.stdout!.on('data', (b: Buffer) => {
        fs.appendFileSync(o.logFile, b);
        out += b.toString();
        if (out.includes('polling')) {
          clearTimeout(timer);
          resolve();
        }
      });
      c.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`worker exited during start (code ${code}, signal ${signal}); log:\n${tail()}`));
      });
    });
  };
  const tail = () => {
    try {
      return fs.readFileSync(o.logFile, 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      return '';
    }
  };
  const kill9 = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const c = child;
    c.kill('SIGTERM');
    const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  };
  return {
    start,
    kill9,
    stop,
    restart: async () => {
      await kill9();
      await start();
    },
    get pid() {
      return child?.pid;
    },
    get running() {
      return !!child && child.exitCode === null && child.signalCode === null;
    },
    log: tail,
  };
}
