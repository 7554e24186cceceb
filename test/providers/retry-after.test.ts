/**
 * The one Retry-After parser (seconds or HTTP-date, `retry-after-ms`, RateLimit-Reset) and the one
 * limiter key, shared by all three HTTP stacks; and a DigitalOcean 429 whose Retry-After is an
 * HTTP-date, served by the sandbox, read through dots-wrapper.
 */
import { providerDescriptor } from '../../src/providers/registry';

const digitalocean = providerDescriptor('digitalocean');
import { accountLimiter, limiterKey } from '../../src/providers/rate-limiter';
import { retryAfterMs } from '../../src/providers/retry-after';
import { startSandbox, type Sandbox } from '../../src/sandbox';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('retryAfterMs', () => {
  it('reads Retry-After as seconds (whole or fractional)', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }), NOW)).toBe(7000);
    expect(retryAfterMs(new Headers({ 'retry-after': ' 1.5 ' }), NOW)).toBe(1500);
  });

  it('reads Retry-After as an HTTP-date, and a date in the past as no wait', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 12:02:00 GMT' }), NOW)).toBe(120_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 11:59:00 GMT' }), NOW)).toBe(0);
  });

  it('prefers retry-after-ms, ignores garbage, and says nothing when nothing is sent', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), NOW)).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
    expect(retryAfterMs(new Headers(), NOW)).toBeUndefined();
    expect(retryAfterMs(undefined, NOW)).toBeUndefined();
  });

  it('falls back to RateLimit-Reset as epoch seconds where the provider sends it so', () => {
    const reset = String(NOW / 1000 + 10);
    expect(retryAfterMs(new Headers({ 'ratelimit-reset': reset }), NOW, { reset: 'epoch-seconds' })).toBe(10_000);
    expect(retryAfterMs(new Headers({ 'ratelimit-reset': reset }), NOW)).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'ratelimit-reset': reset, 'retry-after': '3' }), NOW, { reset: 'epoch-seconds' })).toBe(3000);
  });

  it('reads axios-style headers (plain objects and objects with get) the same way', () => {
    expect(retryAfterMs({ 'retry-after': 'Sun, 01 Mar 2026 12:00:30 GMT' }, NOW)).toBe(30_000);
    expect(retryAfterMs({ 'Retry-After': '4' }, NOW)).toBe(4000);
    expect(retryAfterMs({ get: (n: string) => (n === 'retry-after' ? '2' : undefined) }, NOW)).toBe(2000);
  });
});

describe('limiterKey', () => {
  it('is one key per provider, endpoint and token, whatever the stack spells the endpoint', () => {
    expect(limiterKey('digitalocean', 'http://127.0.0.1:1/v2/', 'tok')).toBe(limiterKey('digitalocean', 'http://127.0.0.1:1/v2', 'tok'));
    expect(limiterKey('digitalocean', 'http://x/v2', 'tok')).not.toContain('tok');
    expect(limiterKey('digitalocean', 'http://x/v2', 'a')).not.toBe(limiterKey('digitalocean', 'http://x/v2', 'b'));
    expect(accountLimiter('vultr', 'http://x/v2/', 't')).toBe(accountLimiter('vultr', 'http://x/v2', 't'));
  });
});

describe('a DigitalOcean 429 with an HTTP-date Retry-After', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ providers: ['digitalocean'], hosts: false, dns: false });
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('waits until that date', async () => {
    // HTTP-dates have whole seconds: ten minutes ahead, rounded down.
    const until = Math.floor((Date.now() + 600_000) / 1000) * 1000;
    sb.harness.digitalocean.faults.configure({ script: [{ kind: '429', retryAfter: new Date(until).toUTCString() }] });
    const p = digitalocean.create({ token: `ra-${Math.random()}`, endpoint: sb.urls.digitalocean, timeoutMs: 2000 });
    const err = await p.vps!.regions().catch((e) => e);
    expect(err).toMatchObject({ code: 'INFRA_RATE_LIMITED', provider: 'digitalocean' });
    expect(err.retryAfterMs).toBeGreaterThan(540_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(600_000);
  });
});
