/**
 * The simulated hosts behind sandbox servers: each server gets its own loopback IPv4 and a real
 * SSH endpoint there (shared port per sandbox) that boots at `bootAt`, runs cloud-init for
 * `cloudInitMs`, then answers like a fresh Ubuntu VPS with what its user data installed.
 */
import type { HostRegistry, HostRequest } from '../core/types';
import { hostAddress, hostIpv6, pickAddressSpace } from './addresses';
import { Machine } from './machine';
import { SshEndpoint } from './ssh-endpoint';

export { CLOUD_INIT_MARKER, SIM_FAZT_VERSION } from './machine';

export interface SandboxHostsOptions {
  /** Ms after boot until `cloud-init status` reports done. */
  cloudInitMs: number;
  /** SSH port every host listens on (0 = pick a free one at start). */
  port: number;
  /** Ms the SSH endpoint is down after a reboot. @default 1000 */
  rebootMs?: number;
  /** Clock. @default Date.now */
  now?: () => number;
}

/** What tests may inspect about one simulated host. */
export interface HostDescription {
  ipv4: string;
  ipv6: string;
  userData: string | undefined;
  /** Epoch ms the current boot completes (moves on reboot). */
  bootAt: number;
  cloudInitDoneAt: number;
  /** `SHA256:...` of the host's ed25519 key. */
  hostKeyFingerprint: string;
}

interface Host {
  machine: Machine;
  endpoint: SshEndpoint;
  /** Resolves once the endpoint is bound; rejects with the bind error. */
  ready: Promise<void>;
}

/** One host as kept in the sandbox data file. */
export interface SavedHost {
  request: HostRequest;
  ipv4: string;
  ipv6: string;
  hostKey: string;
}

export class SandboxHosts implements HostRegistry {
  /** The SSH port of every host, known after {@link start}. */
  sshPort?: number;
  private octet = 0;
  private next = 2;
  private readonly hosts = new Map<string, Host>();
  private readonly now: () => number;
  private readonly rebootMs: number;

  constructor(private readonly opts: SandboxHostsOptions) {
    this.now = opts.now ?? Date.now;
    this.rebootMs = opts.rebootMs ?? 1000;
  }

  /** Picks the address space and the shared SSH port. */
  async start(): Promise<void> {
    const { octet, port } = await pickAddressSpace(this.opts.port);
    this.octet = octet;
    this.sshPort = port;
  }

  async stop(): Promise<void> {
    const all = [...this.hosts.values()];
    this.hosts.clear();
    await Promise.all(all.map((h) => h.endpoint.close()));
  }

  allocate(req: HostRequest): { ipv4: string; ipv6: string } {
    const existing = this.hosts.get(hostKey(req.provider, req.serverId));
    if (existing) return { ipv4: existing.machine.ipv4, ipv6: existing.machine.ipv6 };
    const n = this.next++;
    return this.add(new Machine(req, hostAddress(this.octet, n), hostIpv6(this.octet, n), this.opts.cloudInitMs));
  }

  /** Every host, for the sandbox data file (host keys included: they are the sandbox's own). */
  dump(): SavedHost[] {
    return [...this.hosts.values()].map(({ machine: m }) => ({ request: m.request, ipv4: m.ipv4, ipv6: m.ipv6, hostKey: m.hostKey }));
  }

  /** Brings saved hosts back on their old addresses with their old host keys. */
  restore(saved: SavedHost[]): void {
    for (const h of saved) {
      if (!this.hosts.has(hostKey(h.request.provider, h.request.serverId))) {
        this.add(new Machine(h.request, h.ipv4, h.ipv6, this.opts.cloudInitMs, h.hostKey));
      }
    }
  }

  private add(machine: Machine): { ipv4: string; ipv6: string } {
    if (this.sshPort === undefined) throw new Error('SandboxHosts.start() must finish before allocate()');
    const key = hostKey(machine.provider, machine.serverId);
    const endpoint = new SshEndpoint(machine, this.now);
    const ready = endpoint.listen(this.sshPort);
    // Surfaced through ready(); an unobserved failure must not crash the process.
    ready.catch(() => {});
    this.hosts.set(key, { machine, endpoint, ready });
    return { ipv4: machine.ipv4, ipv6: machine.ipv6 };
  }

  release(provider: string, serverId: string): void {
    const key = hostKey(provider, serverId);
    const host = this.hosts.get(key);
    if (!host) return;
    this.hosts.delete(key);
    void host.endpoint.close();
  }

  reboot(provider: string, serverId: string): void {
    const host = this.hosts.get(hostKey(provider, serverId));
    if (!host) return;
    host.machine.reboot(this.now(), this.rebootMs);
    host.endpoint.dropConnections();
  }

  /** Resolves when the host's SSH endpoint is bound (rejects when binding failed). */
  async ready(provider: string, serverId: string): Promise<void> {
    const host = this.hosts.get(hostKey(provider, serverId));
    if (!host) throw new Error(`no simulated host for ${provider}/${serverId}`);
    await host.ready;
  }

  describe(provider: string, serverId: string): HostDescription | undefined {
    const host = this.hosts.get(hostKey(provider, serverId));
    if (!host) return undefined;
    const m = host.machine;
    return {
      ipv4: m.ipv4,
      ipv6: m.ipv6,
      userData: m.userData,
      bootAt: m.bootAt,
      cloudInitDoneAt: m.cloudInitDoneAt,
      hostKeyFingerprint: m.hostKeyFingerprint,
    };
  }
}

function hostKey(provider: string, serverId: string): string {
  return `${provider}/${serverId}`;
}
