/**
 * How a server reference (`<provider>:<id>` or a name) is resolved, written once for both callers:
 * the workflows (through activity proxies) and the worker's fast read path (through audited calls).
 * Pure: the lookups and the failure factory are passed in, so workflow code stays deterministic.
 */
import { parseServerId } from './ids';
import type { Server } from './types';

export interface ServerLookups {
  get(provider: string, providerId: string): Promise<Server | null>;
  findByName(provider: string, name: string): Promise<Server | null>;
  /** The configured VPS providers, read only when the reference is a name. */
  vpsProviders(): Promise<string[]>;
  fail(code: 'INFRA_NOT_FOUND' | 'INFRA_CONFLICT', message: string): Error;
}

export async function resolveServerWith(ref: string, l: ServerLookups): Promise<Server> {
  const parsed = parseServerId(ref);
  if (parsed) {
    const s = await l.get(parsed.provider, parsed.providerId);
    if (!s) throw l.fail('INFRA_NOT_FOUND', `No server ${ref}`);
    return s;
  }
  const providers = await l.vpsProviders();
  const found = (await Promise.all(providers.map((p) => l.findByName(p, ref)))).filter((s): s is Server => !!s);
  if (found.length === 0) throw l.fail('INFRA_NOT_FOUND', `No server named "${ref}" at ${providers.join(', ') || 'any configured provider'}`);
  if (found.length > 1) throw l.fail('INFRA_CONFLICT', `Several servers are named "${ref}": ${found.map((s) => s.id).join(', ')}. Use the id.`);
  return found[0];
}
