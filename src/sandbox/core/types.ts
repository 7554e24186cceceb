/**
 * The contract between the sandbox harness and each provider simulator. A simulator is a stateful,
 * pure-ish object: routes over its own state, the provider's own error bodies and rate-limit
 * headers. The harness does everything common (HTTP, auth, latency, faults, rate limits, logs).
 */

export interface SimRequest {
  method: string;
  /** Path below the simulator's basePath, e.g. `/servers/42`. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when none). */
  body: any;
  headers: Record<string, string | string[] | undefined>;
  /** Sandbox base URL including basePath, for links in responses. */
  baseUrl: string;
}

export interface SimResponse {
  status: number;
  /** JSON-serialised unless `raw` is given. Omit for empty bodies (204). */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface Route {
  method: string;
  /** `/servers/:id/actions/:action`; `*` segment matches the rest. */
  pattern: string;
  handler: Handler;
}

/** What the harness tells a simulator about the rate-limit window when it answers. */
export interface RateWindow {
  limit: number;
  remaining: number;
  /** Epoch ms when the window has fully refilled. */
  resetAt: number;
  /** Seconds the client should wait (on a 429). */
  retryAfterSec: number;
  windowSec: number;
}

export interface ProviderSim {
  readonly name: string;
  /** Path prefix of the API, e.g. `/v1` (Hetzner), `/v2` (DigitalOcean, Vultr), `/client/v4` (Cloudflare). */
  readonly basePath: string;
  routes(): Route[];
  /** Requests per window for this provider before scaling. */
  readonly rateLimit: { limit: number; windowSec: number };
  /** Headers on every authorised response (Hetzner RateLimit-*, Cloudflare Ratelimit ...). Vultr sends none. */
  rateLimitHeaders(w: RateWindow): Record<string, string>;
  /** The provider's own 429 response. */
  rateLimited(w: RateWindow): SimResponse;
  /** The provider's own 401 for a missing/unknown token. */
  unauthorized(): SimResponse;
  /** The provider's own 404 for an unknown path. */
  notFound(): SimResponse;
  /** The provider's own 400 for a body that is not JSON. */
  badJson(): SimResponse;
  /** The provider's own 5xx. */
  serverError(status: number): SimResponse;
  /** Serialisable state (persisted to the data file). */
  dump(): unknown;
  load(state: unknown): void;
  reset(): void;
  /** DNS data this simulator serves (DNS-capable simulators only). */
  dnsSource?: DnsSource;
}

/** A record as the sandbox's DNS servers see it, with history so resolvers can lag. */
export interface DnsRecordView {
  /** Lowercase, no trailing dot. */
  fqdn: string;
  type: string;
  /** Presentation value: A/AAAA address, CNAME/NS host, MX `10 host`, TXT text (unquoted), CAA `0 issue "ca"`. */
  value: string;
  ttl: number;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms; set when deleted or replaced. */
  deletedAt?: number;
}

export interface DnsSource {
  /** Zone names (lowercase, no trailing dot). */
  zones(): string[];
  /** All record versions, including deleted ones (for resolver lag). */
  records(): DnsRecordView[];
}

/** Hosts behind sandbox servers; implemented in src/sandbox/hosts. */
export interface HostRegistry {
  /**
   * Gives a new server its loopback address and an SSH endpoint that comes up at `bootAt` and
   * reports cloud-init done at `bootAt + cloudInitMs`. Idempotent per (provider, serverId).
   */
  allocate(req: HostRequest): { ipv4: string; ipv6: string };
  release(provider: string, serverId: string): void;
  /** Reboot: SSH goes away for a moment, uptime restarts. */
  reboot(provider: string, serverId: string): void;
}

export interface HostRequest {
  provider: string;
  serverId: string;
  name: string;
  /** Plain (decoded) user data. */
  userData?: string;
  /** OpenSSH public key lines the host accepts. */
  authorizedKeys: string[];
  /** Epoch ms the server reaches `running`. */
  bootAt: number;
}

/** Knobs every simulator shares; all durations are already scaled. */
export interface SimContext {
  now(): number;
  hosts: HostRegistry;
  /** Ms from create until a server is running. */
  bootMs: number;
  /** Ms an async action (reboot, delete) stays running. */
  actionMs: number;
  /** Max servers per account before the provider's quota error. */
  serverQuota: number;
}
