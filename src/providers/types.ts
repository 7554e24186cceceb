/**
 * Provider contracts. Each method's doc comment is the contract every adapter must keep and the
 * shared contract suites in test/contract check. All values are the domain shapes of
 * src/domain/types.ts; wire types stay inside each provider folder.
 */
import type { ProviderDescriptor } from './descriptor';
import type { DomainCheck, OwnedDomain, RegistrarProgress, Registrant } from '../domain/domains';
import type {
  CreateServerRequest, DnsRecord, RecordSet, RecordType, Region, Server, ServerType, SshKey,
} from '../domain/types';

/** Servers at one provider account. */
export interface VpsProvider {
  /** Orderable server types with monthly prices. Read-only. */
  types(): Promise<ServerType[]>;
  /** Regions/locations. Read-only. */
  regions(): Promise<Region[]>;
  /** Every server carrying the managed-by-fazt marker, across all pages. */
  listManaged(): Promise<Server[]>;
  /**
   * The server created by `operationId` (its label/tag), or null. This is the look-before-create
   * step that makes create idempotent.
   */
  findByOperation(operationId: string): Promise<Server | null>;
  /** One server by provider id; null when it does not exist (never throws NOT_FOUND). */
  get(providerId: string): Promise<Server | null>;
  /** One server by exact name; null when absent. */
  findByName(name: string): Promise<Server | null>;
  /**
   * Creates a server labelled with the managed marker and `req.operationId`. Not idempotent by
   * itself: callers first call {@link findByOperation}. Returns as soon as the provider accepted the
   * order (status usually `provisioning`). Name clashes throw INFRA_CONFLICT with providerCode.
   */
  create(req: CreateServerRequest): Promise<Server>;
  /** Reboots. Throws INFRA_NOT_FOUND when the server does not exist. */
  reboot(providerId: string): Promise<void>;
  /**
   * Deletes. Idempotent: an absent server is success. Throws INFRA_CONFLICT (providerCode
   * `protected`) when the provider's delete protection is on.
   */
  destroy(providerId: string): Promise<void>;
}

/** SSH public keys registered at the provider (no local key storage). */
export interface SshKeyProvider {
  /** All keys, across pages. */
  listKeys(): Promise<SshKey[]>;
  /**
   * Registers a key. Idempotent: when a key with the same name and the same public key exists it is
   * returned; the same name with a different key throws INFRA_CONFLICT.
   */
  addKey(name: string, publicKey: string): Promise<SshKey>;
  /** Removes the key with this name. Idempotent: absent is success. */
  removeKey(name: string): Promise<void>;
}

/** A zone at a DNS provider. `id` is the provider's zone id (Cloudflare hex, Hetzner int, DO name). */
export interface ZoneRef {
  id: string;
  name: string;
}

/** DNS zones and records at one provider account. Names are zone-relative, `@` for the apex. */
export interface DnsProvider {
  /** Every zone in the account. */
  listZones(): Promise<ZoneRef[]>;
  /** The zone with this name; null when the account has no such zone. */
  findZone(name: string): Promise<ZoneRef | null>;
  /** Creates the zone at the provider. Idempotent: an existing zone of that name is returned. */
  createZone(name: string): Promise<ZoneRef>;
  /** Every record of the zone (SOA and provider-managed apex NS may be omitted). */
  getRecords(zone: ZoneRef): Promise<DnsRecord[]>;
  /**
   * Makes the zone's (name, type) set equal to `set.records` (libdns SetRecords semantics).
   * Idempotent: an identical existing set is success.
   */
  setRecords(zone: ZoneRef, set: RecordSet): Promise<void>;
  /** Deletes every record of (name, type). Idempotent: absent is success. */
  deleteRecords(zone: ZoneRef, name: string, type: RecordType): Promise<void>;
  /**
   * Applies several set/delete changes in one provider call, all or nothing. Only present where
   * the provider has a batch endpoint; `maxBatchSize` in the capabilities says how many fit.
   * Idempotent: a change already in place is left out. The adapter may address records from the
   * read the plan was made from instead of reading again; `fresh` (a retry) makes it read first.
   */
  applyBatch?(zone: ZoneRef, changes: BatchChange[], opts?: { fresh?: boolean }): Promise<void>;
}

/** One element of {@link DnsProvider.applyBatch}: `records: []` means delete the set. */
export interface BatchChange {
  name: string;
  type: RecordType;
  /** The set as it is now (lets the provider address record ids without another read). */
  before: DnsRecord[];
  after: DnsRecord[];
}

/** What {@link Registrar.register} sends. Registrant data goes to the provider and nowhere else. */
export interface RegistrationOrder {
  domain: string;
  years: number;
  autoRenew: boolean;
  privacy: boolean;
  /** Omitted: the account's default contact (Cloudflare's address book). */
  registrant?: Registrant;
}

/**
 * Domain registration at one registrar account. Names are ASCII (punycode), lowercase, no
 * trailing dot. Prices are exact (decimal strings → {@link import('../domain/money').Money}).
 */
export interface Registrar {
  /**
   * Authoritative, real-time availability and price of up to `maxCheck` names (capabilities), in
   * the order asked. The only answer a purchase may trust. Read-only.
   */
  check(domains: string[]): Promise<DomainCheck[]>;
  /** Suggestions for a free-text query; non-authoritative (cached): never a basis for buying. */
  search(query: string, opts?: { extensions?: string[]; limit?: number }): Promise<DomainCheck[]>;
  /**
   * Orders a registration; returns the registrar's workflow state (often still pending). Costs
   * money and is not idempotent by itself: callers first call {@link get} (look before buying). A
   * name this account already holds throws INFRA_CONFLICT, an unregistrable one INFRA_CONFLICT
   * (taken) or INFRA_INVALID_INPUT (premium, unsupported extension), bad contacts INFRA_INVALID_INPUT.
   */
  register(order: RegistrationOrder): Promise<RegistrarProgress>;
  /** The state of the registration workflow of `domain`; null when none was ever started. */
  status(domain: string): Promise<RegistrarProgress | null>;
  /** Every domain in the account (pending ones included), with nameservers, across all pages. */
  list(): Promise<OwnedDomain[]>;
  /** One domain of the account; null when the account does not hold it (never throws NOT_FOUND). */
  get(domain: string): Promise<OwnedDomain | null>;
  /** Changes auto-renew. Idempotent. INFRA_NOT_FOUND when the account does not hold the domain. */
  update(domain: string, changes: { autoRenew: boolean }): Promise<RegistrarProgress>;
  /**
   * Transfers a domain in from another registrar with its EPP auth code. Where the provider's API
   * cannot (capabilities `transferIn: false`), throws INFRA_NOT_SUPPORTED naming the manual step.
   */
  transfer(req: { domain: string; authCode: string; registrant?: Registrant }): Promise<RegistrarProgress>;
}

export type { Capabilities, ProviderDescriptor } from './descriptor';

/** What a provider factory receives. The token never leaves the activity that built this. */
export interface ProviderContext {
  token: string;
  /** Override of the API base URL (sandbox, proxies); includes the version path as the provider's clients expect. */
  endpoint?: string;
  /** Per-request timeout in ms. @default 30000 */
  timeoutMs?: number;
  /** The account to act on, where the provider has several per token (descriptor `account`). */
  accountId?: string;
}

/** The adapters one provider offers, built from one credential. */
export interface ProviderInstance {
  vps?: VpsProvider;
  sshKeys?: SshKeyProvider;
  dns?: DnsProvider;
  registrar?: Registrar;
}

/** What a provider folder's `index.ts` exports: the one way to build its adapters. */
export type ProviderFactory = (ctx: ProviderContext) => ProviderInstance;

/** A catalogue descriptor with its factory (src/providers/registry.ts). */
export interface ProviderEntry extends ProviderDescriptor {
  create: ProviderFactory;
}
