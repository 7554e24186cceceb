/**
 * Every activity heartbeats: a timer beats once a second while it runs (the SDK sends at most one
 * beat per 80% of the heartbeat timeout), so with the heartbeat timeouts of
 * src/workflows/options.ts a worker killed -9 is noticed in seconds and the activity retried on
 * another worker, instead of after its 45–60 s start-to-close timeout. A beat carries the
 * activity's latest progress (`reportProgress`), which a retry reads back (`resumeFrom`).
 * Cancellation, which Temporal delivers in a heartbeat's answer, ends the wait at once.
 */
import { CancelledFailure, Context } from '@temporalio/activity';

export const BEAT_MS = 1000;

const progress = new WeakMap<Context, unknown>();

function current(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called outside an activity (the worker's direct reads): nothing to beat
  }
}

/** Records how far this attempt got; the next beat (sent now) carries it to the server. */
export function reportProgress(details: unknown): void {
  const ctx = current();
  if (!ctx) return;
  progress.set(ctx, details);
  ctx.heartbeat(details);
}

/** The progress the previous attempt last reported (undefined on a first attempt or outside one). */
export function resumeFrom<T>(): T | undefined {
  return current()?.info.heartbeatDetails as T | undefined;
}

/** Runs `fn`, beating while it runs; rejects with CancelledFailure as soon as a cancel arrives. */
export async function whileHeartbeating<T>(fn: () => Promise<T>): Promise<T> {
  const ctx = current();
  if (!ctx) return fn();
  // Keep the previous attempt's details until this one reports its own, so a second crash
  // before any progress does not erase the cursor.
  if (!progress.has(ctx) && ctx.info.heartbeatDetails !== undefined) progress.set(ctx, ctx.info.heartbeatDetails);
  const beat = () => ctx.heartbeat(progress.get(ctx));
  beat();
  const timer = setInterval(beat, BEAT_MS);
  const work = fn();
  try {
    return await Promise.race([work, ctx.cancelled]);
  } finally {
    clearInterval(timer);
    work.catch(() => undefined); // abandoned on cancel: its late failure is nobody's business
  }
}

export { CancelledFailure };
