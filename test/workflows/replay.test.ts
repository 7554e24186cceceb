/**
 * Histories recorded with the workflow code from before a change still replay with the current
 * code (changed command sequences are behind `patched()`), so running workflows survive a deploy.
 * Each fixture is a binary History recorded against the sandbox with the code at 4805693, listed
 * with its workflow id (the confirmation's request id is derived from it).
 */
import fs from 'node:fs';
import path from 'node:path';
// @temporalio/proto ships with every @temporalio/* package (same version); its protojson reader
// is unusable here (two protobufjs copies), so fixtures are stored as binary History messages.
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';

const DIR = path.join(__dirname, '../fixtures/replay');

const FIXTURES = [
  // A launch approved by signal whose propagation timed out after it set DNS: compensation ran.
  { file: 'launch-propagation-failure-v1.pb', workflowId: 'launch:shop.example.com' },
];

describe('replay of histories from earlier code', () => {
  it('lists every fixture', () => {
    expect(fs.readdirSync(DIR).sort()).toEqual(FIXTURES.map((f) => f.file).sort());
  });

  it.each(FIXTURES)('$file replays without nondeterminism', async ({ file, workflowId }) => {
    const history = temporal.api.history.v1.History.decode(fs.readFileSync(path.join(DIR, file)));
    await Worker.runReplayHistory({ workflowBundle: { codePath: process.env.FAZT_TEST_WORKFLOW_BUNDLE! } }, history, workflowId);
  });
});
