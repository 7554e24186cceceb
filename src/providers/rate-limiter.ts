/**
 * A header-driven limiter, one per provider account in a worker process. Providers tell us their
 * budget on every response; when it runs low we queue calls instead of spending the last requests.
 */

export interface RateLimitState {
  /** Requests left in the current window, as the provider last said. */
  remaining: number | null;
  /** Epoch ms at which the budget has refilled enough (or a 429 wait ends). */
  resetAt: number | null;
}

export interface RateLimiterOptions {
  /** Keep this many requests in reserve before throttling. @default 2 */
  reserve?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class RateLimiter {
  private state: RateLimitState = { remaining: null, resetAt: null };
  private blockedUntil = 0;
  private readonly reserve: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(opts: RateLimiterOptions = {}) {
    this.reserve = opts.reserve ?? 2;
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Waits while the budget is exhausted; returns the ms waited. */
  async acquire(maxWaitMs = 60_000): Promise<number> {
    const wait = Math.min(this.waitMs(), maxWaitMs);
    if (wait > 0) await this.sleep(wait);
    if (this.state.remaining !== null) this.state.remaining = Math.max(0, this.state.remaining - 1);
    return wait;
  }

  /** How long a call should wait now. Pure read. */
  waitMs(): number {
    const now = this.now();
    if (this.blockedUntil > now) return this.blockedUntil - now;
    const { remaining, resetAt } = this.state;
    if (remaining !== null && remaining <= this.reserve && resetAt !== null && resetAt > now) {
      // Spread what is left over the time to reset rather than stalling until the full reset.
      return Math.ceil((resetAt - now) / Math.max(1, remaining + 1));
    }
    return 0;
  }

  /** Records what the provider said about the budget. */
  update(remaining: number | null, resetAt: number | null): void {
    if (remaining !== null) this.state.remaining = remaining;
    if (resetAt !== null) this.state.resetAt = resetAt;
  }

  /** A 429: nothing goes out until the provider's wait has passed. */
  block(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.now() + ms);
  }

  snapshot(): RateLimitState & { blockedUntil: number } {
    return { ...this.state, blockedUntil: this.blockedUntil };
  }
}

/** One limiter per (provider, endpoint, token hash) for the life of the worker process. */
const limiters = new Map<string, RateLimiter>();
export function limiterFor(key: string): RateLimiter {
  let l = limiters.get(key);
  if (!l) limiters.set(key, (l = new RateLimiter()));
  return l;
}
