/**
 * What the provider catalogue (src/providers/catalogue.ts) says, in the forms callers need: name
 * lists per kind with their literal types, lookups, env fallbacks, server defaults. Pure:
 * workflows, the config store, the CLI and the audit trail import this, never a list of their own.
 */
import type { ApplicationFailure } from '@temporalio/common';
import { PROVIDER_CATALOGUE } from '../providers/catalogue';
import type { ProviderDescriptor, ProviderKind, ServerDefaults } from '../providers/descriptor';

type Entry = (typeof PROVIDER_CATALOGUE)[number];
type NameOfKind<K extends ProviderKind, E = Entry> = E extends { name: infer N; kinds: readonly (infer Ks)[] } ? (K extends Ks ? N : never) : never;

export type ProviderName = Entry['name'];
export type VpsProviderName = NameOfKind<'vps'>;
export type DnsProviderName = NameOfKind<'dns'>;
export type DomainProviderName = NameOfKind<'domain'>;
export type { ProviderDescriptor, ProviderKind } from '../providers/descriptor';

/** Every descriptor, in catalogue order. */
export const PROVIDERS: readonly ProviderDescriptor[] = PROVIDER_CATALOGUE;

/** A non-empty tuple type, as z.enum wants. */
type Names<N> = readonly [N, ...N[]];

function namesOf<N extends string>(kind: ProviderKind): Names<N> {
  return PROVIDERS.filter((d) => d.kinds.includes(kind)).map((d) => d.name) as unknown as Names<N>;
}

export const PROVIDER_NAMES = PROVIDERS.map((d) => d.name) as unknown as Names<ProviderName>;
export const VPS_PROVIDERS = namesOf<VpsProviderName>('vps');
export const DNS_PROVIDERS = namesOf<DnsProviderName>('dns');
export const DOMAIN_PROVIDERS = namesOf<DomainProviderName>('domain');

/** Display names of the providers that proxy records (for messages). */
export const PROXYING_PROVIDERS: readonly string[] = PROVIDERS.filter((d) => d.capabilities.proxied).map((d) => d.displayName);

/** Names serving `kind`, as plain strings (for messages and loops). */
export function providersOf(kind: ProviderKind): readonly string[] {
  return { vps: VPS_PROVIDERS, dns: DNS_PROVIDERS, domain: DOMAIN_PROVIDERS }[kind];
}

/** The descriptor of `name`, or undefined. */
export function findProvider(name: string): ProviderDescriptor | undefined {
  return PROVIDERS.find((d) => d.name === name);
}

/** `a, b or c`: provider names in a sentence. */
export function nameList(names: readonly string[], last = 'or'): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${last} ${names[names.length - 1]}`;
}

/** Environment variables read when the store has no token for `provider`, in order. */
export function tokenEnvOf(provider: string): readonly string[] {
  return findProvider(provider)?.tokenEnv ?? [];
}

/** A non-retryable INFRA_INVALID_INPUT for a name the catalogue lacks (for `kind`, when given). */
function unknownProvider(provider: string, kind?: ProviderKind): ApplicationFailure {
  const valid = kind ? providersOf(kind) : PROVIDER_NAMES;
  // Loaded on first use, like in ./errors.ts: the CLI's start path never needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ApplicationFailure: Failure } = require('@temporalio/common') as typeof import('@temporalio/common');
  return Failure.create({
    type: 'INFRA_INVALID_INPUT', nonRetryable: true,
    message: `"${provider}" is not a${kind ? ` ${kind.toUpperCase()}` : ''} provider. Valid: ${valid.join(', ')}`,
    details: [{ data: { valid: [...valid] } }],
  });
}

/**
 * Defaults for a new server at a VPS provider. Throws a non-retryable INFRA_INVALID_INPUT
 * ApplicationFailure for a name the catalogue does not have as a VPS provider, so a workflow that
 * calls it fails cleanly instead of failing its task (which Temporal would retry forever).
 */
export function serverDefaultsFor(provider: string): ServerDefaults {
  const d = findProvider(provider)?.serverDefaults;
  if (!d) throw unknownProvider(provider, 'vps');
  return d;
}

/** Prices of `provider` are in this currency (ISO 4217). */
export function currencyOf(provider: string): string {
  const d = findProvider(provider);
  if (!d) throw unknownProvider(provider);
  return d.currency;
}
