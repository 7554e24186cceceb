/**
 * Histories recorded with the workflow code of earlier releases still replay with the current
 * code (changed command sequences are behind `patched()`), so running workflows survive a deploy.
 * The fixtures are binary History messages made by `npm run fixtures:replay` (the recorder runs the
 * real system) and listed in index.json with the workflow id each ran under (confirmation request
 * ids and operation ids derive from it). Paused flows (waiting for a decision, cloud-init or
 * propagation) are open histories: replaying them up to their last event is exactly what a new
 * worker does when it picks such a flow up after an upgrade.
 */
import fs from 'node:fs';
import path from 'node:path';
// @temporalio/proto ships with every @temporalio/* package (same version); its protojson reader
// is unusable here (two protobufjs copies), so fixtures are stored as binary History messages.
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import * as workflows from '../../src/workflows';
import { loadFixtures, replayAll } from '../helpers/replay';

const DIR = path.join(__dirname, '../fixtures/replay');
const FIXTURES = loadFixtures();

describe('replay of histories from earlier code', () => {
  it('lists every fixture file in index.json, and nothing else is in the folder', () => {
    expect(fs.readdirSync(DIR).filter((f) => f !== 'index.json').sort()).toEqual(FIXTURES.map((f) => f.file).sort());
  });

  it('covers every workflow type the worker registers (but those new since the last release), each history of that type', () => {
    const types = new Set(FIXTURES.map((f) => f.workflowType));
    // A type added since the last release has no earlier history; it must be listed as such, and
    // leaves the list once the next release records it (a type both listed and recorded is stale).
    const unreleased: string[] = JSON.parse(fs.readFileSync(path.join(DIR, '../replay-unreleased.json'), 'utf8')).types;
    expect(Object.keys(workflows).filter((name) => !types.has(name) && !unreleased.includes(name))).toEqual([]);
    expect(unreleased.filter((name) => types.has(name) || !(name in workflows))).toEqual([]);
    for (const f of FIXTURES) {
      const history = temporal.api.history.v1.History.decode(fs.readFileSync(path.join(DIR, f.file)));
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      expect({ file: f.file, type: started?.workflowType?.name }).toEqual({ file: f.file, type: f.workflowType });
    }
  });

  it('includes flows paused mid-way: waiting for a decision, for cloud-init, for propagation', () => {
    const states = new Set(FIXTURES.map((f) => f.state));
    expect([...states]).toEqual(expect.arrayContaining(['completed', 'rejected', 'failed', 'awaiting-decision', 'waiting-cloud-init', 'waiting-propagation']));
  });

  it('every fixture replays with the current workflow code without nondeterminism', async () => {
    const results = await replayAll({ workflowBundle: { codePath: process.env.FAZT_TEST_WORKFLOW_BUNDLE! } }, FIXTURES);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(results).toHaveLength(FIXTURES.length);
  });

  it('the single-history replay the SDK documents agrees (one fixture)', async () => {
    const f = FIXTURES.find((x) => x.state === 'waiting-propagation')!;
    const history = temporal.api.history.v1.History.decode(fs.readFileSync(path.join(DIR, f.file)));
    await Worker.runReplayHistory({ workflowBundle: { codePath: process.env.FAZT_TEST_WORKFLOW_BUNDLE! } }, history, f.workflowId);
  });
});
