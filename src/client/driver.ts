/**
 * Starts a workflow and drives it to its result for a caller: streams progress, answers pending
 * confirmations (callback, auto-approve, or leave pending for approve/reject elsewhere), and turns
 * failures back into InfraErrors.
 */
import { Client, WorkflowHandle, type WorkflowStartOptions } from '@temporalio/client';
import type { CallOptions } from './api';
import type * as workflows from '../workflows';
import type { WorkflowArg, WorkflowName, WorkflowResult } from '../operations/define';
import { requestHash } from '../domain/decisions';
import { fromFailure } from '../domain/errors';
import { processDecider } from './decisions';
import type { ConfirmationRequest, OperationProgress } from '../domain/operations';
import { decideUpdate, progressQuery } from '../workflows/messages';

export interface StartSpec<W extends WorkflowName> {
  /** The workflow by its exported name: the compiler checks it and the argument's type. */
  workflow: W;
  arg: WorkflowArg<W>;
  workflowId: string;
  /** Attach to a running execution with the same id instead of failing. @default true */
  attach?: boolean;
}

export class Driver {
  constructor(private readonly client: Client, private readonly taskQueue: string, private readonly pollMs = 250) {}

  async start<W extends WorkflowName>(spec: StartSpec<W>): Promise<WorkflowHandle<(typeof workflows)[W]> & { firstExecutionRunId: string }> {
    try {
      return await this.client.workflow.start<(typeof workflows)[W]>(spec.workflow, {
        taskQueue: this.taskQueue,
        workflowId: spec.workflowId,
        args: [spec.arg],
        workflowIdConflictPolicy: spec.attach === false ? 'FAIL' : 'USE_EXISTING',
        // StartSpec<W> already ties `arg` to W; TypeScript cannot resolve the SDK's conditional args type for a generic W.
      } as unknown as WorkflowStartOptions<(typeof workflows)[W]>);
    } catch (err) {
      throw fromFailure(err);
    }
  }

  /** Starts (or attaches) and waits for the result while serving progress and confirmations. */
  async run<W extends WorkflowName>(spec: StartSpec<W>, opts: CallOptions = {}): Promise<WorkflowResult<W>> {
    const handle = await this.start(spec);
    return this.follow<WorkflowResult<W>>(handle, opts);
  }

  async follow<T>(handle: WorkflowHandle, opts: CallOptions = {}): Promise<T> {
    const result = handle.result();
    let settled = false;
    result.then(() => (settled = true), () => (settled = true));
    const interactive = !!(opts.onProgress || opts.confirm || opts.autoApprove);
    const poller = interactive ? this.poll(handle, opts, () => settled) : Promise.resolve();
    try {
      return (await result) as T;
    } catch (err) {
      throw fromFailure(err);
    } finally {
      settled = true;
      await poller.catch(() => undefined);
      // The last steps may finish between two polls: report the final state once.
      if (opts.onProgress) {
        const final = await handle.query(progressQuery).catch(() => null);
        if (final) opts.onProgress(final);
      }
    }
  }

  private async poll(handle: WorkflowHandle, opts: CallOptions, done: () => boolean): Promise<void> {
    let last = '';
    const answered = new Set<string>();
    while (!done()) {
      let p: OperationProgress | null = null;
      try {
        p = await handle.query(progressQuery);
      } catch {
        // Not every workflow has the query yet (first task not run); try again shortly.
      }
      if (p) {
        const text = JSON.stringify(p);
        if (text !== last) {
          last = text;
          opts.onProgress?.(p);
        }
        const req = p.pendingConfirmation;
        if (req && !answered.has(req.id)) {
          answered.add(req.id);
          void this.answer(handle, req, opts);
        }
      }
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
  }

  private async answer(handle: WorkflowHandle, req: ConfirmationRequest, opts: CallOptions): Promise<void> {
    let approved: boolean | undefined;
    if (opts.autoApprove) approved = true;
    else if (opts.confirm) approved = await opts.confirm(req).catch(() => undefined);
    if (approved === undefined) return;
    // The decider is who the caller's surface says (the CLI: its OS user); the hash is of the request shown.
    const decider = opts.decider ?? processDecider();
    await handle
      .executeUpdate(decideUpdate, { args: [{ approved, requestId: req.id, requestHash: requestHash(req), by: decider.by, surface: decider.surface, ...(opts.autoApprove ? { reason: 'pre-approved (--yes)' } : {}) }] })
      .catch(() => undefined);
  }
}
