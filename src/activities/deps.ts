/**
 * What activities need from the worker, as small interfaces. src/worker.ts (the only composition
 * root) adapts the config store, the SSH client and the propagation checker into these.
 */
import type { ExecResult, PropagationResult, RecordType, ServerHealth } from '../domain/types';
import type { ProviderContext, ProviderInstance } from '../providers/types';
import type { Inventory, Reports } from '../inventory/store';

export type CredentialKind = 'vps' | 'dns' | 'domain';

export interface ManagedZone {
  zone: string;
  provider: string;
  zoneId?: string;
}

/** Worker-side settings that are not secrets. */
export interface RuntimeSettings {
  ssh: { port: number; user: string };
  /** Public resolvers for propagation checks (`ip` or `ip:port`). */
  resolvers: string[];
  /** Authoritative server to compare against, when known (`ip:port`). */
  authoritative: string | null;
  /** How long a human has to decide. */
  confirmationTimeout: string;
}

export interface SshTarget {
  host: string;
  port: number;
  username: string;
}

export interface ActivityDeps {
  /** Token and endpoint for a provider; throws INFRA_NOT_CONFIGURED with the fixing command. */
  credential(kind: CredentialKind, provider: string): { token: string; endpoint?: string; account?: string };
  /** Providers with a credential for this kind (store or env). */
  configured(kind: CredentialKind): string[];
  /** The default provider for a kind; throws INFRA_NOT_CONFIGURED when none can be chosen. */
  defaultProvider(kind: CredentialKind): string;
  zones: { list(): ManagedZone[]; add(zone: ManagedZone): void };
  settings(): RuntimeSettings;
  ssh: {
    exec(target: SshTarget, command: string, opts: { timeoutMs: number; maxOutputBytes: number }): Promise<ExecResult>;
    health(target: SshTarget): Promise<Omit<ServerHealth, 'id' | 'status'>>;
    cloudInit(target: SshTarget): Promise<{ status: 'running' | 'done' | 'error'; markerPresent: boolean }>;
    /** The worker's own public key line, registered at providers so the worker can log in. */
    workerPublicKey(): string;
  };
  propagation: {
    /** The name's authoritative nameservers (`ip`), discovered through DNS; [] when unknown. */
    authoritative(fqdn: string): Promise<string[]>;
    check(input: { fqdn: string; type: RecordType; expected?: string; resolvers: string[]; timeoutMs: number }): Promise<PropagationResult>;
  };
  /** What fazt made (src/inventory/store.ts); absent: nothing is recorded and drift sees nothing. */
  inventory?: Inventory;
  /** The last report of each scheduled check (drift, health, renewals). */
  reports?: Reports;
  /** Builds a provider's adapters; defaults to the registry's factory. */
  buildProvider?(name: string, ctx: ProviderContext): ProviderInstance;
}
