import { InfraError } from '../../src/domain/errors';
import { absoluteName, domainNameProblem, isIPv4, isIPv6, recordNameProblem, relativeName, zoneFor } from '../../src/domain/names';
import { createVpsSchema, parseInput, recordInputSchema, withRecordDefaults } from '../../src/domain/validate';

const bad = (value: unknown) => {
  try {
    parseInput(recordInputSchema, value, 'record');
  } catch (e) {
    expect(e).toBeInstanceOf(InfraError);
    expect((e as InfraError).code).toBe('INFRA_INVALID_INPUT');
    return (e as InfraError).message;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
};

describe('record validation', () => {
  it.each([
    [{ type: 'A', name: 'x', content: '300.1.1.1' }, /not an IPv4/],
    [{ type: 'A', name: 'x', content: '2001:db8::1' }, /not an IPv4/],
    [{ type: 'AAAA', name: 'x', content: '1.2.3.4' }, /not an IPv6/],
    [{ type: 'CNAME', name: '@', content: 'example.org' }, /apex/],
    [{ type: 'MX', name: '@', content: 'mail.example.com' }, /priority/],
    [{ type: 'A', name: 'a'.repeat(64), content: '1.2.3.4' }, /longer than 63/],
    [{ type: 'A', name: 'a..b', content: '1.2.3.4' }, /empty label/],
    [{ type: 'A', name: 'bad name', content: '1.2.3.4' }, /invalid label/],
    [{ type: 'A', name: 'x', content: '1.2.3.4', ttl: 5 }, /out of range/],
    [{ type: 'A', name: 'x', content: '1.2.3.4', ttl: 100000 }, /86400|less than/],
    [{ type: 'CAA', name: '@', content: 'issue letsencrypt.org' }, /CAA/],
    [{ type: 'SRV', name: 'x', content: 'y' }, /type/],
    [{ type: 'A', name: 'x', content: '1.2.3.4', extra: 1 }, /extra|Unrecognized/],
  ])('rejects %j', (value, message) => {
    expect(bad(value)).toMatch(message);
  });

  it('accepts the spec examples and applies defaults per provider capability', () => {
    const r = parseInput(recordInputSchema, { type: 'A', name: 'Blog.', content: '123.45.67.89' });
    expect(r.name).toBe('blog');
    expect(withRecordDefaults(r, true)).toEqual({ type: 'A', name: 'blog', content: '123.45.67.89', ttl: 300, proxied: true });
    expect(withRecordDefaults(r, false)).toEqual({ type: 'A', name: 'blog', content: '123.45.67.89', ttl: 300 });
    expect(() => withRecordDefaults({ ...r, proxied: true }, false)).toThrow(/Cloudflare/);
    const mx = parseInput(recordInputSchema, { type: 'MX', name: '@', content: 'mail.example.com', priority: 10, ttl: 3600 });
    expect(withRecordDefaults(mx, true)).toEqual({ type: 'MX', name: '@', content: 'mail.example.com', priority: 10, ttl: 3600 });
    expect(parseInput(recordInputSchema, { type: 'CAA', name: '@', content: '0 issue "letsencrypt.org"' }).type).toBe('CAA');
  });
});

describe('names', () => {
  it('checks domain names and record names', () => {
    expect(domainNameProblem('example.com')).toBeNull();
    expect(domainNameProblem('com')).toMatch(/two labels/);
    expect(domainNameProblem('-bad.com')).toMatch(/invalid label/);
    expect(recordNameProblem('_dmarc')).toBeNull();
    expect(recordNameProblem('*.apps')).toBeNull();
    expect(recordNameProblem('@')).toBeNull();
  });

  it('converts between relative and absolute names and finds the longest zone', () => {
    expect(absoluteName('@', 'example.com')).toBe('example.com');
    expect(absoluteName('blog', 'Example.com.')).toBe('blog.example.com');
    expect(relativeName('blog.example.com.', 'example.com')).toBe('blog');
    expect(relativeName('example.org', 'example.com')).toBeNull();
    expect(zoneFor('a.b.example.com', ['example.com', 'b.example.com'])).toEqual({ zone: 'b.example.com', name: 'a' });
    expect(zoneFor('x.other.com', ['example.com'])).toBeNull();
  });

  it('validates addresses without node:net', () => {
    for (const ok of ['2001:db8::1', '::1', '::', 'fe80::1:2:3:4', '2001:db8:0:0:0:0:2:1', '::ffff:192.0.2.1']) expect(isIPv6(ok)).toBe(true);
    for (const no of ['2001:db8::1::2', '12345::1', '1.2.3.4', 'g::1', '1:2:3:4:5:6:7:8:9']) expect(isIPv6(no)).toBe(false);
    expect(isIPv4('192.0.2.1')).toBe(true);
    expect(isIPv4('01.2.3.4')).toBe(false);
  });
});

describe('server input', () => {
  it('rejects bad names and unknown providers with the valid choices', () => {
    expect(() => parseInput(createVpsSchema, { name: 'Prod_1', type: 'cx22', region: 'fsn1' })).toThrow(/lowercase/);
    expect(() => parseInput(createVpsSchema, { provider: 'aws', name: 'p', type: 'cx22', region: 'fsn1' })).toThrow(/hetzner, digitalocean, vultr/);
    expect(parseInput(createVpsSchema, { provider: 'hetzner', name: 'prod-1', type: 'cx22', region: 'fsn1' }).name).toBe('prod-1');
  });
});
