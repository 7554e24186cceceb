/**
 * Records the replay fixtures of this release (`npm run fixtures:replay -- [--tag v2] [--overwrite]`):
 * runs the real system (Temporal dev server, worker, sandbox with its SSH hosts and DNS servers),
 * drives every workflow type exported by src/workflows/index.ts into the states a release may find
 * it in (completed, rejected, failed, and paused: waiting for a decision, for cloud-init, for
 * propagation), and saves each history as a binary History message in test/fixtures/replay/
 * (`<workflow>-<state>-<tag>.pb`) listed in index.json. test/workflows/replay.test.ts replays
 * them all with the current code. Run it at each release; never edit a fixture by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import globalSetup from '../test/setup/global-setup';
import globalTeardown from '../test/setup/global-teardown';
import { temporalAddress } from '../test/helpers/temporal';
import { SCENARIOS, type Recorder } from './replay-scenarios';

const DIR = path.join(__dirname, '../test/fixtures/replay');
const INDEX = path.join(DIR, 'index.json');

export interface FixtureEntry {
  file: string;
  workflowType: string;
  workflowId: string;
  state: string;
  description: string;
  /** The commit (and release tag) whose code made the history. */
  recordedFrom: string;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const tag = arg('--tag') ?? 'v1';
  const overwrite = process.argv.includes('--overwrite');
  const only = arg('--only');
  const index: FixtureEntry[] = fs.existsSync(INDEX) ? JSON.parse(fs.readFileSync(INDEX, 'utf8')) : [];
  const clash = index.filter((e) => e.recordedFrom.endsWith(`(${tag})`));
  if (clash.length && !overwrite && !only) throw new Error(`fixtures of ${tag} exist (${clash.length}); a new release records a new tag (--tag v2), or pass --overwrite`);
  const commit = gitCommit();
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Installed already.
  }
  const started = Date.now();
  await globalSetup();
  const connection = await Connection.connect({ address: temporalAddress() });
  const temporalClient = new Client({ connection });
  const recorded: FixtureEntry[] = [];
  const recorder: Recorder = {
    temporal: temporalClient,
    async save(workflowId, workflowType, state, description) {
      const history = await settledHistory(temporalClient, workflowId);
      const file = `${workflowType}-${state}-${tag}.pb`;
      fs.writeFileSync(path.join(DIR, file), temporal.api.history.v1.History.encode(history).finish());
      recorded.push({ file, workflowType, workflowId, state, description, recordedFrom: `${commit} (${tag})` });
      console.log(`  ${file}  ${history.events?.length} events  (${workflowId})`);
    },
  };
  try {
    for (const s of SCENARIOS) {
      if (only && s.name !== only) continue;
      const t = Date.now();
      console.log(`${s.name} ...`);
      await s.run(recorder);
      console.log(`  (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await connection.close();
    await globalTeardown();
  }
  const kept = index.filter((e) => !recorded.some((r) => r.file === e.file));
  const next = [...kept, ...recorded].sort((a, b) => a.file.localeCompare(b.file));
  fs.writeFileSync(INDEX, JSON.stringify(next, null, 2) + '\n');
  const types = new Set(next.map((e) => e.workflowType));
  console.log(`recorded ${recorded.length} histories (${types.size} workflow types in the index) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The history once it is quiet: the last workflow task is completed (not scheduled or running),
 * so the fixture ends where a worker would pick the flow up after an upgrade.
 */
async function settledHistory(client: Client, workflowId: string): Promise<temporal.api.history.v1.IHistory> {
  const busy = new Set(['EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', 'EVENT_TYPE_WORKFLOW_TASK_STARTED']);
  for (let i = 0; i < 100; i++) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const last = history.events?.[history.events.length - 1];
    const name = temporal.api.enums.v1.EventType[last?.eventType ?? 0];
    if (!busy.has(name)) return history;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${workflowId}: history never settled`);
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: __dirname, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
