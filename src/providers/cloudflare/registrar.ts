/**
 * Cloudflare Registrar through the official SDK's `client.registrar` (provider-api-notes §4.6).
 * Nameservers of a domain are its Cloudflare zone's (Registrar domains use Cloudflare DNS). The
 * API has no transfer-in call this adapter trusts (see descriptor `transferSteps`).
 */
import type { RegistrationCreateParams } from 'cloudflare/resources/registrar/registrations';
import type { Registration } from 'cloudflare/resources/registrar/registrar';
import { InfraError } from '../../domain/errors';
import type { DomainCheck, OwnedDomain, RegistrarProgress } from '../../domain/domains';
import type { Registrar, RegistrationOrder } from '../types';
import type { CloudflareApi } from './api';
import { descriptor } from './descriptor';
import { checkFromWire, contactToWire, ownedFromWire, progressFromWire } from './registrar-convert';
import { PROVIDER } from './errors';

export class CloudflareRegistrar implements Registrar {
  constructor(private readonly api: CloudflareApi) {}

  async check(domains: string[]): Promise<DomainCheck[]> {
    const max = descriptor.registrar.maxCheck;
    const out: DomainCheck[] = [];
    for (let i = 0; i < domains.length; i += max) {
      const part = domains.slice(i, i + max);
      const r = await this.api.onAccount('check domains', (c, account_id) => c.registrar.check({ account_id, domains: part }));
      out.push(...r.domains.map(checkFromWire));
    }
    return out;
  }

  async search(query: string, opts: { extensions?: string[]; limit?: number } = {}): Promise<DomainCheck[]> {
    const r = await this.api.onAccount('search domains', (c, account_id) => c.registrar.search({
      account_id, q: query, ...(opts.extensions?.length ? { extensions: opts.extensions } : {}), ...(opts.limit ? { limit: opts.limit } : {}),
    }));
    return r.domains.map(checkFromWire);
  }

  async register(order: RegistrationOrder): Promise<RegistrarProgress> {
    const params: RegistrationCreateParams = {
      account_id: '', domain_name: order.domain, years: order.years, auto_renew: order.autoRenew,
      privacy_mode: order.privacy ? 'redaction' : 'off',
      ...(order.registrant ? { contacts: { registrant: contactToWire(order.registrant) } } : {}),
    };
    const w = await this.api.onAccount('register domain', (c, account_id) => c.registrar.registrations.create({ ...params, account_id }));
    return progressFromWire(order.domain, w);
  }

  async status(domain: string): Promise<RegistrarProgress | null> {
    try {
      return progressFromWire(domain, await this.api.onAccount('registration status', (c, account_id) => c.registrar.registrationStatus.get(domain, { account_id })));
    } catch (err) {
      if (err instanceof InfraError && err.code === 'INFRA_NOT_FOUND') return null;
      throw err;
    }
  }

  async list(): Promise<OwnedDomain[]> {
    const regs = await this.api.onAccount('list registrations', async (c, account_id) => {
      const all: Registration[] = [];
      let page = await c.registrar.registrations.list({ account_id, per_page: 50, sort_by: 'name' });
      for (;;) {
        all.push(...page.result);
        if (!page.hasNextPage()) break;
        page = await page.getNextPage();
      }
      return all;
    });
    const zones = await this.api.listZones();
    return regs.map((r) => ownedFromWire(r, zones.find((z) => z.name === r.domain_name)?.name_servers ?? []));
  }

  async get(domain: string): Promise<OwnedDomain | null> {
    let r: Registration;
    try {
      r = await this.api.onAccount('get registration', (c, account_id) => c.registrar.registrations.get(domain, { account_id }));
    } catch (err) {
      if (err instanceof InfraError && err.code === 'INFRA_NOT_FOUND') return null;
      throw err;
    }
    const zone = (await this.api.listZones(domain))[0];
    return ownedFromWire(r, zone?.name_servers ?? []);
  }

  async update(domain: string, changes: { autoRenew: boolean }): Promise<RegistrarProgress> {
    const w = await this.api.onAccount('update registration', (c, account_id) => c.registrar.registrations.edit(domain, { account_id, auto_renew: changes.autoRenew }));
    return progressFromWire(domain, w);
  }

  async transfer(req: { domain: string }): Promise<RegistrarProgress> {
    throw new InfraError('INFRA_NOT_SUPPORTED', `${descriptor.displayName}'s Registrar API cannot transfer ${req.domain} in. ${descriptor.registrar.transferSteps}.`, {
      provider: PROVIDER, hint: 'https://dash.cloudflare.com/?to=/:account/domains/transfer',
    });
  }
}
