/**
 * The propagation check against the sandbox DNS servers (authoritative + a lagging resolver) and
 * a resolver that never answers (a bound UDP socket that drops every packet).
 */
import dgram from 'node:dgram';
import { checkPropagation, cacheExpiry, normalizeValue, valueMatches } from '../../src/propagation';
import { InfraError } from '../../src/domain/errors';
import { startDnsServers, type DnsServers } from '../../src/sandbox/dns';
import type { DnsRecordView, DnsSource } from '../../src/sandbox/core/types';

const recs: DnsRecordView[] = [];
const source: DnsSource = { zones: () => ['prop.test'], records: () => recs };
const past = Date.now() - 60_000;
recs.push(
  { fqdn: 'prop.test', type: 'MX', value: '10 Mail.Prop.Test', ttl: 300, createdAt: past },
  { fqdn: 'prop.test', type: 'TXT', value: 'v=spf1 include:_spf.example.com -all', ttl: 300, createdAt: past },
  { fqdn: 'prop.test', type: 'AAAA', value: '2001:db8:0:0::1', ttl: 300, createdAt: past },
  { fqdn: 'old.prop.test', type: 'A', value: '192.0.2.1', ttl: 300, createdAt: past },
);

let servers: DnsServers;
let blackhole: dgram.Socket;
let silent: string;

beforeAll(async () => {
  servers = await startDnsServers({ sources: [source], host: '127.0.0.1', port: 0, resolvers: [{ name: 'lagging', delayMs: 800 }] });
  blackhole = dgram.createSocket('udp4');
  blackhole.on('message', () => {}); // drop everything
  await new Promise<void>((r) => blackhole.bind(0, '127.0.0.1', () => r()));
  silent = `127.0.0.1:${blackhole.address().port}`;
});
afterAll(async () => {
  await servers.stop();
  await new Promise<void>((r) => blackhole.close(() => r()));
});

describe('checkPropagation', () => {
  it('reports each resolver and returns after about the timeout when one never answers', async () => {
    const lagging = servers.resolvers[0].address;
    recs.push({ fqdn: 'app.prop.test', type: 'A', value: '192.0.2.77', ttl: 60, createdAt: Date.now() });
    const started = Date.now();
    const r = await checkPropagation({ fqdn: 'app.prop.test', type: 'A', expected: '192.0.2.77', resolvers: [servers.authoritative, lagging, silent], timeoutMs: 500 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(1500);
    expect(r.expected).toBe('192.0.2.77');
    expect(r.results).toEqual([
      { resolver: servers.authoritative, value: '192.0.2.77', propagated: true },
      { resolver: lagging, value: null, propagated: false, error: 'NXDOMAIN' },
      { resolver: silent, value: null, propagated: false, error: 'TIMEOUT' },
    ]);
    expect(r.allPropagated).toBe(false);

    // Once the lag has passed, the lagging resolver agrees too.
    await new Promise((res) => setTimeout(res, 900 - (Date.now() - started)));
    const later = await checkPropagation({ fqdn: 'app.prop.test', expected: '192.0.2.77', resolvers: [servers.authoritative, lagging], timeoutMs: 500 });
    expect(later.allPropagated).toBe(true);
  });

  it('takes the expectation from the authoritative server when none is given', async () => {
    const lagging = servers.resolvers[0].address;
    recs.find((x) => x.fqdn === 'old.prop.test')!.deletedAt = Date.now();
    recs.push({ fqdn: 'old.prop.test', type: 'A', value: '192.0.2.2', ttl: 300, createdAt: Date.now() });
    const r = await checkPropagation({ fqdn: 'old.prop.test', authoritative: servers.authoritative, resolvers: [lagging], timeoutMs: 500 });
    expect(r.expected).toBe('192.0.2.2');
    expect(r.results).toEqual([{ resolver: lagging, value: '192.0.2.1', propagated: false }]);
  });

  it('compares values normalised: case, trailing dot, TXT quotes, MX priority, IPv6 form', async () => {
    const auth = [servers.authoritative];
    expect((await checkPropagation({ fqdn: 'PROP.test.', type: 'MX', expected: 'mail.prop.test.', resolvers: auth })).allPropagated).toBe(true);
    expect((await checkPropagation({ fqdn: 'prop.test', type: 'MX', expected: '10 MAIL.prop.test', resolvers: auth })).allPropagated).toBe(true);
    expect((await checkPropagation({ fqdn: 'prop.test', type: 'MX', expected: '20 mail.prop.test', resolvers: auth })).allPropagated).toBe(false);
    expect((await checkPropagation({ fqdn: 'prop.test', type: 'TXT', expected: '"v=spf1 include:_spf.example.com" " -all"', resolvers: auth })).allPropagated).toBe(true);
    expect((await checkPropagation({ fqdn: 'prop.test', type: 'AAAA', expected: '2001:DB8::0:1', resolvers: auth })).allPropagated).toBe(true);
  });

  it('treats NXDOMAIN and REFUSED as not propagated, never as a thrown error', async () => {
    const r = await checkPropagation({ fqdn: 'missing.prop.test', expected: '192.0.2.5', resolvers: [servers.authoritative], timeoutMs: 500 });
    expect(r.results[0]).toMatchObject({ propagated: false, error: 'NXDOMAIN' });
    const outside = await checkPropagation({ fqdn: 'example.org', expected: '192.0.2.5', resolvers: [servers.authoritative], timeoutMs: 500 });
    expect(outside.results[0]).toMatchObject({ propagated: false, error: 'REFUSED' });
  });

  it('rejects bad input before asking anyone', async () => {
    await expect(checkPropagation({ fqdn: 'not a name', expected: 'x', resolvers: ['127.0.0.1'] })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    await expect(checkPropagation({ fqdn: 'a.test', type: 'SRV', expected: 'x' })).rejects.toBeInstanceOf(InfraError);
    await expect(checkPropagation({ fqdn: 'a.test', expected: 'x', resolvers: ['dns.google'] })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    await expect(checkPropagation({ fqdn: 'a.test', resolvers: ['127.0.0.1'] })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
  });
});

describe('value normalisation', () => {
  it('normalises per type', () => {
    expect(normalizeValue('CNAME', 'Target.Example.COM.')).toBe('target.example.com');
    expect(normalizeValue('TXT', '"hello" "world"')).toBe('helloworld');
    expect(normalizeValue('AAAA', '2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(normalizeValue('CAA', '0 ISSUE letsencrypt.org')).toBe('0 issue "letsencrypt.org"');
    expect(valueMatches('MX', 'mx.example.com', '5 MX.example.com.')).toBe(true);
    expect(valueMatches('A', '192.0.2.1', '192.0.2.10')).toBe(false);
  });
});

describe('cacheExpiry', () => {
  it('waits for the old TTL, the negative TTL, or the longer when unknown', () => {
    const changedAt = Date.parse('2025-01-15T10:00:00Z');
    expect(cacheExpiry({ ttl: 300, soaMinimum: 3600, changedAt, existedBefore: true })).toEqual({ seconds: 300, expiresAtMs: changedAt + 300_000, expiresAt: '2025-01-15T10:05:00.000Z' });
    expect(cacheExpiry({ ttl: 300, soaMinimum: 3600, changedAt: '2025-01-15T10:00:00Z', existedBefore: false }).seconds).toBe(3600);
    expect(cacheExpiry({ ttl: 7200, soaMinimum: 300, changedAt }).expiresAt).toBe('2025-01-15T12:00:00.000Z');
    expect(() => cacheExpiry({ ttl: 1, soaMinimum: 1, changedAt: 'yesterday' })).toThrow(/not a time/);
  });
});
