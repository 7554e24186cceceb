/**
 * DigitalOcean DNS as a {@link DnsProvider}. DO has no batch endpoint, so `setRecords` makes the
 * (name, type) set equal one record at a time: matching records stay, others are updated in place,
 * the surplus deleted and the rest created. Zones are identified by name.
 */
import { InfraError, invalidInput } from '../../domain/errors';
import type { DnsRecord, RecordSet, RecordType } from '../../domain/types';
import type { DnsProvider, ZoneRef } from '../types';
import type { DoApi } from './api';
import { isProviderNs, recordFqdn, recordKey, toDnsRecord, toWireRecord } from './convert';
import type { DoDomainRecord } from './wire';
import { descriptor } from './descriptor';

/** DO's minimum TTL. */
export const MIN_TTL = descriptor.capabilities.minTtl;

const zoneRef = (name: string): ZoneRef => ({ id: name, name });

async function ignoreNotFound(p: Promise<void>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof InfraError && err.code === 'INFRA_NOT_FOUND')) throw err;
  }
}

export function createDns(api: DoApi): DnsProvider {
  const setOf = async (zone: ZoneRef, name: string, type: RecordType): Promise<Array<{ wire: DoDomainRecord; rec: DnsRecord }>> => {
    const list = await api.records(zone.name, { fqdn: recordFqdn(name, zone.name), type });
    return list
      .filter((w) => w.name === name && w.type === type && !isProviderNs(w))
      .flatMap((wire) => {
        const rec = toDnsRecord(wire, zone.name);
        return rec ? [{ wire, rec }] : [];
      });
  };

  return {
    async listZones(): Promise<ZoneRef[]> {
      return (await api.domains()).map((d) => zoneRef(d.name));
    },
    async findZone(name: string): Promise<ZoneRef | null> {
      const d = await api.domain(name.toLowerCase().replace(/\.$/, ''));
      return d ? zoneRef(d.name) : null;
    },
    async createZone(name: string): Promise<ZoneRef> {
      const wanted = name.toLowerCase().replace(/\.$/, '');
      const found = await api.domain(wanted);
      if (found) return zoneRef(found.name);
      try {
        return zoneRef((await api.createDomain(wanted)).name);
      } catch (err) {
        // Someone created it between our look and our create: that is the idempotent outcome.
        if (err instanceof InfraError && err.code === 'INFRA_CONFLICT') {
          const again = await api.domain(wanted);
          if (again) return zoneRef(again.name);
        }
        throw err;
      }
    },
    async getRecords(zone: ZoneRef): Promise<DnsRecord[]> {
      const all = await api.records(zone.name);
      return all.filter((w) => !isProviderNs(w)).flatMap((w) => toDnsRecord(w, zone.name) ?? []);
    },
    async setRecords(zone: ZoneRef, set: RecordSet): Promise<void> {
      for (const r of set.records) {
        if (r.name !== set.name || r.type !== set.type) throw invalidInput(`Record ${r.name}/${r.type} does not belong to set ${set.name}/${set.type}`);
        if (r.ttl < MIN_TTL) throw invalidInput(`TTL ${r.ttl} is below DigitalOcean's minimum of ${MIN_TTL} seconds`);
        if (r.proxied) throw invalidInput('DigitalOcean does not proxy records');
      }
      const want = set.records.map((rec) => ({ rec, key: recordKey(rec), wire: toWireRecord(rec) }));
      const have = (await setOf(zone, set.name, set.type)).map((h) => ({ ...h, key: recordKey(h.rec) }));
      const keep = new Set<number>();
      const pending = want.filter((w) => {
        const match = have.find((h) => h.key === w.key && !keep.has(h.wire.id));
        if (match) keep.add(match.wire.id);
        return !match;
      });
      const spare = have.filter((h) => !keep.has(h.wire.id));
      // Surplus first, so a CNAME never meets another record of its name at DO.
      for (const h of spare.slice(pending.length)) await ignoreNotFound(api.deleteRecord(zone.name, h.wire.id));
      for (const [i, w] of pending.entries()) {
        const old = spare[i];
        if (old) await api.updateRecord(zone.name, old.wire.id, w.wire);
        else await api.createRecord(zone.name, w.wire);
      }
    },
    async deleteRecords(zone: ZoneRef, name: string, type: RecordType): Promise<void> {
      for (const h of await setOf(zone, name, type)) await ignoreNotFound(api.deleteRecord(zone.name, h.wire.id));
    },
  };
}
