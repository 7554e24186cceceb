/**
 * HTTP to DigitalOcean through dots-wrapper (the maintained TypeScript client). Every call goes
 * through {@link DoApi.call}: the per-account limiter first, rate-limit headers fed back after,
 * failures mapped to InfraErrors, and no retries (dots has none; Temporal owns retries).
 * Lists are read to the end by following `links.pages.next` at DO's maximum page size.
 */
import { createApiClient, modules } from 'dots-wrapper';
import { observeAxios } from './audit';
import { z } from 'zod';
import { InfraError } from '../../domain/errors';
import { accountLimiter, type Grant, type RateLimiter } from '../rate-limiter';
import { headerValue, type HeaderBag } from '../retry-after';
import type { ProviderContext } from '../types';
import { PROVIDER, toInfraError } from './errors';
import { noteAnswered } from '../reachability';
import {
  domainRecordSchema, domainSchema, dropletSchema, listEnvelopeSchema, regionSchema, sizeSchema, sshKeySchema,
  type DoCreateDroplet, type DoDomain, type DoDomainRecord, type DoDroplet, type DoRecordInput, type DoRegion, type DoSize, type DoSshKey,
} from './wire';
import { descriptor } from './descriptor';

export const DEFAULT_ENDPOINT = descriptor.defaultEndpoint;
/** DO's largest page. */
const PER_PAGE = 200;
/** A bound on pages read per list, so a provider bug cannot loop forever. */
const MAX_PAGES = 500;

interface AxiosLike<T> {
  data: T;
  headers: unknown;
}

type Client = ReturnType<typeof createApiClient>;

/** dots-wrapper's client on an axios instance whose every request goes into the audit trail. */
const auditedClient: typeof createApiClient = modules.common.createApiClient({
  modules,
  createContext: (input) => {
    const context = modules.common.createContext(input);
    observeAxios(context.httpClient, PROVIDER);
    return context;
  },
});

export class DoApi {
  private readonly client: Client;
  readonly limiter: RateLimiter;
  private readonly endpoint: string;

  constructor(ctx: ProviderContext) {
    const endpoint = (ctx.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
    this.endpoint = endpoint;
    this.client = auditedClient({ token: ctx.token, endpoint, requestTimeoutInMs: ctx.timeoutMs ?? 30_000 });
    this.limiter = accountLimiter(PROVIDER, endpoint, ctx.token);
  }

  /** One request: waits for its token, feeds DO's `ratelimit-*` headers back, maps failures. */
  private async call<T>(what: string, fn: (c: Client) => Promise<AxiosLike<T>>): Promise<T> {
    const grant = await this.limiter.acquire();
    try {
      const res = await fn(this.client);
      noteAnswered(this.endpoint);
      await this.feed(grant, res.headers);
      return res.data;
    } catch (err) {
      const headers = (err as { response?: { headers?: unknown } })?.response?.headers;
      if (headers) await this.feed(grant, headers);
      if ((err as { response?: unknown })?.response) noteAnswered(this.endpoint);
      const infra = toInfraError(err, what, Date.now(), this.endpoint);
      if (infra.code === 'INFRA_RATE_LIMITED' && infra.retryAfterMs !== undefined) await this.limiter.block(infra.retryAfterMs);
      throw infra;
    }
  }

  private async feed(grant: Grant, headers: unknown): Promise<void> {
    const header = (name: string) => headerValue(headers as HeaderBag, name);
    const remaining = Number(header('ratelimit-remaining'));
    const limit = Number(header('ratelimit-limit'));
    await this.limiter.observe(grant, {
      remaining: Number.isFinite(remaining) && header('ratelimit-remaining') !== undefined ? remaining : null,
      limit: Number.isFinite(limit) && limit > 0 ? limit : null,
    });
  }

  /** Every item of a paginated list under `key`, validated by `schema`. */
  private async all<T>(what: string, key: string, schema: z.ZodType<T>, page: (c: Client, p: number) => Promise<AxiosLike<unknown>>): Promise<T[]> {
    const out: T[] = [];
    for (let p = 1; p <= MAX_PAGES; p++) {
      const body = await this.call(what, (c) => page(c, p)) as Record<string, unknown>;
      out.push(...parse(what, z.array(schema), body?.[key]));
      if (!parse(what, listEnvelopeSchema, body).links?.pages?.next) return out;
    }
    throw new InfraError('INFRA_PROVIDER_ERROR', `${PROVIDER}: ${what}: more than ${MAX_PAGES} pages`, { provider: PROVIDER });
  }

  sizes(): Promise<DoSize[]> {
    return this.all('list sizes', 'sizes', sizeSchema, (c, page) => c.size.listSizes({ page, per_page: PER_PAGE }));
  }

  regions(): Promise<DoRegion[]> {
    return this.all('list regions', 'regions', regionSchema, (c, page) => c.region.listRegions({ page, per_page: PER_PAGE }));
  }

  /** Droplets, all of them or those with `tagName` (DO's server-side `tag_name` filter). */
  droplets(tagName?: string): Promise<DoDroplet[]> {
    return this.all('list droplets', 'droplets', dropletSchema, (c, page) => c.droplet.listDroplets({ page, per_page: PER_PAGE, tag_name: tagName }));
  }

  /** One droplet, or null when DO answers 404. */
  async droplet(id: number): Promise<DoDroplet | null> {
    try {
      const body = await this.call(`get droplet ${id}`, (c) => c.droplet.getDroplet({ droplet_id: id }));
      return parse('get droplet', dropletSchema, body.droplet);
    } catch (err) {
      if (err instanceof InfraError && err.code === 'INFRA_NOT_FOUND') return null;
      throw err;
    }
  }

  async createDroplet(body: DoCreateDroplet): Promise<DoDroplet> {
    const res = await this.call('create droplet', (c) => c.droplet.createDroplet(body));
    return parse('create droplet', dropletSchema, res.droplet);
  }

  async rebootDroplet(id: number): Promise<void> {
    await this.call(`reboot droplet ${id}`, (c) => c.droplet.rebootDroplet({ droplet_id: id }));
  }

  async deleteDroplet(id: number): Promise<void> {
    await this.call(`delete droplet ${id}`, (c) => c.droplet.deleteDroplet({ droplet_id: id }));
  }

  sshKeys(): Promise<DoSshKey[]> {
    return this.all('list ssh keys', 'ssh_keys', sshKeySchema, (c, page) => c.sshKey.listSshKeys({ page, per_page: PER_PAGE }));
  }

  async createSshKey(name: string, publicKey: string): Promise<DoSshKey> {
    const res = await this.call('create ssh key', (c) => c.sshKey.createSshKey({ name, public_key: publicKey }));
    return parse('create ssh key', sshKeySchema, res.ssh_key);
  }

  async deleteSshKey(id: number): Promise<void> {
    await this.call(`delete ssh key ${id}`, (c) => c.sshKey.destroySshKey({ ssh_key_id: id }));
  }

  domains(): Promise<DoDomain[]> {
    return this.all('list domains', 'domains', domainSchema, (c, page) => c.domain.listDomains({ page, per_page: PER_PAGE }));
  }

  /** One domain, or null on 404. */
  async domain(name: string): Promise<DoDomain | null> {
    try {
      const res = await this.call(`get domain ${name}`, (c) => c.domain.getDomain({ name }));
      return parse('get domain', domainSchema, res.domain);
    } catch (err) {
      if (err instanceof InfraError && err.code === 'INFRA_NOT_FOUND') return null;
      throw err;
    }
  }

  async createDomain(name: string): Promise<DoDomain> {
    const res = await this.call(`create domain ${name}`, (c) => c.domain.createDomain({ name }));
    return parse('create domain', domainSchema, res.domain);
  }

  /** Records of a domain; `fqdn` and `type` are DO's server-side filters. */
  records(domain: string, filter: { fqdn?: string; type?: string } = {}): Promise<DoDomainRecord[]> {
    return this.all(`list records of ${domain}`, 'domain_records', domainRecordSchema, (c, page) =>
      c.domain.listDomainRecords({ domain_name: domain, name: filter.fqdn, type: filter.type, page, per_page: PER_PAGE }));
  }

  async createRecord(domain: string, r: DoRecordInput): Promise<DoDomainRecord> {
    const res = await this.call(`create ${r.type} record in ${domain}`, (c) => c.domain.createDomainRecord({ domain_name: domain, ...r }));
    return parse('create record', domainRecordSchema, res.domain_record);
  }

  async updateRecord(domain: string, id: number, r: DoRecordInput): Promise<DoDomainRecord> {
    const res = await this.call(`update record ${id} in ${domain}`, (c) => c.domain.updateDomainRecord({ domain_name: domain, domain_record_id: id, ...r }));
    return parse('update record', domainRecordSchema, res.domain_record);
  }

  async deleteRecord(domain: string, id: number): Promise<void> {
    await this.call(`delete record ${id} in ${domain}`, (c) => c.domain.deleteDomainRecord({ domain_name: domain, domain_record_id: id }));
  }
}

/** Validates a response part; an unexpected shape is a provider error, not a crash elsewhere. */
function parse<T>(what: string, schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new InfraError('INFRA_PROVIDER_ERROR', `${PROVIDER}: ${what}: unexpected response shape (${r.error.issues[0]?.path.join('.') || 'root'}: ${r.error.issues[0]?.message})`,
    { provider: PROVIDER, retryable: false });
}
