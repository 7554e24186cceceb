/**
 * Provider lookup by name: the catalogue's descriptor joined with the factory its folder's
 * `index.ts` exports. Nothing here names a provider: folders are found from catalogue names, and
 * loaded only when first asked for (a CLI that lists config never loads an SDK).
 */
import { InfraError } from '../domain/errors';
import { PROVIDER_NAMES, findProvider } from '../domain/providers';
import type { ProviderEntry, ProviderFactory } from './types';

const loaded = new Map<string, ProviderEntry>();

export function providerDescriptor(name: string): ProviderEntry {
  const hit = loaded.get(name);
  if (hit) return hit;
  const d = findProvider(name);
  if (!d) {
    throw new InfraError('INFRA_INVALID_INPUT', `Unknown provider "${name}". Valid: ${PROVIDER_NAMES.join(', ')}`,
      { data: { valid: [...PROVIDER_NAMES] } });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the folder is named by the catalogue, loaded on first use
  const { create } = require(`./${d.name}`) as { create: ProviderFactory };
  const entry: ProviderEntry = { ...d, create };
  loaded.set(name, entry);
  return entry;
}

/** Every provider with its factory, in catalogue order. */
export function allProviders(): ProviderEntry[] {
  return PROVIDER_NAMES.map((n) => providerDescriptor(n));
}
