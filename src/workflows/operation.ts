/**
 * What every workflow shares: a progress record exposed by a query, and human confirmation as a
 * workflow step with a safe default (timeout or rejection → INFRA_CANCELED, never proceed).
 */
import { ApplicationFailure, condition, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { decisionProblem, requestHash } from '../domain/decisions';
import { fnv1a } from '../domain/ids';
import type { ConfirmationRequest, Decision, DecisionRecord, OperationProgress } from '../domain/operations';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { keepDecision } from './decision-record';
import { decideSignal, decideUpdate, decisionsQuery, pendingConfirmationQuery, progressQuery } from './messages';

export type Waiting = OperationProgress['waiting'];

/** Milliseconds of a `15m` / `30s` / `2h` / `500ms` duration (or a number of ms). */
export function durationMs(d: string | number): number {
  if (typeof d === 'number') return d;
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(d);
  if (!m) throw ApplicationFailure.create({ type: 'INFRA_INVALID_INPUT', message: `Invalid duration "${d}"`, nonRetryable: true });
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms'];
}

export class Operation {
  readonly progress: OperationProgress;
  private decision: Decision | null = null;
  private readonly decisions: DecisionRecord[] = [];
  /** The pending request was made by code that checks hashes and identity in every handler. */
  private checked = false;

  /** `totalSteps` lets surfaces print `[n/total]`. */
  constructor(operation: string, totalSteps?: number) {
    this.progress = { operation, step: 'starting', steps: [], waiting: null, pendingConfirmation: null, created: [], totalSteps };
    setHandler(progressQuery, () => this.progress);
    setHandler(pendingConfirmationQuery, () => this.progress.pendingConfirmation);
    setHandler(decisionsQuery, () => this.decisions);
    // Kept for replay: recorded histories approve by this signal (see messages.ts).
    setHandler(decideSignal, (d) => {
      this.accept(d);
    });
    setHandler(decideUpdate, (d) => {
      const accepted = this.accept(d);
      return accepted && this.checked ? { accepted, decision: this.decisions[this.decisions.length - 1] } : { accepted };
    }, {
      // Validators run only for live updates, never on replay: refusing more here is replay-safe.
      validator: (d) => {
        const problem = decisionProblem(this.progress.pendingConfirmation, d);
        // A validator's throw rejects the update (any error type); typed anyway, like the rest.
        if (problem) throw infraFailure('INFRA_CONFLICT', `decision refused: ${problem}`);
      },
    });
  }

  /** Marks the start of a step (closing the previous one). */
  step(name: string, detail?: string): void {
    const now = new Date().toISOString();
    const last = this.progress.steps[this.progress.steps.length - 1];
    if (last && !last.finishedAt) last.finishedAt = now;
    this.progress.step = name;
    this.progress.steps.push({ step: name, startedAt: now, detail });
  }

  /** Closes the running step: `done` as the final state. */
  finish(): void {
    this.step('done');
    this.progress.steps[this.progress.steps.length - 1].finishedAt = this.progress.steps[this.progress.steps.length - 1].startedAt;
    this.progress.waiting = null;
  }

  wait(on: NonNullable<Waiting>['on'] | null, detail = ''): void {
    this.progress.waiting = on ? { on, detail } : null;
  }

  /** Milliseconds each finished step took, by step name. */
  timings(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.progress.steps) {
      if (s.finishedAt && s.step !== 'done') out[s.step] = (out[s.step] ?? 0) + (Date.parse(s.finishedAt) - Date.parse(s.startedAt));
    }
    return out;
  }

  /**
   * Waits for a human decision. Resolves on approval; throws INFRA_CANCELED on rejection or after
   * `timeout`. The provider is never called before this returns.
   */
  async confirm(action: string, reason: string, data: Record<string, unknown>, timeout: string | number): Promise<Decision> {
    const now = Date.now();
    const id = fnv1a(`${workflowInfo().workflowId}|${action}|${JSON.stringify(data)}|${this.progress.steps.length}`);
    const request: ConfirmationRequest = {
      id, action, workflowId: workflowInfo().workflowId, reason, data, requestedAt: new Date(now).toISOString(), expiresAt: new Date(now + durationMs(timeout)).toISOString(),
    };
    // Pure (no command): the hash only shows in queries. Whether the signal handler checks it too
    // changes what a recorded signal does, so that is behind a patch.
    request.hash = requestHash(request);
    this.checked = patched('decision-hash-checked');
    this.decision = null;
    this.progress.pendingConfirmation = request;
    this.wait('confirmation', reason);
    upsertSearchAttributes({ [SEARCH_ATTRIBUTES.awaiting]: ['yes'] });
    const decided = await condition(() => this.decision !== null, durationMs(timeout));
    this.progress.pendingConfirmation = null;
    this.wait(null);
    upsertSearchAttributes({ [SEARCH_ATTRIBUTES.awaiting]: ['no'] });
    if (!decided) throw canceled(`No decision within ${timeout}: ${action} canceled, nothing was done`);
    const d = this.decision!;
    // New commands (an audit activity, a memo) behind their own patch: a flow that was waiting
    // when this code was deployed records its decision too; an older finished history replays.
    if (patched('decision-records')) await keepDecision(this.decisions);
    if (!d.approved) throw canceled(`Rejected${d.by ? ` by ${d.by}` : ''}${d.reason ? `: ${d.reason}` : ''}; nothing was done`);
    return d;
  }

  private accept(d: Decision): boolean {
    const pending = this.progress.pendingConfirmation;
    if (!pending || d.requestId !== pending.id || this.decision) return false;
    // A signal skips the validator: a request made by this code takes only well-formed decisions.
    if (this.checked && decisionProblem(pending, d)) return false;
    this.decision = d;
    this.decisions.push({
      approved: d.approved, by: d.by ?? 'unknown', surface: d.surface ?? 'unknown', decidedAt: new Date().toISOString(),
      requestId: pending.id, requestHash: d.requestHash ?? null, request: pending, ...(d.reason ? { reason: d.reason } : {}),
    });
    return true;
  }
}

export function canceled(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'INFRA_CANCELED', message, nonRetryable: true });
}

/** Builds a plain, non-retryable infra failure from workflow code. */
export function infraFailure(type: string, message: string, details?: Record<string, unknown>): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: details ? [details] : undefined });
}
