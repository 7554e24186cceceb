/** {@link VpsProvider} for Vultr over {@link VultrApi}. */
import { invalidInput } from '../../domain/errors';
import type { CreateServerRequest, Region, Server, ServerType } from '../../domain/types';
import type { VpsProvider } from '../types';
import type { VultrApi } from './api';
import { MANAGED_TAG, operationTag, toCreateBody, toRegion, toServer, toServerType } from './convert';

export class VultrVps implements VpsProvider {
  /** Plan prices, fetched once per adapter (servers carry no price on Vultr). */
  private costs?: Promise<Map<string, number>>;

  constructor(private readonly api: VultrApi) {}

  private monthlyCosts(): Promise<Map<string, number>> {
    this.costs ??= this.api.listPlans().then((plans) => new Map(plans.map((p) => [p.id, p.monthly_cost])));
    this.costs.catch(() => { this.costs = undefined; });
    return this.costs;
  }

  async types(): Promise<ServerType[]> {
    return (await this.api.listPlans()).map(toServerType);
  }

  async regions(): Promise<Region[]> {
    return (await this.api.listRegions()).map(toRegion);
  }

  async listManaged(): Promise<Server[]> {
    const [list, costs] = await Promise.all([this.api.listInstances({ tag: MANAGED_TAG }), this.monthlyCosts()]);
    return list.map((w) => toServer(w, costs));
  }

  async findByOperation(operationId: string): Promise<Server | null> {
    const [list, costs] = await Promise.all([this.api.listInstances({ tag: operationTag(operationId) }), this.monthlyCosts()]);
    return list.length > 0 ? toServer(list[0], costs) : null;
  }

  async get(providerId: string): Promise<Server | null> {
    const [w, costs] = await Promise.all([this.api.getInstance(providerId), this.monthlyCosts()]);
    return w ? toServer(w, costs) : null;
  }

  async findByName(name: string): Promise<Server | null> {
    const [list, costs] = await Promise.all([this.api.listInstances({ label: name }), this.monthlyCosts()]);
    const hit = list.find((w) => w.label === name);
    return hit ? toServer(hit, costs) : null;
  }

  async create(req: CreateServerRequest): Promise<Server> {
    // Validate everything local (image, user_data size) before any provider call.
    toCreateBody(req, []);
    const keyIds = req.sshKeys.length > 0 ? await this.resolveKeys(req.sshKeys) : [];
    // Prices first: once the create is accepted, nothing else may fail and hide the new server.
    const costs = await this.monthlyCosts();
    return toServer(await this.api.createInstance(toCreateBody(req, keyIds)), costs);
  }

  /** Key names (or ids) → Vultr key UUIDs; unknown ones are INFRA_INVALID_INPUT. */
  private async resolveKeys(refs: string[]): Promise<string[]> {
    const keys = await this.api.listSshKeys();
    return refs.map((ref) => {
      const k = keys.find((x) => x.name === ref) ?? keys.find((x) => x.id === ref);
      if (!k) throw invalidInput(`Unknown vultr SSH key "${ref}"`, { valid: keys.map((x) => x.name) });
      return k.id;
    });
  }

  async reboot(providerId: string): Promise<void> {
    await this.api.rebootInstance(providerId);
  }

  async destroy(providerId: string): Promise<void> {
    await this.api.deleteInstance(providerId);
  }
}
