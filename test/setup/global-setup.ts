/**
 * Starts one real Temporal dev server (the CLI built by scripts/ensure-temporal.sh, as an
 * `existing-path` executable) and bundles the workflows once for the whole run. Test files connect
 * through FAZT_TEST_TEMPORAL_ADDRESS and load the bundle from FAZT_TEST_WORKFLOW_BUNDLE.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_CONVERTERS } from '../../src/codec';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/shared/search-attributes';
import { ensureTemporalBinary } from '../../src/shared/temporal-binary';

export default async function globalSetup(): Promise<void> {
  // Unit-only runs (simulators, adapters, pure logic) may skip the server to save CPU.
  if (process.env.FAZT_TEST_NO_TEMPORAL === '1') return;
  const bin = ensureTemporalBinary();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: bin },
      ip: '127.0.0.1',
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      extraArgs: ['--log-level', 'error', '--dynamic-config-value', 'frontend.enableServerVersionCheck=false'],
    },
  });
  (globalThis as any).__faztTemporal = env;
  process.env.FAZT_TEST_TEMPORAL_ADDRESS = env.address;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-test-'));
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../src/workflows'),
    ...WORKFLOW_BUNDLE_CONVERTERS,
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as any,
  });
  const file = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(file, bundle.code);
  process.env.FAZT_TEST_WORKFLOW_BUNDLE = file;
  (globalThis as any).__faztTestDir = dir;
}
