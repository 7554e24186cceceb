/**
 * Personal data (the admin email, the rendered cloud-init) goes to Temporal only encrypted: a VPS
 * create and a launch run through the normal client and finish; their stored histories, read by a
 * client without the codec, hold neither the email nor any cloud-init line, every payload is sealed
 * and failure messages are encoded. The operator's client (with the key) still reads everything.
 */
import { Client, Connection } from '@temporalio/client';
import { renderCloudInit } from '../../src/domain/cloud-init';
import { startSystem, type TestSystem } from '../helpers/system';
import { temporalAddress, testClient } from '../helpers/temporal';
import { expectNoPlainText, plainForms, rawHistory } from '../helpers/raw-history';

/** The cloud-init lines a render for this domain and email has, whatever its time and operation. */
function cloudInitLines(domain: string, adminEmail: string): string[] {
  const text = renderCloudInit({ domain, adminEmail, timestamp: '2026-01-01T00:00:00Z', instanceId: 'x' });
  return text.split('\n').map((l) => l.trim()).filter((l) => l.length >= 6 && !/installed_(at|by): "/.test(l));
}

describe('personal data in Temporal history', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({
      sandbox: { providers: ['hetzner', 'cloudflare'], hosts: true, resolvers: [{ name: 'google', delayMs: 100 }] },
      zones: [{ zone: 'example.com', provider: 'cloudflare' }],
      settings: { 'infra.vps.default': 'hetzner' },
    });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('a vps create with an admin email and cloud-init stores neither in plain text, and completes', async () => {
    const email = 'jane.doe+create@pii-test.example.org';
    const workflowId = 'pii-vps-create-1';
    const server = await sys.client.dev.infra.vps.create(
      { provider: 'hetzner', name: 'pii-web-1', type: 'cx22', region: 'fsn1', installFazt: true, faztConfig: { domain: 'app.example.com', adminEmail: email } },
      { autoApprove: true, workflowId },
    );
    expect(server).toMatchObject({ name: 'pii-web-1', status: 'running' });
    // The server really got the cloud-init with the email: it ran on the sandbox host.
    const ran = await sys.client.dev.infra.vps.exec(server.id, 'cat /etc/fazt/cloud-init-complete');
    expect(ran.stdout).toContain('installed_by');

    const raw = await expectNoPlainText({ workflowId }, [email, 'jane.doe', ...cloudInitLines('app.example.com', email)]);
    expect(raw.events).toBeGreaterThan(10);

    // Without the key the stored result is unreadable; with it (the operator's client) it is the server.
    const bare = await Connection.connect({ address: temporalAddress() });
    try {
      await expect(new Client({ connection: bare }).workflow.getHandle(workflowId).result()).rejects.toThrow(/encoding|binary\/encrypted/i);
    } finally {
      await bare.close();
    }
    const { client, connection } = await testClient(sys.dataConverter);
    try {
      expect(await client.workflow.getHandle(workflowId).result()).toMatchObject({ name: 'pii-web-1', id: server.id });
    } finally {
      await connection.close();
    }
  });

  it('a launch with an admin email stores neither email nor cloud-init in plain text, and completes', async () => {
    const email = 'john.roe+launch@pii-test.example.org';
    const workflowId = 'pii-launch-1';
    const result = await sys.client.dev.infra.launch({ fqdn: 'pii.example.com', adminEmail: email }, { autoApprove: true, workflowId });
    expect(result.server).toMatchObject({ name: 'pii-example-com', status: 'running' });
    expect(result.records.map((r) => r.type)).toEqual(['A']);
    await expectNoPlainText({ workflowId }, [email, 'john.roe', ...cloudInitLines('pii.example.com', email)]);
  });

  it('the check finds personal data that was stored without the codec (in plain text and in base64)', async () => {
    const email = 'leaky.person@pii-test.example.org';
    const bare = await Connection.connect({ address: temporalAddress() });
    try {
      const workflowId = `pii-leak-${Date.now()}`;
      // No worker polls this queue: the started event alone holds the input, as the SDK stored it.
      const handle = await new Client({ connection: bare }).workflow.start('noSuchWorkflow', {
        taskQueue: `pii-nobody-${workflowId}`, workflowId, args: [{ note: email, blob: Buffer.from(`x${email}`).toString('base64') }],
      });
      try {
        await expect(expectNoPlainText({ workflowId }, [email])).rejects.toThrow(/json\/plain|in plain text/);
        const raw = await rawHistory({ workflowId });
        expect(raw.plainPayloads.length).toBeGreaterThan(0);
        expect(plainForms(email).some((f) => raw.text.includes(f) && f !== email)).toBe(true);
      } finally {
        await handle.terminate('test over');
      }
    } finally {
      await bare.close();
    }
  });

  it('a failed create keeps the email out and its failure message encrypted; the client still reads the message', async () => {
    const email = 'max.mustermann@pii-test.example.org';
    const workflowId = 'pii-vps-create-fails';
    const err = await sys.client.dev.infra.vps.create(
      { provider: 'hetzner', name: 'pii-web-2', type: 'no-such-type', region: 'fsn1', installFazt: true, faztConfig: { domain: 'app.example.com', adminEmail: email } },
      { autoApprove: true, workflowId },
    ).catch((e) => e);
    expect(err.code).toMatch(/^INFRA_/);
    expect(err.message.length).toBeGreaterThan(10);
    expect(err.message).not.toBe('Encoded failure');
    expect(err.message).not.toContain(email);
    const raw = await expectNoPlainText({ workflowId }, [email, 'max.mustermann', ...cloudInitLines('app.example.com', email), err.message]);
    expect(raw.text).toContain('Encoded failure');
  });
});
