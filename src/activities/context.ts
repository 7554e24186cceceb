/** Turns a provider name into its adapters, with credentials resolved here and only here. */
import { InfraError } from '../domain/errors';
import { providerDescriptor } from '../providers/registry';
import type { DnsProvider, ProviderInstance, Registrar, SshKeyProvider, VpsProvider, ZoneRef } from '../providers/types';
import type { ActivityDeps, CredentialKind, ManagedZone } from './deps';
import { DNS_PROVIDERS } from '../domain/providers';

export class ProviderAccess {
  constructor(private readonly deps: ActivityDeps) {}

  private instance(kind: CredentialKind, name: string): ProviderInstance {
    const d = providerDescriptor(name);
    const cred = this.deps.credential(kind, name);
    const ctx = { token: cred.token, endpoint: cred.endpoint ?? d.defaultEndpoint, ...(cred.account ? { accountId: cred.account } : {}) };
    return this.deps.buildProvider ? this.deps.buildProvider(name, ctx) : d.create(ctx);
  }

  /** The provider's adapters for a kind, whatever they offer (the registrar seam reads it). */
  instanceOf(kind: CredentialKind, name: string): ProviderInstance {
    return this.instance(kind, name);
  }

  vps(name: string): VpsProvider {
    const v = this.instance('vps', name).vps;
    if (!v) throw new InfraError('INFRA_INVALID_INPUT', `${name} does not offer servers`, { data: { provider: name } });
    return v;
  }

  sshKeys(name: string): SshKeyProvider {
    const k = this.instance('vps', name).sshKeys;
    if (!k) throw new InfraError('INFRA_INVALID_INPUT', `${name} does not manage SSH keys`);
    return k;
  }

  dns(name: string): DnsProvider {
    const dns = this.instance('dns', name).dns;
    if (!dns) throw new InfraError('INFRA_INVALID_INPUT', `${name} does not offer DNS`);
    return dns;
  }

  /** The registrar adapter, built from the `infra.domain.<name>` credential. */
  registrar(name: string): Registrar {
    const r = this.instance('domain', name).registrar;
    if (!r) throw new InfraError('INFRA_INVALID_INPUT', `${name} does not register domains`);
    return r;
  }

  /** The managed zone's mapping; INFRA_NOT_FOUND saying how to add it. */
  managedZone(zone: string): ManagedZone {
    const z = this.deps.zones.list().find((m) => m.zone === zone);
    if (!z) {
      throw new InfraError('INFRA_NOT_FOUND', `Zone ${zone} is not managed. Add it with: fazt dev infra dns add-zone ${zone} --provider <${DNS_PROVIDERS.join('|')}>`, {
        hint: `fazt dev infra dns add-zone ${zone} --provider <${DNS_PROVIDERS.join('|')}>`,
      });
    }
    return z;
  }

  /** The provider's zone reference, from the cached id or one lookup (then cached). */
  async zoneRef(zone: string): Promise<{ dns: DnsProvider; ref: ZoneRef; provider: string }> {
    const m = this.managedZone(zone);
    const dns = this.dns(m.provider);
    if (m.zoneId) return { dns, ref: { id: m.zoneId, name: zone }, provider: m.provider };
    const ref = await dns.findZone(zone);
    if (!ref) throw new InfraError('INFRA_NOT_FOUND', `Zone ${zone} no longer exists at ${m.provider}`, { provider: m.provider });
    this.deps.zones.add({ ...m, zoneId: ref.id });
    return { dns, ref, provider: m.provider };
  }
}
