/**
 * Request pacing (src/providers/rate-limiter.ts, pacing/): a fake clock, real bucket files. The
 * burst is used and then the refill, a response's count re-seeds the bucket, reads go before
 * writes, a 429 holds everyone back, and two limiters (or two processes) sharing a folder spend
 * one budget between them.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { RateLimiter, type Budget } from '../../src/providers/rate-limiter';
import { FileStore, MemoryStore, STALE_LOCK_MS, type BucketStore } from '../../src/providers/pacing/store';
import { asRead } from '../../src/providers/pacing/priority';

const BUDGET: Budget = { perSecond: 5, burst: 60, reserve: 3, reportsRemaining: true };

function clock() {
  let t = 1_000_000;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), at: () => t - 1_000_000 };
}

function limiter(c: ReturnType<typeof clock>, store: BucketStore = new MemoryStore(), budget = BUDGET) {
  return new RateLimiter('hetzner|http://x|abc', budget, { store, now: c.now, sleep: c.sleep });
}

/** Grants `n` concurrent writes; returns the clock time (ms from start) of each grant. */
async function grantTimes(l: RateLimiter, c: ReturnType<typeof clock>, n: number, priority: 'read' | 'write' = 'write'): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(Array.from({ length: n }, () => l.acquire({ priority }).then(() => times.push(c.at()))));
  return times;
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-pacing-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('request pacing', () => {
  it('probes once, then spends the burst the provider reports, then goes at the refill rate', async () => {
    const c = clock();
    const l = limiter(c);
    const probe = await l.acquire();
    await l.observe(probe, { remaining: 59, limit: 60 });
    const times = await grantTimes(l, c, 70);
    // 59 left, 3 kept for reads: 56 at once; the other 14 one refill (200 ms) apart.
    expect(times.filter((t) => t === 0)).toHaveLength(56);
    const later = times.filter((t) => t > 0);
    expect(later).toHaveLength(14);
    expect(later.map((t, i) => t - (i ? later[i - 1] : 0))).toEqual(Array(14).fill(200));
  });

  it('re-seeds from the response, minus the requests granted after it', async () => {
    const c = clock();
    const l = limiter(c);
    const first = await l.acquire();
    await l.observe(first, { remaining: 50, limit: 60 });
    const a = await l.acquire();
    for (let i = 0; i < 4; i++) await l.acquire();
    // a's answer says 10 left; the 4 granted after a had not reached the provider yet.
    await l.observe(a, { remaining: 10 });
    expect(l.snapshot().remaining).toBe(6);
    // Another client spent the rest: the provider's count wins over ours.
    const b = await l.acquire();
    await l.observe(b, { remaining: 0 });
    expect(l.snapshot().remaining).toBe(0);
    expect(l.waitMs()).toBe(800); // a write needs 1 + 3 reserved tokens back: 4 × 200 ms
  });

  it('a waiting read goes before the waiting writes, and may use the tokens writes leave', async () => {
    const c = clock();
    const l = limiter(c);
    const probe = await l.acquire();
    await l.observe(probe, { remaining: 0, limit: 60 });
    const order: string[] = [];
    const writes = Array.from({ length: 5 }, (_, i) => l.acquire().then(() => order.push(`w${i}`)));
    const read = asRead(() => l.acquire()).then(() => order.push('read'));
    await Promise.all([...writes, read]);
    expect(order[0]).toBe('read');
    expect(order).toHaveLength(6);
  });

  it('after a 429 nothing goes until the wait has passed, then one refill apart', async () => {
    const c = clock();
    const l = limiter(c, new MemoryStore(), { ...BUDGET, reserve: 0 });
    const g = await l.acquire();
    await l.observe(g, { remaining: 0, limit: 60 });
    await l.block(1000);
    const times = await grantTimes(l, c, 4);
    expect(times).toEqual([1000, 1200, 1400, 1600]);
  });

  it('never waits past maxWaitMs', async () => {
    const c = clock();
    const l = limiter(c);
    await l.block(120_000);
    const g = await l.acquire({ maxWaitMs: 5000 });
    expect(g.waitedMs).toBe(5000);
  });

  it('a provider without rate-limit headers starts with its full burst (Vultr: 5, then 25/s)', async () => {
    const c = clock();
    const l = limiter(c, new MemoryStore(), { perSecond: 25, burst: 5, reserve: 1, reportsRemaining: false });
    const times = await grantTimes(l, c, 30);
    // In the first second: 4 at once (one kept for reads) and 25 at the refill; never more than 30.
    expect(times.filter((t) => t < 1000).length).toBeLessThanOrEqual(30);
    expect(times.filter((t) => t === 0)).toHaveLength(4);
  });

  it('two limiters sharing a folder (two worker processes) spend one budget', async () => {
    const c = clock();
    const a = limiter(c, new FileStore(tmp));
    const b = limiter(c, new FileStore(tmp));
    const probe = await a.acquire();
    await a.observe(probe, { remaining: 20, limit: 60 });
    const times = [...(await grantTimes(a, c, 15)), ...(await grantTimes(b, c, 15))];
    // 20 left, 3 for reads: 17 at once between both; the rest at the refill rate.
    expect(times.filter((t) => t === 0)).toHaveLength(17);
    // A 429 seen by one holds the other back.
    await a.block(3000);
    const start = c.at();
    await b.acquire();
    expect(c.at() - start).toBeGreaterThanOrEqual(3000);
    // Nothing but numbers in the shared folder: no token, no endpoint.
    for (const f of fs.readdirSync(tmp)) expect(fs.readFileSync(path.join(tmp, f), 'utf8')).not.toMatch(/abc|http/);
  });

  it('breaks a lock left by a process that died holding it', async () => {
    const store = new FileStore(tmp);
    const lock = `${store.fileOf('k')}.lock`;
    fs.writeFileSync(lock, '');
    const old = new Date(Date.now() - STALE_LOCK_MS - 1000);
    fs.utimesSync(lock, old, old);
    const seen = await store.transact('k', () => ({ tokens: 1, at: 0, limit: null, perSecond: null, blockedUntil: 0, seq: 0, known: true }), (s) => ++s.seq);
    expect(seen).toBe(1);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('processes taking tokens from one file at once lose no update', async () => {
    // Three node processes, 1500 grants each, against a bucket far larger than that: every grant
    // is counted once in the shared sequence (a lost update would leave it short).
    const script = path.join(tmp, 'take.ts');
    fs.writeFileSync(script, `
      import { FileStore } from ${JSON.stringify(path.resolve('src/providers/pacing/store'))};
      import { take } from ${JSON.stringify(path.resolve('src/providers/pacing/bucket'))};
      const b = { perSecond: 1, burst: 100000, reserve: 0, reportsRemaining: false };
      const store = new FileStore(process.argv[2]);
      (async () => {
        for (let i = 0; i < 1500; i++) {
          const r = await store.transact('shared', () => ({ tokens: 100000, at: Date.now(), limit: null, perSecond: null, blockedUntil: 0, seq: 0, known: true }), (s) => take(s, b, Date.now(), 'write'));
          if (!('seq' in r)) throw new Error('no token');
        }
      })();
    `);
    const dir = path.join(tmp, 'bucket');
    const tsx = path.resolve('node_modules/.bin/tsx');
    await Promise.all([1, 2, 3].map(() => promisify(execFile)(tsx, [script, dir])));
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    const state = JSON.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8'));
    expect(state.seq).toBe(4500);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.lock'))).toEqual([]);
  }, 60_000);
});
