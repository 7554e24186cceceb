/**
 * The header-driven limiter under a storm (fake clock): calls waiting out a 429 must leave one
 * slot apart, not all at once when the wait ends; a 429 arriving while a call sleeps extends its
 * wait; a healthy budget costs nothing. The storm test (rate-limit-storm.test.ts) shows the same
 * against the Hetzner simulator with a real worker.
 */
import { PACE_MARGIN, RateLimiter } from '../../src/providers/rate-limiter';

function clocked(onSleep?: (t: number) => void) {
  let t = 0;
  const limiter: RateLimiter = new RateLimiter({
    now: () => t,
    sleep: async (ms) => {
      t += ms;
      onSleep?.(t);
    },
  });
  return { limiter, now: () => t };
}

describe('RateLimiter', () => {
  it('releases the calls that waited out a 429 one refill apart', async () => {
    const { limiter, now } = clocked();
    // A 429 with Hetzner-style headers: nothing left, one request back in 500 ms; retry after 1 s.
    limiter.update(0, 500);
    limiter.block(1000);
    const granted: number[] = [];
    await Promise.all(Array.from({ length: 5 }, () => limiter.acquire().then(() => granted.push(now()))));
    const slot = PACE_MARGIN * 500; // one refill, with the pacing margin
    expect(granted).toEqual([0, 1, 2, 3, 4].map((i) => 1000 + i * slot));
  });

  it('a 429 that arrives while a call sleeps makes it wait again', async () => {
    let fired = false;
    const holder: { limiter?: RateLimiter } = {};
    const { limiter, now } = clocked((t) => {
      if (!fired) {
        fired = true;
        holder.limiter!.block(2000);
        expect(t).toBe(PACE_MARGIN * 500);
      }
    });
    holder.limiter = limiter;
    limiter.update(0, 500);
    const waited = await limiter.acquire();
    expect(now()).toBe(PACE_MARGIN * 500 + 2000);
    expect(waited).toBe(PACE_MARGIN * 500 + 2000);
  });

  it('spreads a low budget over the time to reset, and a healthy budget costs nothing', async () => {
    const low = clocked();
    // 2 left (within the reserve), window resets in 3 s: one call per second, plus the margin.
    low.limiter.update(2, 3000);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await low.limiter.acquire();
      times.push(low.now());
    }
    const slot = PACE_MARGIN * 1000;
    expect(times.map((t) => Math.round(t))).toEqual([1, 2, 3].map((i) => Math.round(i * slot)));

    const ok = clocked();
    ok.limiter.update(100, 60_000);
    const waits = await Promise.all(Array.from({ length: 10 }, () => ok.limiter.acquire()));
    expect(waits).toEqual(Array(10).fill(0));
    expect(ok.now()).toBe(0);
  });

  it('never waits past maxWaitMs', async () => {
    const { limiter, now } = clocked();
    limiter.block(120_000);
    expect(await limiter.acquire(5000)).toBe(5000);
    expect(now()).toBe(5000);
  });
});
