/**
 * Client-side pacing. Vultr allows 30 requests/second (per source IP) and sends no rate-limit
 * headers, so the header-driven limiter never learns the budget; we keep a one-second sliding
 * window per account limiter and stay under {@link SAFE_REQUESTS_PER_SECOND}.
 */
import type { RateLimiter } from '../rate-limiter';

/** A margin below Vultr's documented 30 req/s. */
export const SAFE_REQUESTS_PER_SECOND = 25;

const windows = new WeakMap<RateLimiter, number[]>();

/** Waits until one more request fits in the account's one-second window, then claims it. */
export async function pace(account: RateLimiter, perSecond = SAFE_REQUESTS_PER_SECOND, now: () => number = Date.now): Promise<void> {
  let stamps = windows.get(account);
  if (!stamps) windows.set(account, (stamps = []));
  for (;;) {
    const t = now();
    while (stamps.length > 0 && stamps[0] <= t - 1000) stamps.shift();
    if (stamps.length < perSecond) {
      stamps.push(t);
      return;
    }
    await new Promise((r) => setTimeout(r, stamps![0] + 1000 - t + 1));
  }
}
