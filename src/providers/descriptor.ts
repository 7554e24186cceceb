/**
 * The shape of a provider's descriptor: every fact about a provider that code outside its folder
 * needs, as pure data (no I/O, no SDK), so workflows, the config store, the CLI and the audit trail
 * can all read it. Each provider folder has one (`<name>/descriptor.ts`); src/providers/catalogue.ts
 * lists them and everything else derives from that list.
 */
import type { RecordType } from '../domain/types';

/** What a provider can serve; each kind is a credential slot `infra.<kind>.<name>`. */
export const PROVIDER_KINDS = ['vps', 'dns', 'domain'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** What a provider can do beyond its kinds, as data callers check before calling. */
export interface Capabilities {
  /** SSH public keys registered at the provider. */
  sshKeys: boolean;
  /** Cloudflare-style proxying of A/AAAA/CNAME records. */
  proxied: boolean;
  recordTypes: readonly RecordType[];
  /** Max record changes per batch call; 0 when there is no batch endpoint. */
  maxBatchSize: number;
  /** user_data size limit in bytes (after the provider's encoding); 0 without servers. */
  maxUserDataBytes: number;
  /** Minimum TTL the provider accepts. */
  minTtl: number;
}

/** What a registrar can do, as data (present exactly when `kinds` has `domain`). */
export interface RegistrarCapabilities {
  /** Names per authoritative check call. */
  readonly maxCheck: number;
  readonly years: { readonly min: number; readonly max: number };
  /** Extensions the API cannot register (dashboard only). */
  readonly dashboardOnlyExtensions: readonly string[];
  /** Premium names can be bought through the API. */
  readonly premium: boolean;
  /** Transfers-in through the API; when false, `transferSteps` says how to do it by hand. */
  readonly transferIn: boolean;
  readonly transferSteps: string;
  /** Registrations are refunded once done. */
  readonly refundable: boolean;
}

/** What a new server gets when the caller leaves type, region or image out (launch). */
export interface ServerDefaults {
  type: string;
  region: string;
  /** A neutral image id (`ubuntu-24.04`) that the provider's convert step maps. */
  image: string;
}

export interface ProviderDescriptor {
  /** Lowercase id used in config keys, task queues and server ids (`hetzner:4711`). */
  readonly name: string;
  readonly displayName: string;
  readonly kinds: readonly ProviderKind[];
  /**
   * One API and one token serve all its kinds (the Hetzner Cloud API has servers and DNS), so a
   * missing `infra.dns.<name>` token falls back to `infra.vps.<name>`.
   */
  readonly sharedToken: boolean;
  /** Environment variables read as a fallback credential source, in order. */
  readonly tokenEnv: readonly string[];
  /** How a real token looks, for the message when a given one does not fit. */
  readonly tokenLooksLike: string;
  /** Default API base URL including the version path. */
  readonly defaultEndpoint: string;
  /**
   * A token may see several accounts, so an account id may be configured (`--account`); without
   * one the first account the token sees is used. Its shape, for the message when a given id does not fit.
   */
  readonly account?: { readonly pattern: RegExp; readonly looksLike: string };
  /** Prices are in this currency (ISO 4217). */
  readonly currency: string;
  /**
   * The request budget of one account, which fazt paces every HTTP request against
   * (src/providers/rate-limiter.ts): the sustained rate, the burst the provider allows on top, whether
   * its responses say how many requests are left (then those counts steer the pacing), and where
   * the figures come from.
   */
  readonly budget: {
    readonly requestsPerSecond: number;
    readonly burst: number;
    readonly reportsRemaining: boolean;
    readonly why: string;
  };
  readonly capabilities: Capabilities;
  /** A line the dashboard's DNS card shows under the zone count (the spec's "Free tier"). */
  readonly dnsNote?: string;
  /** Present exactly when `kinds` has `domain`. */
  readonly registrar?: RegistrarCapabilities;
  /** Present exactly when `kinds` has `vps`. */
  readonly serverDefaults?: ServerDefaults;
  /** The response header naming the provider's id of a request (kept in the audit trail). @default `x-request-id` */
  readonly requestIdHeader?: string;
}
