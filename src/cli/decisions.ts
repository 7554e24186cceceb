/**
 * How the CLI runs an operation that may wait on a human (create, destroy, launch, set-many):
 * shows the confirmation request and asks y/N on a terminal, pre-approves with `--yes`, and without
 * a terminal leaves the decision pending and says how to approve it elsewhere. Also prints one
 * progress line per step change.
 */
import os from 'node:os';
import type { Command } from 'commander';
import type { CallOptions, Decider } from '../client/api';
import type { ConfirmationRequest, OperationProgress } from '../domain/operations';
import type { AnyOperation, OperationInput, OperationResult } from '../operations/define';
import type { CliContext } from './context';
import type { CliDeps } from './deps';
import { json, keyValues } from './output';

/** Either the operation's result, or the workflow id of a decision left pending. */
export type DecisionOutcome<T> = { kind: 'done'; value: T } | { kind: 'pending'; workflowId: string; request: ConfirmationRequest };

/** Who decides from this CLI: the OS user running it (there is no way to name someone else). */
export function cliDecider(): Decider {
  return { by: os.userInfo().username, surface: 'cli' };
}

/** The confirmation request as people read it: the reason line and its data as a small table. */
export function describeRequest(req: ConfirmationRequest): string {
  const data = Object.keys(req.data).length ? `\n${keyValues(req.data)}` : '';
  return `${req.reason}${data}\n(expires ${req.expiresAt}${req.hash ? `; request sha256 ${req.hash}` : ''})`;
}

/**
 * A progress printer: one line per change of step or of what the operation waits on, like
 * `[2/6] waiting for cloud-init on 127.12.0.3 …`.
 */
export function progressPrinter(write: (line: string) => void): (p: OperationProgress) => void {
  let last = '';
  return (p) => {
    if (p.step === 'done') return;
    const current = p.steps[p.steps.length - 1];
    const detail = p.waiting?.detail || current?.detail || p.step;
    const text = p.waiting?.on === 'confirmation' ? `waiting for a decision: ${detail}` : detail;
    const key = `${p.step}|${p.waiting?.on ?? ''}|${text}`;
    if (key === last) return;
    last = key;
    const n = Math.max(p.steps.length, 1);
    const counter = p.totalSteps ? `[${n}/${p.totalSteps}]` : `[${n}]`;
    write(`${counter} ${text}${p.waiting ? ' …' : ''}`);
  };
}

/**
 * Runs `start` with confirm/progress callbacks chosen by `--yes` and the terminal, and returns its
 * result, or — without a terminal and without `--yes` — the pending decision as soon as the
 * workflow asks for one (the operation keeps waiting in Temporal for `approve`/`reject`).
 */
export async function runWithDecision<T>(
  deps: CliDeps,
  flags: { yes?: boolean; quiet?: boolean },
  start: (opts: CallOptions) => Promise<T>,
): Promise<DecisionOutcome<T>> {
  let leftPending: (req: ConfirmationRequest) => void = () => undefined;
  const pendingP = new Promise<ConfirmationRequest>((resolve) => (leftPending = resolve));
  const opts: CallOptions = { onProgress: flags.quiet ? undefined : progressPrinter(deps.err), decider: cliDecider() };
  if (flags.yes) opts.autoApprove = true;
  else if (deps.isTTY) {
    opts.confirm = async (req) => {
      deps.err(describeRequest(req));
      const answer = await deps.prompt('Proceed? [y/N] ');
      return /^\s*y(es)?\s*$/i.test(answer);
    };
  } else {
    // No one to ask here: leave the decision to `approve`/`reject` (CLI elsewhere, dashboard, MCP).
    opts.confirm = async (req) => {
      leftPending(req);
      return undefined;
    };
  }
  const run = start(opts);
  const first = await Promise.race([
    run.then((value) => ({ kind: 'done' as const, value })),
    pendingP.then((request) => ({ kind: 'pending' as const, request })),
  ]);
  if (first.kind === 'done') return first;
  // The operation goes on waiting in its workflow; this process stops watching it.
  run.catch(() => undefined);
  return { kind: 'pending', request: first.request, workflowId: first.request.workflowId };
}

/** The lines printed when a decision is left pending. */
export function pendingHint(outcome: { workflowId: string; request: ConfirmationRequest }): string {
  const id = outcome.workflowId;
  return [
    `Waiting for a decision: ${describeRequest(outcome.request)}`,
    `No terminal to ask and no --yes given; the operation is waiting in its workflow.`,
    `  approve: fazt dev infra approve ${id}`,
    `  reject:  fazt dev infra reject ${id}`,
  ].join('\n');
}

/** Adds `-y, --yes` to a command whose operation may wait for a human (per its catalogue entry). */
export function decisionOptions(cmd: Command, op: AnyOperation): Command {
  return op.decision === 'none' ? cmd : cmd.option('-y, --yes', 'approve without asking');
}

/**
 * Runs a catalogue operation for a command. When its entry says it may wait for a human, the
 * decision is asked y/N on a terminal, pre-approved by `--yes`, or left pending: then the hint (and
 * with `--json` the pending request) is printed and null returned. Otherwise it simply runs.
 */
export async function runOperation<O extends AnyOperation>(
  ctx: CliContext, op: O, input: OperationInput<O>, flags: { yes?: boolean; json?: boolean; quiet?: boolean } = {},
): Promise<OperationResult<O> | null> {
  const client = await ctx.client();
  if (op.decision === 'none') return client.run(op, input);
  const outcome = await runWithDecision(ctx.deps, flags, (opts) => client.run(op, input, opts));
  if (outcome.kind === 'done') return outcome.value;
  ctx.deps.err(pendingHint(outcome));
  if (flags.json) ctx.deps.out(json({ pending: true, workflowId: outcome.workflowId, confirmation: outcome.request }));
  return null;
}
