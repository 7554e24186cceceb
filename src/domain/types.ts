/**
 * The spec's shapes. Everything above a provider folder speaks these; wire types never leave it.
 * Plain JSON only (no Date, Map or class instances) so values cross Temporal unchanged.
 */

export {
  VPS_PROVIDERS, DNS_PROVIDERS, DOMAIN_PROVIDERS, PROVIDER_NAMES,
  type VpsProviderName, type DnsProviderName, type DomainProviderName, type ProviderName,
} from './providers';
import type { DnsProviderName, VpsProviderName } from './providers';

/** Provider-neutral server status. */
export type ServerStatus = 'provisioning' | 'starting' | 'running' | 'stopping' | 'off' | 'deleting' | 'unknown';

/** A server as the spec returns it. `id` is `<provider>:<provider id>` so it is unique across providers. */
export interface Server {
  id: string;
  provider: VpsProviderName;
  /** The provider's own id (Hetzner integer as string, DO integer as string, Vultr UUID). */
  providerId: string;
  name: string;
  ip: string | null;
  ipv6: string | null;
  status: ServerStatus;
  type: string;
  region: string;
  /** ISO-8601. */
  createdAt: string;
  monthlyCost: number | null;
  /** The operation that created it (from the provider's label/tag), null when not ours. */
  operationId: string | null;
  /** True when it carries the managed-by-fazt marker. */
  managed: boolean;
  /** Hetzner delete protection and similar; destroy refuses while true. */
  deleteProtected?: boolean;
}

export interface ServerType {
  id: string;
  vcpus: number;
  /** MiB. */
  ram: number;
  /** GB. */
  disk: number;
  /** Monthly price in the provider's currency. */
  price: number;
  currency?: string;
  /** Regions where the type can be ordered, when the provider says. */
  regions?: string[];
  description?: string;
}

export interface Region {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface SshKey {
  id: string;
  name: string;
  fingerprint: string;
  publicKey: string;
}

/** What a provider needs to create a server; built by activities from validated input. */
export interface CreateServerRequest {
  name: string;
  type: string;
  region: string;
  image: string;
  /** Provider-side key names or ids. */
  sshKeys: string[];
  /** Plain cloud-init text; the provider's convert step encodes it (Vultr base64). */
  userData?: string;
  ipv6?: boolean;
  /** Idempotency marker written as a label/tag and searched before any create. */
  operationId: string;
}

export const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'CAA'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** A DNS record; `name` is zone-relative with `@` for the apex. */
export interface DnsRecord {
  type: RecordType;
  name: string;
  /** Presentation value without provider quirks: TXT unquoted, MX host without priority, CAA `0 issue "x"`. */
  content: string;
  ttl: number;
  /** Cloudflare only. */
  proxied?: boolean;
  /** MX only. */
  priority?: number;
}

/** All records of one (name, type): the unit providers set and delete. */
export interface RecordSet {
  name: string;
  type: RecordType;
  records: DnsRecord[];
}

export interface ZoneSummary {
  zone: string;
  provider: DnsProviderName;
  records: number;
}

export interface PropagationResult {
  expected: string;
  results: Array<{ resolver: string; value: string | null; propagated: boolean; error?: string }>;
  allPropagated: boolean;
}

export interface ServerHealth {
  id: string;
  status: ServerStatus;
  faztStatus: 'healthy' | 'unhealthy' | null;
  faztVersion: string | null;
  uptime: number | null;
  load: [number, number, number] | null;
  diskUsed: number | null;
  diskTotal: number | null;
  memUsed: number | null;
  memTotal: number | null;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** True when output was cut at the size cap. */
  truncated?: boolean;
}
