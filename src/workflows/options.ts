/** Activity timeout and retry presets: Temporal is the only retry loop (SDK retries are off). */
import type { ActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_CODES } from '../domain/errors';

const retry = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '30s',
  nonRetryableErrorTypes: NON_RETRYABLE_CODES,
} as const;

/**
 * Reads at a provider: quick, idempotent and cheap, so retried often at a short interval. Eight
 * attempts were too few: under a flaky provider (a third of answers failing) a read spanning two
 * requests failed all eight about 1% of the time, which aborted a launch (after the server was
 * ordered, compensation destroyed it). Twenty attempts capped at 10 s still give up within ~3 min.
 */
export const PROVIDER_READ = {
  startToCloseTimeout: '45s',
  retry: { ...retry, maximumInterval: '10s', maximumAttempts: 20 },
} as const satisfies ActivityOptions;

/** Writes at a provider: idempotent by design (look before create), so retried patiently. */
export const PROVIDER_WRITE = {
  startToCloseTimeout: '60s',
  retry: { ...retry, maximumAttempts: 20 },
} as const satisfies ActivityOptions;

/** SSH and DNS lookups from the worker: one attempt each, the workflow polls. */
export const PROBE = {
  startToCloseTimeout: '45s',
  retry: { ...retry, initialInterval: '500ms', maximumAttempts: 3 },
} as const satisfies ActivityOptions;

/** Local bookkeeping (config reads, zone mapping): no provider involved. */
export const BOOKKEEPING = {
  startToCloseTimeout: '15s',
  retry: { ...retry, maximumAttempts: 5 },
} as const satisfies ActivityOptions;

/** Default time a human has to decide. */
export const DEFAULT_CONFIRMATION_TIMEOUT = '15m';
