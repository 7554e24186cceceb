/** Provider lookup by name; what providers exist is data in ./all.ts. */
import { InfraError } from '../domain/errors';
import type { ProviderName } from '../domain/types';
import { ALL_PROVIDERS } from './all';
import type { ProviderDescriptor } from './types';

export function providerDescriptor(name: string): ProviderDescriptor {
  const d = ALL_PROVIDERS.find((p) => p.name === name);
  if (!d) {
    throw new InfraError('INFRA_INVALID_INPUT', `Unknown provider "${name}". Valid: ${ALL_PROVIDERS.map((p) => p.name).join(', ')}`,
      { data: { valid: ALL_PROVIDERS.map((p) => p.name) } });
  }
  return d;
}

export function providersWith(kind: 'vps' | 'dns' | 'sshKeys' | 'registrar'): ProviderName[] {
  return ALL_PROVIDERS.filter((p) => p.capabilities[kind]).map((p) => p.name);
}
