/**
 * Domains end to end: the CLI program on the real client, the worker on the Temporal dev server,
 * the registrar simulator over HTTP. Rejected by the human (no register call), action_required
 * shown, a lost response after commit (one registration), check/search/list/get/update/transfer,
 * bad input before any provider call, and the confirmation showing exact prices.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';
import { run } from '../cli/harness';
import { handleApi } from '../../src/dashboard/routes';
import { renewalsCheck } from '../../src/operations/catalogue';
import { expectNoPlainText } from '../helpers/raw-history';

const REGISTER = /\/registrar\/registrations$/;

describe('domains end to end', () => {
  let sys: TestSystem;
  const on = (answers?: string[]) => ({ deps: { client: async () => sys.client }, isTTY: !!answers, answers });
  const posts = () => sys.requests('cloudflare', 'POST', REGISTER);

  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['cloudflare', 'hetzner'], hosts: false, dns: false } });
    sys.client.close = async () => undefined;
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('check and search print exact prices; list, get and update work on an owned domain', async () => {
    const check = await run(['dev', 'infra', 'domain', 'check', 'my-new-domain.com'], on());
    expect(check.exitCode).toBe(0);
    expect(check.out).toMatch(/available\s+true/);
    expect(check.out).toMatch(/price\s+10\.11 USD\/year/);
    const json = JSON.parse((await run(['dev', 'infra', 'domain', 'check', 'example.com', '--json'], on())).out);
    expect(json).toMatchObject({ domain: 'example.com', available: false, reason: 'domain_unavailable' });
    const search = await run(['dev', 'infra', 'domain', 'search', 'my-startup'], on());
    expect(search.out).toMatch(/^my-startup\.io\s+yes\s+32\.00 USD\s+50\.00 USD/m);
    expect(search.out).toMatch(/^mystartup\.com\s+no\s/m);

    const reg = await run(['dev', 'infra', 'domain', 'register', 'owned-one.com', '--years', '2', '--yes', '--json'], on());
    expect(reg.exitCode).toBe(0);
    const r = JSON.parse(reg.out);
    expect(r).toMatchObject({ domain: 'owned-one.com', status: 'registered', autoRenew: false });
    expect(r.nameservers.every((n: string) => n.endsWith('.ns.cloudflare.com'))).toBe(true);
    expect(r.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const line of reg.err.split('\n')) expect(line).toMatch(/^\[\d+\/\d+\] \S/);

    const list = await run(['dev', 'infra', 'domain', 'list'], on());
    expect(list.out).toMatch(/^owned-one\.com\s+registered\s+\d{4}-\d{2}-\d{2}\s+off\s+\S+\.ns\.cloudflare\.com/m);
    const upd = await run(['dev', 'infra', 'domain', 'update', 'owned-one.com', '--auto-renew', 'on'], on());
    expect(upd.out).toBe('Auto-renew for owned-one.com is on');
    expect(JSON.parse((await run(['dev', 'infra', 'domain', 'get', 'owned-one.com', '--json'], on())).out).autoRenew).toBe(true);
    const again = await run(['dev', 'infra', 'domain', 'register', 'owned-one.com', '--yes'], on());
    expect(again.exitCode).toBe(1);
    expect(again.err).toMatch(/already registered in your cloudflare account/);
    expect(posts()).toHaveLength(1);
    const missing = await run(['dev', 'infra', 'domain', 'get', 'not-mine-at-all.com'], on());
    expect(missing.exitCode).toBe(4);
  });

  test('the confirmation shows domain, years, price per year, total, renewal, auto-renew, non-refundable; a rejection calls no register', async () => {
    const before = posts().length;
    const r = await run(['dev', 'infra', 'domain', 'register', 'rejected-buy.io', '--years', '3', '--auto-renew'], on(['n']));
    expect(r.exitCode).toBe(5);
    expect(r.err).toContain('Register rejected-buy.io for 3 years at 32.00 USD/year (total 96.00 USD; renews at 50.00 USD/year, auto-renew on)? Registrations are non-refundable.');
    expect(r.err).toMatch(/nonRefundable\s+true/);
    expect(posts().length).toBe(before);
    expect((await sys.client.progress('domain-register:rejected-buy.io')).status).toBe('FAILED');
  });

  test('the dashboard API lists owned domains and a pending registration with its price', async () => {
    const list = await handleApi(sys.client, undefined, 'GET', new URL('http://dash/api/domains'), undefined, { user: 'test' });
    expect((list.body as { domains: Array<{ domain: string }> }).domains.map((d) => d.domain)).toContain('owned-one.com');
    const left = await run(['dev', 'infra', 'domain', 'register', 'dash-pending.app'], on());
    expect(left.err).toContain('approve: fazt dev infra approve domain-register:dash-pending.app');
    const pending = await handleApi(sys.client, undefined, 'GET', new URL('http://dash/api/pending'), undefined, { user: 'test' });
    const card = (pending.body as { pending: Array<{ workflowId: string; data: Record<string, unknown> }> }).pending.find((p) => p.workflowId === 'domain-register:dash-pending.app')!;
    expect(card.data).toMatchObject({ domain: 'dash-pending.app', pricePerYear: '14.00', total: '14.00', currency: 'USD', nonRefundable: true });
    await sys.client.reject('domain-register:dash-pending.app', { reason: 'test' });
  });

  test('action_required stops polling and shows what Cloudflare asks for (CLI and query)', async () => {
    const r = await run(['dev', 'infra', 'domain', 'register', 'action-needed.com', '--yes'], on());
    expect(r.exitCode).toBe(1);
    expect(r.err).toMatch(/cloudflare needs you to act before action-needed\.com is registered: Confirm the registrant email address/);
    const p = await sys.client.progress('domain-register:action-needed.com');
    expect(p.waiting).toMatchObject({ on: 'action' });
    expect(p.waiting!.detail).toMatch(/registrant email/);
  });

  test('a lost response after the order committed buys once', async () => {
    const before = sys.requests('cloudflare', 'POST', REGISTER).length;
    sys.sandbox.harness.cloudflare.faults.configure({ script: [{ kind: 'lost', method: 'POST', path: 'registrar/registrations$' }] });
    const r = await run(['dev', 'infra', 'domain', 'register', 'lost-answer.com', '--yes', '--json'], on());
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ domain: 'lost-answer.com', status: 'registered' });
    expect(sys.sandbox.harness.cloudflare.faults.injected.filter((f) => f.kind === 'lost')).toHaveLength(1);
    // The one order committed (its answer lost); the retry looked it up instead of ordering again.
    const orders = sys.requests('cloudflare', 'POST', REGISTER).slice(before);
    expect(orders.map((q) => q.status)).toEqual([-1]);
    const list = JSON.parse((await run(['dev', 'infra', 'domain', 'list', '--json'], on())).out) as Array<{ domain: string }>;
    expect(list.filter((d) => d.domain === 'lost-answer.com')).toHaveLength(1);
  });

  test('bad input fails before any provider call, listing what is wrong', async () => {
    const before = sys.requests('cloudflare').length;
    const cases: Array<[string[], RegExp]> = [
      [['check', 'nodot'], /needs at least two labels/],
      [['check', `${'a'.repeat(64)}.com`], /longer than 63/],
      [['check', 'two..dots.com'], /empty label/],
      [['register', 'fine-name.com', '--years', '11', '--yes'], /years must be 1 to 10/],
      [['register', 'fine-name.com', '--yes', '--json', '--first-name', 'A', '--last-name', 'B', '--email', 'no-at', '--phone', '555-1234', '--address', '1 St', '--city', 'X', '--postal-code', '1', '--country', 'USA'], /registrant\.email[\s\S]*registrant\.phone[\s\S]*registrant\.country/],
    ];
    for (const [args, msg] of cases) {
      const r = await run(['dev', 'infra', 'domain', ...args], on());
      expect(r.exitCode).toBe(2);
      expect(r.err + r.out).toMatch(msg);
    }
    expect(sys.requests('cloudflare').length).toBe(before);
    // IDN is checked and bought as punycode.
    const idn = JSON.parse((await run(['dev', 'infra', 'domain', 'check', 'bücher-laden.com', '--json'], on())).out);
    expect(idn.domain).toBe('xn--bcher-laden-thb.com');
    const premium = await run(['dev', 'infra', 'domain', 'register', 'abc.com', '--yes'], on());
    expect(premium).toMatchObject({ exitCode: 2 });
    expect(premium.err).toMatch(/premium/);
    const dashOnly = await run(['dev', 'infra', 'domain', 'register', 'my-thing.lol', '--yes'], on());
    expect(dashOnly.err).toMatch(/only in its dashboard/);
    expect(sys.requests('cloudflare', 'POST', REGISTER).some((q) => /abc\.com|my-thing/.test(q.path))).toBe(false);
  });

  test('transfer says the API cannot and names the dashboard step', async () => {
    const r = await run(['dev', 'infra', 'domain', 'transfer', 'elsewhere.com', '--auth-code', 'abc123', '--yes'], on());
    expect(r.exitCode).toBe(1);
    expect(r.err).toMatch(/cannot transfer elsewhere\.com in\. Start the transfer in the Cloudflare dashboard/);
    expect(r.err).not.toContain('abc123');
  });

  test('registrant data stays out of the audit trail', async () => {
    await run(['dev', 'infra', 'domain', 'register', 'with-contact.com', '--yes', '--first-name', 'Alice', '--last-name', 'Smithers', '--email', 'alice@example.com',
      '--phone', '+1.5551234567', '--address', '123 Main St', '--city', 'San Francisco', '--state', 'CA', '--postal-code', '94102', '--country', 'US'], on());
    await eventually(async () => (await sys.client.progress('domain-register:with-contact.com')).status === 'COMPLETED');
    const audit = fs.readFileSync(path.join(sys.dir, 'data', 'audit.jsonl'), 'utf8');
    expect(audit).toContain('with-contact.com');
    for (const pii of ['Smithers', 'alice@example.com', '5551234567', '123 Main St']) expect(audit).not.toContain(pii);
  });
  test('registrant data is sealed in the stored history, and the audit trail has none of it', async () => {
    const registrant = {
      firstName: 'Margarethe', lastName: 'Quillfeather', email: 'margarethe.q@example.org', phone: '+49.3012345678',
      address: '17 Lindenallee', city: 'Potsdam', state: 'Brandenburg', postalCode: '14467', country: 'DE',
    };
    const done = await sys.client.dev.infra.domain.register({ domain: 'sealed-contact.com', registrant }, { autoApprove: true });
    expect(done).toMatchObject({ domain: 'sealed-contact.com', status: 'registered' });
    const values = [registrant.firstName, registrant.lastName, registrant.email, registrant.phone, registrant.address, registrant.postalCode];
    await expectNoPlainText({ workflowId: 'domain-register:sealed-contact.com' }, values);
    const trail = fs.readFileSync(path.join(sys.dir, 'data', 'audit.jsonl'), 'utf8');
    for (const v of values) expect(trail).not.toContain(v);
  });

  test('the renewal watch reports an owned domain expiring with auto-renew off, not one that renews itself', async () => {
    await run(['dev', 'infra', 'domain', 'register', 'lapsing-soon.com', '--years', '1', '--yes'], on());
    const report = await sys.client.run(renewalsCheck, { withinDays: 365 });
    expect(report.reason).toBeUndefined();
    const names = report.expiring.map((d) => d.domain);
    expect(names).toContain('lapsing-soon.com');
    // owned-one.com has auto-renew on (first test) and two years left.
    expect(names).not.toContain('owned-one.com');
    expect(report.expiring.find((d) => d.domain === 'lapsing-soon.com')).toMatchObject({ provider: 'cloudflare', autoRenew: false, daysLeft: expect.any(Number) });
    const cli = await run(['dev', 'infra', 'renewals'], on());
    expect(cli.exitCode).toBe(0);
  });
  test('a configured account id is used as is (no account look-up); a wrong one fails clearly; a malformed one never gets stored', async () => {
    const cred = sys.store.resolveCredential('domain', 'cloudflare');
    const accounts = (await (await fetch(`${cred.endpoint}/accounts`, { headers: { authorization: `Bearer ${cred.token}` } })).json()) as { result: Array<{ id: string }> };
    const id = accounts.result[0].id;
    const bad = await run(['dev', 'config', 'infra.domain.cloudflare', '--account', 'not-an-account'], { deps: { configStore: () => sys.store } });
    expect(bad.exitCode).toBe(2);
    expect(bad.err).toContain('32 hex digits');
    expect(sys.store.resolveCredential('domain', 'cloudflare').account).toBeUndefined();
    expect(sys.store.setCredential('domain', 'cloudflare', { account: id }).display).toBe(`account ${id}`);
    const lookups = sys.requests('cloudflare', 'GET', /\/accounts$/).length;
    const check = await run(['dev', 'infra', 'domain', 'check', 'with-account.com', '--json'], on());
    expect(JSON.parse(check.out)).toMatchObject({ domain: 'with-account.com', available: true });
    expect(sys.requests('cloudflare', 'GET', /\/accounts$/)).toHaveLength(lookups);
    expect(sys.requests('cloudflare', 'POST', new RegExp(`/accounts/${id}/registrar/domain-check$`)).length).toBeGreaterThan(0);
    sys.store.setCredential('domain', 'cloudflare', { account: 'f'.repeat(32) });
    const wrong = await run(['dev', 'infra', 'domain', 'check', 'with-account.com'], on());
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.err).toMatch(/account/i);
    sys.store.setCredential('domain', 'cloudflare', { account: '' });
    expect(sys.store.resolveCredential('domain', 'cloudflare').account).toBeUndefined();
  });
});

