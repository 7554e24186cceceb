/**
 * The sandbox: every provider simulator on its own loopback port, the simulated hosts behind
 * sandbox servers (SSH), and DNS servers (an authoritative one and lagging "public resolvers").
 * Product code: `fazt sandbox`, the quick start and every test run on it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SimHarness, type HarnessOptions } from './core/harness';
import { AddressOnlyHosts } from './core/null-hosts';
import type { HostRegistry, ProviderSim, SimContext } from './core/types';
import { SIMULATORS } from './all';
import { SandboxHosts, type SavedHost } from './hosts';

const HOSTS_KEY = '__hosts';
import { startDnsServers, type DnsServers } from './dns';

export interface SandboxOptions {
  /** Which simulators to run. @default all */
  providers?: string[];
  /** Persist simulator state here (JSON); loaded on start when present. */
  dataFile?: string;
  /** Accepted bearer token per provider; default: any non-empty token. */
  tokens?: Record<string, string[]>;
  latencyMs?: number;
  /** Divides every provider's rate-limit window. @default 1 */
  rateLimitScale?: number;
  /** Per-provider request limit override (per window). */
  rateLimits?: Record<string, number>;
  /** Ms from create to running. @default 3000 */
  bootMs?: number;
  /** Ms from running until cloud-init reports done. @default 2000 */
  cloudInitMs?: number;
  /** Ms an async provider action runs. @default 500 */
  actionMs?: number;
  /** Servers per account. @default 25 */
  serverQuota?: number;
  /** Start SSH endpoints for servers. @default true */
  hosts?: boolean;
  /** Start DNS servers. @default true */
  dns?: boolean;
  /** Resolver names and their propagation delays (ms). */
  resolvers?: Array<{ name: string; delayMs: number }>;
  /** Fixed ports (0 = random) for `fazt sandbox`; tests leave them random. */
  ports?: Partial<Record<string, number>> & { dns?: number; ssh?: number };
  host?: string;
}

export interface Sandbox {
  /** Base URL per provider, including the API version path. */
  urls: Record<string, string>;
  harness: Record<string, SimHarness>;
  sims: Record<string, ProviderSim>;
  hosts: HostRegistry & { sshPort?: number };
  dns?: DnsServers;
  /** The sandbox's ready-made provider settings (endpoints, tokens, SSH port, resolvers). */
  settings(): SandboxSettings;
  /** Writes state to the data file now. */
  save(): void;
  stop(): Promise<void>;
}

/** What a fazt config needs to talk to this sandbox. */
export interface SandboxSettings {
  endpoints: Record<string, string>;
  tokens: Record<string, string>;
  sshPort: number | null;
  sshUser: string;
  resolvers: string[];
  authoritative: string | null;
}

export const DEFAULT_RESOLVERS = [
  { name: 'google', delayMs: 1000 },
  { name: 'cloudflare', delayMs: 2000 },
  { name: 'quad9', delayMs: 3000 },
];

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const names = opts.providers ?? Object.keys(SIMULATORS);
  const host = opts.host ?? '127.0.0.1';
  const realHosts = opts.hosts ?? true;
  const hosts: HostRegistry & { sshPort?: number; start?: () => Promise<void>; stop?: () => Promise<void>; dump?: () => SavedHost[]; restore?: (s: SavedHost[]) => void } = realHosts
    ? new SandboxHosts({ cloudInitMs: opts.cloudInitMs ?? 2000, port: opts.ports?.ssh ?? 0 })
    : new AddressOnlyHosts();
  if (hosts.start) await hosts.start();

  const ctx: SimContext = {
    now: Date.now,
    hosts,
    bootMs: opts.bootMs ?? 3000,
    actionMs: opts.actionMs ?? 500,
    serverQuota: opts.serverQuota ?? 25,
  };

  const sims: Record<string, ProviderSim> = {};
  const harness: Record<string, SimHarness> = {};
  const urls: Record<string, string> = {};
  let saved: Record<string, unknown> = {};
  if (opts.dataFile && fs.existsSync(opts.dataFile)) saved = JSON.parse(fs.readFileSync(opts.dataFile, 'utf8'));
  // Hosts come back on their old addresses with their old keys, so servers stay reachable.
  if (Array.isArray(saved[HOSTS_KEY]) && hosts.restore) hosts.restore(saved[HOSTS_KEY] as SavedHost[]);

  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    if (!opts.dataFile) return;
    const state: Record<string, unknown> = {};
    for (const [n, s] of Object.entries(sims)) state[n] = s.dump();
    if (hosts.dump) state[HOSTS_KEY] = hosts.dump();
    fs.mkdirSync(path.dirname(opts.dataFile), { recursive: true });
    const tmp = `${opts.dataFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state));
    fs.renameSync(tmp, opts.dataFile);
  };
  const scheduleSave = () => {
    if (!opts.dataFile || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      save();
    }, 50);
  };

  for (const name of names) {
    const make = SIMULATORS[name];
    if (!make) throw new Error(`unknown sandbox provider "${name}"`);
    const sim = make(ctx);
    if (saved[name] !== undefined) sim.load(saved[name]);
    const hopts: HarnessOptions = {
      host,
      port: opts.ports?.[name] ?? 0,
      tokens: opts.tokens?.[name],
      latencyMs: opts.latencyMs,
      rateLimitScale: opts.rateLimitScale,
      rateLimit: opts.rateLimits?.[name],
    };
    const h = new SimHarness(sim, hopts, scheduleSave);
    urls[name] = await h.start();
    sims[name] = sim;
    harness[name] = h;
  }

  let dns: DnsServers | undefined;
  if (opts.dns ?? true) {
    const sources = Object.values(sims).flatMap((s) => (s.dnsSource ? [s.dnsSource] : []));
    dns = await startDnsServers({ sources, host, port: opts.ports?.dns ?? 0, resolvers: opts.resolvers ?? DEFAULT_RESOLVERS });
  }

  const tokens: Record<string, string> = {};
  for (const n of names) tokens[n] = opts.tokens?.[n]?.[0] ?? `sandbox-${n}-token`;

  return {
    urls,
    harness,
    sims,
    hosts,
    dns,
    settings: () => ({
      endpoints: { ...urls },
      tokens,
      sshPort: hosts.sshPort ?? null,
      sshUser: 'root',
      resolvers: dns ? dns.resolvers.map((r) => r.address) : [],
      authoritative: dns ? dns.authoritative : null,
    }),
    save,
    stop: async () => {
      if (saveTimer) clearTimeout(saveTimer);
      save();
      await Promise.all(Object.values(harness).map((h) => h.stop()));
      await dns?.stop();
      if (hosts.stop) await hosts.stop();
    },
  };
}
