/**
 * The DigitalOcean simulator's state: plain JSON so it survives a restart through dump/load.
 * Lifecycles (droplet boot, action completion, power changes) are stored as timestamps and read
 * lazily against the clock, so the simulator needs no timers.
 */
import type { DnsRecordView } from '../core/types';

export interface DropletState {
  id: number;
  name: string;
  sizeSlug: string;
  regionSlug: string;
  imageId: number;
  tags: string[];
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms the droplet leaves `new`. */
  bootAt: number;
  ipv4: string;
  ipv6: string;
  ipv6Enabled: boolean;
  monitoring: boolean;
  backups: boolean;
  userData?: string;
  sshKeyIds: number[];
  /** Power changes as (time it takes effect, status); the last entry at or before now wins. */
  power: Array<{ at: number; status: 'active' | 'off' }>;
}

export interface ActionState {
  id: number;
  type: string;
  startedAt: number;
  completesAt: number;
  resourceId: number;
  resourceType: 'droplet';
  regionSlug: string;
}

export interface KeyState {
  id: number;
  name: string;
  publicKey: string;
  fingerprint: string;
}

export interface DomainState {
  name: string;
  ttl: number;
  createdAt: number;
}

export interface RecordState {
  id: number;
  domain: string;
  type: string;
  name: string;
  data: string;
  priority: number | null;
  port: number | null;
  ttl: number;
  weight: number | null;
  flags: number | null;
  tag: string | null;
}

/** One served version of a record, with the id of the record it belongs to. */
export interface RecordVersion extends DnsRecordView {
  recordId: number;
}

export interface DoState {
  nextId: { droplet: number; action: number; key: number; record: number };
  droplets: DropletState[];
  actions: ActionState[];
  keys: KeyState[];
  domains: DomainState[];
  records: RecordState[];
  history: RecordVersion[];
  /** Every tag ever used (DO auto-creates tags named on a droplet). */
  tags: string[];
  accountUuid: string;
}

/** Ids start where real ones look plausible (DO uses large integers). */
export function emptyState(): DoState {
  return {
    nextId: { droplet: 3164444, action: 36804636, key: 512189, record: 28448429 },
    droplets: [],
    actions: [],
    keys: [],
    domains: [],
    records: [],
    history: [],
    tags: [],
    accountUuid: 'b6fc48a1-1e82-4dab-9ef0-1b1a9e3f0f4b',
  };
}

/** Holds the state behind a stable reference so route modules keep working across load/reset. */
export interface Store {
  s: DoState;
}
