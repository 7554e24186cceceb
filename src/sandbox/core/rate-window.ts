/**
 * A token bucket per (provider, token) that refills continuously, like Hetzner's "+1 per second".
 * `scale` shrinks the window so tests reach the limit in seconds: limit stays, window divides.
 */
import type { RateWindow } from './types';

export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(readonly limit: number, readonly windowSec: number, private readonly now: () => number) {
    this.tokens = limit;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    const perMs = this.limit / (this.windowSec * 1000);
    this.tokens = Math.min(this.limit, this.tokens + (t - this.last) * perMs);
    this.last = t;
  }

  /** Sets the tokens left now (0..limit), as if another client with the same token had spent the rest. */
  set(tokens: number): void {
    this.refill();
    this.tokens = Math.max(0, Math.min(this.limit, tokens));
  }

  /** Takes one token; false when empty. */
  take(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  window(): RateWindow {
    this.refill();
    const perMs = this.limit / (this.windowSec * 1000);
    const remaining = Math.floor(this.tokens);
    const now = this.now();
    return {
      limit: this.limit,
      remaining,
      resetAt: now + Math.ceil((this.limit - this.tokens) / perMs),
      retryAfterSec: Math.max(1, Math.ceil(Math.max(0, 1 - this.tokens) / perMs / 1000)),
      windowSec: this.windowSec,
    };
  }
}
