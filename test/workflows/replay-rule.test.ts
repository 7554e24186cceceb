/**
 * The upgrade rule, proven on a copy of the workflow code: a change to a workflow's command
 * sequence (one extra activity call before the destroy confirmation, or two steps swapped) breaks
 * replay of the recorded histories with a DeterminismViolationError, and the extra call behind
 * `patched('<id>')` replays them all (old histories take the old path; new runs take the new one).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { loadFixtures, replayAll } from '../helpers/replay';

const ROOT = path.join(__dirname, '../..');
const ANCHOR = "  op.step('confirm');\n";
const bundles: string[] = [];
const quiet = { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never;

/** Bundles a copy of src/ whose destroy-server.ts is changed by `edit`. */
async function bundleWith(edit: (code: string) => string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-replay-rule-'));
  try {
    fs.cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
    // The copy resolves its packages from the project's own node_modules (same real paths).
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const file = path.join(dir, 'src/workflows/destroy-server.ts');
    const code = fs.readFileSync(file, 'utf8');
    const changed = edit(code);
    expect(changed).not.toBe(code);
    fs.writeFileSync(file, changed);
    const bundle = await bundleWorkflowCode({ workflowsPath: path.join(dir, 'src/workflows/index.ts'), logger: quiet });
    const out = path.join(dir, 'bundle.js');
    fs.writeFileSync(out, bundle.code);
    bundles.push(out);
    return out;
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** One extra activity call right after the confirm step starts (before the decision is awaited). */
const extraCall = (code: string) => code.replace(ANCHOR, `${ANCHOR}  await bookkeeping.infraConfig();\n`);
/** The same call behind a patch: old histories take the old path. */
const patchedCall = (code: string) => code
  .replace(ANCHOR, `${ANCHOR}  if (patched('replay-rule-demo-extra-config-read')) await bookkeeping.infraConfig();\n`)
  .replace("import { upsertSearchAttributes } from '@temporalio/workflow';", "import { patched, upsertSearchAttributes } from '@temporalio/workflow';");
/** Two steps swapped: the search attributes are set before the config is read. */
const UPSERT = /\n  upsertSearchAttributes\(\{[^\n]*\n/;
const reordered = (code: string) => {
  const upsert = UPSERT.exec(code)![0];
  return code.replace(upsert, '\n').replace('  const cfg = await bookkeeping.infraConfig();\n', `${upsert.slice(1)}  const cfg = await bookkeeping.infraConfig();\n`)
    .replace('[server.provider]', "['unknown']").replace('[server.name]', '[input.server]');
};

const destroyFixtures = loadFixtures().filter((f) => f.workflowType === 'destroyServer').sort((a, b) => a.file.localeCompare(b.file));

afterAll(() => {
  for (const b of bundles) fs.rmSync(path.dirname(b), { recursive: true, force: true });
});

describe('changing workflow code', () => {
  it('has destroy histories to check against: paused at the decision, rejected and completed', () => {
    expect(destroyFixtures.map((f) => f.state).sort()).toEqual(['awaiting-decision', 'completed', 'rejected']);
  });

  it.each([
    ['an extra activity call', extraCall],
    ['two steps in another order', reordered],
  ])('%s, unguarded, fails replay of every recorded destroy with a DeterminismViolationError', async (_what, edit) => {
    const bundle = await bundleWith(edit);
    const results = await replayAll({ workflowBundle: { codePath: bundle } }, destroyFixtures);
    expect(results.map((r) => ({ file: r.file, errorName: r.errorName }))).toEqual(destroyFixtures.map((f) => ({ file: f.file, errorName: 'DeterminismViolationError' })));
  });

  it('the extra call behind patched() replays them all', async () => {
    const bundle = await bundleWith(patchedCall);
    const results = await replayAll({ workflowBundle: { codePath: bundle } }, destroyFixtures);
    expect(results).toEqual(destroyFixtures.map((f) => ({ file: f.file })));
  });
});
