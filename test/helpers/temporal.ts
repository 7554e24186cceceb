/**
 * Test access to the real dev server started in global setup: a client connection and a worker
 * running the prebuilt workflow bundle with the activities a test gives it.
 */
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';

export function temporalAddress(): string {
  const a = process.env.FAZT_TEST_TEMPORAL_ADDRESS;
  if (!a) throw new Error('FAZT_TEST_TEMPORAL_ADDRESS is not set: run tests through jest (global setup starts Temporal)');
  return a;
}

/** A client on the dev server; pass a system's `dataConverter` to read what its worker encrypted. */
export async function testClient(dataConverter?: DataConverter): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address: temporalAddress() });
  return { client: new Client({ connection, dataConverter }), connection };
}

/** A worker on the shared dev server; pass a unique task queue per test file. */
export async function testWorker(opts: Omit<WorkerOptions, 'connection' | 'workflowBundle' | 'workflowsPath'>): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: temporalAddress() });
  const worker = await Worker.create({
    connection,
    workflowBundle: { codePath: process.env.FAZT_TEST_WORKFLOW_BUNDLE! },
    ...opts,
  });
  return { worker, connection };
}
