/**
 * HTTP to Cloudflare through the official SDK (`cloudflare` v7), and nothing else: SDK retries off
 * (Temporal owns retries), every request passes the per-account limiter and feeds it from the
 * `Ratelimit` header, every failure becomes an InfraError. Speaks wire shapes only.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import Cloudflare from 'cloudflare';
import { beginHttp } from '../../audit/http';
import type { RecordBatchParams, RecordCreateParams } from 'cloudflare/resources/dns/records';
import { accountLimiter, type Grant, type RateLimiter } from '../rate-limiter';
import { retryAfterMs, toInfraError } from './errors';
import { noteAnswered, transportError } from '../reachability';
import { parsePolicy, parseRatelimit, WireRecord, WireZone, type WireRecordBody } from './wire';
import { descriptor } from './descriptor';

export const DEFAULT_ENDPOINT = descriptor.defaultEndpoint;
/** The grant of the request the SDK is sending now (one SDK call or page is one request). */
const granted = new AsyncLocalStorage<Grant>();

/** Records per list page: Cloudflare allows far more; 5000 keeps a page well under a few MB. */
const RECORDS_PER_PAGE = 5000;

export interface CloudflareApiOptions {
  token: string;
  /** Base URL including `/client/v4`. @default {@link DEFAULT_ENDPOINT} */
  endpoint?: string;
  /** @default 30000 */
  timeoutMs?: number;
  /** Replaces global fetch (tests replaying recorded responses). */
  fetchImpl?: typeof fetch;
  /** The account for registrar calls and new zones. @default the first account the token sees */
  accountId?: string;
}

/** One batch call's operations, in Cloudflare's wire form. */
export interface WireBatch {
  deletes: Array<{ id: string }>;
  puts: Array<WireRecordBody & { id: string }>;
  posts: WireRecordBody[];
}

export class CloudflareApi {
  readonly limiter: RateLimiter;
  private readonly client: Cloudflare;
  private accountId?: string;
  private readonly endpoint: string;

  constructor(opts: CloudflareApiOptions) {
    const baseURL = (opts.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
    this.endpoint = baseURL;
    this.accountId = opts.accountId;
    this.limiter = accountLimiter('cloudflare', baseURL, opts.token);
    const inner = opts.fetchImpl ?? fetch;
    // The limiter is awaited in paced(), before the SDK starts its timeout clock; this wrapper
    // only feeds what each response says about the budget back to that request's grant.
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const limited = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      let res: Response;
      const url = input instanceof Request ? input.url : input;
      const audit = beginHttp('cloudflare', init?.method ?? (input instanceof Request ? input.method : 'GET'), url);
      try {
        res = await inner(input, init);
        audit.done(res);
      } catch (err: any) {
        audit.failed(init?.signal?.aborted ? new Error('timed out') : err);
        // With retries off the SDK's own signal aborts only on its timeout. Name it plainly: the
        // SDK recognises timeouts by text, and a DOMException from another realm loses its name.
        if (init?.signal?.aborted) throw new Error(`request timed out after ${timeoutMs} ms`);
        // No HTTP answer: an unresolvable name or refused connection fails fast (the SDK wraps this
        // in its APIConnectionError; toInfraError takes it back out).
        throw transportError('cloudflare', baseURL, `${init?.method ?? 'GET'} ${String(input instanceof Request ? input.url : input).slice(baseURL.length).split('?')[0] || '/'}`, err);
      }
      const now = Date.now();
      noteAnswered(baseURL, now);
      const grant = granted.getStore();
      if (grant) {
        const policy = parsePolicy(res.headers.get('ratelimit-policy'));
        await this.limiter.observe(grant, { remaining: parseRatelimit(res.headers.get('ratelimit'), now).remaining, ...policy });
      }
      if (res.status === 429) await this.limiter.block(retryAfterMs(res.headers, now));
      return res;
    };
    // apiKey/apiEmail/userServiceKey are nulled so stray CLOUDFLARE_* env vars never add headers.
    this.client = new Cloudflare({
      apiToken: opts.token, apiKey: null, apiEmail: null, userServiceKey: null,
      baseURL, maxRetries: 0, timeout: timeoutMs, fetch: limited,
    });
  }

  /** Every zone, or the zone with exactly this name. */
  async listZones(name?: string): Promise<WireZone[]> {
    return this.call('list zones', () => collect(this.limiter, () => this.client.zones.list({ ...(name ? { name } : {}), per_page: 50 }), WireZone), true);
  }

  /** Creates a zone in the token's (first) account. */
  async createZone(name: string): Promise<WireZone> {
    const account = await this.account();
    return this.call('create zone', async () => WireZone.parse(await this.client.zones.create({ name, account: { id: account }, type: 'full' })));
  }

  /** Records of a zone, optionally only one (name, type); all pages. */
  async listRecords(zoneId: string, filter: { name?: string; type?: string } = {}): Promise<WireRecord[]> {
    return this.call('list records', () => collect(this.limiter, () => this.client.dns.records.list({
      zone_id: zoneId,
      ...(filter.name ? { name: { exact: filter.name } } : {}),
      ...(filter.type ? { type: filter.type as RecordCreateParams['type'] } : {}),
      per_page: RECORDS_PER_PAGE,
    }), WireRecord), true);
  }

  /** One record create. */
  async createRecord(zoneId: string, body: WireRecordBody): Promise<WireRecord> {
    return this.call('create record', async () => WireRecord.parse(await this.client.dns.records.create({ zone_id: zoneId, ...body } as RecordCreateParams)));
  }

  /** One record delete. */
  async deleteRecord(zoneId: string, id: string): Promise<void> {
    await this.call('delete record', () => this.client.dns.records.delete(id, { zone_id: zoneId }));
  }

  /** One `dns_records/batch` call: all or nothing at Cloudflare. Returns the records it put and posted. */
  async batch(zoneId: string, ops: WireBatch): Promise<WireRecord[]> {
    const params = { zone_id: zoneId, deletes: ops.deletes, puts: ops.puts, posts: ops.posts } as unknown as RecordBatchParams;
    const res = await this.call('batch records', () => this.client.dns.records.batch(params)) as { puts?: unknown[]; posts?: unknown[] } | undefined;
    return [...(res?.puts ?? []), ...(res?.posts ?? [])].map((r) => WireRecord.parse(r));
  }

  /**
   * One SDK call on the token's account, through the limiter and error mapping (the registrar
   * adapter's calls, registrar-api.ts). `fn` may walk pages; each page is one request.
   */
  async onAccount<T>(op: string, fn: (client: Cloudflare, accountId: string) => Promise<T>): Promise<T> {
    const account = await this.account();
    return this.call(op, () => fn(this.client, account));
  }

  /** The account zones are created in: the configured one, else the first one the token can see. */
  private async account(): Promise<string> {
    if (this.accountId) return this.accountId;
    const page = await this.call('list accounts', () => this.client.accounts.list());
    const first = page.result[0];
    if (!first?.id) throw toInfraError(new Error('the API token can see no account'), 'list accounts');
    return (this.accountId = first.id);
  }

  /** One SDK call: its list pages pace themselves (collect), single requests are paced here. */
  private async call<T>(op: string, fn: () => Promise<T>, pagedList = false): Promise<T> {
    try {
      return pagedList ? await fn() : await paced(this.limiter, fn);
    } catch (err) {
      throw toInfraError(err, op, this.endpoint);
    }
  }
}

/** Sends one request after its token, with the grant where the fetch wrapper finds it. */
async function paced<T>(limiter: RateLimiter, fn: () => PromiseLike<T>): Promise<T> {
  const grant = await limiter.acquire();
  return granted.run(grant, async () => fn());
}

/**
 * Walks a V4 page list. Stops on `result_info.total_pages` when sent, so a full read costs one
 * request per page instead of the SDK iterator's extra empty page.
 */
async function collect<T>(limiter: RateLimiter, first: () => PromiseLike<Page>, schema: { parse(v: unknown): T }): Promise<T[]> {
  const out: T[] = [];
  let page = await paced(limiter, first);
  for (;;) {
    for (const item of page.result) out.push(schema.parse(item));
    const info = page.result_info as { page?: number; total_pages?: number } | undefined;
    if (info?.total_pages !== undefined && (info.page ?? 1) >= info.total_pages) break;
    if (!page.hasNextPage()) break;
    const current = page;
    page = await paced(limiter, () => current.getNextPage());
  }
  return out;
}

interface Page {
  result: unknown[];
  result_info?: unknown;
  hasNextPage(): boolean;
  getNextPage(): Promise<Page>;
}
