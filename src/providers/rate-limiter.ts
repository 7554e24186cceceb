/**
 * A header-driven limiter, one per provider account in a worker process. Providers tell us their
 * budget on every response; when it runs low we queue calls instead of spending the last requests.
 */
import { createHash } from 'node:crypto';

export interface RateLimitState {
  /** Requests left in the current window, as the provider last said. */
  remaining: number | null;
  /** Epoch ms at which the budget has refilled enough (or a 429 wait ends). */
  resetAt: number | null;
}

export interface RateLimiterOptions {
  /** Keep this many requests in reserve before throttling. @default 3 */
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
  /**
   * When each call still in flight was granted. A response's `remaining` was counted before the
   * calls sent after it reached the provider, so those are subtracted from it. Entries expire after
   * {@link IN_FLIGHT_TTL_MS} in case a caller never settles.
   */
  private inFlight: number[] = [];
  private readonly reserve: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(opts: RateLimiterOptions = {}) {
    this.reserve = opts.reserve ?? 3;
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

  /** Records what the provider said about the budget (call before {@link settle} of the same call). */
  update(remaining: number | null, resetAt: number | null): void {
    const others = Math.max(0, this.pruned().length - 1);
    if (remaining !== null) this.state.remaining = Math.max(0, remaining - others);
    if (resetAt !== null) this.state.resetAt = resetAt;
    const now = this.now();
    const r = this.state.remaining;
    const at = this.state.resetAt;
    if (r !== null && r <= this.reserve && at !== null && at > now) {
      // Spread what is left over the time to reset rather than stalling until the full reset, with
      // a margin: pacing at exactly the refill rate loses a request to every bit of clock jitter.
      this.spacing = (PACE_MARGIN * (at - now)) / Math.max(1, r + 1);
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

  /** A call granted by {@link acquire} has its answer (or failed): it no longer counts as in flight. */
  settle(): void {
    this.inFlight.shift();
  }

  private pruned(): number[] {
    const now = this.now();
    while (this.inFlight.length && now - this.inFlight[0] > IN_FLIGHT_TTL_MS) this.inFlight.shift();
    return this.inFlight;
  }

  /** A call goes out: it spends one request, and on a low budget the next one waits a slot. */
  private grant(): void {
    const now = this.now();
    this.pruned().push(now);
    if (this.state.remaining !== null) this.state.remaining = Math.max(0, this.state.remaining - 1);
    if (this.spacing > 0 && this.state.remaining !== null && this.state.remaining <= this.reserve) {
      this.nextAt = Math.max(this.nextAt, now) + this.spacing;
    }
  }
}

/** Pacing runs this much slower than the refill the headers imply. */
export const PACE_MARGIN = 1.15;

/** How long an unsettled call counts as in flight (the longest request timeout). */
export const IN_FLIGHT_TTL_MS = 60_000;

/** One limiter per (provider, endpoint, token hash) for the life of the worker process. */
const limiters = new Map<string, RateLimiter>();
export function limiterFor(key: string): RateLimiter {
  let l = limiters.get(key);
  if (!l) limiters.set(key, (l = new RateLimiter()));
  return l;
}

/**
 * The key of one provider account's budget: provider, endpoint (without trailing slashes) and a
 * hash of the token (never the token itself). Every HTTP stack builds it here, so two clients of
 * the same account in one worker share one limiter.
 */
export function limiterKey(provider: string, endpoint: string, token: string): string {
  const tokenHash = createHash('sha256').update(token).digest('hex').slice(0, 12);
  return `${provider}|${endpoint.replace(/\/+$/, '')}|${tokenHash}`;
}

/** The limiter of one provider account ({@link limiterKey}). */
export function accountLimiter(provider: string, endpoint: string, token: string): RateLimiter {
  return limiterFor(limiterKey(provider, endpoint, token));
}
