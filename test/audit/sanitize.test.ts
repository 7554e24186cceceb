import { REDACTED, sanitize } from '../../src/audit';

describe('sanitize', () => {
  it('redacts secret-named keys at any depth and in arrays, case-insensitively', () => {
    const input = {
      name: 'prod-1',
      token: 'abc',
      Authorization: 'Bearer abc',
      nested: { apiKey: 'k', API_KEY: 'k2', privateKey: 'pk', private_key: 'pk2', root_password: 'pw', clientSecret: 's' },
      list: [{ password: 'p', ok: 1 }, { sshKeys: ['ssh-ed25519 AAAA laptop'] }],
      emptyToken: '',
    };
    expect(sanitize(input)).toEqual({
      name: 'prod-1',
      token: REDACTED,
      Authorization: REDACTED,
      nested: { apiKey: REDACTED, API_KEY: REDACTED, privateKey: REDACTED, private_key: REDACTED, root_password: REDACTED, clientSecret: REDACTED },
      list: [{ password: REDACTED, ok: 1 }, { sshKeys: ['ssh-ed25519 AAAA laptop'] }],
      emptyToken: '',
    });
    // Objects under a secret key go entirely.
    expect(sanitize({ credentials: { user: 'u', pass: 'p' } })).toEqual({ credentials: REDACTED });
  });

  it('scrubs known credentials from any string, exact or embedded', () => {
    const secret = 'hz_9f8e7d6c5b4a3210';
    const out = sanitize({ note: `Bearer ${secret}`, same: secret, deep: [[{ msg: `x${secret}y${secret}` }]], short: 'abc' }, { secrets: [secret, 'abc'] });
    expect(out).toEqual({ note: `Bearer ${REDACTED}`, same: REDACTED, deep: [[{ msg: `x${REDACTED}y${REDACTED}` }]], short: REDACTED });
    expect(JSON.stringify(out)).not.toContain(secret);
    // A short secret is only matched exactly, so it cannot shred ordinary text.
    expect(sanitize('abcdef', { secrets: ['abc'] })).toBe('abcdef');
  });

  it('truncates large strings after scrubbing, so a cut never leaves part of a secret', () => {
    const secret = 'S'.repeat(40);
    const userData = `#cloud-config\n${'x'.repeat(5000)}${secret}`;
    const out = sanitize({ user_data: userData }, { secrets: [secret], maxString: 100 }) as { user_data: string };
    expect(out.user_data.startsWith('#cloud-config\nxxx')).toBe(true);
    expect(out.user_data).toMatch(/…\[\d+ more chars\]$/);
    expect(out.user_data.length).toBeLessThan(130);
    expect(sanitize('y'.repeat(3000))).toHaveLength(2048 + '…[952 more chars]'.length);
  });

  it('turns non-JSON values into plain JSON and survives cycles and depth', () => {
    const cyclic: any = { a: 1 };
    cyclic.self = cyclic;
    const deep = { l1: { l2: { l3: { l4: 1 } } } };
    expect(sanitize({
      when: new Date('2025-01-02T03:04:05.000Z'), big: 10n, bytes: Buffer.from('secret!'), fn: () => 1, nan: NaN,
      err: new Error('boom'), map: new Map([['k', 'v']]), set: new Set([1, 2]),
    })).toEqual({
      when: '2025-01-02T03:04:05.000Z', big: '10', bytes: '[7 bytes]', nan: 'NaN', err: { name: 'Error', message: 'boom' }, map: { k: 'v' }, set: [1, 2],
    });
    expect(sanitize(cyclic)).toEqual({ a: 1, self: '[Circular]' });
    expect(sanitize(deep, { maxDepth: 2 })).toEqual({ l1: { l2: '[Truncated]' } });
    expect(sanitize(Array.from({ length: 5 }, (_, i) => i), { maxArray: 3 })).toEqual([0, 1, 2, '[2 more]']);
    expect(sanitize(undefined)).toBeNull();
  });
});
