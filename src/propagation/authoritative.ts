/**
 * Finds a name's authoritative nameservers (CertMagic style): walk up the labels until an NS set
 * answers, then resolve those hosts to addresses. Best effort: returns [] when nothing answers.
 */
import { promises as dns } from 'node:dns';

export async function authoritativeServers(fqdn: string, opts: { timeoutMs?: number; max?: number } = {}): Promise<string[]> {
  const resolver = new dns.Resolver({ timeout: opts.timeoutMs ?? 2000, tries: 1 });
  const labels = fqdn.replace(/\.$/, '').split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const name = labels.slice(i).join('.');
    let hosts: string[];
    try {
      hosts = await resolver.resolveNs(name);
    } catch {
      continue;
    }
    const addrs = await Promise.all(hosts.slice(0, opts.max ?? 2).map((h) => resolver.resolve4(h).then((a) => a[0], () => null)));
    return addrs.filter((a): a is string => !!a);
  }
  return [];
}
