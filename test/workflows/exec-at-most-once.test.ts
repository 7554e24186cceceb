/**
 * `vps exec` runs a user's command at most once, through the whole stack (client → Temporal →
 * worker → real OpenSSH sshd listening on the sandbox server's address): a command that times out
 * is not run again, a dropped connection reports an unknown outcome with the output so far, and a
 * `--timeout` above the old 45 s activity cut is what the activity is scheduled with.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfraError } from '../../src/domain/errors';
import type { Server } from '../../src/domain/types';
import { providerDescriptor } from '../../src/providers/registry';
import { ensureWorkerKey } from '../../src/ssh';
import { startSshd, type TestSshd } from '../helpers/sshd';
import { startSystem, type TestSystem } from '../helpers/system';
import { testClient } from '../helpers/temporal';

describe('vps exec is at most once', () => {
  let sys: TestSystem;
  let sshd: TestSshd;
  let server: Server;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-exec-once-'));

  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['hetzner'] } });
    const cred = sys.store.resolveCredential('vps', 'hetzner');
    const vps = providerDescriptor('hetzner').create({ token: cred.token, endpoint: cred.endpoint }).vps!;
    server = await vps.create({ name: 'exec-once', type: 'cx22', region: 'fsn1', image: 'ubuntu-24.04', sshKeys: [], operationId: 'op-exec-once' });
    expect(server.ip).toBeTruthy();
    // A real sshd on the server's own (loopback) address; the worker logs in with its own key.
    const workerKey = ensureWorkerKey(path.join(sys.dir, 'data', 'ssh'));
    sshd = await startSshd({ authorizedKeys: [workerKey.publicKey], host: server.ip! });
    sys.store.set('infra.ssh.port', String(sshd.port));
    sys.store.set('infra.ssh.user', sshd.username);
  });
  afterAll(async () => {
    await sshd?.stop();
    await sys?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a command that times out ran exactly once', async () => {
    const file = path.join(tmp, 'runs');
    const err = await sys.client.dev.infra.vps.exec(server.id, `echo run >> ${file}; sleep 5`, { timeoutMs: 1000 }).catch((e) => e);
    expect(err).toBeInstanceOf(InfraError);
    expect(err).toMatchObject({ code: 'INFRA_TIMEOUT', retryable: false });
    expect(fs.readFileSync(file, 'utf8')).toBe('run\n');
  });

  it('a dropped connection says the outcome is unknown and carries the output received so far', async () => {
    const file = path.join(tmp, 'dropped');
    const err = await sys.client.dev.infra.vps.exec(server.id, `echo run >> ${file}; echo partial; sleep 1; kill -9 $PPID; sleep 5`, { timeoutMs: 8000 }).catch((e) => e);
    expect(err).toBeInstanceOf(InfraError);
    expect(err.code).toBe('INFRA_TIMEOUT');
    expect(err.message).toContain('may or may not have completed');
    expect(err.data).toMatchObject({ outcome: 'unknown', stdout: 'partial\n' });
    expect(fs.readFileSync(file, 'utf8')).toBe('run\n');
  });

  it('schedules the exec activity with the requested timeout (above 45 s), a heartbeat and one attempt', async () => {
    const { client, connection } = await testClient(sys.dataConverter);
    try {
      const workflowId = `vps-exec-timeout-${Date.now()}`;
      const out = await client.workflow.execute('execOnServer', { taskQueue: sys.taskQueue, workflowId, args: [{ server: server.id, command: 'echo hi', timeoutMs: 120_000 }] });
      expect(out).toMatchObject({ stdout: 'hi\n', exitCode: 0 });
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const scheduled = history.events!.map((e) => e.activityTaskScheduledEventAttributes).filter((a) => a?.activityType?.name === 'sshExec');
      expect(scheduled).toHaveLength(1);
      const seconds = (d: { seconds?: unknown } | null | undefined) => Number(d?.seconds ?? 0);
      expect(seconds(scheduled[0]!.startToCloseTimeout)).toBeGreaterThan(120);
      expect(seconds(scheduled[0]!.heartbeatTimeout)).toBeGreaterThan(0);
      expect(seconds(scheduled[0]!.heartbeatTimeout)).toBeLessThanOrEqual(10);
      expect(scheduled[0]!.retryPolicy?.maximumAttempts).toBe(1);
    } finally {
      await connection.close();
    }
  });
});
