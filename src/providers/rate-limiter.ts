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
  /** Callers pass one at a time, each after the previous one has gone (see acquire). */
  private queue: Promise<unknown> = Promise.resolve();
  /** While the budget is low: the gap between calls the last headers implied, and the next slot. */
  private spacing = 0;
  private nextAt = 0;
  private readonly reserve: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(opts: RateLimiterOptions = {}) {
    this.reserve = opts.reserve ?? 2;
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /**
   * Waits while the budget is exhausted; returns the ms waited. Callers queue, and each one looks
   * again after sleeping: a 429 that arrives meanwhile extends the wait, and calls waiting out a
   * 429 or a low budget leave one slot apart instead of all at once when the wait ends.
   */
  acquire(maxWaitMs = 60_000): Promise<number> {
    const turn = this.queue.then(async () => {
      let waited = 0;
      for (;;) {
        const wait = Math.min(this.waitMs(), maxWaitMs - waited);
        if (wait <= 0) break;
        await this.sleep(wait);
        waited += wait;
      }
      this.grant();
      return waited;
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** How long a call should wait now. Pure read. */
  waitMs(): number {
    const until = Math.max(this.blockedUntil, this.nextAt);
    const now = this.now();
    return until > now ? Math.ceil(until - now) : 0;
  }

  /** Records what the provider said about the budget. */
  update(remaining: number | null, resetAt: number | null): void {
    if (remaining !== null) this.state.remaining = remaining;
    if (resetAt !== null) this.state.resetAt = resetAt;
    const now = this.now();
    const r = this.state.remaining;
    const at = this.state.resetAt;
    if (r !== null && r <= this.reserve && at !== null && at > now) {
      // Spread what is left over the time to reset rather than stalling until the full reset.
      this.spacing = (at - now) / Math.max(1, r + 1);
      this.nextAt = Math.max(this.nextAt, now + this.spacing);
    } else if (r !== null && r > this.reserve) {
      this.spacing = 0;
      this.nextAt = 0;
    }
  }

  /** A 429: nothing goes out until the provider's wait has passed. */
  block(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.now() + ms);
  }

  snapshot(): RateLimitState & { blockedUntil: number } {
    return { ...this.state, blockedUntil: this.blockedUntil };
  }

  /** A call goes out: it spends one request, and on a low budget the next one waits a slot. */
  private grant(): void {
    const now = this.now();
    if (this.state.remaining !== null) this.state.remaining = Math.max(0, this.state.remaining - 1);
    if (this.spacing > 0 && this.state.remaining !== null && this.state.remaining <= this.reserve) {
      this.nextAt = Math.max(this.nextAt, now) + this.spacing;
    }
  }
}

/** One limiter per (provider, endpoint, token hash) for the life of the worker process. */
const limiters = new Map<string, RateLimiter>();
export function limiterFor(key: string): RateLimiter {
  let l = limiters.get(key);
  if (!l) limiters.set(key, (l = new RateLimiter()));
  return l;
}
