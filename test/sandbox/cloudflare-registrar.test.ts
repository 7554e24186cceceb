/**
 * The registrar simulator, driven through the official SDK (`client.registrar`,
 * `client.registrarSandbox`) and raw HTTP (status codes, headers): every response body is checked
 * against the SDK's response types (registrar-shapes.ts), the legacy `registrar/domains` paths
 * against the 2024 OpenAPI spec.
 */
import Cloudflare from 'cloudflare';
import type { z } from 'zod';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { CloudflareSpec } from '../helpers/openapi-cloudflare';
import { CheckResponse, envelope, ExtensionSchema, Failure, RegistrationSchema, WorkflowStatusSchema } from './registrar-shapes';

const contact = {
  email: 'alice@example.com', phone: '+1.5551234567',
  postal_info: { name: 'Alice Smith', address: { street: '123 Main St', city: 'San Francisco', state: 'CA', postal_code: '94102', country_code: 'US' } },
};

describe('cloudflare registrar simulator', () => {
  let sb: Sandbox;
  let account: string;
  let cf: Cloudflare;
  const problems: string[] = [];

  const raw = async (method: string, path: string, schema: z.ZodTypeAny, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${sb.urls.cloudflare}/accounts/${account}${path}`, {
      method, headers: { authorization: 'Bearer t', 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    const r = schema.safeParse(json);
    if (!r.success) problems.push(`${method} ${path} ${res.status}: ${r.error.message}`);
    return { status: res.status, headers: res.headers, body: json as any };
  };
  const poll = async (name: string, until: (s: string) => boolean, surface = 'registrar') => {
    for (;;) {
      const r = await raw('GET', `/${surface}/registrations/${name}/registration-status`, envelope(WorkflowStatusSchema));
      if (until(r.body.result.state)) return r.body.result;
      await new Promise((res) => setTimeout(res, 20));
    }
  };

  beforeAll(async () => {
    sb = await startSandbox({ providers: ['cloudflare'], hosts: false, dns: false, actionMs: 100 });
    cf = new Cloudflare({ apiToken: 't', baseURL: sb.urls.cloudflare, maxRetries: 0 });
    account = (await cf.accounts.list()).result[0].id;
  });
  afterAll(async () => {
    await sb?.stop();
  });
  afterEach(() => {
    const seen = problems.splice(0);
    expect(seen).toEqual([]);
  });

  it('checks up to 20 names with decimal-string prices and reasons', async () => {
    const r = await cf.registrar.check({ account_id: account, domains: ['my-new-domain.com', 'example.com', 'abc.com', 'thing.lol', 'thing.zz', 'thing.gov', 'x-startup.io'] });
    expect(CheckResponse.parse(r)).toEqual(r);
    const by = Object.fromEntries(r.domains.map((d) => [d.name, d]));
    expect(by['my-new-domain.com']).toEqual({ name: 'my-new-domain.com', registrable: true, tier: 'standard', pricing: { currency: 'USD', registration_cost: '10.11', renewal_cost: '10.11' } });
    expect(by['example.com'].reason).toBe('domain_unavailable');
    expect(by['abc.com']).toMatchObject({ registrable: false, tier: 'premium', reason: 'domain_premium' });
    expect(by['thing.lol'].reason).toBe('extension_not_supported_via_api');
    expect(by['thing.zz'].reason).toBe('extension_not_supported');
    expect(by['thing.gov'].reason).toBe('extension_disallows_registration');
    expect(by['x-startup.io'].pricing).toEqual({ currency: 'USD', registration_cost: '32.00', renewal_cost: '50.00' });
    const tooMany = await raw('POST', '/registrar/domain-check', Failure, { domains: Array.from({ length: 21 }, (_, i) => `n${i}-name.com`) });
    expect(tooMany.status).toBe(400);
  });

  it('suggests names from a query, several extensions, some taken', async () => {
    const r = await cf.registrar.search({ account_id: account, q: 'my-startup' });
    expect(CheckResponse.parse(r)).toEqual(r);
    const names = r.domains.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['my-startup.com', 'my-startup.io', 'my-startup.dev', 'mystartup.com']));
    expect(r.domains.find((d) => d.name === 'mystartup.com')!.registrable).toBe(false);
    const only = await cf.registrar.search({ account_id: account, q: 'my startup', extensions: ['dev', 'app'], limit: 3 });
    expect(only.domains).toHaveLength(3);
    expect(only.domains.every((d) => /\.(dev|app)$/.test(d.name))).toBe(true);
  });

  it('lists and gets extensions', async () => {
    const page = await cf.registrar.extensions.list({ account_id: account, per_page: 3 });
    const all: string[] = [];
    for await (const e of page) all.push(ExtensionSchema.parse(e).metadata.tld);
    expect(all).toEqual([...all].sort());
    expect(all).toContain('com');
    await raw('GET', '/registrar/extensions?per_page=2', envelope(z_array(ExtensionSchema), true));
    expect(ExtensionSchema.parse(await cf.registrar.extensions.get('io', { account_id: account })).metadata.tld).toBe('io');
    expect((await raw('GET', '/registrar/extensions/zz', Failure)).status).toBe(404);
  });

  it('registers inside the sync window (201), makes a zone with Cloudflare nameservers, and refuses a second registration', async () => {
    const r = await raw('POST', '/registrar/registrations', envelope(WorkflowStatusSchema), { domain_name: 'alpha-site.com', years: 2, auto_renew: true });
    expect(r.status).toBe(201);
    expect(r.body.result).toMatchObject({ state: 'succeeded', completed: true });
    const reg = RegistrationSchema.parse(await cf.registrar.registrations.get('alpha-site.com', { account_id: account }));
    expect(reg).toMatchObject({ status: 'active', auto_renew: true });
    expect(new Date(reg.expires_at!).getUTCFullYear() - new Date(reg.created_at).getUTCFullYear()).toBe(2);
    const zones = await cf.zones.list({ name: 'alpha-site.com' });
    expect(zones.result[0].name_servers.every((n) => n.endsWith('.ns.cloudflare.com'))).toBe(true);
    const again = await raw('POST', '/registrar/registrations', Failure, { domain_name: 'alpha-site.com' });
    expect(again.status).toBe(400);
    const check = await cf.registrar.check({ account_id: account, domains: ['alpha-site.com'] });
    expect(check.domains[0].reason).toBe('domain_unavailable');
  });

  it('answers 202 with Prefer: respond-async, then pending → in_progress → succeeded', async () => {
    const r = await raw('POST', '/registrar/registrations', envelope(WorkflowStatusSchema), { domain_name: 'slow-site.com' }, { Prefer: 'respond-async' });
    expect(r.status).toBe(202);
    expect(r.headers.get('preference-applied')).toBe('respond-async');
    expect(r.body.result).toMatchObject({ state: 'pending', completed: false });
    expect(r.body.result.links.self).toMatch(/\/registrar\/registrations\/slow-site\.com\/registration-status$/);
    expect((await cf.registrar.registrations.get('slow-site.com', { account_id: account })).status).toBe('registration_pending');
    const done = await poll('slow-site.com', (s) => s === 'succeeded');
    expect(done.completed).toBe(true);
    expect((await cf.registrar.registrationStatus.get('slow-site.com', { account_id: account })).state).toBe('succeeded');
  });

  it('scripts blocked, action_required and failed', async () => {
    await raw('POST', '/registrar/registrations', envelope(WorkflowStatusSchema), { domain_name: 'blocked-site.com' });
    expect((await poll('blocked-site.com', (s) => s === 'blocked')).completed).toBe(false);
    await poll('blocked-site.com', (s) => s === 'succeeded');
    await raw('POST', '/registrar/registrations', envelope(WorkflowStatusSchema), { domain_name: 'action-site.com' });
    const action = await poll('action-site.com', (s) => s === 'action_required');
    expect(action.context.action.message).toMatch(/registrant email/);
    await raw('POST', '/registrar/registrations', envelope(WorkflowStatusSchema), { domain_name: 'fail-site.com' });
    const failed = await poll('fail-site.com', (s) => s === 'failed');
    expect(failed).toMatchObject({ completed: true, error: { code: 'registry_error' } });
    expect((await raw('GET', '/registrar/registrations/fail-site.com', Failure)).status).toBe(404);
  });

  it('lists with a cursor and sorts; PATCH auto_renew with update-status', async () => {
    for (const n of ['c-list.com', 'a-list.com', 'b-list.com']) await cf.registrar.registrations.create({ account_id: account, domain_name: n });
    const names: string[] = [];
    for await (const r of cf.registrar.registrations.list({ account_id: account, per_page: 2, sort_by: 'name', direction: 'desc' })) names.push(RegistrationSchema.parse(r).domain_name);
    expect(names).toEqual([...names].sort().reverse());
    expect(names).toEqual(expect.arrayContaining(['a-list.com', 'b-list.com', 'c-list.com']));
    await raw('GET', '/registrar/registrations?per_page=2&sort_by=registry_expires_at', envelope(z_array(RegistrationSchema), true));
    const patched = await raw('PATCH', '/registrar/registrations/a-list.com', envelope(WorkflowStatusSchema), { auto_renew: true });
    expect(patched.status).toBe(200);
    expect((await cf.registrar.registrations.get('a-list.com', { account_id: account })).auto_renew).toBe(true);
    expect(WorkflowStatusSchema.parse(await cf.registrar.updateStatus.get('a-list.com', { account_id: account })).state).toBe('succeeded');
    expect((await raw('GET', '/registrar/registrations/b-list.com/update-status', Failure)).status).toBe(404);
  });

  it('refuses bad bodies, naming fields only; the sandbox surface needs contacts and makes no zone', async () => {
    const bad = await raw('POST', '/registrar/registrations', Failure, { domain_name: 'bad-body.com', years: 11, contacts: { registrant: { ...contact, phone: '555-1234', email: 'nope' } } });
    expect(bad.status).toBe(400);
    const text = JSON.stringify(bad.body);
    expect(text).toMatch(/years/);
    expect(text).toMatch(/phone/);
    expect(text).not.toMatch(/555-1234|Alice/);
    const noContacts = await raw('POST', '/registrar-sandbox/registrations', Failure, { domain_name: 'sandboxed.com' });
    expect(noContacts.body.errors[0].message).toMatch(/contacts.registrant/);
    const ok = await cf.registrarSandbox.registrations.create({ account_id: account, domain_name: 'sandboxed.com', contacts: { registrant: contact } });
    expect(WorkflowStatusSchema.parse(ok).state).toBe('succeeded');
    expect((await cf.zones.list({ name: 'sandboxed.com' })).result).toHaveLength(0);
    expect(CheckResponse.parse(await cf.registrarSandbox.check({ account_id: account, domains: ['sandboxed.com'] })).domains[0].reason).toBe('domain_unavailable');
    // Live and sandbox purchases are separate.
    expect((await cf.registrar.check({ account_id: account, domains: ['sandboxed.com'] })).domains[0].registrable).toBe(true);
  });

  it('serves the legacy registrar/domains paths as the 2024 spec says', async () => {
    const spec = new CloudflareSpec();
    const seen: string[] = [];
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${sb.urls.cloudflare}/accounts/${account}${path}`, { method, headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      const json = await res.json();
      const c = spec.check(method, `/accounts/${account}${path}`, res.status, json);
      if (c.operation) seen.push(`${method} ${c.operation.template}`);
      if (res.status < 400 && (!c.checked || c.errors.length > 0)) problems.push(`${method} ${path}: ${c.errors.join('; ')}`);
      return { status: res.status, body: json as any };
    };
    const list = await call('GET', '/registrar/domains');
    expect(list.body.result.map((d: any) => d.id && d.current_registrar)).toContain('Cloudflare');
    await call('GET', '/registrar/domains/alpha-site.com');
    const put = await call('PUT', '/registrar/domains/alpha-site.com', { auto_renew: false, locked: false, privacy: true });
    expect(put.body.result.locked).toBe(false);
    expect((await cf.registrar.registrations.get('alpha-site.com', { account_id: account })).auto_renew).toBe(false);
    expect((await call('GET', '/registrar/domains/nobody-here.com')).status).toBe(404);
    expect(new Set(seen)).toEqual(new Set(['GET /accounts/{account_id}/registrar/domains', 'GET /accounts/{account_id}/registrar/domains/{domain_name}', 'PUT /accounts/{account_id}/registrar/domains/{domain_name}']));
  });

  it('has schemas that bite', () => {
    expect(WorkflowStatusSchema.safeParse({ state: 'done', completed: true, created_at: 'x', updated_at: 'x', links: { self: '' } }).success).toBe(false);
    expect(CheckResponse.safeParse({ domains: [{ name: 'a.com', registrable: true, pricing: { currency: 'USD', registration_cost: 10.11, renewal_cost: '1' } }] }).success).toBe(false);
  });
});

function z_array(s: z.ZodTypeAny) {
  return s.array();
}
