/** Address allocation without SSH: for simulators run alone (unit tests, `--no-hosts`). */
import type { HostRegistry, HostRequest } from './types';

export class AddressOnlyHosts implements HostRegistry {
  private next = 1;
  private readonly byServer = new Map<string, { ipv4: string; ipv6: string }>();
  constructor(private readonly prefix = '127.200') {}

  allocate(req: HostRequest): { ipv4: string; ipv6: string } {
    const key = `${req.provider}/${req.serverId}`;
    let a = this.byServer.get(key);
    if (!a) {
      const n = this.next++;
      a = { ipv4: `${this.prefix}.${Math.floor(n / 250)}.${(n % 250) + 1}`, ipv6: `2001:db8:${n.toString(16)}::1` };
      this.byServer.set(key, a);
    }
    return a;
  }

  release(provider: string, serverId: string): void {
    this.byServer.delete(`${provider}/${serverId}`);
  }

  reboot(): void {}
}
