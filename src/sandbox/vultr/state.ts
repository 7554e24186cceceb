/**
 * The Vultr simulator's serialisable state. Timestamps are epoch ms; every lifecycle (boot, reboot,
 * charges) is derived lazily from them on read, so there are no timers.
 */
import type { DnsRecordView } from '../core/types';

export interface InstanceRec {
  id: string;
  label: string;
  hostname: string;
  plan: string;
  region: string;
  osId: number;
  appId: number;
  imageId: string;
  snapshotId: string;
  tags: string[];
  sshKeyIds: string[];
  /** Base64, exactly as sent. */
  userData: string;
  ipv4: string;
  /** Address reserved for the instance; shown only while `ipv6Enabled`. */
  ipv6Addr: string;
  ipv6Enabled: boolean;
  defaultPassword: string;
  createdAt: number;
  /** Epoch ms the instance turns active/ok. */
  bootAt: number;
  powerStatus: 'running' | 'stopped';
  /** server_status is `installingbooting` until this time after a reboot or start. */
  busyUntil: number;
}

export interface SshKeyRec {
  id: string;
  name: string;
  /** The OpenSSH public key line. */
  publicKey: string;
  createdAt: number;
}

export interface DomainRec {
  domain: string;
  dnsSec: 'enabled' | 'disabled';
  createdAt: number;
}

export interface RecordRec {
  id: string;
  domain: string;
  type: string;
  /** Relative name; empty string is the apex, as Vultr stores it. */
  name: string;
  data: string;
  priority: number;
  ttl: number;
}

export interface AccountRec {
  name: string;
  email: string;
  /** Vultr convention: negative = credit on the account. */
  balance: number;
  /** Charges of deleted instances not yet invoiced. */
  accrued: number;
}

/** One served version of a record; `recordId` ties versions of the same record together. */
export type RecordVersion = DnsRecordView & { recordId: string };

export interface VultrState {
  instances: InstanceRec[];
  sshKeys: SshKeyRec[];
  domains: DomainRec[];
  records: RecordRec[];
  /** Every DNS record version ever served, for the sandbox's lagging resolvers. */
  dnsHistory: RecordVersion[];
  account: AccountRec;
}

/** A fresh account with $1000 credit. */
export function emptyState(): VultrState {
  return {
    instances: [],
    sshKeys: [],
    domains: [],
    records: [],
    dnsHistory: [],
    account: { name: 'Sandbox User', email: 'sandbox@example.com', balance: -1000, accrued: 0 },
  };
}
