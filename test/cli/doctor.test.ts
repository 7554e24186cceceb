/**
 * `fazt doctor` on the real system: against a working one every check passes (Temporal, the
 * worker's pollers and read socket, each configured provider with its rate budget, the dashboard);
 * a provider that cannot be reached or refuses its token, and a worker that is not there, each
 * show as a failed check that says what to fix, and the command exits 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startDashboard, type DashboardHandle } from '../../src/dashboard/server';
import { freePort } from '../helpers/free-port';
import { startSystem, type TestSystem } from '../helpers/system';
import { temporalAddress } from '../helpers/temporal';
import { run } from './harness';

interface Check {
  check: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix?: string;
}

describe('fazt doctor', () => {
  let sys: TestSystem;
  let dashboard: DashboardHandle;

  beforeAll(async () => {
    sys = await startSystem({
      sandbox: { providers: ['hetzner', 'cloudflare'], hosts: false, dns: false, tokens: { hetzner: ['hetzner-good-token'], cloudflare: ['cf-good-token'] } },
      zones: [{ zone: 'doctor.test', provider: 'cloudflare' }],
    });
    sys.client.close = async () => undefined;
    dashboard = await startDashboard({ client: sys.client, port: 0 });
    for (let i = 0; i < 50 && !fs.existsSync(sys.workers.readSocket!); i++) await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => {
    await dashboard?.close();
    await sys?.stop();
  });

  const args = (extra: string[] = []) => ['doctor', '--address', temporalAddress(), '--task-queue', sys.taskQueue, '--socket', sys.workers.readSocket!, '--dashboard', dashboard.url, ...extra];
  const doctor = async (extra: string[] = [], json = true) => {
    const r = await run([...args(extra), ...(json ? ['--json'] : [])], { deps: { client: async () => sys.client, configStore: () => sys.store } });
    return { ...r, report: json ? (JSON.parse(r.out) as { ok: boolean; checks: Check[] }) : undefined };
  };
  const byName = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.check, c]));

  it('passes every check on a working system, with each provider and its rate budget', async () => {
    const { exitCode, report } = await doctor();
    expect(exitCode).toBe(0);
    expect(report!.ok).toBe(true);
    const checks = byName(report!.checks);
    expect(Object.keys(checks)).toEqual(expect.arrayContaining(['temporal', 'worker pollers', 'worker read socket', 'vps hetzner', 'dns hetzner', 'dns cloudflare', 'dashboard']));
    for (const c of report!.checks) expect({ check: c.check, status: c.status }).toEqual({ check: c.check, status: 'ok' });
    expect(checks['vps hetzner'].detail).toMatch(new RegExp(`^token valid, ${sys.sandbox.urls.hetzner.replace(/\/+$/, '')} answered in \\d+ ms; \\d+ requests left`));
    expect(checks['worker pollers'].detail).toContain(`${sys.taskQueue}: `);
    expect(checks.dashboard.detail).toMatch(/answers \(sign-in required\)/);
    expect(JSON.stringify(report)).not.toContain('good-token');
  });

  it('prints a table of what is fine', async () => {
    const r = await doctor([], false);
    expect(r.exitCode).toBe(0);
    expect(r.out).toMatch(/^CHECK\s+STATUS\s+DETAIL$/m);
    expect(r.out).toMatch(/^vps hetzner\s+ok\s+token valid/m);
    expect(r.out).toContain('All checks passed');
  });

  it('names an unreachable provider and a refused token, says what to fix, exits 1', async () => {
    const before = sys.store.resolveCredential('dns', 'cloudflare');
    const hetzner = sys.store.resolveCredential('vps', 'hetzner');
    const closed = `http://127.0.0.1:${await freePort()}/v1`;
    sys.store.set('infra.vps.hetzner', undefined, { token: hetzner.token, endpoint: closed });
    sys.store.set('infra.dns.cloudflare', undefined, { token: 'cf-wrong-token', endpoint: before.endpoint });
    try {
      const { exitCode, report } = await doctor();
      expect(exitCode).toBe(1);
      expect(report!.ok).toBe(false);
      const checks = byName(report!.checks);
      expect(checks['vps hetzner']).toMatchObject({ status: 'fail', fix: 'fazt dev config infra.vps.hetzner --token <token> --endpoint <url>' });
      expect(checks['vps hetzner'].detail).toContain(`INFRA_UNREACHABLE: hetzner: cannot reach the API at ${closed}`);
      expect(checks['dns cloudflare']).toMatchObject({ status: 'fail' });
      expect(checks['dns cloudflare'].detail).toMatch(/^INFRA_UNAUTHORIZED: .*the token was refused/);
      expect(checks.temporal.status).toBe('ok');
      expect(JSON.stringify(report)).not.toContain('cf-wrong-token');

      const text = await doctor([], false);
      console.log(text.out);
      expect(text.exitCode).toBe(1);
      expect(text.out).toMatch(/^vps hetzner\s+FAIL\s+INFRA_UNREACHABLE/m);
      expect(text.out).toContain('To fix:');
      expect(text.out).toMatch(/2 problems found|3 problems found/);
    } finally {
      sys.store.set('infra.vps.hetzner', undefined, { token: hetzner.token, endpoint: hetzner.endpoint });
      sys.store.set('infra.dns.cloudflare', undefined, { token: before.token, endpoint: before.endpoint });
    }
  });

  it('with no worker on this machine but one polling the queue, providers are checked through workflows', async () => {
    const { exitCode, report } = await doctor(['--socket', path.join(sys.dir, 'elsewhere.sock')]);
    expect(exitCode).toBe(0);
    const checks = byName(report!.checks);
    expect(checks['worker read socket']).toMatchObject({ status: 'warn', detail: expect.stringContaining('a worker polls from elsewhere') });
    for (const name of ['vps hetzner', 'dns cloudflare']) expect(checks[name]).toMatchObject({ status: 'ok', detail: expect.stringContaining('through a workflow') });
    // Hetzner DNS has no managed zone here: said, not failed.
    expect(checks['dns hetzner']).toMatchObject({ status: 'warn', detail: expect.stringContaining('no managed zone') });
  });

  it('a worker that is not running: no pollers, no socket, nothing to check providers with', async () => {
    const { exitCode, report } = await doctor(['--task-queue', 'doctor-nobody-polls', '--socket', path.join(sys.dir, 'nothing.sock')]);
    expect(exitCode).toBe(1);
    const checks = byName(report!.checks);
    expect(checks['worker pollers']).toMatchObject({ status: 'fail', detail: expect.stringContaining('doctor-nobody-polls: 0 workflow, 0 activity pollers') });
    expect(checks['worker read socket']).toMatchObject({ status: 'fail', fix: expect.stringContaining('start the worker') });
  });

  it('Temporal that is not there fails the temporal check with the fix', async () => {
    const { exitCode, report } = await doctor(['--address', `127.0.0.1:${await freePort()}`]);
    expect(exitCode).toBe(1);
    expect(byName(report!.checks).temporal).toMatchObject({ status: 'fail', fix: expect.stringContaining('npm run up') });
  });
});
