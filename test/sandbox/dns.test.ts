/**
 * The sandbox DNS servers over real UDP (and TCP for large answers), queried with node:dns:
 * authoritative answers for every type, SOA, NXDOMAIN/NODATA/REFUSED, and resolvers that lag.
 */
import { promises as dnsp } from 'node:dns';
import { startDnsServers, SOA_MINIMUM_TTL, type DnsServers } from '../../src/sandbox/dns';
import type { DnsRecordView, DnsSource } from '../../src/sandbox/core/types';

/** A small in-memory DnsSource (what a simulator exposes). */
class FakeSource implements DnsSource {
  recs: DnsRecordView[] = [];
  constructor(private readonly zoneNames: string[]) {}
  zones() {
    return this.zoneNames;
  }
  records() {
    return this.recs;
  }
  add(fqdn: string, type: string, value: string, at = Date.now(), ttl = 300) {
    const r: DnsRecordView = { fqdn, type, value, ttl, createdAt: at };
    this.recs.push(r);
    return r;
  }
}

const long = 'v=DKIM1; k=rsa; p=' + 'A'.repeat(700);
const source = new FakeSource(['example.test']);
const past = Date.now() - 60_000;
source.add('example.test', 'A', '192.0.2.10', past);
source.add('example.test', 'AAAA', '2001:db8::10', past);
source.add('example.test', 'MX', '10 mail.example.test', past);
source.add('example.test', 'TXT', 'v=spf1 -all', past);
source.add('example.test', 'CAA', '0 issue "letsencrypt.org"', past);
source.add('example.test', 'NS', 'ns1.sandbox.test', past);
source.add('www.example.test', 'CNAME', 'example.test', past);
source.add('key._domainkey.example.test', 'TXT', long, past);
source.add('gone.example.test', 'A', '192.0.2.99', past).deletedAt = past + 1000;

let servers: DnsServers;
beforeAll(async () => {
  servers = await startDnsServers({ sources: [source], host: '127.0.0.1', port: 0, resolvers: [{ name: 'slow', delayMs: 700 }] });
});
afterAll(() => servers.stop());

function resolver(address: string) {
  const r = new dnsp.Resolver({ timeout: 1000, tries: 1 });
  r.setServers([address]);
  return r;
}

const code = (p: Promise<unknown>) => p.then(() => 'OK', (e: NodeJS.ErrnoException) => e.code);

describe('sandbox DNS servers', () => {
  it('answers every record type from the authoritative server', async () => {
    const r = resolver(servers.authoritative);
    expect(await r.resolve4('example.test')).toEqual(['192.0.2.10']);
    expect(await r.resolve6('example.test')).toEqual(['2001:db8::10']);
    expect(await r.resolveMx('example.test')).toEqual([{ priority: 10, exchange: 'mail.example.test' }]);
    expect(await r.resolveTxt('example.test')).toEqual([['v=spf1 -all']]);
    expect(await r.resolveCaa('example.test')).toEqual([{ critical: 0, issue: 'letsencrypt.org' }]);
    expect(await r.resolveNs('example.test')).toEqual(['ns1.sandbox.test']);
    expect(await r.resolveCname('www.example.test')).toEqual(['example.test']);
    // A CNAME is followed inside the zone.
    expect(await r.resolve4('WWW.Example.Test')).toEqual(['192.0.2.10']);
    // 700+ bytes: truncated over UDP, fetched again over TCP by the client.
    expect((await r.resolveTxt('key._domainkey.example.test'))[0].join('')).toBe(long);
  });

  it('serves an SOA per zone with the minimum TTL', async () => {
    const soa = await resolver(servers.authoritative).resolveSoa('example.test');
    expect(soa.minttl).toBe(SOA_MINIMUM_TTL);
    expect(soa.nsname).toBe('ns1.sandbox.test');
    expect(soa.serial).toBeGreaterThan(0);
  });

  it('says NXDOMAIN for missing names, NODATA for missing types, REFUSED outside its zones', async () => {
    const r = resolver(servers.authoritative);
    expect(await code(r.resolve4('nope.example.test'))).toBe('ENOTFOUND');
    expect(await code(r.resolve4('gone.example.test'))).toBe('ENOTFOUND');
    expect(await code(r.resolveMx('www2.example.test'))).toBe('ENOTFOUND');
    expect(await code(r.resolveCname('example.test'))).toBe('ENODATA');
    expect(await code(r.resolve4('example.org'))).toBe('EREFUSED');
  });

  it('lets resolvers lag behind the authoritative server by their delay', async () => {
    const slow = servers.resolvers.find((x) => x.name === 'slow')!;
    expect(slow.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(slow.delayMs).toBe(700);
    const changedAt = Date.now();
    source.add('new.example.test', 'A', '192.0.2.50', changedAt);
    const auth = resolver(servers.authoritative);
    const res = resolver(slow.address);
    expect(await auth.resolve4('new.example.test')).toEqual(['192.0.2.50']);
    // Poll the lagging resolver: NXDOMAIN first, then the record, not before the delay.
    const seen: Array<{ t: number; answer: string }> = [];
    while (Date.now() - changedAt < 2000) {
      const answer = await res.resolve4('new.example.test').then((a) => a.join(), (e) => e.code as string);
      seen.push({ t: Date.now() - changedAt, answer });
      if (answer === '192.0.2.50') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen[0].answer).toBe('ENOTFOUND');
    const first = seen.find((s) => s.answer === '192.0.2.50');
    expect(first).toBeDefined();
    expect(first!.t).toBeGreaterThanOrEqual(700);
  });

  it('keeps serving a deleted record from lagging resolvers until the delay has passed', async () => {
    const slow = servers.resolvers[0].address;
    const rec = source.add('old.example.test', 'A', '192.0.2.60', Date.now() - 5000);
    rec.deletedAt = Date.now();
    expect(await code(resolver(servers.authoritative).resolve4('old.example.test'))).toBe('ENOTFOUND');
    expect(await resolver(slow).resolve4('old.example.test')).toEqual(['192.0.2.60']);
    await new Promise((r) => setTimeout(r, 800));
    expect(await code(resolver(slow).resolve4('old.example.test'))).toBe('ENOTFOUND');
  });
});
