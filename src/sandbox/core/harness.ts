/**
 * Serves one simulator over real HTTP on loopback: bearer auth with the provider's 401, the
 * provider's rate limit and headers, latency, fault injection, a request log, and an inspection
 * API under `/__sandbox/` (state, requests, reset, faults, config, rate) that tests and `fazt sandbox` use.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultConfig } from './faults';
import { TokenBucket } from './rate-window';
import { Router } from './router';
import type { ProviderSim, SimResponse } from './types';

export interface HarnessOptions {
  host?: string;
  /** 0 = random free port. */
  port?: number;
  /** Bearer tokens accepted. Empty = any non-empty token. */
  tokens?: string[];
  /** Added to every request (ms). */
  latencyMs?: number;
  /** Divides the provider's rate-limit window (10 → a 1-hour window lasts 6 minutes). */
  rateLimitScale?: number;
  /** Overrides the provider's request limit per window. */
  rateLimit?: number;
  /** How long a `timeout` fault holds the request before dropping it (ms). @default 30000 */
  timeoutFaultMs?: number;
  now?: () => number;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  status: number;
  fault?: string;
  /** Token identity is not logged; only whether auth passed. */
  authorized: boolean;
}

export class SimHarness {
  readonly faults = new FaultInjector();
  readonly requests: RequestLogEntry[] = [];
  private server?: http.Server;
  private router: Router;
  private buckets = new Map<string, TokenBucket>();
  private opts: Required<Omit<HarnessOptions, 'rateLimit'>> & { rateLimit?: number };
  private sockets = new Set<import('node:net').Socket>();
  private onChange?: () => void;
  /** Tokens the next API request's bucket is set to before it is counted (see {@link setRemaining}). */
  private remainingAtNext?: number;
  url = '';

  constructor(readonly sim: ProviderSim, opts: HarnessOptions = {}, onChange?: () => void) {
    this.router = new Router(sim.routes());
    this.onChange = onChange;
    this.opts = {
      host: opts.host ?? '127.0.0.1',
      port: opts.port ?? 0,
      tokens: opts.tokens ?? [],
      latencyMs: opts.latencyMs ?? 0,
      rateLimitScale: opts.rateLimitScale ?? 1,
      rateLimit: opts.rateLimit,
      timeoutFaultMs: opts.timeoutFaultMs ?? 30_000,
      now: opts.now ?? Date.now,
    };
  }

  /** Base URL including the simulator's base path, as the provider's clients expect it. */
  get baseUrl(): string {
    return this.url + this.sim.basePath;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        if (!res.headersSent) this.send(res, this.sim.serverError(500));
        process.emitWarning(`sandbox ${this.sim.name}: ${err?.stack ?? err}`);
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.opts.port, this.opts.host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.url = `http://${this.opts.host}:${addr.port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = undefined;
  }

  configure(cfg: { latencyMs?: number; rateLimitScale?: number; rateLimit?: number }): void {
    if (cfg.latencyMs !== undefined) this.opts.latencyMs = cfg.latencyMs;
    if (cfg.rateLimitScale !== undefined) this.opts.rateLimitScale = cfg.rateLimitScale;
    if (cfg.rateLimit !== undefined) this.opts.rateLimit = cfg.rateLimit;
    this.buckets.clear();
  }

  /**
   * Leaves `remaining` tokens in the rate bucket, as another client sharing the token would. With
   * `atNextRequest` it happens just before the next API request is counted, so that request meets
   * the emptied bucket whatever the timing (a refill between the drain and the request cannot
   * slip it through); otherwise now, in the bucket of every token seen so far (a token's bucket is
   * made, full, on its first request: before that, use `atNextRequest`).
   */
  setRemaining(remaining: number, opts: { atNextRequest?: boolean } = {}): void {
    if (opts.atNextRequest) this.remainingAtNext = remaining;
    else for (const b of this.buckets.values()) b.set(remaining);
  }

  private bucket(token: string): TokenBucket {
    let b = this.buckets.get(token);
    if (!b) {
      const limit = this.opts.rateLimit ?? this.sim.rateLimit.limit;
      const windowSec = this.sim.rateLimit.windowSec / this.opts.rateLimitScale;
      this.buckets.set(token, (b = new TokenBucket(limit, windowSec, this.opts.now)));
    }
    return b;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    if (url.pathname.startsWith('/__sandbox/')) return this.inspect(req.method ?? 'GET', url, raw, res);

    const method = (req.method ?? 'GET').toUpperCase();
    const entry: RequestLogEntry = { at: this.opts.now(), method, path: url.pathname + url.search, status: 0, authorized: false };
    this.requests.push(entry);
    if (this.requests.length > 20_000) this.requests.splice(0, 10_000);
    if (this.opts.latencyMs > 0) await sleep(this.opts.latencyMs);

    const token = bearer(req.headers.authorization);
    if (!token || (this.opts.tokens.length > 0 && !this.opts.tokens.includes(token))) {
      return this.reply(res, entry, this.sim.unauthorized());
    }
    entry.authorized = true;

    const bucket = this.bucket(token);
    if (this.remainingAtNext !== undefined) {
      bucket.set(this.remainingAtNext);
      this.remainingAtNext = undefined;
    }
    if (!bucket.take()) {
      const w = bucket.window();
      return this.reply(res, entry, withHeaders(this.sim.rateLimited(w), this.sim.rateLimitHeaders(w)));
    }

    const drawn = this.faults.draw(method, url.pathname);
    const fault = drawn?.kind;
    if (fault) entry.fault = fault;
    if (fault === '5xx') return this.reply(res, entry, this.sim.serverError(503));
    if (fault === '429') {
      const w = { ...bucket.window(), remaining: 0 };
      const limited = withHeaders(this.sim.rateLimited(w), this.sim.rateLimitHeaders(w));
      if (drawn?.retryAfter === undefined) return this.reply(res, entry, limited);
      const headers = Object.fromEntries(Object.entries(limited.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'retry-after'));
      return this.reply(res, entry, { ...limited, headers: { ...headers, 'retry-after': drawn.retryAfter } });
    }
    if (fault === 'timeout') {
      await sleep(this.opts.timeoutFaultMs);
      entry.status = -1;
      req.socket.destroy();
      return;
    }

    if (!url.pathname.startsWith(this.sim.basePath + '/') && url.pathname !== this.sim.basePath) {
      return this.reply(res, entry, this.sim.notFound());
    }
    const path = url.pathname.slice(this.sim.basePath.length) || '/';
    const m = this.router.match(method, path);
    if (!m || m === 'method') return this.reply(res, entry, this.sim.notFound());

    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.reply(res, entry, this.sim.badJson());
      }
    }
    const out = await m.handler({
      method, path, params: m.params, query: url.searchParams, body, headers: req.headers, baseUrl: this.baseUrl,
    });
    this.onChange?.();
    if (fault === 'lost') {
      // The write committed; the client never hears about it.
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    return this.reply(res, entry, withHeaders(out, this.sim.rateLimitHeaders(bucket.window())));
  }

  private reply(res: http.ServerResponse, entry: RequestLogEntry, out: SimResponse): void {
    entry.status = out.status;
    this.send(res, out);
  }

  private send(res: http.ServerResponse, out: SimResponse): void {
    const headers: Record<string, string> = { ...(out.headers ?? {}) };
    let payload: string | undefined;
    if (out.raw !== undefined) payload = out.raw;
    else if (out.body !== undefined) {
      payload = JSON.stringify(out.body);
      headers['content-type'] ??= 'application/json';
    }
    res.writeHead(out.status, headers);
    res.end(payload);
  }

  private inspect(method: string, url: URL, raw: string, res: http.ServerResponse): void {
    const json = (status: number, body: unknown) => this.send(res, { status, body });
    const input = raw ? safeJson(raw) : {};
    switch (`${method} ${url.pathname}`) {
      case 'GET /__sandbox/state':
        return json(200, this.sim.dump());
      case 'GET /__sandbox/requests':
        return json(200, { requests: this.requests, faults: this.faults.injected });
      case 'POST /__sandbox/reset':
        this.sim.reset();
        this.requests.length = 0;
        this.faults.injected.length = 0;
        this.faults.clear();
        this.buckets.clear();
        this.remainingAtNext = undefined;
        this.onChange?.();
        return json(200, { ok: true });
      case 'POST /__sandbox/faults':
        this.faults.configure(input as FaultConfig);
        return json(200, { ok: true });
      case 'POST /__sandbox/config':
        this.configure(input as any);
        return json(200, { ok: true });
      case 'POST /__sandbox/rate': {
        // { remaining: number, atNextRequest?: boolean }
        const { remaining, atNextRequest } = input as { remaining?: unknown; atNextRequest?: unknown };
        if (typeof remaining !== 'number' || !Number.isFinite(remaining)) return json(400, { error: 'remaining must be a number' });
        this.setRemaining(remaining, { atNextRequest: atNextRequest === true });
        return json(200, { ok: true });
      }
      default:
        return json(404, { error: 'unknown sandbox inspection path' });
    }
  }
}

function withHeaders(out: SimResponse, headers: Record<string, string>): SimResponse {
  return { ...out, headers: { ...headers, ...(out.headers ?? {}) } };
}

function bearer(h: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(h ?? '');
  return m ? m[1] : null;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return {};
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
