/**
 * The typed client behind every surface: `connect()` returns an object whose `dev.infra.*` calls
 * run catalogue operations (src/operations/catalogue.ts): validate the input once, start the
 * operation's workflow under its id, and await the result while serving progress and decisions.
 * Pending decisions, approve/reject and progress live in ./decisions.ts.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { infraDataConverter } from '../codec';
import type { CallOptions, InfraClient, LaunchInput, RunOperation, StartedOperation } from './api';
import { Driver } from './driver';
import { decisions } from './decisions';
import { createInfraApi } from './infra-api';
import { scheduleApi } from './schedules';
import { InfraError, fromFailure } from '../domain/errors';
import { parseInput } from '../domain/validate';
import { launch } from '../operations/catalogue';
import type { OperationDef, WorkflowName } from '../operations/define';
import type { z } from 'zod';
import { TASK_QUEUE } from '../shared/constants';
import { temporalTarget, unreachable } from '../shared/connection';

export type { InfraClient, InfraApi, CallOptions, RunOperation } from './api';

export interface ConnectOptions {
  address?: string;
  namespace?: string;
  /** @default FAZT_TASK_QUEUE, else TASK_QUEUE */
  taskQueue?: string;
  /** Reuse an existing connection (tests). */
  connection?: Connection;
  /** Temporal Web UI base, for links. @default FAZT_TEMPORAL_UI, or http://localhost:8233 for a local server */
  uiUrl?: string;
  /** Payload encryption and failure encoding; must match the worker's (src/codec). @default the codec over the config folder's key */
  dataConverter?: DataConverter;
}

const short = () => randomUUID().slice(0, 8);

/** The parsed input, workflow argument and workflow id of one call of `op`. */
function prepare<N extends string, S extends z.ZodTypeAny, W extends WorkflowName, R>(op: OperationDef<N, S, W, R>, input: z.input<S>, o: CallOptions = {}) {
  const parsed = parseInput(op.input, input, `${op.name} input`);
  return { parsed, arg: op.start(parsed, { confirmationTimeout: o.confirmationTimeout }), workflowId: o.workflowId ?? op.id(parsed, short()) };
}

export async function connect(opts: ConnectOptions = {}): Promise<InfraClient> {
  const target = temporalTarget({ address: opts.address, namespace: opts.namespace });
  let connection = opts.connection;
  const owned = !connection;
  if (!connection) {
    try {
      connection = await Connection.connect({ address: target.address, tls: target.tls, apiKey: target.apiKey, metadata: target.metadata, connectTimeout: '5s' });
    } catch (err) {
      throw unreachable(target.address, err);
    }
  }
  const client = new Client({ connection, namespace: target.namespace, dataConverter: opts.dataConverter ?? infraDataConverter() });
  const taskQueue = opts.taskQueue ?? (process.env.FAZT_TASK_QUEUE || TASK_QUEUE);
  const driver = new Driver(client, taskQueue);
  const local = /^(localhost|127\.0\.0\.1):7233$/.test(target.address);
  const uiUrl = opts.uiUrl ?? process.env.FAZT_TEMPORAL_UI ?? (local ? 'http://localhost:8233' : undefined);
  const link = (id: string) => (uiUrl ? `${uiUrl}/namespaces/${target.namespace}/workflows/${encodeURIComponent(id)}` : undefined);

  const run: RunOperation = async (op, input, o) => {
    const { parsed, arg, workflowId } = prepare(op, input, o);
    return op.result(await driver.run({ workflow: op.workflow, arg, workflowId }, o), parsed);
  };

  const startLaunch = async (input: LaunchInput, o?: CallOptions): Promise<StartedOperation> => {
    const { arg, workflowId } = prepare(launch, input, o);
    const h = await driver.start({ workflow: launch.workflow, arg, workflowId });
    return { workflowId: h.workflowId, runId: h.firstExecutionRunId, uiUrl: link(h.workflowId) };
  };

  return {
    dev: { infra: createInfraApi(run) },
    run,
    startLaunch,
    ...decisions(client, taskQueue),
    schedules: scheduleApi(client, taskQueue),
    uiUrl,
    close: async () => {
      if (owned) await connection!.close();
    },
  };
}

export { fromFailure, InfraError };
