/**
 * The Cloudflare {@link DnsProvider}: zones by name, record sets applied through the batch
 * endpoint (atomic per call), and `applyBatch` for a whole plan chunk in one call.
 */
import { InfraError, invalidInput } from '../../domain/errors';
import type { DnsRecord, RecordSet, RecordType } from '../../domain/types';
import type { BatchChange, DnsProvider, ZoneRef } from '../types';
import type { CloudflareApi, WireBatch } from './api';
import { absoluteName, toDomain } from './convert';
import { CF_CODES } from './errors';
import { chunkOps, mergeOps, opCount, planSet, satisfied } from './plan';
import type { WireRecord } from './wire';
import { descriptor } from './descriptor';

/** Record changes per batch call on the Free plan. */
export const MAX_BATCH_SIZE = descriptor.capabilities.maxBatchSize;
const TYPES: readonly RecordType[] = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'CAA'];

export class CloudflareDns implements DnsProvider {
  constructor(private readonly api: CloudflareApi) {}

  async listZones(): Promise<ZoneRef[]> {
    return (await this.api.listZones()).map((z) => ({ id: z.id, name: z.name }));
  }

  async findZone(name: string): Promise<ZoneRef | null> {
    const n = zoneName(name);
    const z = (await this.api.listZones(n)).find((x) => x.name.toLowerCase() === n);
    return z ? { id: z.id, name: z.name } : null;
  }

  /** Idempotent: Cloudflare's 1061 "already exists" returns the existing zone. */
  async createZone(name: string): Promise<ZoneRef> {
    const n = zoneName(name);
    try {
      const z = await this.api.createZone(n);
      return { id: z.id, name: z.name };
    } catch (err) {
      if (!(err instanceof InfraError) || err.providerCode !== String(CF_CODES.zoneExists)) throw err;
      const existing = await this.findZone(n);
      if (!existing) throw err;
      return existing;
    }
  }

  async getRecords(zone: ZoneRef): Promise<DnsRecord[]> {
    return (await this.api.listRecords(zone.id)).flatMap((w) => toDomain(w, zone.name) ?? []);
  }

  async setRecords(zone: ZoneRef, set: RecordSet): Promise<void> {
    checkSet(set.name, set.type, set.records);
    const read = () => this.api.listRecords(zone.id, { name: absoluteName(set.name, zone.name), type: set.type });
    await this.converge(zone, read, (current) => planSet(zone.name, current, set.records), (current) => satisfied(zone.name, current, set.records));
  }

  async deleteRecords(zone: ZoneRef, name: string, type: RecordType): Promise<void> {
    checkSet(name, type, []);
    const read = () => this.api.listRecords(zone.id, { name: absoluteName(name, zone.name), type });
    await this.converge(zone, read, (current) => planSet(zone.name, current, []), (current) => current.length === 0);
  }

  /**
   * One read of the zone, one batch call. Throws INFRA_INVALID_INPUT when the changes need more
   * than {@link MAX_BATCH_SIZE} operations: callers split large plans.
   */
  async applyBatch(zone: ZoneRef, changes: BatchChange[]): Promise<void> {
    if (changes.length === 0) return;
    for (const c of changes) checkSet(c.name, c.type, c.after);
    const current = await this.api.listRecords(zone.id);
    const setOf = (c: BatchChange) => current.filter((w) => w.type === c.type && w.name === absoluteName(c.name, zone.name));
    const ops = mergeOps(changes.map((c) => planSet(zone.name, setOf(c), c.after)));
    const n = opCount(ops);
    if (n === 0) return;
    if (n > MAX_BATCH_SIZE) throw invalidInput(`A Cloudflare batch takes at most ${MAX_BATCH_SIZE} record changes; this one needs ${n}. Split the plan.`, { maxBatchSize: MAX_BATCH_SIZE, size: n });
    await this.api.batch(zone.id, ops);
  }

  /**
   * Plans against a fresh read and applies. A duplicate (81057) or a record gone missing (81044)
   * means someone else changed the set meanwhile: read again, and if the set is already what we
   * want that is success; otherwise plan once more.
   */
  private async converge(zone: ZoneRef, read: () => Promise<WireRecord[]>, plan: (c: WireRecord[]) => WireBatch, done: (c: WireRecord[]) => boolean): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const current = await read();
      const ops = plan(current);
      if (opCount(ops) === 0) return;
      try {
        for (const chunk of chunkOps(ops, MAX_BATCH_SIZE)) await this.api.batch(zone.id, chunk);
        return;
      } catch (err) {
        const raced = err instanceof InfraError
          && [String(CF_CODES.recordExists), String(CF_CODES.identicalExists), String(CF_CODES.recordMissing)].includes(err.providerCode ?? '');
        if (!raced || attempt > 0) throw err;
        if (done(await read())) return;
      }
    }
  }
}

function zoneName(name: string): string {
  const n = name.trim().toLowerCase().replace(/\.$/, '');
  if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(n)) throw invalidInput(`Invalid zone name "${name}"`);
  return n;
}

function checkSet(name: string, type: RecordType, records: DnsRecord[]): void {
  if (!TYPES.includes(type)) throw invalidInput(`Cloudflare record type must be one of ${TYPES.join(', ')}; got ${type}`);
  if (typeof name !== 'string' || name.trim() === '') throw invalidInput('Record name is required ("@" for the apex)');
  for (const r of records) {
    if (r.type !== type || r.name !== name) throw invalidInput(`Record ${r.type} ${r.name} does not belong to the set ${type} ${name}`);
  }
}
