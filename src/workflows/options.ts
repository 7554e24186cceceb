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

/** Read-only SSH and DNS probes from the worker (health, cloud-init, propagation): safe to repeat. */
export const PROBE = {
  startToCloseTimeout: '45s',
  retry: { ...retry, initialInterval: '500ms', maximumAttempts: 3 },
} as const satisfies ActivityOptions;

/**
 * How long Temporal waits for an activity's next heartbeat before it retries it on another worker.
 * Every activity beats once a second (src/activities/heartbeat.ts), so this is what a worker
 * killed -9 costs an activity in flight, instead of the 45–60 s start-to-close timeout; 5 s leaves
 * room for an event loop stalled by a loaded machine. Added to the presets in ./proxies.ts.
 */
export const HEARTBEAT_TIMEOUT = '5s';

/** `vps exec --timeout` default and upper bound (the CLI's 3600 s). */
export const DEFAULT_EXEC_TIMEOUT_MS = 30_000;
export const MAX_EXEC_TIMEOUT_MS = 3_600_000;
/** Time beyond the command's own limit for connecting, reporting and a slow worker. */
export const EXEC_MARGIN_MS = 30_000;

/**
 * A user's command over SSH runs at most once: one attempt (once it may have started, nothing
 * repeats it, not even a heartbeat or start-to-close timeout), a heartbeat while it runs so a
 * lost worker is noticed in seconds, and a start-to-close limit derived from the requested
 * timeout instead of a fixed cut.
 */
export function execActivityOptions(timeoutMs: number): ActivityOptions {
  return {
    startToCloseTimeout: timeoutMs + EXEC_MARGIN_MS,
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: { maximumAttempts: 1 },
  };
}

/** Local bookkeeping (config reads, zone mapping): no provider involved. */
export const BOOKKEEPING = {
  startToCloseTimeout: '15s',
  retry: { ...retry, maximumAttempts: 5 },
} as const satisfies ActivityOptions;

/** Default time a human has to decide. */
export const DEFAULT_CONFIRMATION_TIMEOUT = '15m';
