/**
 * Issue 4, a 429 storm: many concurrent creates and reads against Hetzner under a limit scaled
 * down to 20 requests per 5 s (refill 4 per second), with the worker's Hetzner queue given the
 * same 4 per second; in the shared-account case the refill slows to one a second. A recording proxy between the worker and the simulator keeps every request's
 * time and the rate-limit headers of every answer.
 *
 * Everything finishes; the provider refused only a handful of requests; and after every 429 the
 * worker sent nothing to Hetzner until the wait the answer implied had passed. The shared-account
 * case gets its 429s from the sandbox's inspection API (`POST /__sandbox/rate`), not from racing a
 * second client, so they happen on every run.
 */
import { Connection } from '@temporalio/client';
import { temporalAddress } from '../helpers/temporal';
import { liveServers, settle, startLane, startRecordingProxy, type Lane, type ProxyEntry } from './support';

const LIMIT = 20;
const WINDOW_SEC = 5;
const SCALE = 3600 / WINDOW_SEC;
const REFILL_PER_SEC = LIMIT / WINDOW_SEC;
const CREATES = 10;
const READS = 20;
/** How many 429s we accept: the limiter learns the budget from headers, it cannot foresee bursts. */
const MAX_429 = 6;
/** After another client spent the whole budget, the worker cannot avoid every 429; it must not storm. */
const MAX_SHARED_429 = 25;
/** After another client spent the budget: a slower refill (one a second), so each 429 asks about a second. */
const SHARED_WINDOW_SEC = 20;
/**
 * Requests already on the wire when a 429 came back, or granted before the worker could read it,
 * are not disobedience. On a loaded machine such a request has reached the proxy ~100 ms after the
 * 429 left it (both cores busy), so the first 250 ms of every wait are not checked; the shared case's
 * waits of about a second are where obedience is measured.
 */
const SLACK_MS = 250;

/**
 * The wait a 429 asks for: Retry-After when sent; else, from Hetzner's headers, the time until one
 * request's worth of budget is back ((reset − now) / (limit − remaining)).
 */
function impliedWaitMs(e: ProxyEntry): number {
  const ra = e.headers['retry-after'];
  if (ra !== undefined) return Number(ra) * 1000;
  const limit = Number(e.headers['ratelimit-limit']);
  const remaining = Number(e.headers['ratelimit-remaining']);
  const reset = Number(e.headers['ratelimit-reset']);
  return Math.max(0, reset * 1000 - e.answeredAt) / Math.max(1, limit - remaining);
}

describe('a 429 storm on Hetzner', () => {
  let connection: Connection;
  let lane: Lane | undefined;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>> | undefined;
  beforeAll(async () => {
    connection = await Connection.connect({ address: temporalAddress() });
    lane = await startLane({
      name: 'storm', connection,
      sandbox: { providers: ['hetzner'], dns: false, hosts: false, bootMs: 1000, actionMs: 100, rateLimits: { hetzner: LIMIT }, rateLimitScale: SCALE },
      providerRates: { hetzner: REFILL_PER_SEC },
      endpoints: async (sb) => {
        proxy = await startRecordingProxy(sb.urls.hetzner);
        return { hetzner: proxy.url };
      },
    });
  }, 120_000);
  afterAll(async () => {
    await lane?.stop();
    await proxy?.stop();
    await connection?.close();
  }, 60_000);

  /** Runs creates and reads at once; returns what the proxy saw meanwhile. */
  async function storm(creates: number, reads: number, tag: string, refillPerSec = REFILL_PER_SEC) {
    const l = lane!;
    const log = proxy!.log;
    const from = log.length;
    const t0 = Date.now();
    const calls: Array<Promise<unknown>> = [
      ...Array.from({ length: creates }, (_, i) => l.client.dev.infra.vps.create({ name: `${tag}-${i}`, type: 'cx22', region: 'fsn1' }, { autoApprove: true })),
      ...Array.from({ length: reads }, (_, i) => (i % 2 ? l.client.dev.infra.vps.types('hetzner') : l.client.dev.infra.vps.list())),
    ];
    const results = await Promise.all(calls.map((c) => settle(c)));
    const ms = Date.now() - t0;
    const failed = results.flatMap((r) => (r.ok ? [] : [String((r.error as Error)?.message)]));
    const seen = log.slice(from).filter((e) => e.status !== 0);
    const tooMany = seen.filter((e) => e.status === 429);
    const late: string[] = [];
    for (const e of tooMany) {
      const wait = impliedWaitMs(e);
      const early = log.filter((x) => x.at > e.answeredAt + SLACK_MS && x.at < e.answeredAt + wait - SLACK_MS);
      if (early.length) {
        const around = log.filter((x) => Math.abs(x.at - e.answeredAt) < 1500).map((x) => `${(x.at - e.answeredAt).toFixed(0)}..${(x.answeredAt - e.answeredAt).toFixed(0)} ${x.status} ${x.method} ${x.path} ${JSON.stringify(x.headers)}`);
        late.push(`429 at ${e.answeredAt.toFixed(0)} asked ${wait.toFixed(0)} ms; ${early.length} request(s) after ${(early[0].at - e.answeredAt).toFixed(0)} ms\n${around.join('\n')}`);
      }
    }
    // The least time the limit allows for this many requests: the bucket's burst, then the refill rate.
    const floorMs = (Math.max(0, seen.length - tooMany.length - LIMIT) / refillPerSec) * 1000;
    console.log(`429 storm (${tag}): ${creates} creates + ${reads} reads in ${ms} ms (limit allows >= ${floorMs.toFixed(0)} ms); ` +
      `${seen.length} worker requests, ${tooMany.length} answered 429; waits asked after them (ms): ${tooMany.map((e) => impliedWaitMs(e).toFixed(0)).join(', ') || 'none'}`);
    return { failed, seen, tooMany, late };
  }

  it('our own burst: all calls finish and the limit is hardly ever hit', async () => {
    const before = liveServers(lane!.sandbox).length;
    const r = await storm(CREATES, READS, 'storm');
    expect(r.failed).toEqual([]);
    expect(liveServers(lane!.sandbox)).toHaveLength(before + CREATES);
    // The storm really pressed on the limit: more requests than one bucket holds.
    expect(r.seen.length).toBeGreaterThan(LIMIT);
    expect(r.tooMany.length).toBeLessThanOrEqual(MAX_429);
    expect(r.late).toEqual([]);
  }, 240_000);

  it('sharing the account with another client: 429s happen, each is waited out as advertised', async () => {
    const l = lane!;
    const admin = async (path: string, body: unknown) => {
      const r = await fetch(`${l.sandbox.harness.hetzner.url}/__sandbox/${path}`, { method: 'POST', body: JSON.stringify(body) });
      expect(r.status).toBe(200);
    };
    const rate = (body: { remaining: number; atNextRequest?: boolean }) => admin('rate', body);
    await admin('config', { rateLimitScale: 3600 / SHARED_WINDOW_SEC });
    // The worker last heard a full budget (a full bucket, one read through the worker) ...
    await rate({ remaining: LIMIT });
    await l.client.dev.infra.vps.types('hetzner');
    // ... then someone else with the same token (a script, the hcloud CLI) spends all of it. The
    // sandbox empties the bucket just before the worker's next request is counted, so that request
    // is refused whatever the timing; nothing the worker heard before predicts it, and from its
    // first answers on it must go by what they say.
    await rate({ remaining: 0, atNextRequest: true });
    const before = liveServers(l.sandbox).length;
    let r: Awaited<ReturnType<typeof storm>>;
    try {
      r = await storm(4, 8, 'shared', LIMIT / SHARED_WINDOW_SEC);
    } finally {
      await admin('config', { rateLimitScale: SCALE });
    }
    expect({ failed: r.failed, late: r.late }).toEqual({ failed: [], late: [] });
    expect(liveServers(l.sandbox)).toHaveLength(before + 4);
    // The first request to reach the sandbox met the empty bucket, so there is at least one 429.
    expect(r.tooMany.length).toBeGreaterThan(0);
    // ... and the wait it asked reaches well past the slack, so the check above measured something.
    expect(Math.max(...r.tooMany.map(impliedWaitMs))).toBeGreaterThan(2 * SLACK_MS);
    expect(r.tooMany.length).toBeLessThanOrEqual(MAX_SHARED_429);
  }, 240_000);
});
