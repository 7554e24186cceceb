/**
 * The fast read path on the real system: the worker's read socket (src/runtime/read-server.ts)
 * serves the catalogue's direct reads with no workflow, answers what the workflows answer, writes
 * the same sanitized audit records, and the CLI's quick client falls back to Temporal when no
 * worker answers or the read fails retryably. Real Temporal, real sandbox over HTTP, no mocks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { quickClient, readOverSocket } from '../../src/client/direct';
import type { InfraClient } from '../../src/client/api';
import { AuditLog } from '../../src/audit';
import { startSystem, type TestSystem } from '../helpers/system';

const ZONE = 'direct-reads.test';

describe('direct reads over the worker socket', () => {
  let sys: TestSystem;
  let socket: string;
  const noTemporal = async (): Promise<InfraClient> => {
    throw new Error('the Temporal client was asked for');
  };

  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['hetzner', 'cloudflare'], hosts: false, dns: false }, zones: [{ zone: ZONE, provider: 'cloudflare' }], settings: { 'infra.vps.default': 'hetzner' } });
    socket = sys.workers.readSocket!;
    await sys.client.dev.infra.vps.create({ provider: 'hetzner', name: 'direct-1', type: 'cx22', region: 'fsn1' }, { autoApprove: true });
    await sys.client.dev.infra.dns.set(ZONE, { type: 'A', name: 'www', content: '192.0.2.7' });
    // The socket is bound when the workers start running; wait for the file.
    for (let i = 0; i < 50 && !fs.existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('the socket is in the data folder, readable by its owner only', () => {
    expect(path.dirname(socket)).toBe(path.join(sys.dir, 'data'));
    expect(fs.statSync(socket).mode & 0o777).toBe(0o600);
  });

  test('lists, types, zones and records answer what the workflows answer, without Temporal', async () => {
    const quick = quickClient(socket, noTemporal).dev.infra;
    const slow = sys.client.dev.infra;
    expect(await quick.vps.list()).toEqual(await slow.vps.list());
    expect((await quick.vps.list()).map((s) => s.name)).toContain('direct-1');
    expect(await quick.vps.types('hetzner')).toEqual(await slow.vps.types('hetzner'));
    expect(await quick.vps.regions('hetzner')).toEqual(await slow.vps.regions('hetzner'));
    expect(await quick.dns.zones()).toEqual(await slow.dns.zones());
    expect(await quick.dns.records(ZONE)).toEqual(await slow.dns.records(ZONE));
  });

  test('server get and SSH keys answer what the workflows answer, without Temporal', async () => {
    const quick = quickClient(socket, noTemporal).dev.infra;
    const slow = sys.client.dev.infra;
    const server = await quick.vps.get('direct-1');
    expect(server).toEqual(await slow.vps.get('direct-1'));
    expect(await quick.vps.get(server.id)).toEqual(server);
    expect(await quick.vps.sshKeys('hetzner')).toEqual(await slow.vps.sshKeys('hetzner'));
    await expect(quick.vps.get('no-such-server')).rejects.toMatchObject({ code: 'INFRA_NOT_FOUND' });
  });

  test('an operation\'s progress and the recent operations come from the worker too', async () => {
    const quick = quickClient(socket, noTemporal);
    const [latest] = await sys.client.operations({ limit: 1 });
    expect(latest).toBeDefined();
    expect(await quick.progress(latest.workflowId)).toEqual(await sys.client.progress(latest.workflowId));
    expect((await quick.operations({ limit: 5 })).map((o) => o.workflowId)).toEqual((await sys.client.operations({ limit: 5 })).map((o) => o.workflowId));
    await expect(quick.progress('no-such-operation')).rejects.toMatchObject({ code: 'INFRA_NOT_FOUND' });
  });

  test('each provider call leaves one sanitized audit record, and no token is anywhere in the answer or the trail', async () => {
    const file = path.join(sys.dir, 'data', 'audit.jsonl');
    const before = new AuditLog({ file }).list({ limit: 1e6 }).length;
    const answer = await readOverSocket(socket, 'dns.records', { zone: ZONE });
    expect(answer && 'result' in answer).toBe(true);
    const records = new AuditLog({ file }).list({ limit: 1e6 }).reverse().slice(before);
    expect(records).toEqual([expect.objectContaining({ type: 'dns.records', activity: 'dnsRecords', provider: 'cloudflare', runId: 'worker-read', success: true })]);
    expect(records[0].workflowId).toMatch(/^dns-records:direct-reads\.test:/);
    const secrets = sys.store.secrets();
    expect(secrets.length).toBeGreaterThan(0);
    const text = fs.readFileSync(file, 'utf8') + JSON.stringify(answer);
    for (const s of secrets) expect(text).not.toContain(s);
  });

  test('server types are kept in the worker: a second read makes no provider call', async () => {
    const quick = quickClient(socket, noTemporal).dev.infra;
    const types = await quick.vps.types('hetzner');
    const calls = sys.requests('hetzner', 'GET', /server_types/).length;
    expect(await quick.vps.types('hetzner')).toEqual(types);
    expect(sys.requests('hetzner', 'GET', /server_types/)).toHaveLength(calls);
  });

  test('bad input and an unmanaged zone are the closed error set, with no fallback to a workflow', async () => {
    const quick = quickClient(socket, noTemporal).dev.infra;
    await expect(quick.dns.records('not a zone')).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    await expect(quick.dns.records('unmanaged.test')).rejects.toMatchObject({ code: 'INFRA_NOT_FOUND' });
    expect(await readOverSocket(socket, 'vps.create', { name: 'x', type: 'cx22', region: 'fsn1' })).toEqual({ error: expect.objectContaining({ code: 'INFRA_INVALID_INPUT' }) });
  });

  test('pending decisions come from the worker, with no Temporal connection in the caller', async () => {
    const waiting = sys.client.dev.infra.vps.create({ provider: 'hetzner', name: 'direct-pending', type: 'cx22', region: 'fsn1' }, { confirm: async () => undefined });
    const outcome = waiting.then(() => 'created', (e: { code?: string }) => e.code);
    const quick = quickClient(socket, noTemporal);
    let pending: Awaited<ReturnType<InfraClient['pending']>> = [];
    for (let i = 0; i < 100 && !pending.some((p) => p.workflowId === 'vps-create:hetzner:direct-pending'); i++) {
      await new Promise((r) => setTimeout(r, 200));
      pending = await quick.pending();
    }
    expect(pending).toEqual(expect.arrayContaining([expect.objectContaining({ workflowId: 'vps-create:hetzner:direct-pending', workflowType: 'provisionServer' })]));
    expect(await quick.pending()).toEqual(await sys.client.pending());
    await sys.client.reject('vps-create:hetzner:direct-pending');
    expect(await outcome).toBe('INFRA_CANCELED');
  });

  test('with no worker on the socket, reads go through Temporal', async () => {
    const quick = quickClient(path.join(sys.dir, 'no-such.sock'), async () => sys.client);
    expect((await quick.dev.infra.vps.list()).map((s) => s.name)).toContain('direct-1');
  });
});
