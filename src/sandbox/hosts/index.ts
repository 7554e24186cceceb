/** Placeholder until the simulated hosts land: addresses only, no SSH. */
import { AddressOnlyHosts } from '../core/null-hosts';

export interface SandboxHostsOptions {
  /** Ms after boot until `cloud-init status` reports done. */
  cloudInitMs: number;
  /** SSH port every host listens on (0 = pick a free one at start). */
  port: number;
}

export class SandboxHosts extends AddressOnlyHosts {
  sshPort?: number;
  constructor(_opts: SandboxHostsOptions) {
    super();
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
