/**
 * The audit trail's hook into the worker: an activity interceptor that writes one record per
 * activity attempt, success or failure, with Temporal's coordinates (workflowId, runId, attempt).
 * Auditing never changes an activity's outcome: any error on the audit path is logged and dropped.
 */
import type { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { InfraError, messageOf } from '../domain/errors';
import { PROVIDER_NAMES } from '../domain/providers';
import { withHttpAudit } from './http';
import type { AuditLog, AuditRecord } from './log';

export interface AuditInterceptorOptions {
  /**
   * The operation type for an activity name (`createServer` → `vps.create`). `undefined` records the
   * activity name itself; `null` leaves the activity out of the trail (pure reads, lookups).
   */
  typeOf: (activityName: string) => string | null | undefined;
  /**
   * The provider of a call. @default the input's `provider` field, else the provider of a
   * `<base>-<provider>` task queue, else null.
   */
  providerOf?: (input: unknown, info: { taskQueue: string }) => string | null;
  /** @default Date.now */
  now?: () => number;
}

/** Where one recorded call ran: the activity and its Temporal coordinates (or the fast read's id). */
export interface AuditedCallInfo {
  activityType: string;
  taskQueue: string;
  workflowId: string;
  runId: string;
  attempt: number;
}

/**
 * Runs `fn` and writes one sanitized record of it (success or failure), exactly what the
 * interceptor writes for an activity attempt. The worker's fast read path (src/runtime/read-server.ts)
 * calls activity functions through this, so a read outside a workflow leaves the same trail.
 */
export async function auditedCall<T>(log: AuditLog, opts: AuditInterceptorOptions, info: AuditedCallInfo, args: unknown, fn: () => Promise<T>, warn: (msg: string, meta: Record<string, unknown>) => void = () => undefined): Promise<T> {
  const now = opts.now ?? Date.now;
  const providerOf = opts.providerOf ?? defaultProviderOf;
  const type = safe(() => opts.typeOf(info.activityType), undefined);
  // Each provider HTTP request made by the call gets its own intent and outcome records (./http.ts).
  const run = () => withHttpAudit({ log, activity: info.activityType, workflowId: info.workflowId, runId: info.runId, attempt: info.attempt }, fn);
  if (type === null) return run();
  const started = now();
  const base = () => ({
    // The `decision` type is a human's decision kept by its workflow (src/activities/decisions.ts).
    ...(type === 'decision' ? { kind: 'decision' as const } : {}),
    type: type ?? info.activityType,
    activity: info.activityType,
    provider: safe(() => providerOf(args, info), null),
    input: args,
    workflowId: info.workflowId,
    runId: info.runId,
    attempt: info.attempt,
  });
  const write = (rest: Pick<AuditRecord, 'output' | 'success' | 'errorCode' | 'errorMessage'>) => {
    try {
      const end = now();
      log.append({ timestamp: new Date(end).toISOString(), ...base(), ...rest, durationMs: Math.max(0, end - started) });
    } catch (err) {
      // The trail must never fail the call it describes; say so without the record's content.
      safe(() => warn('audit record not written', { activity: info.activityType, error: (err as NodeJS.ErrnoException)?.code ?? 'error' }), undefined);
    }
  };
  try {
    const result = await run();
    write({ output: result, success: true });
    return result;
  } catch (err) {
    write({ output: null, success: false, errorCode: errorCodeOf(err), errorMessage: safe(() => messageOf(err), 'error') });
    throw err;
  }
}

/** Worker option `interceptors: { activity: [createAuditInterceptor(log, { typeOf })] }`. */
export function createAuditInterceptor(log: AuditLog, opts: AuditInterceptorOptions): ActivityInterceptorsFactory {
  return (ctx: Context) => ({
    inbound: {
      async execute(input, next) {
        const info = ctx.info;
        const args = input.args.length === 1 ? input.args[0] : input.args;
        const where: AuditedCallInfo = {
          activityType: info.activityType,
          taskQueue: info.taskQueue,
          workflowId: info.workflowExecution?.workflowId ?? '',
          runId: info.workflowExecution?.runId ?? '',
          attempt: info.attempt,
        };
        return auditedCall(log, opts, where, args, () => next(input), (msg, meta) => ctx.log.warn(msg, meta));
      },
    },
  });
}

/** InfraError code, ApplicationFailure type, else the error's name. */
export function errorCodeOf(err: unknown): string {
  if (err instanceof InfraError) return err.code;
  if (err instanceof ApplicationFailure && err.type) return err.type;
  if (err && typeof err === 'object' && typeof (err as { type?: unknown }).type === 'string') return (err as { type: string }).type;
  return err instanceof Error ? err.name : 'Error';
}

function defaultProviderOf(input: unknown, info: { taskQueue: string }): string | null {
  const p = input && typeof input === 'object' && !Array.isArray(input) ? (input as { provider?: unknown }).provider : undefined;
  if (typeof p === 'string' && p) return p;
  // Provider task queues are `<base>-<provider>` (providerTaskQueue in src/shared/constants.ts).
  return PROVIDER_NAMES.find((name) => info.taskQueue.endsWith(`-${name}`)) ?? null;
}

function safe<T, F>(fn: () => T, fallback: F): T | F {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
