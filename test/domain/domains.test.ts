/** Domain inputs and exact money: punycode against Node's own IDNA, schema problems, cents arithmetic. */
import { domainToASCII } from 'node:url';
import { domainNameSchema, registerDomainSchema } from '../../src/domain/domains';
import { fromMinor, parseMoney, sum, times } from '../../src/domain/money';
import { toAsciiDomain } from '../../src/domain/punycode';

describe('domain names', () => {
  it('encodes IDN labels exactly as Node does', () => {
    for (const n of ['bücher.de', 'münchen.com', '例え.jp', 'ÜBER.com', 'café-crème.fr', 'plain-ascii.io', 'россия.рф']) {
      expect(toAsciiDomain(n)).toBe(domainToASCII(n));
    }
  });

  it('normalises trailing dots and case, and names what is wrong', () => {
    expect(domainNameSchema.parse(' Example.COM. ')).toBe('example.com');
    const bad = (v: string) => domainNameSchema.safeParse(v).error?.issues[0].message;
    expect(bad('nodot')).toMatch(/two labels/);
    expect(bad('example.com..')).toMatch(/more than one trailing dot/);
    expect(bad(`${'x'.repeat(64)}.com`)).toMatch(/longer than 63/);
    expect(bad('-bad.com')).toMatch(/invalid label/);
  });

  it('checks years, email, phone and country, listing every problem', () => {
    const r = registerDomainSchema.safeParse({
      domain: 'ok-name.com', years: 0,
      registrant: { firstName: 'A', lastName: 'B', email: 'x', phone: '5551234', address: 'a', city: 'c', postalCode: '1', country: 'usa' },
    });
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['registrant.country', 'registrant.email', 'registrant.phone', 'years']);
    expect(registerDomainSchema.parse({ domain: 'ok-name.com' })).toMatchObject({ years: 1, autoRenew: false, privacy: true });
  });
});

describe('money', () => {
  it('parses decimal strings to exact cents and adds without float artefacts', () => {
    expect(parseMoney('10.11', 'USD')).toEqual({ amount: '10.11', minor: 1011, currency: 'USD' });
    expect(parseMoney('0.1', 'USD').minor + parseMoney('0.2', 'USD').minor).toBe(30);
    expect(sum([parseMoney('0.10', 'USD'), parseMoney('0.20', 'USD')]).amount).toBe('0.30');
    expect(times(parseMoney('10.11', 'USD'), 3).amount).toBe('30.33');
    expect(fromMinor(5, 'EUR').amount).toBe('0.05');
    expect(() => parseMoney('1e3', 'USD')).toThrow(/not a decimal/);
    expect(() => sum([parseMoney('1', 'USD'), parseMoney('1', 'EUR')])).toThrow(/different currencies/);
  });
});
