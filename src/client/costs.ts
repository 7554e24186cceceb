/**
 * Money at a glance: one card per provider (connected, server count, monthly total in the
 * provider's currency; zone count and the DNS note, e.g. "Free tier"). The dashboard's provider
 * cards and `fazt dev infra costs` are both this, so they never disagree.
 */
import type { InfraClient } from './api';
import { DNS_PROVIDERS, VPS_PROVIDERS, currencyOf, findProvider } from '../domain/providers';

/** Which providers are configured, by kind; injected because config lives elsewhere. */
export type ProvidersFn = () => Promise<Array<{ kind: string; provider: string; configured: boolean }>>;

export interface VpsCard {
  provider: string; name: string; currency: string; servers: number; configured: boolean; monthlyCost: number;
}
export interface DnsCard {
  provider: string; name: string; note: string | null; zones: number; records: number; configured: boolean;
}
export interface ProviderCards {
  vps: VpsCard[];
  dns: DnsCard[];
  /** True when "configured" was inferred from what exists (no config at hand). */
  inferred: boolean;
}

export async function providerCards(client: InfraClient, providers?: ProvidersFn): Promise<ProviderCards> {
  const [servers, zones, configured] = await Promise.all([
    client.dev.infra.vps.list(),
    client.dev.infra.dns.zones(),
    providers ? providers() : Promise.resolve(null),
  ]);
  const isConfigured = (kind: string, provider: string, inferred: boolean) =>
    configured ? configured.some((c) => c.kind === kind && c.provider === provider && c.configured) : inferred;
  const vps = VPS_PROVIDERS.map((provider) => {
    const mine = servers.filter((s) => s.provider === provider);
    return {
      provider, name: findProvider(provider)?.displayName ?? provider, currency: currencyOf(provider),
      servers: mine.length, configured: isConfigured('vps', provider, mine.length > 0),
      monthlyCost: Math.round(mine.reduce((sum, s) => sum + (s.monthlyCost ?? 0), 0) * 100) / 100,
    };
  });
  const dns = DNS_PROVIDERS.map((provider) => {
    const mine = zones.filter((z) => z.provider === provider);
    return {
      provider, name: findProvider(provider)?.displayName ?? provider, note: findProvider(provider)?.dnsNote ?? null,
      zones: mine.length, records: mine.reduce((n, z) => n + z.records, 0), configured: isConfigured('dns', provider, mine.length > 0),
    };
  });
  return { vps, dns, inferred: configured === null };
}
