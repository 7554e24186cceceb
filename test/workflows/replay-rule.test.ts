/**
 * The upgrade rule, proven on a copy of the workflow code: a change to a workflow's command
 * sequence (here one extra activity call before the destroy confirmation) breaks replay of the
 * recorded histories with a DeterminismViolationError, and the same change behind
 * `patched('<id>')` replays them all (old histories take the old path; new runs take the new one).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { loadFixtures, replayAll } from '../helpers/replay';

const ROOT = path.join(__dirname, '../..');
const ANCHOR = "  op.step('confirm');\n";
const quiet = { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never;

/** Bundles a copy of src/ whose destroy-server.ts has `insert` after the confirm step. */
async function bundleWith(insert: string, importPatched: boolean): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-replay-rule-'));
  try {
    fs.cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
    // The copy resolves its packages from the project's own node_modules (same real paths).
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const file = path.join(dir, 'src/workflows/destroy-server.ts');
    let code = fs.readFileSync(file, 'utf8');
    expect(code).toContain(ANCHOR);
    code = code.replace(ANCHOR, ANCHOR + insert);
    if (importPatched) code = code.replace("import { upsertSearchAttributes } from '@temporalio/workflow';", "import { patched, upsertSearchAttributes } from '@temporalio/workflow';");
    fs.writeFileSync(file, code);
    const bundle = await bundleWorkflowCode({ workflowsPath: path.join(dir, 'src/workflows/index.ts'), logger: quiet });
    const out = path.join(dir, 'bundle.js');
    fs.writeFileSync(out, bundle.code);
    return out;
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

const destroyFixtures = loadFixtures().filter((f) => f.workflowType === 'destroyServer').sort((a, b) => a.file.localeCompare(b.file));
const bundles: string[] = [];

afterAll(() => {
  for (const b of bundles) fs.rmSync(path.dirname(b), { recursive: true, force: true });
});

describe('changing workflow code', () => {
  it('has destroy histories to check against: paused at the decision, rejected and completed', () => {
    expect(destroyFixtures.map((f) => f.state).sort()).toEqual(['awaiting-decision', 'completed', 'rejected']);
  });

  it('an unguarded extra activity call fails replay of every recorded destroy with a DeterminismViolationError', async () => {
    const bundle = await bundleWith('  await bookkeeping.infraConfig();\n', false);
    bundles.push(bundle);
    const results = await replayAll({ workflowBundle: { codePath: bundle } }, destroyFixtures);
    expect(results.map((r) => ({ file: r.file, errorName: r.errorName }))).toEqual(destroyFixtures.map((f) => ({ file: f.file, errorName: 'DeterminismViolationError' })));
  });

  it('the same change behind patched() replays them all', async () => {
    const bundle = await bundleWith("  if (patched('replay-rule-demo-extra-config-read')) await bookkeeping.infraConfig();\n", true);
    bundles.push(bundle);
    const results = await replayAll({ workflowBundle: { codePath: bundle } }, destroyFixtures);
    expect(results).toEqual(destroyFixtures.map((f) => ({ file: f.file })));
  });
});
