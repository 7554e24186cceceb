/**
 * The simulator's whole state as plain JSON (dumped to the sandbox data file and loaded back).
 * Times are epoch ms; statuses are derived from them on read, so nothing runs on a timer.
 */
import type { DnsRecordView, SimContext } from '../core/types';

export interface ServerRec {
  id: number;
  name: string;
  type: string;
  location: string;
  imageId: number;
  labels: Record<string, string>;
  created: number;
  /** When the server first reaches `running`. */
  bootAt: number;
  ipv4: string | null;
  ipv6: string | null;
  userData?: string;
  sshKeyIds: number[];
  protection: { delete: boolean; rebuild: boolean };
  /** Power state after the latest power action, and when that action completes. */
  power: 'on' | 'off';
  powerAt: number;
  /** Set by DELETE: `deleting` until this time, gone after it. */
  deleteAt?: number;
}

export interface ActionRec {
  id: number;
  command: string;
  started: number;
  finishAt: number;
  resources: Array<{ id: number; type: string }>;
  /** Family the action belongs to (`/servers/actions`, `/zones/actions`). */
  scope: 'server' | 'zone' | 'other';
}

export interface SshKeyRec {
  id: number;
  name: string;
  fingerprint: string;
  public_key: string;
  labels: Record<string, string>;
  created: number;
}

export interface RecordRec {
  value: string;
  comment?: string;
}

export interface RRSetRec {
  name: string;
  type: string;
  ttl: number | null;
  records: RecordRec[];
  labels: Record<string, string>;
  protection: { change: boolean };
}

export interface ZoneRec {
  id: number;
  name: string;
  ttl: number;
  labels: Record<string, string>;
  created: number;
  protection: { delete: boolean };
  rrsets: RRSetRec[];
}

export interface HetznerState {
  nextId: number;
  servers: ServerRec[];
  actions: ActionRec[];
  sshKeys: SshKeyRec[];
  zones: ZoneRec[];
  /** Every record version ever served, for the sandbox DNS servers' resolver lag. */
  dnsHistory: DnsRecordView[];
}

export function emptyState(): HetznerState {
  return { nextId: 1000, servers: [], actions: [], sshKeys: [], zones: [], dnsHistory: [] };
}

/** What every route module receives: the live state, the sandbox context and an id source. */
export interface SimStore {
  state: HetznerState;
  ctx: SimContext;
  newId(): number;
  now(): number;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
