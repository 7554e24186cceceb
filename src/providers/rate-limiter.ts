/**
 * Request pacing per provider account: every HTTP request to a provider (our fetch client, the
 * Cloudflare SDK's fetch, dots-wrapper's axios) takes a token from the account's bucket
 * (pacing/bucket.ts) first, and each response re-seeds the bucket from what the provider says is
 * left. The bucket is shared by every worker process on the host through a file in the worker's
 * data folder (pacing/store.ts, set up by {@link configurePacing}); without it, per process.
 *
 * In a process, callers wait in one queue per account and only its head asks the bucket, so a
 * burst of callers does not stampede the file; a waiting read (pacing/priority.ts) goes before
 * waiting writes, and writes leave the bucket's last few tokens to reads.
 */
import { createHash } from 'node:crypto';
import { findProvider } from '../domain/providers';
import { block, capacity, freshState, observe, rateOf, take, type BucketState, type Budget, type BudgetReport, type Priority } from './pacing/bucket';
import { currentPriority } from './pacing/priority';
import { FileStore, MemoryStore, type BucketStore } from './pacing/store';

export type { Budget, BudgetReport, Priority } from './pacing/bucket';

/** One granted request: its place in the account's sequence (for {@link RateLimiter.observe}). */
export interface Grant {
  seq: number;
  waitedMs: number;
}

export interface RateLimiterOptions {
  store?: BucketStore;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called about once a second while a caller waits (the worker heartbeats the waiting activity). */
  whileWaiting?: () => void;
}

interface Waiter {
  priority: Priority;
  since: number;
  maxWaitMs: number;
  resolve: (g: Grant) => void;
  reject: (e: unknown) => void;
}

/** Reads keep this many tokens of every account's bucket (writes stop short of them). */
export const READ_RESERVE = 3;

export class RateLimiter {
  private readonly store: BucketStore;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly waiters: Waiter[] = [];
  private pumping = false;
  private wake: (() => void) | null = null;
  /** The state as this process last saw it (for {@link snapshot} and {@link waitMs}). */
  private last: BucketState;

  constructor(readonly key: string, readonly budget: Budget, private readonly opts: RateLimiterOptions = {}) {
    this.store = opts.store ?? new MemoryStore();
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.last = freshState(budget, this.now());
  }

  /**
   * Waits for a token and returns the grant. `priority` defaults to the caller's context (a read
   * on the worker's read socket, else a write). After `maxWaitMs` the call goes anyway.
   */
  acquire(opts: { maxWaitMs?: number; priority?: Priority } = {}): Promise<Grant> {
    const priority = opts.priority ?? currentPriority();
    return new Promise<Grant>((resolve, reject) => {
      const hook = this.opts.whileWaiting;
      const beat = hook ? setInterval(hook, 1000) : null;
      const done = <T>(f: (v: T) => void) => (v: T) => {
        if (beat) clearInterval(beat);
        f(v);
      };
      this.waiters.push({ priority, since: this.now(), maxWaitMs: opts.maxWaitMs ?? 60_000, resolve: done(resolve), reject: done(reject) });
      if (priority === 'read') this.wake?.();
      void this.pump();
    });
  }

  /** Feeds what the response to `grant`'s request said about the budget. */
  async observe(grant: Grant, report: BudgetReport): Promise<void> {
    await this.change((s) => observe(s, this.budget, this.now(), grant.seq, report));
    this.wake?.();
  }

  /** A 429: nothing goes to this account until `ms` have passed. */
  async block(ms: number): Promise<void> {
    await this.change((s) => block(s, this.budget, this.now(), ms));
  }

  /** How long a write would wait now, as this process last saw the bucket. Pure read. */
  waitMs(): number {
    const s = { ...this.last };
    const r = take(s, this.budget, this.now(), 'write');
    return 'waitMs' in r ? r.waitMs : 0;
  }

  /** The bucket as last seen: whole tokens left (null before any answer), when it is full, a 429's end. */
  snapshot(): { remaining: number | null; resetAt: number | null; blockedUntil: number; limit: number | null } {
    const s = this.last;
    const full = s.at + (Math.max(0, capacity(s, this.budget) - s.tokens) * 1000) / rateOf(s, this.budget);
    return { remaining: s.known ? Math.floor(s.tokens) : null, resetAt: s.known ? Math.ceil(full) : null, blockedUntil: s.blockedUntil, limit: s.limit };
  }

  private async change<R>(fn: (s: BucketState) => R): Promise<R> {
    return this.store.transact(this.key, () => freshState(this.budget, this.now()), (s) => {
      const r = fn(s);
      this.last = { ...s };
      return r;
    });
  }

  /** Reads first, then writes, each in arrival order. */
  private head(): Waiter | undefined {
    return this.waiters.find((w) => w.priority === 'read') ?? this.waiters[0];
  }

  /** Serves the queue's head until the queue is empty; one pump per limiter. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let w = this.head(); w; w = this.head()) {
        const now = this.now();
        const force = now - w.since >= w.maxWaitMs;
        let r: { seq: number } | { waitMs: number };
        try {
          r = await this.change((s) => take(s, this.budget, now, w!.priority, force));
        } catch (err) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.reject(err);
          continue;
        }
        if ('seq' in r) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve({ seq: r.seq, waitedMs: now - w.since });
          continue;
        }
        await this.nap(Math.max(1, Math.min(r.waitMs, w.since + w.maxWaitMs - now)));
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Sleeps, or less when a read arrives or a response re-seeds the bucket. */
  private async nap(ms: number): Promise<void> {
    await Promise.race([this.sleep(ms), new Promise<void>((r) => (this.wake = r))]);
    this.wake = null;
  }
}

/** Where accounts' buckets live and what overrides the descriptors' rates (set by the worker). */
interface PacingSettings {
  /** The shared folder for bucket files; unset: buckets in memory, per process. */
  dir?: string;
  /** Requests per second per provider, instead of the descriptor's (a scaled sandbox). */
  rates?: Partial<Record<string, number>>;
  whileWaiting?: () => void;
}

let settings: PacingSettings = {};
let store: BucketStore = new MemoryStore();
const limiters = new Map<string, RateLimiter>();

/**
 * Sets up pacing for this process: the worker calls it once with `<dataDir>/pacing`, so every
 * worker process on the host with that data folder shares one bucket per account. Limiters made
 * before are dropped (adapters are built per activity call and pick up the new ones).
 */
export function configurePacing(next: PacingSettings): void {
  settings = next;
  store = next.dir ? new FileStore(next.dir) : new MemoryStore();
  limiters.clear();
}

/** The budget of a provider by name: its descriptor's, with the worker's rate override. */
export function budgetOf(provider: string): Budget {
  const b = findProvider(provider)?.budget;
  const perSecond = settings.rates?.[provider] ?? b?.requestsPerSecond ?? 1;
  return { perSecond, burst: b?.burst ?? Math.max(1, Math.round(perSecond)), reserve: READ_RESERVE, reportsRemaining: b?.reportsRemaining ?? true };
}

/** One limiter per account key ({@link limiterKey}) for the life of the process. */
export function limiterFor(key: string, provider = key.split('|')[0]): RateLimiter {
  let l = limiters.get(key);
  if (!l) limiters.set(key, (l = new RateLimiter(key, budgetOf(provider), { store, whileWaiting: settings.whileWaiting })));
  return l;
}

/**
 * The key of one provider account's budget: provider, endpoint (without trailing slashes) and a
 * hash of the token (never the token itself). Every HTTP stack builds it here, so two clients of
 * the same account share one limiter.
 */
export function limiterKey(provider: string, endpoint: string, token: string): string {
  const tokenHash = createHash('sha256').update(token).digest('hex').slice(0, 12);
  return `${provider}|${endpoint.replace(/\/+$/, '')}|${tokenHash}`;
}

/** The limiter of one provider account ({@link limiterKey}). */
export function accountLimiter(provider: string, endpoint: string, token: string): RateLimiter {
  return limiterFor(limiterKey(provider, endpoint, token), provider);
}
