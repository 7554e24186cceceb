/**
 * DnsProvider over Hetzner Cloud DNS (zones + rrsets). The rrset is the unit of change
 * (`set_records` replaces its values); there is no cross-rrset batch, so no `applyBatch`.
 */
import { InfraError, invalidInput } from '../../domain/errors';
import { RECORD_TYPES, type DnsRecord, type RecordSet, type RecordType } from '../../domain/types';
import type { DnsProvider, ZoneRef } from '../types';
import { orNull, type HetznerApi } from './api';
import { recordValueToWire, rrsetToDomain } from './convert';
import type { ZoneW } from './wire';
import { descriptor } from './descriptor';

/** Hetzner's minimum TTL. */
export const MIN_TTL = descriptor.capabilities.minTtl;

const ref = (z: ZoneW): ZoneRef => ({ id: String(z.id), name: z.name });
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

export class HetznerDns implements DnsProvider {
  constructor(private readonly api: HetznerApi) {}

  async listZones(): Promise<ZoneRef[]> {
    return (await this.api.zones()).map(ref);
  }

  async findZone(name: string): Promise<ZoneRef | null> {
    const z = (await this.api.zones(name.toLowerCase())).find((x) => x.name === name.toLowerCase());
    return z ? ref(z) : null;
  }

  async createZone(name: string): Promise<ZoneRef> {
    const existing = await this.findZone(name);
    if (existing) return existing;
    try {
      return ref(await this.api.createZone(name.toLowerCase()));
    } catch (e) {
      // Created by a concurrent caller between our look and our create: that zone is the answer.
      const raced = e instanceof InfraError && e.providerCode === 'uniqueness_error' ? await this.findZone(name) : null;
      if (raced) return raced;
      throw e;
    }
  }

  /** Every record except SOA and the apex NS set Hetzner manages itself. */
  async getRecords(zone: ZoneRef): Promise<DnsRecord[]> {
    const z = await this.api.zone(zone.id);
    const assigned = z.authoritative_nameservers?.assigned ?? [];
    const out: DnsRecord[] = [];
    for (const rr of await this.api.rrsets(zone.id)) {
      if (!(RECORD_TYPES as readonly string[]).includes(rr.type)) continue;
      if (rr.type === 'NS' && rr.name === '@' && sameSet(rr.records.map((r) => r.value), assigned)) continue;
      out.push(...rrsetToDomain(rr, z.name, z.ttl));
    }
    return out;
  }

  /** One rrset TTL for the set: the lowest record TTL (DNS requires one TTL per rrset). */
  async setRecords(zone: ZoneRef, set: RecordSet): Promise<void> {
    if (set.records.length === 0) return this.deleteRecords(zone, set.name, set.type);
    const name = set.name.toLowerCase();
    if (set.records.some((r) => r.type !== set.type || r.name.toLowerCase() !== name)) {
      throw invalidInput(`hetzner: every record of the set ${set.name}/${set.type} must have that name and type`);
    }
    const ttl = Math.min(...set.records.map((r) => r.ttl));
    if (!Number.isInteger(ttl) || ttl < MIN_TTL) throw invalidInput(`hetzner: TTL ${ttl} is below the minimum of ${MIN_TTL}`);
    const records = set.records.map(recordValueToWire);
    const current = await orNull(this.api.rrset(zone.id, name, set.type));
    if (!current) {
      await this.api.createRRSet(zone.id, { name, type: set.type, ttl, records });
      return;
    }
    if (!sameSet(current.records.map((r) => r.value), records.map((r) => r.value))) await this.api.setRecords(zone.id, name, set.type, records);
    if (current.ttl !== ttl) await this.api.changeTtl(zone.id, name, set.type, ttl);
  }

  async deleteRecords(zone: ZoneRef, name: string, type: RecordType): Promise<void> {
    await orNull(this.api.deleteRRSet(zone.id, name.toLowerCase(), type));
  }
}
