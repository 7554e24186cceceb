/**
 * Live targets for the contract suites: the real adapter with a real token from the environment,
 * against the provider's own API. jest.live.config.js decides which files run from the same
 * variables (test/live/README.md); these helpers read them again for the values.
 */
import { randomBytes } from 'node:crypto';
import { PROVIDER_NAMES, tokenEnvOf } from '../../src/domain/providers';
import { providerDescriptor } from '../../src/providers/registry';
import type { ContractTargetFactory } from '../contract/sandbox-target';

/** The provider's token from its environment variables, or undefined. */
export function liveToken(provider: string): string | undefined {
  return tokenEnvOf(provider).map((name) => process.env[name]?.trim()).find(Boolean);
}

/** `INFRA_TEST_<KIND>_PROVIDER` and its token; throws (a failing suite, not a skip) when either is missing. */
export function liveProvider(kind: 'dns' | 'vps'): string {
  const variable = `INFRA_TEST_${kind.toUpperCase()}_PROVIDER`;
  const provider = process.env[variable]?.trim();
  if (!provider || !tokenEnvOf(provider).length) throw new Error(`${variable} must name one of ${PROVIDER_NAMES.join(', ')}`);
  if (!liveToken(provider)) throw new Error(`${variable}=${provider} needs ${tokenEnvOf(provider).join(' or ')}`);
  return provider;
}

/** The adapter on the real API; nothing to stop afterwards (the suites delete what they made). */
export function liveTarget(provider: string): ContractTargetFactory {
  return async () => ({
    instance: providerDescriptor(provider).create({ token: liveToken(provider)! }),
    withToken: (token) => providerDescriptor(provider).create({ token }),
    cleanup: async () => undefined,
  });
}

/** A name prefix of this run alone, so every resource it makes is recognisably a test's and its own. */
export function runPrefix(): string {
  return `fazt-test-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
}
