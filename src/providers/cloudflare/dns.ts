/**
 * The Cloudflare {@link DnsProvider}: zones by name, record sets applied through the batch
 * endpoint (atomic per call), and `applyBatch` for a whole plan chunk in one call.
 */
import { InfraError, invalidInput } from '../../domain/errors';
import type { DnsRecord, RecordSet, RecordType } from '../../domain/types';
import type { BatchChange, DnsProvider, ZoneRef } from '../types';
import type { CloudflareApi, WireBatch } from './api';
import { absoluteName, sameRecord, toDomain } from './convert';
import { CF_CODES } from './errors';
import { chunkOps, mergeOps, opCount, planSet, satisfied } from './plan';
import type { WireRecord } from './wire';
import { applied, forget, recall, remember, zoneKey } from './zone-cache';
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
    return (await this.readZone(zone)).flatMap((w) => toDomain(w, zone.name) ?? []);
  }

  /** The whole zone, remembered for the batches of a plan made from it (zone-cache.ts). */
  private async readZone(zone: ZoneRef): Promise<WireRecord[]> {
    const records = await this.api.listRecords(zone.id);
    remember(this.zoneKey(zone), records);
    return records;
  }

  private zoneKey(zone: ZoneRef): string {
    return zoneKey(this.api.limiter.key, zone.id);
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
   * One batch call, and a read of the zone only when needed: the ids come from the read the plan
   * was made from when this worker still has it and it shows exactly the plan's `before` sets
   * (zone-cache.ts); `fresh` (a retried activity) always reads. If Cloudflare refuses the batch
   * because the zone changed since that read, it is planned again from a fresh read, once.
   * Throws INFRA_INVALID_INPUT when the changes need more than {@link MAX_BATCH_SIZE} operations.
   */
  async applyBatch(zone: ZoneRef, changes: BatchChange[], opts: { fresh?: boolean } = {}): Promise<void> {
    if (changes.length === 0) return;
    for (const c of changes) checkSet(c.name, c.type, c.after);
    const key = this.zoneKey(zone);
    const known = opts.fresh ? null : recall(key);
    const usable = known && changes.every((c) => sameSet(zone.name, setOf(known, zone.name, c), c.before));
    try {
      await this.batchAgainst(zone, changes, usable ? known : await this.readZone(zone));
    } catch (err) {
      forget(key);
      if (!usable || !raced(err)) throw err;
      await this.batchAgainst(zone, changes, await this.readZone(zone));
    }
  }

  /** Plans the changes against `current` (the zone's records), sends one batch, remembers the result. */
  private async batchAgainst(zone: ZoneRef, changes: BatchChange[], current: WireRecord[]): Promise<void> {
    const ops = mergeOps(changes.map((c) => planSet(zone.name, setOf(current, zone.name, c), c.after)));
    const n = opCount(ops);
    if (n === 0) return;
    if (n > MAX_BATCH_SIZE) throw invalidInput(`A Cloudflare batch takes at most ${MAX_BATCH_SIZE} record changes; this one needs ${n}. Split the plan.`, { maxBatchSize: MAX_BATCH_SIZE, size: n });
    const written = await this.api.batch(zone.id, ops);
    remember(this.zoneKey(zone), applied(current, ops.deletes.map((d) => d.id), written));
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
        if (!raced(err) || attempt > 0) throw err;
        if (done(await read())) return;
      }
    }
  }
}

/** Cloudflare refused a batch because the zone is not as the plan saw it (a record gone or already there). */
function raced(err: unknown): boolean {
  return err instanceof InfraError
    && [String(CF_CODES.recordExists), String(CF_CODES.identicalExists), String(CF_CODES.recordMissing)].includes(err.providerCode ?? '');
}

/** The wire records of one change's (name, type) set. */
function setOf(current: WireRecord[], zone: string, c: { name: string; type: string }): WireRecord[] {
  return current.filter((w) => w.type === c.type && w.name === absoluteName(c.name, zone));
}

/** Whether the wire records are exactly `before` (as records, in any order). */
function sameSet(zone: string, wire: WireRecord[], before: DnsRecord[]): boolean {
  const left = wire.flatMap((w) => toDomain(w, zone) ?? []);
  if (left.length !== wire.length || left.length !== before.length) return false;
  return before.every((b) => {
    const i = left.findIndex((l) => sameRecord(l, b));
    return i >= 0 && left.splice(i, 1).length === 1;
  });
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
