/**
 * The model of one provider account's request budget, as plain data so every worker process on the
 * host can keep it in one shared file (store.ts): a token bucket that refills continuously at the
 * provider's rate, re-seeded from each response's own count of requests left. Pure: no clock, no I/O.
 *
 * Why a bucket and not a fixed spacing: providers allow a burst (Hetzner 3600, Cloudflare 1200)
 * and refill steadily; pacing requests against that shape uses the burst and then the refill,
 * where an activity rate on the task queue could use neither (it counts activities, and has no burst).
 */

/** What the provider allows, from its descriptor (overridable per worker for scaled sandboxes). */
export interface Budget {
  /** Sustained requests per second (the refill). */
  perSecond: number;
  /** Requests the bucket holds when full (the burst). */
  burst: number;
  /** Requests held back for reads: a write needs `1 + reserve` tokens, a read 1. */
  reserve: number;
  /** False when the provider sends no rate-limit headers (Vultr): the model starts full, not probing. */
  reportsRemaining: boolean;
}

/** The shared state of one account's bucket. */
export interface BucketState {
  /** Tokens at `at` (may be negative: requests granted past what the provider said is left). */
  tokens: number;
  at: number;
  /** The bucket size the provider reported (RateLimit-Limit), if any. */
  limit: number | null;
  /** The refill rate the provider reported (Cloudflare's policy q/w), if any. */
  perSecond: number | null;
  /** No request before this (a 429's wait). */
  blockedUntil: number;
  /** Requests granted so far, by every process sharing the state. */
  seq: number;
  /** Whether any response has told us the budget yet; until then one request probes. */
  known: boolean;
}

/** What one response said about the budget. */
export interface BudgetReport {
  remaining: number | null;
  limit?: number | null;
  perSecond?: number | null;
  /** Ms until one more request is allowed, where the headers tell (a 429 without Retry-After). */
  nextMs?: number | null;
}

export type Priority = 'read' | 'write';

export function freshState(budget: Budget, now: number): BucketState {
  return { tokens: budget.reportsRemaining ? 1 : budget.burst, at: now, limit: null, perSecond: null, blockedUntil: 0, seq: 0, known: !budget.reportsRemaining };
}

export function capacity(s: BucketState, b: Budget): number {
  return Math.max(1, Math.min(b.burst, s.limit ?? Infinity));
}

export function rateOf(s: BucketState, b: Budget): number {
  return s.perSecond ?? b.perSecond;
}

function refill(s: BucketState, b: Budget, now: number): void {
  if (now > s.at) s.tokens = Math.min(capacity(s, b), s.tokens + ((now - s.at) * rateOf(s, b)) / 1000);
  s.at = Math.max(s.at, now);
}

/** Tokens a request of this priority needs in the bucket before it may go. */
export function need(s: BucketState, b: Budget, priority: Priority): number {
  if (priority === 'read' || !s.known) return 1;
  return 1 + Math.min(b.reserve, Math.floor(capacity(s, b) / 4));
}

/**
 * Takes one token for a request, or says how long until one is there. `force` grants anyway (a
 * caller that waited its maximum); the bucket then goes below zero and later callers wait longer.
 */
export function take(s: BucketState, b: Budget, now: number, priority: Priority, force = false): { seq: number } | { waitMs: number } {
  refill(s, b, now);
  const n = need(s, b, priority);
  if (!force && (now < s.blockedUntil || s.tokens < n)) {
    const refillMs = s.tokens >= n ? 0 : Math.ceil(((n - s.tokens) * 1000) / rateOf(s, b));
    return { waitMs: Math.max(1, s.blockedUntil - now, refillMs) };
  }
  s.tokens -= 1;
  s.seq += 1;
  return { seq: s.seq };
}

/**
 * Re-seeds the bucket from a response to the request granted as `seq`: the provider counted that
 * request's budget before the requests granted after it (by any process) reached it, so those
 * are subtracted. The provider's count is whole requests (rounded down), so this errs low.
 */
export function observe(s: BucketState, b: Budget, now: number, seq: number, r: BudgetReport): void {
  refill(s, b, now);
  if (r.limit !== undefined && r.limit !== null && r.limit > 0) s.limit = r.limit;
  if (r.perSecond !== undefined && r.perSecond !== null && r.perSecond > 0) s.perSecond = r.perSecond;
  if (r.remaining === null || !Number.isFinite(r.remaining)) return;
  const later = Math.max(0, s.seq - seq);
  // The provider's count is whole requests: its bucket holds [lo, lo + 1). A model inside that
  // range is kept (it has the fraction the count drops); outside it, the provider's count wins.
  const lo = r.remaining - later;
  const inside = s.known && s.tokens >= lo && s.tokens < lo + 1;
  if (!inside) s.tokens = Math.max(-capacity(s, b), Math.min(capacity(s, b), lo));
  s.known = true;
}

/**
 * A 429: nothing goes until the provider's wait has passed, and then one request's worth is back
 * (the wait a provider asks is the time to its next free request), so the calls that waited go
 * one refill apart, not all at once.
 */
export function block(s: BucketState, b: Budget, now: number, ms: number): void {
  refill(s, b, now);
  s.blockedUntil = Math.max(s.blockedUntil, now + ms);
  s.tokens = Math.max(-capacity(s, b), Math.min(s.tokens, 1 - (ms * rateOf(s, b)) / 1000));
  s.known = true;
}
