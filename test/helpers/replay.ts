/** Reading the replay fixtures (test/fixtures/replay/index.json) and replaying them in batches. */
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';

export const FIXTURE_DIR = path.join(__dirname, '../fixtures/replay');

export interface Fixture {
  file: string;
  workflowType: string;
  workflowId: string;
  state: string;
  description: string;
  recordedFrom: string;
}

export function loadFixtures(): Fixture[] {
  return JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, 'index.json'), 'utf8')) as Fixture[];
}

export function readHistory(f: Fixture): temporal.api.history.v1.History {
  return temporal.api.history.v1.History.decode(fs.readFileSync(path.join(FIXTURE_DIR, f.file)));
}

export interface FixtureResult {
  file: string;
  error?: string;
  errorName?: string;
}

/**
 * Replays every fixture, one replay worker per batch. Results are matched by run, so histories of
 * the same run (a flow captured paused and again finished) go in different batches. Sorted by file.
 */
export async function replayAll(opts: ReplayWorkerOptions, fixtures: Fixture[]): Promise<FixtureResult[]> {
  const batches: Fixture[][] = [];
  for (const f of fixtures) {
    const batch = batches.find((b) => !b.some((x) => x.workflowId === f.workflowId));
    if (batch) batch.push(f);
    else batches.push([f]);
  }
  const out: FixtureResult[] = [];
  for (const batch of batches) {
    const histories = batch.map((f) => ({ workflowId: f.workflowId, history: readHistory(f) }));
    let i = 0;
    for await (const r of Worker.runReplayHistories(opts, histories)) {
      const f = batch.find((x) => x.workflowId === r.workflowId) ?? batch[i];
      i++;
      out.push({ file: f.file, ...(r.error ? { error: r.error.message, errorName: r.error.name } : {}) });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}
