/**
 * The closed set of error codes every surface speaks, carried across Temporal as failure types.
 * Pure and deterministic: workflows, activities, the client and the CLI all import this file.
 */
import type { ApplicationFailure } from '@temporalio/common';

/**
 * @temporalio/common on first use (about 35 ms of module loading): the CLI's `--help` and its
 * direct reads never convert a failure, so they never pay for it. A static require: the workflow
 * bundle includes it as before.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const temporalCommon = (): typeof import('@temporalio/common') => require('@temporalio/common');

/** Every error a caller can see. The spec's six plus what a real orchestrator needs. */
export const INFRA_ERROR_CODES = [
  'INFRA_NOT_CONFIGURED',
  'INFRA_PROVIDER_ERROR',
  'INFRA_RATE_LIMITED',
  'INFRA_QUOTA_EXCEEDED',
  'INFRA_INSUFFICIENT_FUNDS',
  'INFRA_CANCELED',
  'INFRA_INVALID_INPUT',
  'INFRA_NOT_FOUND',
  'INFRA_CONFLICT',
  'INFRA_UNAUTHORIZED',
  'INFRA_TIMEOUT',
  'INFRA_UNREACHABLE',
  /** The provider's API cannot do this (e.g. a domain transfer-in); the message names the manual step. */
  'INFRA_NOT_SUPPORTED',
  /** The provider waits for a human to act outside fazt (e.g. verify the registrant email). */
  'INFRA_ACTION_REQUIRED',
] as const;

export type InfraErrorCode = (typeof INFRA_ERROR_CODES)[number];

/**
 * Whether a code is worth retrying by default. `INFRA_PROVIDER_ERROR` is retryable for 5xx and
 * transport faults; an instance can still be marked non-retryable (a 4xx the provider rejects).
 * `INFRA_CONFLICT` is permanent by default (a name already taken stays taken); the transient
 * cases (a resource locked or busy while an action runs) are marked `retryable: true` where the
 * provider's error is mapped.
 */
export const RETRYABLE: Readonly<Record<InfraErrorCode, boolean>> = {
  INFRA_NOT_CONFIGURED: false,
  INFRA_PROVIDER_ERROR: true,
  INFRA_RATE_LIMITED: true,
  INFRA_QUOTA_EXCEEDED: false,
  INFRA_INSUFFICIENT_FUNDS: false,
  INFRA_CANCELED: false,
  INFRA_INVALID_INPUT: false,
  INFRA_NOT_FOUND: false,
  INFRA_CONFLICT: false,
  INFRA_UNAUTHORIZED: false,
  INFRA_TIMEOUT: true,
  // The endpoint gives no HTTP answer (name does not resolve, connection refused, bad TLS):
  // retried only within a short budget (src/providers/reachability.ts), then reported.
  INFRA_UNREACHABLE: false,
  INFRA_NOT_SUPPORTED: false,
  INFRA_ACTION_REQUIRED: false,
};

/** Non-retryable by default, but an instance may be marked retryable (a locked or busy resource, an endpoint refusing for a moment). */
const SOMETIMES_RETRYABLE: readonly InfraErrorCode[] = ['INFRA_CONFLICT', 'INFRA_UNREACHABLE'];

/**
 * Codes listed in every retry policy's `nonRetryableErrorTypes`: never retried, whatever an
 * instance says. Codes an instance may override are left out; their failure's own `nonRetryable`
 * flag decides (Temporal would otherwise refuse to retry even a transient conflict).
 */
export const NON_RETRYABLE_CODES: InfraErrorCode[] = INFRA_ERROR_CODES.filter((c) => !RETRYABLE[c] && !SOMETIMES_RETRYABLE.includes(c));

/** Extra facts an error may carry; never a credential. */
export interface InfraErrorDetails {
  provider?: string;
  providerCode?: string;
  /** Milliseconds the provider asked us to wait (429 Retry-After, RateLimit-Reset). */
  retryAfterMs?: number;
  /** Overrides {@link RETRYABLE} for this one error. */
  retryable?: boolean;
  /** A command the user can run to fix it, e.g. for INFRA_NOT_CONFIGURED. */
  hint?: string;
  /** Structured extra data, e.g. valid choices for INFRA_INVALID_INPUT. */
  data?: Record<string, unknown>;
}

/** The one error class of the project. `code` is what callers branch on. */
export class InfraError extends Error {
  readonly code: InfraErrorCode;
  readonly provider?: string;
  readonly providerCode?: string;
  /** Seconds, as in the spec (`e.retryAfter`). */
  readonly retryAfter?: number;
  readonly retryAfterMs?: number;
  readonly retryable: boolean;
  readonly hint?: string;
  readonly data?: Record<string, unknown>;

  constructor(code: InfraErrorCode, message: string, details: InfraErrorDetails = {}) {
    super(message);
    this.name = 'InfraError';
    this.code = code;
    this.provider = details.provider;
    this.providerCode = details.providerCode;
    this.retryAfterMs = details.retryAfterMs;
    this.retryAfter = details.retryAfterMs === undefined ? undefined : Math.ceil(details.retryAfterMs / 1000);
    this.retryable = details.retryable ?? RETRYABLE[code];
    this.hint = details.hint;
    this.data = details.data;
  }

  /** Plain-object form for JSON output, MCP and the dashboard. */
  toJSON(): Record<string, unknown> {
    return stripUndefined({
      code: this.code,
      message: this.message,
      provider: this.provider,
      providerCode: this.providerCode,
      retryAfter: this.retryAfter,
      hint: this.hint,
      data: this.data,
    });
  }
}

export function isInfraErrorCode(value: unknown): value is InfraErrorCode {
  return typeof value === 'string' && (INFRA_ERROR_CODES as readonly string[]).includes(value);
}

/** Shorthand used at validation boundaries. */
export function invalidInput(message: string, data?: Record<string, unknown>): InfraError {
  return new InfraError('INFRA_INVALID_INPUT', message, { data });
}

/**
 * Turns any error into a Temporal `ApplicationFailure` whose `type` is the infra code.
 * Unknown errors become a retryable `INFRA_PROVIDER_ERROR` so a bug never looks like a user mistake.
 */
export function toFailure(err: unknown): ApplicationFailure {
  const { ApplicationFailure } = temporalCommon();
  if (err instanceof ApplicationFailure && isInfraErrorCode(err.type)) return err;
  const infra = err instanceof InfraError ? err : new InfraError('INFRA_PROVIDER_ERROR', messageOf(err));
  const details = stripUndefined({
    provider: infra.provider,
    providerCode: infra.providerCode,
    retryAfterMs: infra.retryAfterMs,
    hint: infra.hint,
    data: infra.data,
  });
  return ApplicationFailure.create({
    type: infra.code,
    message: infra.message,
    nonRetryable: !infra.retryable,
    details: [details],
    nextRetryDelay: infra.retryAfterMs !== undefined ? Math.max(1, infra.retryAfterMs) : undefined,
  });
}

/**
 * Walks a Temporal failure chain (WorkflowFailedError → ActivityFailure → ApplicationFailure)
 * and rebuilds the {@link InfraError} a caller should see.
 */
export function fromFailure(err: unknown): InfraError {
  if (err instanceof InfraError) return err;
  let cur: any = err;
  for (let depth = 0; cur && depth < 10; depth++) {
    if (cur instanceof temporalCommon().ApplicationFailure || (cur?.name === 'ApplicationFailure' && 'type' in cur)) {
      if (isInfraErrorCode(cur.type)) {
        const d = (Array.isArray(cur.details) ? cur.details[0] : undefined) ?? {};
        return new InfraError(cur.type, cur.message, {
          provider: d.provider,
          providerCode: d.providerCode,
          retryAfterMs: d.retryAfterMs,
          hint: d.hint,
          data: d.data,
          retryable: !cur.nonRetryable,
        });
      }
    }
    if (cur?.name === 'TimeoutFailure') return new InfraError('INFRA_TIMEOUT', cur.message || 'timed out');
    if (cur?.name === 'CancelledFailure') return new InfraError('INFRA_CANCELED', 'Operation canceled');
    if (cur?.name === 'WorkflowExecutionAlreadyStartedError') {
      return new InfraError('INFRA_CONFLICT', 'An operation with this id is already running');
    }
    cur = cur.cause;
  }
  return new InfraError('INFRA_PROVIDER_ERROR', messageOf(err));
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}

function stripUndefined<T extends Record<string, unknown>>(obj: T): T {
  for (const k of Object.keys(obj)) if (obj[k] === undefined) delete obj[k];
  return obj;
}
