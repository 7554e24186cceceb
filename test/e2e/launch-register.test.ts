/**
 * `fazt dev infra launch blog.<new domain> --register` from nothing: one confirmation listing the
 * domain price, the server price and the total; the domain is bought, becomes a zone, and the
 * launch flow runs on it. A rejection buys and creates nothing.
 */
import { startSystem, type TestSystem } from '../helpers/system';
import { run } from '../cli/harness';

describe('launch --register', () => {
  let sys: TestSystem;
  const on = (answers?: string[]) => ({ deps: { client: async () => sys.client }, isTTY: !!answers, answers });

  beforeAll(async () => {
    sys = await startSystem({ settings: { 'infra.vps.default': 'hetzner' } });
    sys.client.close = async () => undefined;
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('buys the domain, makes it a zone and launches on it, after one confirmation of everything', async () => {
    const r = await run(['dev', 'infra', 'launch', 'blog.my-new-domain.com', '--register'], on(['y']));
    expect(r.exitCode).toBe(0);
    const reason = r.err.split('\n').find((l) => l.startsWith('Launch blog.my-new-domain.com on a new domain'))!;
    expect(reason).toMatch(/register my-new-domain\.com for 1 year \(10\.11 USD, non-refundable\) and create a cx22 server in fsn1 at hetzner \(\d+\.\d{2} EUR\/month\)\. Total: 10\.11 USD \+ \d+\.\d{2} EUR\?/);
    expect(r.out).toMatch(/^Registered my-new-domain\.com \(expires \d{4}-\d{2}-\d{2}\)/);
    expect(r.out).toMatch(/Launched blog\.my-new-domain\.com on blog-my-new-domain-com/);
    expect(sys.requests('cloudflare', 'POST', /registrar\/registrations$/)).toHaveLength(1);
    const zones = await sys.client.dev.infra.dns.zones();
    expect(zones.map((z) => z.zone)).toContain('my-new-domain.com');
    const records = await sys.client.dev.infra.dns.records('my-new-domain.com');
    expect(records.some((x) => x.name === 'blog' && x.type === 'A')).toBe(true);
  });

  it('a rejection buys nothing and creates nothing', async () => {
    const before = sys.requests('cloudflare', 'POST', /registrar\/registrations$/).length;
    const r = await run(['dev', 'infra', 'launch', 'www.never-bought.com', '--register'], on(['n']));
    expect(r.exitCode).toBe(5);
    expect(sys.requests('cloudflare', 'POST', /registrar\/registrations$/)).toHaveLength(before);
    expect((await sys.client.dev.infra.vps.list()).some((s) => s.name.includes('never-bought'))).toBe(false);
  });
});
