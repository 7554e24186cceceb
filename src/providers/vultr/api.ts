/**
 * Our own small Vultr API v2 client over {@link HttpClient}: bearer auth, JSON, no retries
 * (Temporal owns them), client-side pacing under Vultr's 30 req/s, cursor pagination and zod
 * parsing of every response we read. HTTP only: no domain types here.
 */
import { z } from 'zod';
import { InfraError } from '../../domain/errors';
import { HttpClient } from '../http';
import type { ProviderContext } from '../types';
import { classifyVultrError } from './errors';
import {
  instanceSchema, metaSchema, planSchema, regionSchema, sshKeySchema,
  type WireCreateInstance, type WireInstance, type WirePlan, type WireRegion, type WireSshKey,
} from './wire';

/** Vultr's default page size (VU-SPEC: default 100, max 500). */
export const PAGE_SIZE = 100;
/** Guards against a provider that never ends its cursor chain. */
const MAX_PAGES = 1000;

type Query = Record<string, string | number | undefined>;

export interface VultrApiOptions {
  /** Injected fetch (recorded-fixture tests). */
  fetchImpl?: typeof fetch;
}

export class VultrApi {
  private readonly http: HttpClient;

  constructor(ctx: ProviderContext, opts: VultrApiOptions = {}) {
    this.http = new HttpClient({
      provider: 'vultr',
      baseUrl: ctx.endpoint ?? 'https://api.vultr.com/v2',
      token: ctx.token,
      timeoutMs: ctx.timeoutMs,
      classify: classifyVultrError,
      fetchImpl: opts.fetchImpl,
    });
  }

  private async send(method: string, path: string, options: { query?: Query; body?: unknown } = {}) {
    return this.http.request(method, path, options);
  }

  private async read<S extends z.ZodType>(schema: S, method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<z.infer<S>> {
    const res = await this.send(method, path, options);
    return parse(schema, res.body, `${method} ${path.replace(/\/[0-9a-f-]{36}/g, '/{id}')}`);
  }

  /** Every item of a cursor-paginated list, following `meta.links.next` until it is empty. */
  async listAll<S extends z.ZodType>(path: string, key: string, item: S, query: Query = {}): Promise<Array<z.infer<S>>> {
    const page = z.object({ [key]: z.array(item), meta: metaSchema });
    const out: Array<z.infer<S>> = [];
    let cursor: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const body = (await this.read(page, 'GET', path, { query: { ...query, per_page: PAGE_SIZE, cursor } })) as Record<string, any>;
      out.push(...(body[key] as Array<z.infer<S>>));
      cursor = body.meta.links.next || undefined;
      if (!cursor) return out;
    }
    throw new InfraError('INFRA_PROVIDER_ERROR', `vultr: GET ${path} returned more than ${MAX_PAGES} pages`, { provider: 'vultr' });
  }

  listInstances(filter: { tag?: string; label?: string } = {}): Promise<WireInstance[]> {
    return this.listAll('/instances', 'instances', instanceSchema, filter);
  }

  /** One instance, or null when Vultr answers 404. */
  async getInstance(id: string): Promise<WireInstance | null> {
    try {
      return (await this.read(z.object({ instance: instanceSchema }), 'GET', `/instances/${enc(id)}`)).instance;
    } catch (e) {
      if (e instanceof InfraError && e.code === 'INFRA_NOT_FOUND') return null;
      throw e;
    }
  }

  async createInstance(body: WireCreateInstance): Promise<WireInstance> {
    return (await this.read(z.object({ instance: instanceSchema }), 'POST', '/instances', { body })).instance;
  }

  /** Deletes; false when the instance was already gone (404). */
  async deleteInstance(id: string): Promise<boolean> {
    try {
      await this.send('DELETE', `/instances/${enc(id)}`);
      return true;
    } catch (e) {
      if (e instanceof InfraError && e.code === 'INFRA_NOT_FOUND') return false;
      throw e;
    }
  }

  async rebootInstance(id: string): Promise<void> {
    await this.send('POST', `/instances/${enc(id)}/reboot`);
  }

  listPlans(): Promise<WirePlan[]> {
    return this.listAll('/plans', 'plans', planSchema, { type: 'all' });
  }

  listRegions(): Promise<WireRegion[]> {
    return this.listAll('/regions', 'regions', regionSchema);
  }

  listSshKeys(): Promise<WireSshKey[]> {
    return this.listAll('/ssh-keys', 'ssh_keys', sshKeySchema);
  }

  async createSshKey(name: string, sshKey: string): Promise<WireSshKey> {
    return (await this.read(z.object({ ssh_key: sshKeySchema }), 'POST', '/ssh-keys', { body: { name, ssh_key: sshKey } })).ssh_key;
  }

  /** Deletes; false when the key was already gone (404). */
  async deleteSshKey(id: string): Promise<boolean> {
    try {
      await this.send('DELETE', `/ssh-keys/${enc(id)}`);
      return true;
    } catch (e) {
      if (e instanceof InfraError && e.code === 'INFRA_NOT_FOUND') return false;
      throw e;
    }
  }
}

const enc = (id: string) => encodeURIComponent(id);

function parse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const where = r.error.issues[0]?.path.join('.') ?? '';
  throw new InfraError('INFRA_PROVIDER_ERROR', `vultr: unexpected response to ${what} (at "${where}")`, { provider: 'vultr', providerCode: 'bad_response' });
}
