/**
 * What fazt knows it made: an append-only JSON-lines file in the worker's data folder
 * (`inventory.jsonl`), written by activities right after a create, change or delete succeeded at a
 * provider, and folded into the current view when read.
 *
 * Why a JSON-lines file (and not SQLite or workflow results): appends of one short line are atomic
 * on POSIX, so several worker processes on one data folder never corrupt it and a worker killed
 * with -9 loses at most the line it had not written; it needs no new dependency; it survives
 * restarts and Temporal history retention (workflow results expire with their namespace's
 * retention, and a record changed by `dns.set` twice lives in two histories). It holds no secret:
 * only ids, names, types, addresses and record values.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DnsRecord, RecordType } from '../domain/types';

/** A server fazt created, as it was when fazt last knew it. */
export interface KnownServer {
  id: string;
  provider: string;
  providerId: string;
  name: string;
  type: string;
  region: string;
  ip: string | null;
  operationId: string | null;
  monthlyCost: number | null;
}

/** A record set fazt wrote: all records of one (zone, name, type). */
export interface KnownRecordSet {
  zone: string;
  provider: string;
  name: string;
  type: RecordType;
  records: DnsRecord[];
}

type Entry =
  | { at: string; kind: 'server'; op: 'put'; server: KnownServer }
  | { at: string; kind: 'server'; op: 'del'; id: string }
  | { at: string; kind: 'rrset'; op: 'put'; set: KnownRecordSet }
  | { at: string; kind: 'rrset'; op: 'del'; zone: string; name: string; type: RecordType };

export interface InventoryView {
  servers: KnownServer[];
  recordSets: KnownRecordSet[];
}

const rrKey = (zone: string, name: string, type: string) => `${zone}|${name.toLowerCase()}|${type}`;

export class Inventory {
  constructor(readonly file: string) {}

  putServer(server: KnownServer): void {
    this.append({ at: now(), kind: 'server', op: 'put', server });
  }

  deleteServer(id: string): void {
    this.append({ at: now(), kind: 'server', op: 'del', id });
  }

  /** Records a (name, type) set as written; an empty set means fazt deleted it. */
  putRecordSet(set: KnownRecordSet): void {
    if (set.records.length === 0) this.append({ at: now(), kind: 'rrset', op: 'del', zone: set.zone, name: set.name, type: set.type });
    else this.append({ at: now(), kind: 'rrset', op: 'put', set });
  }

  /** The current view: the last entry per server id and per (zone, name, type) wins. */
  read(): InventoryView {
    let text = '';
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return { servers: [], recordSets: [] };
    }
    const servers = new Map<string, KnownServer>();
    const sets = new Map<string, KnownRecordSet>();
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let e: Entry;
      try {
        e = JSON.parse(line) as Entry;
      } catch {
        continue; // a torn last line of a killed process
      }
      if (e.kind === 'server') {
        if (e.op === 'put') servers.set(e.server.id, e.server);
        else servers.delete(e.id);
      } else if (e.op === 'put') sets.set(rrKey(e.set.zone, e.set.name, e.set.type), e.set);
      else sets.delete(rrKey(e.zone, e.name, e.type));
    }
    return { servers: [...servers.values()], recordSets: [...sets.values()] };
  }

  private append(e: Entry): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    fs.appendFileSync(this.file, `${JSON.stringify(e)}\n`, { mode: 0o600 });
  }
}

/** The last report of a scheduled check (drift, health, renewals), one small JSON file each. */
export class Reports {
  constructor(readonly dir: string) {}

  save(name: string, report: unknown): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `${name}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(report), { mode: 0o600 });
    fs.renameSync(tmp, file); // readers see the old or the new report, never half of one
  }

  load<T>(name: string): T | null {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.dir, `${name}.json`), 'utf8')) as T;
    } catch {
      return null;
    }
  }
}

const now = () => new Date().toISOString();
