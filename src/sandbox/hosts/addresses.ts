/**
 * Loopback addresses for simulated hosts. Linux routes all of 127.0.0.0/8 to `lo`, so every host
 * gets its own 127.a.b.c; the second octet is random per sandbox so parallel test processes
 * (each with its own sandbox) do not collide.
 */
import net from 'node:net';

/** Host number n (from 1) → third and fourth octet, never .0 or .255. */
export function hostAddress(octet: number, n: number): string {
  return `127.${octet}.${Math.floor((n - 1) / 254)}.${((n - 1) % 254) + 1}`;
}

/** A documentation-range IPv6 address for host n (not bound: the simulation is IPv4). */
export function hostIpv6(octet: number, n: number): string {
  return `2001:db8:${octet.toString(16)}:${n.toString(16)}::1`;
}

/** Binds `host:port` (0 = any free port) and returns the port, or throws the bind error. */
export function probeBind(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ host, port, exclusive: true }, () => {
      const bound = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(bound));
    });
  });
}

/**
 * Picks a random second octet whose first host address can be bound on `port` (0 = let the
 * kernel choose one, then use it for every host of this sandbox). Avoids 127.0.x.x, which
 * everything else uses, and 127.200.x.x, which the address-only hosts hand out.
 */
export async function pickAddressSpace(port: number, attempts = 12): Promise<{ octet: number; port: number }> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    const octet = 1 + Math.floor(Math.random() * 254);
    if (octet === 200) continue;
    try {
      return { octet, port: await probeBind(hostAddress(octet, 1), port) };
    } catch (err) {
      last = err;
    }
  }
  throw new Error(`no bindable loopback address space for simulated hosts: ${(last as Error)?.message ?? 'unknown'}`);
}
