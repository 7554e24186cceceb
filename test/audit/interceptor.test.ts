/**
 * The audit interceptor on a real worker against the shared Temporal dev server: one record per
 * attempt, with Temporal's coordinates, and the token nowhere in the file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { AuditLog, createAuditInterceptor, REDACTED } from '../../src/audit';
import { InfraError } from '../../src/domain/errors';
import { temporalAddress, testClient } from '../helpers/temporal';

const TOKEN = `hcloud_${crypto.randomBytes(24).toString('hex')}`;

describe('createAuditInterceptor on a real worker', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-audit-int-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes one sanitized record per attempt and never the token', async () => {
    const log = new AuditLog({ file: path.join(dir, 'audit.jsonl'), secrets: () => [TOKEN] });
    let failures = 0;
    const activities = {
      async createThing(input: { name: string }) {
        return { id: `srv-${input.name}`, note: `created with Authorization: Bearer ${TOKEN}` };
      },
      async lookupThing() {
        return { found: true };
      },
      async failThing() {
        failures++;
        // The SDK logs failed activities with their message, so these carry no token (test output
        // must not show one); scrubbing of messages is checked in the next test.
        if (failures === 1) throw new Error('connection reset');
        throw new InfraError('INFRA_UNAUTHORIZED', '401: token rejected', { provider: 'cloudflare' });
      },
    };
    const types: Record<string, string | null> = { createThing: 'vps.create', lookupThing: null, failThing: 'dns.set' };
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./fixtures/audit-workflows'),
      logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as any,
    });
    const taskQueue = `audit-test-${crypto.randomUUID()}`;
    const connection = await NativeConnection.connect({ address: temporalAddress() });
    const { client, connection: cc } = await testClient();
    try {
      const worker = await Worker.create({
        connection, taskQueue, workflowBundle: bundle, activities,
        interceptors: { activity: [createAuditInterceptor(log, { typeOf: (name) => types[name] })] },
      });
      const workflowId = `audit-probe-${Date.now()}`;
      const result = await worker.runUntil(client.workflow.execute('auditProbe', {
        taskQueue, workflowId, args: [{ name: 'web-1', tokenRef: TOKEN }],
      }));
      expect(result).toBe('srv-web-1:failed-as-expected');

      const text = fs.readFileSync(log.file, 'utf8');
      expect(text).not.toContain(TOKEN);
      const records = log.list().reverse();
      expect(records.map((r) => [r.type, r.activity, r.provider, r.success, r.attempt, r.errorCode ?? null])).toEqual([
        ['vps.create', 'createThing', 'hetzner', true, 1, null],
        ['dns.set', 'failThing', 'cloudflare', false, 1, 'Error'],
        ['dns.set', 'failThing', 'cloudflare', false, 2, 'INFRA_UNAUTHORIZED'],
      ]);
      for (const r of records) {
        expect(r.workflowId).toBe(workflowId);
        expect(r.runId).toMatch(/^[0-9a-f-]{36}$/);
        expect(r.durationMs).toBeGreaterThanOrEqual(0);
        expect(Date.parse(r.timestamp)).not.toBeNaN();
      }
      const [created, first, second] = records;
      expect((created.input as any).user_data.length).toBeLessThan(2200);
      expect((created.output as any).note).toBe(`created with Authorization: Bearer ${REDACTED}`);
      expect(first.input).toEqual({ provider: 'cloudflare', apiToken: REDACTED });
      expect(first.errorMessage).toBe('connection reset');
      expect(second.errorMessage).toBe('401: token rejected');
    } finally {
      await cc.close();
      await connection.close();
    }
  });

  it('never fails an activity when the trail cannot be written', async () => {
    // The "file" is a directory: every append throws, the activity result is unaffected.
    const log = new AuditLog({ file: dir });
    const factory = createAuditInterceptor(log, { typeOf: () => 'vps.create' });
    const warnings: unknown[] = [];
    const ctx = {
      info: { activityType: 'createThing', attempt: 1, taskQueue: 'fazt-infra-vultr', workflowExecution: { workflowId: 'w', runId: 'r' } },
      log: { warn: (...a: unknown[]) => warnings.push(a) },
    } as any;
    const inbound = factory(ctx).inbound!;
    await expect(inbound.execute!({ args: [{ name: 'x' }], headers: {} }, async () => ({ ok: true }))).resolves.toEqual({ ok: true });
    // Same activity with a writable trail: the provider comes from the `<base>-vultr` task queue.
    const ok = new AuditLog({ file: path.join(dir, 'ok.jsonl') });
    await createAuditInterceptor(ok, { typeOf: () => 'vps.create' })(ctx).inbound!.execute!({ args: [{ name: 'x' }], headers: {} }, async () => 1);
    expect(ok.list()[0]).toMatchObject({ provider: 'vultr', type: 'vps.create', activity: 'createThing', output: 1, workflowId: 'w', runId: 'r' });
    // A failure whose message carries the token is recorded with the token scrubbed.
    const scrubbed = new AuditLog({ file: path.join(dir, 'scrub.jsonl'), secrets: () => [TOKEN] });
    await expect(createAuditInterceptor(scrubbed, { typeOf: () => 'dns.set' })(ctx).inbound!.execute!({ args: [{ provider: 'cloudflare' }], headers: {} }, async () => {
      throw new InfraError('INFRA_UNAUTHORIZED', `401: token ${TOKEN} rejected`);
    })).rejects.toThrow(InfraError);
    expect(scrubbed.list()[0]).toMatchObject({ success: false, errorCode: 'INFRA_UNAUTHORIZED', errorMessage: `401: token ${REDACTED} rejected`, provider: 'cloudflare' });
    expect(fs.readFileSync(scrubbed.file, 'utf8')).not.toContain(TOKEN);
    await expect(inbound.execute!({ args: [{}], headers: {} }, async () => {
      throw new InfraError('INFRA_CONFLICT', 'busy');
    })).rejects.toThrow('busy');
    expect(warnings).toHaveLength(2);
    expect(JSON.stringify(warnings)).toContain('EISDIR');
    expect(JSON.stringify(warnings)).not.toContain('busy');
  });
});
