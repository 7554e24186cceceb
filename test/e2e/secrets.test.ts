/**
 * Credentials live only in the worker: after real calls (including a rejected token), no token
 * appears in the audit trail, in any workflow history of the run, in errors, or in the config file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startSystem, type TestSystem } from '../helpers/system';
import { testClient } from '../helpers/temporal';

const HETZNER = 'hz-SECRET-4f9a1c7e2b8d3a6f0e5c1b9d7a3f2e8c';
const CLOUDFLARE = 'cf-SECRET-9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a';
const WRONG = 'do-WRONG-1234567890abcdef1234567890abcdef';

describe('no token leaves the worker', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ sandbox: { tokens: { hetzner: [HETZNER], cloudflare: [CLOUDFLARE], digitalocean: ['the-real-do-token'] } } });
    sys.store.setCredential('vps', 'digitalocean', { token: WRONG, endpoint: sys.sandbox.urls.digitalocean });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('greps the audit trail, every workflow history and the config file', async () => {
    const infra = sys.client.dev.infra;
    const server = await infra.vps.create({ provider: 'hetzner', name: 'secret-check', type: 'cx22', region: 'fsn1' }, { autoApprove: true });
    await infra.vps.exec(server.id, 'uptime');
    await infra.dns.addZone('secrets.example', { provider: 'cloudflare' });
    await infra.dns.set('secrets.example', { type: 'TXT', name: '@', content: 'hello' });
    const denied = await infra.vps.types('digitalocean').catch((e) => e);
    expect(denied.code).toBe('INFRA_UNAUTHORIZED');
    const deniedText = JSON.stringify({ ...denied, message: denied.message, stack: denied.stack });

    const audit = fs.readFileSync(path.join(sys.dir, 'data', 'audit.jsonl'), 'utf8');
    const records = audit.trim().split('\n').map((l) => JSON.parse(l));
    expect(records.some((r) => r.type === 'vps.create' && r.success === true && r.provider === 'hetzner')).toBe(true);
    expect(records.some((r) => r.type === 'vps.types' && r.success === false && r.errorCode === 'INFRA_UNAUTHORIZED')).toBe(true);

    const { client, connection } = await testClient(sys.dataConverter);
    const histories: string[] = [];
    try {
      for await (const wf of client.workflow.list({ query: `TaskQueue = "${sys.taskQueue}"` })) {
        const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
        histories.push(JSON.stringify(history, (_k, v) => (typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v)));
      }
    } finally {
      await connection.close();
    }
    expect(histories.length).toBeGreaterThanOrEqual(5);
    const config = fs.readFileSync(sys.store.file, 'utf8');

    for (const token of [HETZNER, CLOUDFLARE, WRONG]) {
      expect(audit).not.toContain(token);
      for (const h of histories) expect(h).not.toContain(token);
      expect(deniedText).not.toContain(token);
      expect(config).not.toContain(token);
    }
    // The sandbox did receive the tokens: the grep above would have found them had they leaked.
    expect(sys.requests('hetzner').some((r) => r.authorized)).toBe(true);
  });
});
