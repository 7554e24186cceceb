/**
 * The Cloudflare simulator over real HTTP, driven by the official `cloudflare` SDK unchanged
 * (auto-pagination, create/update/delete, batch) and by plain fetch where the wire matters.
 */
import Cloudflare from 'cloudflare';
import { startSandbox, type Sandbox } from '../../src/sandbox';

describe('cloudflare simulator', () => {
  let sb: Sandbox;
  let cf: Cloudflare;
  let accountId: string;
  let base: string;

  const raw = async (method: string, path: string, body?: unknown, token = 'test-token') => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as any };
  };
  const newZone = async (name: string) => (await cf.zones.create({ name, account: { id: accountId }, type: 'full' })).id;

  beforeAll(async () => {
    sb = await startSandbox({ providers: ['cloudflare'], hosts: false, dns: false });
    base = sb.urls.cloudflare;
    cf = new Cloudflare({ apiToken: 'test-token', apiKey: null, apiEmail: null, userServiceKey: null, baseURL: base, maxRetries: 0 });
    accountId = (await cf.accounts.list()).result[0].id;
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('creates zones with 32-hex ids and Cloudflare nameservers, rejects duplicates with 1061', async () => {
    const z = await cf.zones.create({ name: 'zones-test.com', account: { id: accountId }, type: 'full' });
    expect(z.id).toMatch(/^[0-9a-f]{32}$/);
    expect(z.status).toBe('active');
    expect(z.name_servers).toHaveLength(2);
    for (const ns of z.name_servers) expect(ns).toMatch(/^[a-z]+\.ns\.cloudflare\.com$/);
    const dup = await raw('POST', '/zones', { name: 'zones-test.com', account: { id: accountId } });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ success: false, errors: [{ code: 1061, message: 'zones-test.com already exists' }], messages: [], result: null });
    const found = await cf.zones.list({ name: 'zones-test.com' });
    expect(found.result.map((x) => x.id)).toEqual([z.id]);
    expect((await cf.zones.get({ zone_id: z.id })).name).toBe('zones-test.com');
    await cf.zones.delete({ zone_id: z.id });
    const gone = await raw('GET', `/zones/${z.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.success).toBe(false);
  });

  it('lists records with auto-pagination and every filter the adapter uses', async () => {
    const zone = await newZone('list-test.com');
    for (let i = 0; i < 12; i++) {
      await cf.dns.records.create({ zone_id: zone, type: 'A', name: `h${i}`, content: `192.0.2.${i}`, ttl: 300, comment: i % 2 ? 'fazt-managed' : 'mine' });
    }
    await cf.dns.records.create({ zone_id: zone, type: 'TXT', name: '@', content: '"v=spf1 -all"', ttl: 1, tags: ['owner:fazt'] });
    const all: string[] = [];
    for await (const r of cf.dns.records.list({ zone_id: zone, per_page: 5 })) all.push(r.name);
    expect(all).toHaveLength(13);
    expect(new Set(all).size).toBe(13);
    expect(all.every((n) => n.endsWith('list-test.com'))).toBe(true);

    const page = await cf.dns.records.list({ zone_id: zone, per_page: 5, page: 2 });
    expect(page.result_info).toMatchObject({ page: 2, per_page: 5, count: 5 });
    expect((page as any).body.result_info).toEqual({ page: 2, per_page: 5, count: 5, total_count: 13, total_pages: 3 });

    const exact = await cf.dns.records.list({ zone_id: zone, type: 'A', name: { exact: 'H3.list-test.com' } });
    expect(exact.result.map((r) => r.content)).toEqual(['192.0.2.3']);
    const byComment = await cf.dns.records.list({ zone_id: zone, comment: { startswith: 'fazt-' } });
    expect(byComment.result).toHaveLength(6);
    const present = await cf.dns.records.list({ zone_id: zone, comment: { present: '' } });
    expect(present.result).toHaveLength(12);
    const byTag = await cf.dns.records.list({ zone_id: zone, tag: { exact: 'owner:fazt' } });
    expect(byTag.result.map((r) => r.type)).toEqual(['TXT']);
    const byContent = await cf.dns.records.list({ zone_id: zone, content: { exact: '192.0.2.7' } });
    expect(byContent.result.map((r) => r.name)).toEqual(['h7.list-test.com']);
    const any = await cf.dns.records.list({ zone_id: zone, match: 'any', content: { exact: '192.0.2.1' }, name: { exact: 'h2.list-test.com' } });
    expect(any.result.map((r) => r.name).sort()).toEqual(['h1.list-test.com', 'h2.list-test.com']);
    const desc = await cf.dns.records.list({ zone_id: zone, type: 'A', order: 'content', direction: 'desc', per_page: 2 });
    expect(desc.result.map((r) => r.content)).toEqual(['192.0.2.9', '192.0.2.8']);
  });

  it('creates, reads, updates (PUT/PATCH) and deletes a record through the SDK', async () => {
    const zone = await newZone('crud-test.com');
    const rec = await cf.dns.records.create({ zone_id: zone, type: 'A', name: 'www', content: '192.0.2.1', ttl: 300, proxied: true });
    expect(rec).toMatchObject({ name: 'www.crud-test.com', type: 'A', content: '192.0.2.1', proxied: true, proxiable: true, ttl: 1 });
    expect(rec.id).toMatch(/^[0-9a-f]{32}$/);
    const put = await cf.dns.records.update(rec.id, { zone_id: zone, type: 'A', name: 'www.crud-test.com', content: '192.0.2.2', ttl: 120 });
    expect(put).toMatchObject({ content: '192.0.2.2', ttl: 120, proxied: false });
    const patched = await cf.dns.records.edit(rec.id, { zone_id: zone, comment: 'hello' } as any);
    expect(patched).toMatchObject({ content: '192.0.2.2', ttl: 120, comment: 'hello' });
    expect((await cf.dns.records.get(rec.id, { zone_id: zone })).comment).toBe('hello');
    expect(await cf.dns.records.delete(rec.id, { zone_id: zone })).toEqual({ id: rec.id });
    const missing = await raw('GET', `/zones/${zone}/dns_records/${rec.id}`);
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].code).toBe(81044);
  });

  it('answers an exact duplicate POST with 81057 and enforces CNAME and NS exclusivity', async () => {
    const zone = await newZone('conflict-test.com');
    await cf.dns.records.create({ zone_id: zone, type: 'A', name: 'a', content: '192.0.2.1', ttl: 60 });
    const dup = await raw('POST', `/zones/${zone}/dns_records`, { type: 'A', name: 'a.conflict-test.com', content: '192.0.2.1', ttl: 300 });
    expect(dup.status).toBe(400);
    expect(dup.body.errors).toEqual([{ code: 81057, message: 'Record already exists.' }]);
    // A second A with other content is fine: Cloudflare allows several records per (name, type).
    await cf.dns.records.create({ zone_id: zone, type: 'A', name: 'a', content: '192.0.2.2', ttl: 60 });
    const cname = await raw('POST', `/zones/${zone}/dns_records`, { type: 'CNAME', name: 'a', content: 'example.net', ttl: 60 });
    expect(cname.status).toBe(400);
    expect(cname.body.errors[0].code).toBe(81053);
    await cf.dns.records.create({ zone_id: zone, type: 'CNAME', name: 'c', content: 'example.net', ttl: 60 });
    const aBeside = await raw('POST', `/zones/${zone}/dns_records`, { type: 'AAAA', name: 'c', content: '2001:db8::1', ttl: 60 });
    expect(aBeside.body.errors[0].code).toBe(81053);
    const txtBeside = await raw('POST', `/zones/${zone}/dns_records`, { type: 'TXT', name: 'c', content: '"x"', ttl: 60 });
    expect(txtBeside.body.errors[0].code).toBe(81054);
    await cf.dns.records.create({ zone_id: zone, type: 'NS', name: 'sub', content: 'ns1.example.net', ttl: 3600 });
    const nsBeside = await raw('POST', `/zones/${zone}/dns_records`, { type: 'TXT', name: 'sub', content: '"x"', ttl: 60 });
    expect(nsBeside.body.errors[0].code).toBe(81056);
    const records = await cf.dns.records.list({ zone_id: zone });
    expect(records.result).toHaveLength(4);
  });

  it('validates ttl, proxied, MX priority, CAA data, content and bad JSON with Cloudflare bodies', async () => {
    const zone = await newZone('valid-test.com');
    const post = (b: unknown) => raw('POST', `/zones/${zone}/dns_records`, b);
    const cases: Array<[unknown, number]> = [
      [{ type: 'A', name: 'x', content: '192.0.2.1', ttl: 30 }, 9021],
      [{ type: 'A', name: 'x', content: '192.0.2.1', ttl: 86401 }, 9021],
      [{ type: 'A', name: 'x', content: '192.0.2.1', ttl: '300' }, 9021],
      [{ type: 'TXT', name: 'x', content: '"t"', ttl: 60, proxied: true }, 1004],
      [{ type: 'MX', name: '@', content: 'mail.example.com', ttl: 60 }, 9101],
      [{ type: 'CAA', name: '@', ttl: 60, data: { flags: 0, tag: 'bogus', value: 'x' } }, 1004],
      [{ type: 'CAA', name: '@', ttl: 60 }, 1004],
      [{ type: 'A', name: 'x', content: 'not-an-ip', ttl: 60 }, 9005],
      [{ type: 'AAAA', name: 'x', content: '192.0.2.1', ttl: 60 }, 9006],
      [{ type: 'CNAME', name: 'x', content: 'x.valid-test.com', ttl: 60 }, 9007],
      [{ type: 'SPF', name: 'x', content: 'v', ttl: 60 }, 1004],
      [{ type: 'A', name: 'bad name!', content: '192.0.2.1', ttl: 60 }, 9000],
      [{ name: 'x', content: '192.0.2.1' }, 9207],
      [[1, 2], 9207],
    ];
    for (const [body, code] of cases) {
      const r = await post(body);
      expect({ body, status: r.status, code: r.body.errors[0]?.code }).toEqual({ body, status: 400, code });
      expect(r.body.success).toBe(false);
      expect(r.body.result).toBeNull();
    }
    const proxiedTxt = await post({ type: 'TXT', name: 'x', content: '"t"', ttl: 60, proxied: true });
    expect(proxiedTxt.body.errors[0].error_chain).toEqual([{ code: 9004, message: 'This record type cannot be proxied.' }]);
    const badJson = await raw('POST', `/zones/${zone}/dns_records`, '{"type":');
    expect(badJson.status).toBe(400);
    expect(badJson.body.errors[0].code).toBe(6007);
    expect((await cf.dns.records.list({ zone_id: zone })).result).toHaveLength(0);

    const mx = await cf.dns.records.create({ zone_id: zone, type: 'MX', name: '@', content: 'Mail.Example.com.', priority: 10, ttl: 1 });
    expect(mx).toMatchObject({ name: 'valid-test.com', content: 'mail.example.com', priority: 10, proxiable: false });
    const caa = await cf.dns.records.create({ zone_id: zone, type: 'CAA', name: '@', ttl: 3600, data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } });
    expect(caa).toMatchObject({ content: '0 issue "letsencrypt.org"', data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } });
    const unquoted = await raw('POST', `/zones/${zone}/dns_records`, { type: 'TXT', name: 'u', content: 'plain text', ttl: 60 });
    expect(unquoted.status).toBe(200);
    expect(unquoted.body.result.content).toBe('plain text');
    expect(unquoted.body.messages.length).toBe(1);
  });

  it('executes a batch in the order deletes, patches, puts, posts', async () => {
    const zone = await newZone('batch-order.com');
    const a = await cf.dns.records.create({ zone_id: zone, type: 'A', name: 'www', content: '192.0.2.1', ttl: 60 });
    const b = await cf.dns.records.create({ zone_id: zone, type: 'A', name: 'api', content: '192.0.2.2', ttl: 60 });
    const c = await cf.dns.records.create({ zone_id: zone, type: 'TXT', name: 't', content: '"one"', ttl: 60 });
    // The post re-creates exactly what the delete removes: only valid if deletes run first. The
    // CNAME post on `www` needs the A record gone too.
    const res = await cf.dns.records.batch({
      zone_id: zone,
      posts: [{ type: 'A', name: 'api', content: '192.0.2.2', ttl: 300 }, { type: 'CNAME', name: 'www', content: 'example.net', ttl: 60 }],
      puts: [{ id: c.id, type: 'TXT', name: 't.batch-order.com', content: '"two"', ttl: 60 }],
      patches: [{ id: c.id, ttl: 120 } as any],
      deletes: [{ id: a.id }, { id: b.id }],
    });
    expect(res.deletes?.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(res.patches?.[0]).toMatchObject({ id: c.id, ttl: 120, content: '"one"' });
    expect(res.puts?.[0]).toMatchObject({ id: c.id, ttl: 60, content: '"two"' });
    expect(res.posts?.map((r) => r.type)).toEqual(['A', 'CNAME']);
    const after = (await cf.dns.records.list({ zone_id: zone })).result.map((r) => `${r.type} ${r.name} ${r.content} ${r.ttl}`).sort();
    expect(after).toEqual(['A api.batch-order.com 192.0.2.2 300', 'CNAME www.batch-order.com example.net 60', 'TXT t.batch-order.com "two" 60']);
  });

  it('applies nothing when one operation of a batch is invalid', async () => {
    const zone = await newZone('batch-atomic.com');
    const a = await cf.dns.records.create({ zone_id: zone, type: 'A', name: 'keep', content: '192.0.2.1', ttl: 60 });
    const before = (await raw('GET', `/zones/${zone}/dns_records`)).body.result;
    const historyBefore = sb.sims.cloudflare.dnsSource!.records().length;
    const res = await raw('POST', `/zones/${zone}/dns_records/batch`, {
      deletes: [{ id: a.id }],
      patches: [],
      posts: [{ type: 'A', name: 'ok', content: '192.0.2.9', ttl: 60 }, { type: 'A', name: 'bad', content: 'nope', ttl: 60 }],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, result: null, errors: [{ code: 9005, source: { pointer: '/posts/1' } }] });
    expect((await raw('GET', `/zones/${zone}/dns_records`)).body.result).toEqual(before);
    const views = sb.sims.cloudflare.dnsSource!.records();
    expect(views).toHaveLength(historyBefore);
    expect(views.find((v) => v.fqdn === 'keep.batch-atomic.com')?.deletedAt).toBeUndefined();
  });

  it('refuses a batch over the free-plan size of 200 changes', async () => {
    const zone = await newZone('batch-size.com');
    const posts = Array.from({ length: 201 }, (_, i) => ({ type: 'A', name: `n${i}`, content: '192.0.2.1', ttl: 60 }));
    const res = await raw('POST', `/zones/${zone}/dns_records/batch`, { posts });
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
    expect((await cf.dns.records.list({ zone_id: zone })).result).toHaveLength(0);
    const okRes = await cf.dns.records.batch({ zone_id: zone, posts: posts.slice(0, 200) as any });
    expect(okRes.posts).toHaveLength(200);
  });

  it('sends Ratelimit headers on every response and a 429 with Retry-After and code 971', async () => {
    const r = await raw('GET', '/zones');
    expect(r.headers.get('ratelimit')).toMatch(/^"default";r=\d+;t=\d+$/);
    expect(r.headers.get('ratelimit-policy')).toBe('"default";q=1200;w=300');
    const small = await startSandbox({ providers: ['cloudflare'], hosts: false, dns: false, rateLimits: { cloudflare: 2 } });
    try {
      const get = () => fetch(`${small.urls.cloudflare}/zones`, { headers: { authorization: 'Bearer t' } });
      expect((await get()).status).toBe(200);
      const second = await get();
      expect(second.headers.get('ratelimit')).toMatch(/^"default";r=0;t=\d+$/);
      const limited = await get();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('ratelimit-policy')).toBe('"default";q=2;w=300');
      expect(await limited.json()).toEqual({
        success: false, errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }], messages: [], result: null,
      });
    } finally {
      await small.stop();
    }
  });

  it('answers a missing or unknown token with 10000 Authentication error (403)', async () => {
    const locked = await startSandbox({ providers: ['cloudflare'], hosts: false, dns: false, tokens: { cloudflare: ['good'] } });
    try {
      const res = await fetch(`${locked.urls.cloudflare}/zones`, { headers: { authorization: 'Bearer wrong' } });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ success: false, errors: [{ code: 10000, message: 'Authentication error' }], messages: [], result: null });
      const none = await fetch(`${locked.urls.cloudflare}/zones`);
      expect(none.status).toBe(403);
    } finally {
      await locked.stop();
    }
  });

  it('serves record history to the DNS servers and keeps state across dump/load', async () => {
    const zone = await newZone('history-test.com');
    const r = await cf.dns.records.create({ zone_id: zone, type: 'A', name: 'h', content: '192.0.2.1', ttl: 1, proxied: true });
    await cf.dns.records.edit(r.id, { zone_id: zone, content: '192.0.2.2' } as any);
    await cf.dns.records.create({ zone_id: zone, type: 'TXT', name: 'h', content: '"part one " "part two"', ttl: 60 });
    await cf.dns.records.create({ zone_id: zone, type: 'MX', name: '@', content: 'mx.example.net', priority: 5, ttl: 60 });
    const src = sb.sims.cloudflare.dnsSource!;
    expect(src.zones()).toContain('history-test.com');
    const views = src.records().filter((v) => v.fqdn.endsWith('history-test.com'));
    const a = views.filter((v) => v.fqdn === 'h.history-test.com' && v.type === 'A');
    expect(a.map((v) => [v.value, v.ttl, v.deletedAt === undefined])).toEqual([['192.0.2.1', 300, false], ['192.0.2.2', 300, true]]);
    expect(views.find((v) => v.type === 'TXT')?.value).toBe('part one part two');
    expect(views.find((v) => v.type === 'MX')?.value).toBe('5 mx.example.net');
    expect(views.filter((v) => v.type === 'NS' && v.fqdn === 'history-test.com')).toHaveLength(2);

    const dumped = JSON.parse(JSON.stringify(sb.sims.cloudflare.dump()));
    const restarted = await startSandbox({ providers: ['cloudflare'], hosts: false, dns: false });
    try {
      restarted.sims.cloudflare.load(dumped);
      const cf2 = new Cloudflare({ apiToken: 't', apiKey: null, apiEmail: null, baseURL: restarted.urls.cloudflare, maxRetries: 0 });
      const recs = await cf2.dns.records.list({ zone_id: zone, name: { exact: 'h.history-test.com' } });
      expect(recs.result.map((x) => x.content).sort()).toEqual(['"part one " "part two"', '192.0.2.2']);
      expect(restarted.sims.cloudflare.dnsSource!.records()).toEqual(src.records());
    } finally {
      await restarted.stop();
    }
  });

  it('answers unknown paths and unknown zones with the envelope', async () => {
    const r = await raw('GET', '/nope');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ success: false, result: null, errors: [{ code: 7000 }] });
    const z = await raw('GET', '/zones/0123456789abcdef0123456789abcdef/dns_records');
    expect(z.status).toBe(404);
    expect(z.body.errors[0].code).toBe(7003);
  });
});
