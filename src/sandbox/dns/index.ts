/** Placeholder until the DNS servers land. */
import type { DnsSource } from '../core/types';

export interface DnsServersOptions {
  sources: DnsSource[];
  host: string;
  /** Port of the authoritative server (0 = random); resolvers take random ports. */
  port: number;
  resolvers: Array<{ name: string; delayMs: number }>;
}

export interface DnsServers {
  /** `host:port` of the authoritative server. */
  authoritative: string;
  resolvers: Array<{ name: string; address: string; delayMs: number }>;
  stop(): Promise<void>;
}

export async function startDnsServers(opts: DnsServersOptions): Promise<DnsServers> {
  return { authoritative: `${opts.host}:0`, resolvers: [], stop: async () => {} };
}
