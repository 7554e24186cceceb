/**
 * Server activities: each performs one provider side effect (or one read), with credentials
 * resolved here. `vpsCreate` is idempotent: it looks up the operation's label before ordering.
 */
import { InfraError } from '../domain/errors';
import { currencyOf } from '../domain/providers';
import type { CreateServerRequest, Region, Server, ServerType } from '../domain/types';
import { ProviderAccess } from './context';
import type { ActivityDeps } from './deps';
import { forgetServer, rememberServer } from '../inventory/remember';

export interface PreparedCreate {
  type: ServerType;
  region: Region;
  price: number;
  currency: string;
}

export function vpsActivities(deps: ActivityDeps) {
  const access = new ProviderAccess(deps);
  const remembered = (s: Server) => (rememberServer(deps.inventory, s), s);
  return {
    async vpsTypes(input: { provider: string }): Promise<ServerType[]> {
      return access.vps(input.provider).types();
    },
    async vpsRegions(input: { provider: string }): Promise<Region[]> {
      return access.vps(input.provider).regions();
    },
    async vpsListManaged(input: { provider: string }): Promise<Server[]> {
      return access.vps(input.provider).listManaged();
    },
    async vpsGet(input: { provider: string; providerId: string }): Promise<Server | null> {
      return access.vps(input.provider).get(input.providerId);
    },
    async vpsFindByName(input: { provider: string; name: string }): Promise<Server | null> {
      return access.vps(input.provider).findByName(input.name);
    },
    /** Checks type and region against the provider's catalogue and prices the order. */
    async vpsPrepareCreate(input: { provider: string; type: string; region: string }): Promise<PreparedCreate> {
      const vps = access.vps(input.provider);
      const [types, regions] = await Promise.all([vps.types(), vps.regions()]);
      const type = types.find((t) => t.id === input.type);
      if (!type) {
        throw new InfraError('INFRA_INVALID_INPUT', `Unknown server type "${input.type}" at ${input.provider}. Valid: ${types.map((t) => t.id).join(', ')}`, {
          provider: input.provider, data: { valid: types.map((t) => t.id) },
        });
      }
      const region = regions.find((r) => r.id === input.region);
      if (!region) {
        throw new InfraError('INFRA_INVALID_INPUT', `Unknown region "${input.region}" at ${input.provider}. Valid: ${regions.map((r) => r.id).join(', ')}`, {
          provider: input.provider, data: { valid: regions.map((r) => r.id) },
        });
      }
      if (type.regions && !type.regions.includes(region.id)) {
        throw new InfraError('INFRA_INVALID_INPUT', `Server type ${type.id} cannot be ordered in ${region.id}. Regions for it: ${type.regions.join(', ')}`, {
          provider: input.provider, data: { valid: type.regions },
        });
      }
      return { type, region, price: type.price, currency: type.currency ?? currencyOf(input.provider) };
    },
    /**
     * Orders a server, exactly once per operation id: a server already carrying the label is
     * returned; a name clash adopts the server only when its label matches this operation.
     */
    async vpsCreate(input: { provider: string; request: CreateServerRequest }): Promise<Server> {
      const vps = access.vps(input.provider);
      const existing = await vps.findByOperation(input.request.operationId);
      if (existing) return remembered(existing);
      try {
        return remembered(await vps.create(input.request));
      } catch (err) {
        if (err instanceof InfraError && err.code === 'INFRA_CONFLICT') {
          const byName = await vps.findByName(input.request.name);
          if (byName && byName.operationId === input.request.operationId) return remembered(byName);
          throw new InfraError('INFRA_CONFLICT', `A server named ${input.request.name} already exists at ${input.provider} and was not created by this operation`, {
            provider: input.provider, providerCode: err.providerCode,
          });
        }
        throw err;
      }
    },
    async vpsReboot(input: { provider: string; providerId: string }): Promise<void> {
      await access.vps(input.provider).reboot(input.providerId);
    },
    /**
     * Deletes a server. With `requireOperationId`, only a server carrying that label is deleted
     * (compensation never destroys what another operation made). Absent is success.
     */
    async vpsDestroy(input: { provider: string; providerId: string; requireOperationId?: string }): Promise<{ destroyed: boolean }> {
      const vps = access.vps(input.provider);
      if (input.requireOperationId) {
        const s = await vps.get(input.providerId);
        if (!s) return { destroyed: false };
        if (s.operationId !== input.requireOperationId) {
          throw new InfraError('INFRA_CONFLICT', `Refusing to destroy ${s.name}: it was not created by operation ${input.requireOperationId}`, { provider: input.provider, retryable: false });
        }
      }
      await vps.destroy(input.providerId);
      forgetServer(deps.inventory, `${input.provider}:${input.providerId}`);
      return { destroyed: true };
    },
  };
}
