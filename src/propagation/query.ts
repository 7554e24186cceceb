/**
 * One DNS question to one resolver with a hard time limit, as presentation values. Negative
 * answers (NXDOMAIN, NODATA, SERVFAIL, REFUSED, timeouts) come back as an `error` code, never thrown.
 */
import { Resolver } from 'node:dns';

export type QueryOutcome = { values: string[] } | { error: 'NXDOMAIN' | 'NODATA' | 'SERVFAIL' | 'REFUSED' | 'TIMEOUT' | string };

const ERRORS: Record<string, string> = {
  ENOTFOUND: 'NXDOMAIN',
  ENODATA: 'NODATA',
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  ETIMEOUT: 'TIMEOUT',
  ECANCELLED: 'TIMEOUT',
  ECONNREFUSED: 'CONNECTION_REFUSED',
};

/** `1.2.3.4` → `1.2.3.4`, `1.2.3.4:5353` stays, `::1` → `[::1]`, as `setServers` wants. */
export function serverAddress(resolver: string): string {
  if (resolver.startsWith('[')) return resolver;
  const colons = resolver.split(':').length - 1;
  return colons > 1 ? `[${resolver}]` : resolver;
}

export async function queryResolver(resolver: string, fqdn: string, type: string, timeoutMs: number): Promise<QueryOutcome> {
  const r = new Resolver({ timeout: Math.max(1, timeoutMs), tries: 1 });
  r.setServers([serverAddress(resolver)]);
  let timer: NodeJS.Timeout | undefined;
  // c-ares' own timeout is per try and may back off; this guarantees the caller's limit.
  const deadline = new Promise<QueryOutcome>((resolve) => {
    timer = setTimeout(() => {
      r.cancel();
      resolve({ error: 'TIMEOUT' });
    }, timeoutMs + 50);
  });
  try {
    return await Promise.race([ask(r, fqdn, type), deadline]);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    return { error: ERRORS[code] ?? (code || (err as Error).message) };
  } finally {
    clearTimeout(timer);
  }
}

async function ask(r: Resolver, fqdn: string, type: string): Promise<QueryOutcome> {
  // The callback API: the promise API's Resolver has no cancel() for our deadline.
  const resolveP = (rrtype: string) => new Promise<any>((res, rej) => (r as any)[`resolve${rrtype}`](fqdn, (e: Error | null, v: unknown) => (e ? rej(e) : res(v))));
  switch (type.toUpperCase()) {
    case 'A':
      return { values: await resolveP('4') };
    case 'AAAA':
      return { values: await resolveP('6') };
    case 'CNAME':
      return { values: await resolveP('Cname') };
    case 'NS':
      return { values: await resolveP('Ns') };
    case 'MX':
      return { values: ((await resolveP('Mx')) as Array<{ priority: number; exchange: string }>).map((m) => `${m.priority} ${m.exchange}`) };
    case 'TXT':
      return { values: ((await resolveP('Txt')) as string[][]).map((chunks) => chunks.join('')) };
    case 'CAA':
      return {
        values: ((await resolveP('Caa')) as Array<Record<string, unknown>>).map((c) => {
          const tag = Object.keys(c).find((k) => k !== 'critical')!;
          return `${Number(c.critical ?? 0)} ${tag} "${String(c[tag])}"`;
        }),
      };
    case 'SOA': {
      const s = (await resolveP('Soa')) as { nsname: string; hostmaster: string; serial: number; refresh: number; retry: number; expire: number; minttl: number };
      return { values: [`${s.nsname} ${s.hostmaster} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minttl}`] };
    }
    default:
      return { error: `unsupported type ${type}` };
  }
}
