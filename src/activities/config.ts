/** Non-secret configuration facts workflows need (which providers, defaults, zones, settings). */
import { providerDescriptor } from '../providers/registry';
import type { ActivityDeps, ManagedZone, RuntimeSettings } from './deps';
import { findProvider } from '../domain/providers';

export interface InfraConfigView {
  vpsProviders: string[];
  dnsProviders: string[];
  defaultVps: string | null;
  defaultDns: string | null;
  zones: ManagedZone[];
  settings: RuntimeSettings;
}

export function configActivities(deps: ActivityDeps) {
  const tryDefault = (kind: 'vps' | 'dns') => {
    try {
      return deps.defaultProvider(kind);
    } catch {
      return null;
    }
  };
  return {
    /** What is configured; never a token. */
    async infraConfig(): Promise<InfraConfigView> {
      return {
        vpsProviders: deps.configured('vps').filter((p) => findProvider(p)?.kinds.includes('vps')),
        dnsProviders: deps.configured('dns').filter((p) => findProvider(p)?.kinds.includes('dns')),
        defaultVps: tryDefault('vps'),
        defaultDns: tryDefault('dns'),
        zones: deps.zones.list(),
        settings: deps.settings(),
      };
    },
    /** The provider to use for a kind: the given one (must be configured) or the default. */
    async chooseProvider(input: { kind: 'vps' | 'dns' | 'domain'; provider?: string }): Promise<string> {
      if (input.provider) {
        providerDescriptor(input.provider);
        deps.credential(input.kind, input.provider);
        return input.provider;
      }
      return deps.defaultProvider(input.kind);
    },
  };
}
