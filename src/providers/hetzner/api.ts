/**
 * The Hetzner Cloud API over our HttpClient: bearer auth, Hetzner error codes classified into
 * InfraError codes (keeping `providerCode`), RateLimit-* headers fed to the account limiter, no
 * retries. HTTP only: it returns wire shapes and knows nothing about the domain.
 */
import type { InfraErrorCode } from '../../domain/errors';
import { InfraError } from '../../domain/errors';
import { codeForStatus, HttpClient } from '../http';
import type { BudgetReport } from '../rate-limiter';
import type { ProviderContext } from '../types';
import {
  errorW, locationW, paginationW, rrsetW, serverTypeW, serverW, sshKeyW, zoneW,
  type CreateServerBody, type LocationW, type RecordW, type RRSetW, type ServerTypeW, type ServerW, type SshKeyW, type ZoneW,
} from './wire';
import type { z } from 'zod';

/** Hetzner error code → our code; `retryable` overrides the code's default where Hetzner knows better. */
const CODES: Record<string, { code: InfraErrorCode; retryable?: boolean }> = {
  unauthorized: { code: 'INFRA_UNAUTHORIZED' },
  forbidden: { code: 'INFRA_UNAUTHORIZED' },
  token_readonly: { code: 'INFRA_UNAUTHORIZED' },
  not_found: { code: 'INFRA_NOT_FOUND' },
  invalid_input: { code: 'INFRA_INVALID_INPUT' },
  json_error: { code: 'INFRA_INVALID_INPUT' },
  resource_unavailable: { code: 'INFRA_INVALID_INPUT' },
  uniqueness_error: { code: 'INFRA_CONFLICT', retryable: false },
  protected: { code: 'INFRA_CONFLICT', retryable: false },
  locked: { code: 'INFRA_CONFLICT', retryable: true },
  resource_locked: { code: 'INFRA_CONFLICT', retryable: true },
  conflict: { code: 'INFRA_CONFLICT', retryable: true },
  resource_limit_exceeded: { code: 'INFRA_QUOTA_EXCEEDED' },
  rate_limit_exceeded: { code: 'INFRA_RATE_LIMITED' },
  timeout: { code: 'INFRA_TIMEOUT' },
  server_error: { code: 'INFRA_PROVIDER_ERROR', retryable: true },
  service_error: { code: 'INFRA_PROVIDER_ERROR', retryable: true },
  unavailable: { code: 'INFRA_PROVIDER_ERROR', retryable: true },
  maintenance: { code: 'INFRA_PROVIDER_ERROR', retryable: true },
  bad_gateway: { code: 'INFRA_PROVIDER_ERROR', retryable: true },
};

/** Maps an error response to a code, message and the provider's own code. */
export function classifyHetzner(status: number, body: unknown): { code: InfraErrorCode; message: string; providerCode?: string; retryable?: boolean } {
  const parsed = errorW.safeParse(body);
  if (!parsed.success) return { ...codeForStatus(status), message: `HTTP ${status}` };
  const { code, message } = parsed.data.error;
  const mapped = CODES[code] ?? codeForStatus(status);
  return { ...mapped, message: `${message} (${code})`, providerCode: code };
}

/**
 * What Hetzner's headers say: the bucket size (`RateLimit-Limit`), requests left, and, since
 * `RateLimit-Reset` is when the bucket is full again, the time one request takes to come back:
 * (reset − now) / (limit − remaining).
 */
export function readHetznerRateLimit(h: Headers, now: number): BudgetReport {
  const limit = Number(h.get('ratelimit-limit'));
  const remainingRaw = h.get('ratelimit-remaining');
  const reset = Number(h.get('ratelimit-reset'));
  if (remainingRaw === null || !Number.isFinite(limit) || !Number.isFinite(reset) || limit <= 0) return { remaining: null };
  const remaining = Number(remainingRaw);
  const missing = Math.max(1, limit - remaining);
  return { remaining, limit, nextMs: Math.ceil(Math.max(0, reset * 1000 - now) / missing) };
}

function parse<S extends z.ZodTypeAny>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new InfraError('INFRA_PROVIDER_ERROR', `hetzner: unexpected ${what} in response: ${r.error.issues[0]?.message ?? 'invalid'}`, { provider: 'hetzner', retryable: false });
  return r.data;
}

/** null instead of INFRA_NOT_FOUND, for lookups whose contract says "null when absent". */
export async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof InfraError && e.code === 'INFRA_NOT_FOUND') return null;
    throw e;
  }
}

export class HetznerApi {
  private readonly http: HttpClient;

  /** `fetchImpl` lets fixture tests replay recorded responses; production uses global fetch. */
  constructor(ctx: ProviderContext, defaultEndpoint: string, fetchImpl?: typeof fetch) {
    this.http = new HttpClient({
      provider: 'hetzner', baseUrl: ctx.endpoint ?? defaultEndpoint, token: ctx.token, timeoutMs: ctx.timeoutMs,
      classify: classifyHetzner, readRateLimit: readHetznerRateLimit, fetchImpl,
    });
  }

  /** Every item of a paginated list (per_page 50, the maximum). */
  private async all<S extends z.ZodTypeAny>(path: string, key: string, schema: S, query: Record<string, string | string[]> = {}): Promise<Array<z.infer<S>>> {
    const out: Array<z.infer<S>> = [];
    for (let page: number | null = 1; page !== null;) {
      const res: { body: unknown } = await this.http.request('GET', path, { query: { ...query, page, per_page: 50 } });
      const items = (res.body as Record<string, unknown>)?.[key];
      if (!Array.isArray(items)) throw new InfraError('INFRA_PROVIDER_ERROR', `hetzner: response of ${path} has no ${key}`, { provider: 'hetzner' });
      for (const item of items) out.push(parse(schema, item, key));
      const next: number | null = paginationW.parse(res.body).meta?.pagination.next_page ?? null;
      page = next !== null && next > page ? next : null;
    }
    return out;
  }

  private async one<S extends z.ZodTypeAny>(method: string, path: string, key: string, schema: S, body?: unknown): Promise<z.infer<S>> {
    const res = await this.http.request(method, path, { body });
    return parse(schema, (res.body as Record<string, unknown>)?.[key], key);
  }

  private async send(method: string, path: string, body?: unknown): Promise<void> {
    await this.http.request(method, path, { body });
  }

  serverTypes(): Promise<ServerTypeW[]> { return this.all('/server_types', 'server_types', serverTypeW); }
  locations(): Promise<LocationW[]> { return this.all('/locations', 'locations', locationW); }
  /** Servers filtered server-side by `label_selector` and/or exact `name`. */
  servers(filter: { label_selector?: string; name?: string }): Promise<ServerW[]> {
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) query[k] = v;
    return this.all('/servers', 'servers', serverW, query);
  }
  server(id: string): Promise<ServerW> { return this.one('GET', `/servers/${encodeURIComponent(id)}`, 'server', serverW); }
  createServer(body: CreateServerBody): Promise<ServerW> { return this.one('POST', '/servers', 'server', serverW, body); }
  deleteServer(id: string): Promise<void> { return this.send('DELETE', `/servers/${encodeURIComponent(id)}`); }
  serverAction(id: string, action: 'reboot' | 'poweron' | 'poweroff' | 'shutdown' | 'reset'): Promise<void> {
    return this.send('POST', `/servers/${encodeURIComponent(id)}/actions/${action}`);
  }

  sshKeys(name?: string): Promise<SshKeyW[]> { return this.all('/ssh_keys', 'ssh_keys', sshKeyW, name ? { name } : {}); }
  createSshKey(name: string, publicKey: string): Promise<SshKeyW> {
    return this.one('POST', '/ssh_keys', 'ssh_key', sshKeyW, { name, public_key: publicKey });
  }
  deleteSshKey(id: number): Promise<void> { return this.send('DELETE', `/ssh_keys/${id}`); }

  zones(name?: string): Promise<ZoneW[]> { return this.all('/zones', 'zones', zoneW, name ? { name } : {}); }
  zone(idOrName: string): Promise<ZoneW> { return this.one('GET', `/zones/${encodeURIComponent(idOrName)}`, 'zone', zoneW); }
  createZone(name: string): Promise<ZoneW> { return this.one('POST', '/zones', 'zone', zoneW, { name, mode: 'primary' }); }
  rrsets(zoneId: string): Promise<RRSetW[]> { return this.all(`/zones/${encodeURIComponent(zoneId)}/rrsets`, 'rrsets', rrsetW); }
  rrset(zoneId: string, name: string, type: string): Promise<RRSetW> {
    return this.one('GET', this.rrPath(zoneId, name, type), 'rrset', rrsetW);
  }
  createRRSet(zoneId: string, rr: { name: string; type: string; ttl: number; records: RecordW[] }): Promise<RRSetW> {
    return this.one('POST', `/zones/${encodeURIComponent(zoneId)}/rrsets`, 'rrset', rrsetW, rr);
  }
  setRecords(zoneId: string, name: string, type: string, records: RecordW[]): Promise<void> {
    return this.send('POST', `${this.rrPath(zoneId, name, type)}/actions/set_records`, { records });
  }
  changeTtl(zoneId: string, name: string, type: string, ttl: number): Promise<void> {
    return this.send('POST', `${this.rrPath(zoneId, name, type)}/actions/change_ttl`, { ttl });
  }
  deleteRRSet(zoneId: string, name: string, type: string): Promise<void> { return this.send('DELETE', this.rrPath(zoneId, name, type)); }

  private rrPath(zoneId: string, name: string, type: string): string {
    return `/zones/${encodeURIComponent(zoneId)}/rrsets/${encodeURIComponent(name)}/${encodeURIComponent(type)}`;
  }
}
