/**
 * Every activity heartbeats while it runs (src/activities/heartbeat.ts), run here in Temporal's
 * own activity test environment: beats keep coming while the work waits, the latest progress rides
 * on them, a retry reads the previous attempt's progress back (and keeps sending it until it has
 * its own), and a cancel ends the wait at once with Temporal's CancelledFailure.
 */
import { CancelledFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { reportProgress, resumeFrom, whileHeartbeating } from '../../src/activities/heartbeat';

/** Resolves once `n` beats were seen (no clock in the assertion: the beats drive it). */
function beats(env: MockActivityEnvironment, n: number): { seen: unknown[]; done: Promise<void> } {
  const seen: unknown[] = [];
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  env.on('heartbeat', (d: unknown) => {
    seen.push(d);
    if (seen.length >= n) resolve();
  });
  return { seen, done };
}

describe('activity heartbeats', () => {
  it('beats while the work waits, then stops', async () => {
    const env = new MockActivityEnvironment();
    const b = beats(env, 3);
    const out = await env.run(() => whileHeartbeating(async () => {
      await b.done;
      return 'finished';
    }));
    expect(out).toBe('finished');
    const after = b.seen.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(b.seen.length).toBe(after);
  });

  it('carries the latest progress on every beat after it was reported', async () => {
    const env = new MockActivityEnvironment();
    const b = beats(env, 4);
    await env.run(() => whileHeartbeating(async () => {
      reportProgress({ next: 7 });
      await b.done;
    }));
    expect(b.seen[0]).toBeUndefined();
    expect(b.seen.slice(1)).toEqual(b.seen.slice(1).map(() => ({ next: 7 })));
  });

  it('a retry reads the previous attempt\'s progress and keeps beating it until it reports its own', async () => {
    const env = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: { next: 3 } });
    const b = beats(env, 2);
    const resumed = await env.run(() => whileHeartbeating(async () => {
      await b.done;
      return resumeFrom<{ next: number }>();
    }));
    expect(resumed).toEqual({ next: 3 });
    expect(b.seen).toEqual(b.seen.map(() => ({ next: 3 })));
  });

  it('a cancel ends a wait that would never end by itself', async () => {
    const env = new MockActivityEnvironment();
    const b = beats(env, 1);
    const running = env.run(() => whileHeartbeating(() => new Promise<never>(() => undefined)));
    await b.done;
    env.cancel();
    await expect(running).rejects.toBeInstanceOf(CancelledFailure);
  });

  it('outside an activity it just runs the work', async () => {
    await expect(whileHeartbeating(async () => 42)).resolves.toBe(42);
    expect(resumeFrom()).toBeUndefined();
    expect(() => reportProgress({ next: 1 })).not.toThrow();
  });
});
