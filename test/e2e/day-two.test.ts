/**
 * Issue 10 end to end: Temporal Schedules created by the worker (idempotent, pause/resume/trigger,
 * validated), drift made by changing the sandbox directly through the providers' APIs (a server
 * deleted, a record's content and TTL changed, a record deleted) reported as data and fixed by
 * `drift --fix` through the normal operations, a provider that is down reported `unknown`, the
 * last health in `vps list`, and the costs table. Real Temporal, sandbox over HTTP.
 */
import { Client, Connection } from '@temporalio/client';
import { handleApi } from '../../src/dashboard/routes';
import type { DriftReport } from '../../src/domain/drift';
import { providerDescriptor } from '../../src/providers/registry';
import { scheduleApi } from '../../src/client/schedules';
import { SCHEDULES, scheduleId } from '../../src/schedules/definitions';
import { startSystem, type TestSystem } from '../helpers/system';
import { temporalAddress } from '../helpers/temporal';
import { run } from '../cli/harness';
import type { FakeInfraClient } from '../helpers/fake-client';

const ZONE = 'drift.example';
const INTERVALS = { 'drift-check': '12h', 'health-sweep': '12h' } as const;

describe('day two: schedules, drift, health and costs', () => {
  let sys: TestSystem;
  let connection: Connection;
  let temporal: Client;
  const cli = (...args: string[]) => run(['dev', 'infra', ...args], { client: sys.client as unknown as FakeInfraClient });
  const adapters = (provider: string) => {
    const cred = sys.store.resolveCredential(provider === 'cloudflare' ? 'dns' : 'vps', provider);
    return providerDescriptor(provider).create({ token: cred.token, endpoint: cred.endpoint });
  };
  const zoneRef = () => ({ id: sys.store.zones().find((z) => z.zone === ZONE)!.zoneId!, name: ZONE });

  beforeAll(async () => {
    sys = await startSystem({ zones: [{ zone: ZONE, provider: 'cloudflare' }], schedules: INTERVALS });
    connection = await Connection.connect({ address: temporalAddress() });
    temporal = new Client({ connection, dataConverter: sys.dataConverter });
  });
  afterAll(async () => {
    for (const s of SCHEDULES) await temporal?.schedule.getHandle(scheduleId(s.name, sys.taskQueue)).delete().catch(() => undefined);
    await sys?.stop();
    await connection?.close();
  });

  it('the worker created its schedules in Temporal; creating again neither fails nor duplicates, a changed interval updates', async () => {
    for (const s of SCHEDULES) {
      const d = await temporal.schedule.getHandle(scheduleId(s.name, sys.taskQueue)).describe();
      expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: s.workflow, taskQueue: sys.taskQueue });
    }
    expect(sys.workers.schedules.map((s) => [s.name, s.every])).toEqual([['drift-check', '12h'], ['health-sweep', '12h'], ['renewal-watch', '1d']]);
    const api = scheduleApi(temporal, sys.taskQueue);
    const again = await api.ensure(INTERVALS);
    expect(again.map((s) => s.id)).toEqual(sys.workers.schedules.map((s) => s.id));
    expect((await api.ensure({ 'drift-check': '6h' })).find((s) => s.name === 'drift-check')!.every).toBe('6h');
    const listed = await cli('schedules', '--json');
    expect(listed.exitCode).toBe(0);
    expect(JSON.parse(listed.out).map((s: { name: string; every: string }) => `${s.name}=${s.every}`)).toEqual(['drift-check=6h', 'health-sweep=12h', 'renewal-watch=1d']);
    expect((await cli('schedules')).out).toMatch(/drift-check\s+6h\s+active/);
  });

  it('pause, resume and set from the CLI; bad intervals and unknown names are INFRA_INVALID_INPUT', async () => {
    expect(JSON.parse((await cli('schedules', 'pause', 'drift-check', '--json')).out)).toMatchObject({ name: 'drift-check', paused: true });
    expect((await temporal.schedule.getHandle(scheduleId('drift-check', sys.taskQueue)).describe()).state.paused).toBe(true);
    expect(JSON.parse((await cli('schedules', 'resume', 'drift-check', '--json')).out)).toMatchObject({ paused: false });
    expect(JSON.parse((await cli('schedules', 'set', 'drift-check', '12h', '--json')).out)).toMatchObject({ every: '12h' });
    for (const args of [['set', 'drift-check', '5x'], ['set', 'drift-check', '10s'], ['set', 'drift-check'], ['pause', 'nope'], ['frobnicate', 'drift-check']]) {
      const r = await cli('schedules', ...args, '--json');
      expect(r.exitCode).toBe(2);
      expect(JSON.parse(r.out).error.code).toBe('INFRA_INVALID_INPUT');
    }
    await expect(scheduleApi(temporal, sys.taskQueue).ensure({ 'drift-check': 'hourly' })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
  });

  let serverId = '';
  it('drift: nothing drifted right after fazt made it', async () => {
    const infra = sys.client.dev.infra;
    const server = await infra.vps.create({ provider: 'hetzner', name: 'drift-web', type: 'cx22', region: 'fsn1' }, { autoApprove: true });
    serverId = server.id;
    await infra.dns.set(ZONE, { type: 'A', name: 'www', content: '192.0.2.1', proxied: false });
    await infra.dns.set(ZONE, { type: 'TXT', name: 'note', content: 'hello', ttl: 300 });
    await infra.dns.set(ZONE, { type: 'A', name: 'gone', content: '192.0.2.3', proxied: false });
    const r = await cli('drift', '--json');
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.out) as DriftReport;
    expect(report.drift).toEqual([]);
    expect(report.providers).toEqual(expect.arrayContaining([
      expect.objectContaining({ provider: 'hetzner', status: 'ok', checked: 1 }),
      expect.objectContaining({ provider: 'cloudflare', status: 'ok', checked: 3 }),
    ]));
  });

  it('drift made at the providers directly is reported (one list per provider and zone), never fixed silently', async () => {
    await adapters('hetzner').vps!.destroy(serverId.split(':')[1]);
    const dns = adapters('cloudflare').dns!;
    await dns.setRecords(zoneRef(), { name: 'www', type: 'A', records: [{ type: 'A', name: 'www', content: '192.0.2.99', ttl: 300, proxied: false }] });
    await dns.setRecords(zoneRef(), { name: 'note', type: 'TXT', records: [{ type: 'TXT', name: 'note', content: 'hello', ttl: 3600 }] });
    await dns.deleteRecords(zoneRef(), 'gone', 'A');
    const hBefore = sys.requests('hetzner').length;
    const cBefore = sys.requests('cloudflare').length;
    const r = await cli('drift', '--json');
    const report = JSON.parse(r.out) as DriftReport;
    const issues = report.drift.map((d) => `${d.id} ${d.issue}`).sort();
    expect(issues).toEqual([`${ZONE}/gone/A record-removed`, `${ZONE}/note/TXT ttl-changed`, `${ZONE}/www/A content-changed`, `${serverId} deleted`].sort());
    expect(report.drift.find((d) => d.issue === 'content-changed')).toMatchObject({ known: '192.0.2.1', live: '192.0.2.99' });
    expect(sys.requests('hetzner').slice(hBefore).map((q) => `${q.method} ${q.path.split('?')[0]}`)).toEqual(['GET /v1/servers']);
    expect(sys.requests('cloudflare').slice(cBefore).map((q) => `${q.method} ${q.path.split('?')[0]}`)).toEqual([`GET /client/v4/zones/${zoneRef().id}/dns_records`]);
    // Still drifted: the check changed nothing.
    expect((await sys.client.dev.infra.dns.records(ZONE)).find((x) => x.name === 'www')?.content).toBe('192.0.2.99');
    // The table and the dashboard panel show the same report.
    expect((await cli('drift')).out).toMatch(/record\s+cloudflare\s+drift\.example\/www\/A\s+content-changed\s+192\.0\.2\.1\s+192\.0\.2\.99/);
    const panel = await handleApi(sys.client, undefined, 'GET', new URL('http://x/api/drift'), null, { user: 'test' });
    expect((panel.body as { drift: DriftReport }).drift.drift).toHaveLength(4);
    // Orphans, the other way: a server fazt knows that the provider no longer has.
    const orphans = JSON.parse((await cli('orphans', '--json')).out);
    expect(orphans).toEqual([expect.objectContaining({ kind: 'missing', id: serverId, monthlyCost: expect.any(Number), currency: 'EUR' })]);
  });

  it('a provider that is down is unknown and the check completes for the others', async () => {
    sys.sandbox.harness.hetzner.faults.configure({ rates: { '5xx': 1 } });
    try {
      const report = JSON.parse((await cli('drift', '--json')).out) as DriftReport;
      expect(report.providers.find((p) => p.provider === 'hetzner')).toMatchObject({ status: 'unknown', reason: expect.stringContaining('INFRA_') });
      expect(report.providers.find((p) => p.provider === 'cloudflare')).toMatchObject({ status: 'ok' });
      expect(report.drift.filter((d) => d.kind === 'record')).toHaveLength(3);
    } finally {
      sys.sandbox.harness.hetzner.faults.clear();
    }
  });

  it('drift --fix re-applies the records and orders the deleted server again through the normal operations', async () => {
    const r = await cli('drift', '--fix', '--yes', '--json');
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.out).fixed).toEqual(expect.arrayContaining([`re-applied 3 record(s) in ${ZONE}`, 'ordered drift-web again at hetzner']));
    const records = await sys.client.dev.infra.dns.records(ZONE);
    expect(records.find((x) => x.name === 'www')).toMatchObject({ content: '192.0.2.1' });
    expect(records.find((x) => x.name === 'note')).toMatchObject({ ttl: 300 });
    expect(records.find((x) => x.name === 'gone')).toMatchObject({ content: '192.0.2.3' });
    const after = JSON.parse((await cli('drift', '--json')).out) as DriftReport;
    expect(after.drift).toEqual([]);
  });

  it('the health sweep runs when triggered; vps list and the dashboard show the last health with when', async () => {
    const before = (await scheduleApi(temporal, sys.taskQueue).list()).find((s) => s.name === 'health-sweep')!.runs;
    expect((await cli('schedules', 'trigger', 'health-sweep')).exitCode).toBe(0);
    let health: { servers: Array<{ name: string; health: string; at: string }> } | null = null;
    for (let i = 0; i < 300 && !health?.servers.some((s) => s.name === 'drift-web'); i++) {
      await new Promise((res) => setTimeout(res, 100));
      health = JSON.parse((await cli('health', '--json')).out);
    }
    expect(health!.servers).toEqual([expect.objectContaining({ name: 'drift-web', health: expect.stringMatching(/^(healthy|degraded|unreachable)$/), at: expect.any(String) })]);
    expect((await scheduleApi(temporal, sys.taskQueue).list()).find((s) => s.name === 'health-sweep')!.runs).toBeGreaterThan(before);
    const list = await cli('vps', 'list');
    expect(list.out).toMatch(/HEALTH/);
    expect(list.out).toMatch(new RegExp(`drift-web.*${health!.servers[0].health} \\(${health!.servers[0].at.replace(/[.]/g, '\\.')}\\)`));
    const api = await handleApi(sys.client, undefined, 'GET', new URL('http://x/api/health'), null, { user: 'test' });
    expect((api.body as { health: { servers: unknown[] } }).health.servers).toHaveLength(1);
  });

  it('costs: per provider connected, server count and monthly total in its currency; DNS zones and plan', async () => {
    const servers = await sys.client.dev.infra.vps.list();
    const r = await cli('costs', '--json');
    const cards = JSON.parse(r.out);
    const hetzner = cards.vps.find((c: { provider: string }) => c.provider === 'hetzner');
    expect(hetzner).toMatchObject({ servers: servers.length, currency: 'EUR', configured: true });
    expect(hetzner.monthlyCost).toBeCloseTo(servers.reduce((n, s) => n + (s.monthlyCost ?? 0), 0), 2);
    expect(cards.dns.find((c: { provider: string }) => c.provider === 'cloudflare')).toMatchObject({ zones: 1, configured: true });
    const text = (await cli('costs')).out;
    expect(text).toMatch(new RegExp(`Hetzner\\S*\\s+yes\\s+${servers.length}\\s+${hetzner.monthlyCost.toFixed(2)} EUR`));
    expect(text).toMatch(/Cloudflare\s+yes\s+1\s+\d+/);
  });

  it('renewal watch: the sandbox Cloudflare account (a registrar) owns no domain here, so nothing expires', async () => {
    const r = JSON.parse((await cli('renewals', '--json')).out);
    expect(r).toMatchObject({ domains: 0, expiring: [] });
    expect(r.reason).toBeUndefined();
  });
});
