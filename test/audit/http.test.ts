/**
 * Every provider HTTP request leaves an intent before it is sent and an outcome after it: checked
 * against what the sandbox saw during real VPS creates (Hetzner over our own client, DigitalOcean
 * over dots-wrapper's axios) and a DNS set (Cloudflare's SDK), plus a request that is refused and
 * one that never answers.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AuditLog, type HttpAuditRecord } from '../../src/audit';
import { withHttpAudit } from '../../src/audit/http';
import { HttpClient, codeForStatus } from '../../src/providers/http';
import { eventually } from '../helpers/eventually';
import { freePort } from '../helpers/free-port';
import { startSystem, type TestSystem } from '../helpers/system';

const ZONE = 'http-audit.test';

describe('per-request audit records on a real system', () => {
  let sys: TestSystem;
  let log: AuditLog;
  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['hetzner', 'digitalocean', 'cloudflare'], hosts: true, dns: false }, zones: [{ zone: ZONE, provider: 'cloudflare' }] });
    log = new AuditLog({ file: path.join(sys.dir, 'data', 'audit.jsonl') });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const httpSince = (seq: number) => [...log.entries()].filter((r): r is HttpAuditRecord & { seq: number } => (r.seq ?? 0) > seq && r.type === 'http');
  const lastSeq = () => log.verify().last?.seq ?? 0;

  it.each([
    { provider: 'hetzner', type: 'cx22', region: 'fsn1' },
    { provider: 'digitalocean', type: 's-1vcpu-1gb', region: 'fra1' },
  ] as const)('a VPS create on $provider: one intent and one outcome per request the provider saw', async ({ provider, type, region }) => {
    const seq = lastSeq();
    const before = sys.requests(provider).length;
    await sys.client.dev.infra.vps.create({ provider, name: `audited-${provider}`, type, region }, { autoApprove: true });
    const saw = sys.requests(provider).slice(before);
    expect(saw.length).toBeGreaterThan(2);
    const records = httpSince(seq).filter((r) => r.provider === provider);
    const intents = records.filter((r) => r.kind === 'http.intent');
    const outcomes = records.filter((r) => r.kind === 'http.outcome');
    expect(intents).toHaveLength(saw.length);
    expect(outcomes).toHaveLength(saw.length);
    // Each outcome follows its own intent in the chain, and says what the provider answered.
    for (const o of outcomes) {
      const i = intents.find((x) => x.callId === o.callId)!;
      expect(i.seq).toBeLessThan(o.seq);
      expect(o).toMatchObject({ method: i.method, path: i.path, activity: expect.any(String), workflowId: `vps-create:${provider}:audited-${provider}` });
      expect(o.durationMs).toBeGreaterThanOrEqual(0);
    }
    const key = (m: string, p: string) => `${m} ${p.split('?')[0]}`;
    expect(outcomes.map((o) => `${key(o.method, o.path)} ${o.status}`).sort()).toEqual(saw.map((s) => `${key(s.method, s.path)} ${s.status}`).sort());
    expect(outcomes.some((o) => o.method === 'POST' && o.status! < 300)).toBe(true);
    expect(outcomes.every((o) => Object.keys(o.rateLimit ?? {}).length > 0)).toBe(true);
    if (provider === 'digitalocean') expect(outcomes.every((o) => typeof o.providerRequestId === 'string' && o.providerRequestId.length > 0)).toBe(true);
    // The activity records are still there, and the whole trail still verifies.
    expect(log.list({ workflowId: `vps-create:${provider}:audited-${provider}`, limit: 100 }).some((r) => r.type === 'vps.create' && r.success)).toBe(true);
    expect(log.verify()).toMatchObject({ ok: true });
    const text = fs.readFileSync(log.file, 'utf8');
    for (const s of sys.store.secrets()) expect(text).not.toContain(s);
  });

  it('a DNS set through the Cloudflare SDK records each of its requests too', async () => {
    const seq = lastSeq();
    const before = sys.requests('cloudflare').length;
    await sys.client.dev.infra.dns.set(ZONE, { type: 'A', name: 'www', content: '192.0.2.10', ttl: 300 });
    const saw = sys.requests('cloudflare').slice(before);
    const records = httpSince(seq).filter((r) => r.provider === 'cloudflare');
    expect(records.filter((r) => r.kind === 'http.intent')).toHaveLength(saw.length);
    expect(records.filter((r) => r.kind === 'http.outcome').map((r) => r.status).sort()).toEqual(saw.map((s) => s.status).sort());
  });
});

describe('requests that get no answer', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-http-audit-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const scope = (log: AuditLog) => ({ log, activity: 'listServers', workflowId: 'wf', runId: 'run', attempt: 1 });
  const client = (baseUrl: string, timeoutMs = 30_000) => new HttpClient({
    provider: 'hetzner', baseUrl, token: 'secret-token-abcdefgh', timeoutMs, classify: (status) => ({ ...codeForStatus(status), message: `HTTP ${status}` }),
  });

  it('connection refused: the intent, then an outcome with no status and the reason', async () => {
    const port = await freePort();
    const log = new AuditLog({ file: path.join(dir, 'audit.jsonl'), secrets: () => ['secret-token-abcdefgh'] });
    await expect(withHttpAudit(scope(log), () => client(`http://127.0.0.1:${port}/v1`).request('GET', '/servers', { query: { name: 'x', api_key: 'leak' } })))
      .rejects.toMatchObject({ code: 'INFRA_UNREACHABLE' });
    const rs = [...log.entries()] as HttpAuditRecord[];
    expect(rs.map((r) => r.kind)).toEqual(['http.intent', 'http.outcome']);
    expect(rs[0]).toMatchObject({ method: 'GET', path: '/v1/servers?name=x&api_key=%5BREDACTED%5D', provider: 'hetzner', workflowId: 'wf' });
    expect(rs[1]).toMatchObject({ callId: rs[0].callId, status: null, error: 'ECONNREFUSED' });
    expect(fs.readFileSync(log.file, 'utf8')).not.toContain('leak');
  });

  it('a request still waiting (or cut off by a crash) is already in the trail as an intent', async () => {
    const held: http.ServerResponse[] = [];
    const server = http.createServer((_req, res) => held.push(res));
    const sockets = new Set<net.Socket>();
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const log = new AuditLog({ file: path.join(dir, 'audit.jsonl') });
    try {
      const pending = withHttpAudit(scope(log), () => client(`http://127.0.0.1:${port}/v1`).request('POST', '/servers', { body: { name: 'x', user_data: '#cloud-config' } })).catch((e) => e);
      await eventually(async () => held.length === 1);
      const rs = [...log.entries()] as HttpAuditRecord[];
      expect(rs).toEqual([expect.objectContaining({ kind: 'http.intent', method: 'POST', path: '/v1/servers' })]);
      expect(fs.readFileSync(log.file, 'utf8')).not.toContain('cloud-config');
      held[0].writeHead(201, { 'content-type': 'application/json', 'ratelimit-remaining': '99' }).end('{"server":{}}');
      await pending;
      expect(([...log.entries()] as HttpAuditRecord[]).map((r) => [r.kind, r.status ?? null, r.rateLimit ?? null])).toEqual([
        ['http.intent', null, null], ['http.outcome', 201, { 'ratelimit-remaining': '99' }],
      ]);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
