/** Pure Hetzner conversions: TXT quoting and splitting, MX/CNAME/NS hosts, IPv6, rate-limit headers. */
import { InfraError } from '../../src/domain/errors';
import { classifyHetzner, readHetznerRateLimit } from '../../src/providers/hetzner/api';
import { createServerToWire, formatTxt, ipv6Host, parseTxt, recordValueToWire, rrsetToDomain } from '../../src/providers/hetzner/convert';

describe('Hetzner convert', () => {
  it('quotes TXT into ≤255-byte strings, escaping quotes and backslashes, and parses it back', () => {
    expect(formatTxt('v=spf1 -all')).toBe('"v=spf1 -all"');
    expect(formatTxt('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
    const long = 'a'.repeat(300);
    expect(formatTxt(long)).toBe(`"${'a'.repeat(255)}" "${'a'.repeat(45)}"`);
    const multi = 'é'.repeat(200); // 2 bytes each: a chunk holds 127 of them
    const chunks = formatTxt(multi).match(/"[^"]*"/g)!;
    expect(chunks.map((c) => Buffer.byteLength(c.slice(1, -1)))).toEqual([254, 146]);
    for (const text of ['', 'plain', 'say "hi" \\o/', long, multi]) expect(parseTxt(formatTxt(text))).toBe(text);
    expect(() => parseTxt('not quoted')).toThrow(InfraError);
  });

  it('writes MX as "prio host." and CNAME/NS with one trailing dot; CAA, A and AAAA unchanged', () => {
    expect(recordValueToWire({ type: 'MX', name: '@', content: 'mail.example.com', priority: 10, ttl: 300 })).toEqual({ value: '10 mail.example.com.' });
    expect(recordValueToWire({ type: 'CNAME', name: 'www', content: 'Example.com.', ttl: 300 })).toEqual({ value: 'example.com.' });
    expect(recordValueToWire({ type: 'NS', name: 'sub', content: 'ns1.example.net', ttl: 300 })).toEqual({ value: 'ns1.example.net.' });
    expect(recordValueToWire({ type: 'CAA', name: '@', content: '0 issue "letsencrypt.org"', ttl: 300 })).toEqual({ value: '0 issue "letsencrypt.org"' });
    expect(recordValueToWire({ type: 'AAAA', name: '@', content: '2001:db8::1', ttl: 300 })).toEqual({ value: '2001:db8::1' });
    expect(() => recordValueToWire({ type: 'MX', name: '@', content: 'mail.example.com', ttl: 300 })).toThrow(/priority/);
  });

  it('reads rrsets into zone-relative domain records, resolving relative hosts against the zone', () => {
    const rr = (type: string, values: string[], ttl: number | null = null) => ({ name: '@', type, ttl, records: values.map((value) => ({ value })) });
    expect(rrsetToDomain(rr('MX', ['10 mail.example.com.', '20 backup']), 'example.com', 3600)).toEqual([
      { type: 'MX', name: '@', content: 'mail.example.com', priority: 10, ttl: 3600 },
      { type: 'MX', name: '@', content: 'backup.example.com', priority: 20, ttl: 3600 },
    ]);
    expect(rrsetToDomain(rr('CNAME', ['@'], 60), 'example.com', 3600)[0].content).toBe('example.com');
    expect(rrsetToDomain(rr('TXT', ['"a" "b"']), 'example.com', 300)[0].content).toBe('ab');
    expect(() => rrsetToDomain(rr('MX', ['mail.example.com.']), 'example.com', 300)).toThrow(InfraError);
  });

  it('derives the ::1 host from the /64 and throws on other shapes', () => {
    expect(ipv6Host('2a01:4f8:1c1c:abcd::/64')).toBe('2a01:4f8:1c1c:abcd::1');
    expect(() => ipv6Host('2a01:4f8::1')).toThrow(InfraError);
  });

  it('labels a create with the managed marker and the operation id', () => {
    const body = createServerToWire({ name: 'web-1', type: 'cx22', region: 'nbg1', image: 'debian-12', sshKeys: ['laptop'], operationId: 'op-1', ipv6: false });
    expect(body).toEqual({
      name: 'web-1', server_type: 'cx22', image: 'debian-12', location: 'nbg1', ssh_keys: ['laptop'],
      labels: { 'managed-by': 'fazt', 'fazt-op': 'op-1' }, start_after_create: true, public_net: { enable_ipv4: true, enable_ipv6: false },
    });
  });

  it('classifies every Hetzner error code it knows and falls back on the status', () => {
    const body = (code: string) => ({ error: { code, message: 'm', details: {} } });
    const table: Array<[number, string, string]> = [
      [401, 'unauthorized', 'INFRA_UNAUTHORIZED'], [403, 'forbidden', 'INFRA_UNAUTHORIZED'], [404, 'not_found', 'INFRA_NOT_FOUND'],
      [400, 'invalid_input', 'INFRA_INVALID_INPUT'], [400, 'json_error', 'INFRA_INVALID_INPUT'], [409, 'uniqueness_error', 'INFRA_CONFLICT'],
      [423, 'locked', 'INFRA_CONFLICT'], [409, 'conflict', 'INFRA_CONFLICT'], [422, 'protected', 'INFRA_CONFLICT'],
      [403, 'resource_limit_exceeded', 'INFRA_QUOTA_EXCEEDED'], [412, 'resource_unavailable', 'INFRA_INVALID_INPUT'],
      [429, 'rate_limit_exceeded', 'INFRA_RATE_LIMITED'], [504, 'timeout', 'INFRA_TIMEOUT'], [500, 'server_error', 'INFRA_PROVIDER_ERROR'],
      [418, 'brand_new_code', 'INFRA_PROVIDER_ERROR'],
    ];
    for (const [status, code, want] of table) expect([code, classifyHetzner(status, body(code)).code]).toEqual([code, want]);
    expect(classifyHetzner(502, '<html>bad gateway</html>')).toMatchObject({ code: 'INFRA_PROVIDER_ERROR', retryable: true });
    expect(classifyHetzner(404, undefined).providerCode).toBeUndefined();
  });

  it('reads RateLimit-* as the bucket size, requests left and the time one request takes to refill', () => {
    const now = 1_700_000_000_000;
    const h = (remaining: number, resetIn: number) => new Headers({ 'ratelimit-limit': '3600', 'ratelimit-remaining': String(remaining), 'ratelimit-reset': String((now + resetIn) / 1000) });
    // 3600/h refills one per second: empty budget → next request in 1 s.
    expect(readHetznerRateLimit(h(0, 3_600_000), now)).toEqual({ remaining: 0, limit: 3600, nextMs: 1000 });
    expect(readHetznerRateLimit(h(3590, 10_000), now)).toEqual({ remaining: 3590, limit: 3600, nextMs: 1000 });
    expect(readHetznerRateLimit(new Headers(), now)).toEqual({ remaining: null });
  });
});
