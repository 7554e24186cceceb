/**
 * A response's `remaining` predates the calls still in flight; the limiter subtracts them so a
 * burst of concurrent calls does not overspend the budget the headers describe.
 */
import { IN_FLIGHT_TTL_MS, RateLimiter } from '../../src/providers/rate-limiter';

function fakeClock() {
  let t = 1_000_000;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => void (t += ms) };
}

describe('RateLimiter in-flight accounting', () => {
  it('subtracts calls still in flight from the remaining budget a response reports', async () => {
    const clock = fakeClock();
    const l = new RateLimiter({ now: clock.now, sleep: clock.sleep, reserve: 2 });
    for (let i = 0; i < 5; i++) await l.acquire();
    // The first call's answer says 5 left, but 4 more calls are already on their way.
    l.update(5, clock.now() + 10_000);
    expect(l.snapshot().remaining).toBe(1);
    l.settle();
    expect(l.waitMs()).toBeGreaterThan(0); // low budget: the next call waits a slot
  });

  it('counts nothing once every call has settled, and forgets calls nobody settled', async () => {
    const clock = fakeClock();
    const l = new RateLimiter({ now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 3; i++) await l.acquire();
    for (let i = 0; i < 3; i++) l.settle();
    await l.acquire();
    l.update(50, clock.now() + 10_000);
    expect(l.snapshot().remaining).toBe(50);
    l.settle();
    for (let i = 0; i < 10; i++) await l.acquire(); // never settled
    clock.advance(IN_FLIGHT_TTL_MS + 1);
    await l.acquire();
    l.update(40, clock.now() + 10_000);
    expect(l.snapshot().remaining).toBe(40);
  });
});
