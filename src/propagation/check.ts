/**
 * One propagation check (CertMagic style): ask every resolver in parallel, each with its own time
 * limit, and say which already return the expected value. Negative answers and timeouts are
 * `propagated: false` with an `error` code, never a thrown error.
 */
import { InfraError } from '../domain/errors';
import type { PropagationResult } from '../domain/types';
import { valueMatches } from './normalize';
import { queryResolver, type QueryOutcome } from './query';

/** The public resolvers used when none are configured. */
export const DEFAULT_PUBLIC_RESOLVERS = ['8.8.8.8', '1.1.1.1', '9.9.9.9'] as const;

export const PROPAGATION_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'CAA', 'SOA'] as const;

export interface CheckPropagationInput {
  fqdn: string;
  /** @default 'A' */
  type?: string;
  /**
   * The value (or all values) resolvers should return. When omitted, the answer of `authoritative`
   * is the expectation. Every expected value must be among a resolver's answers.
   */
  expected?: string | string[];
  /** Resolvers to check, `ip` or `ip:port`. @default {@link DEFAULT_PUBLIC_RESOLVERS} */
  resolvers?: string[];
  /**
   * The zone's authoritative server (`ip` or `ip:port`). Its answer is the expectation when
   * `expected` is omitted. It appears in `results` only when it is also listed in `resolvers`.
   */
  authoritative?: string;
  /** Limit per resolver, in ms. @default 3000 */
  timeoutMs?: number;
}

const RESOLVER = /^(?:\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?|\[[0-9a-fA-F:]+\](?::\d{1,5})?|[0-9a-fA-F:]*:[0-9a-fA-F:]+)$/;
const FQDN = /^(?=.{1,253}\.?$)(?:(?!-)[a-z0-9_-]{1,63}(?<!-)\.)+[a-z0-9-]{1,63}\.?$/i;

export async function checkPropagation(input: CheckPropagationInput): Promise<PropagationResult> {
  const type = (input.type ?? 'A').toUpperCase();
  const fqdn = input.fqdn.trim().replace(/\.$/, '');
  const resolvers = input.resolvers?.length ? input.resolvers : [...DEFAULT_PUBLIC_RESOLVERS];
  const timeoutMs = input.timeoutMs ?? 3000;
  if (!FQDN.test(fqdn)) throw new InfraError('INFRA_INVALID_INPUT', `"${input.fqdn}" is not a domain name`);
  if (!(PROPAGATION_TYPES as readonly string[]).includes(type)) {
    throw new InfraError('INFRA_INVALID_INPUT', `Record type ${type} cannot be checked`, { data: { valid: [...PROPAGATION_TYPES] } });
  }
  for (const r of [...resolvers, ...(input.authoritative ? [input.authoritative] : [])]) {
    if (!RESOLVER.test(r)) throw new InfraError('INFRA_INVALID_INPUT', `Resolver "${r}" is not an IP address (ip or ip:port)`);
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new InfraError('INFRA_INVALID_INPUT', 'timeoutMs must be a positive number');
  if (input.expected === undefined && !input.authoritative) {
    throw new InfraError('INFRA_INVALID_INPUT', 'Say what to expect: pass expected, or an authoritative server to take it from');
  }

  // Everything in parallel, the authoritative server included, so one slow server costs one limit.
  const targets = [...new Set([...resolvers, ...(input.authoritative ? [input.authoritative] : [])])];
  const outcomes = new Map<string, QueryOutcome>();
  await Promise.all(targets.map(async (t) => outcomes.set(t, await queryResolver(t, fqdn, type, timeoutMs))));

  let expected: string[];
  if (input.expected !== undefined) expected = Array.isArray(input.expected) ? input.expected : [input.expected];
  else {
    const auth = outcomes.get(input.authoritative!)!;
    expected = 'values' in auth ? auth.values : [];
  }

  const results = resolvers.map((resolver) => {
    const o = outcomes.get(resolver)!;
    if (!('values' in o)) return { resolver, value: null, propagated: false, error: o.error };
    const value = o.values.length ? o.values.join(', ') : null;
    const propagated = expected.length > 0 && expected.every((e) => o.values.some((v) => valueMatches(type, e, v)));
    return { resolver, value, propagated };
  });
  return { expected: expected.join(', '), results, allPropagated: results.length > 0 && results.every((r) => r.propagated) };
}
