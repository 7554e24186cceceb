/**
 * Our SSH client against a real OpenSSH sshd on loopback: exec output and exit codes, timeouts,
 * the output cap, host-key pinning, auth and connection failures, health, the worker key, shells.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { InfraError } from '../../src/domain/errors';
import { exec, gatherHealth, cloudInitStatus, ensureWorkerKey, openShell, readKnownHosts, forgetHostKey } from '../../src/ssh';
import { CLOUD_INIT_SCRIPT, parseCloudInitOutput } from '../../src/ssh/cloud-init';
import { generateEd25519 } from '../../src/ssh/keys';
import { startSshd, freePort, type TestSshd } from '../helpers/sshd';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-ssh-test-'));
const worker = ensureWorkerKey(path.join(tmp, 'worker'));
const knownHostsFile = path.join(tmp, 'known_hosts.json');
let sshd: TestSshd;

beforeAll(async () => {
  sshd = await startSshd({ authorizedKeys: [worker.publicKey] });
});
afterAll(async () => {
  await sshd?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const target = () => ({ host: sshd.host, port: sshd.port, username: sshd.username, privateKey: worker.privateKey, knownHostsFile });

async function infraError(p: Promise<unknown>): Promise<InfraError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InfraError);
    return err as InfraError;
  }
  throw new Error('expected an InfraError');
}

describe('ensureWorkerKey', () => {
  it('generates an ed25519 key once, private file mode 0600', () => {
    const dir = path.join(tmp, 'worker');
    const again = ensureWorkerKey(dir);
    expect(again).toEqual(worker);
    expect(worker.publicKey).toMatch(/^ssh-ed25519 AAAA\S+ fazt-worker$/);
    expect(worker.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(worker.md5Fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(fs.statSync(path.join(dir, 'id_ed25519')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dir, 'id_ed25519.pub'), 'utf8').trim()).toBe(worker.publicKey);
  });
});

describe('exec against a real sshd', () => {
  it('returns stdout, stderr and the exit code', async () => {
    const r = await exec({ ...target(), command: 'echo out; echo err >&2; exit 3' });
    expect(r).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
    expect((await exec({ ...target(), command: 'true' })).exitCode).toBe(0);
  });

  it('pins the host key on first use', async () => {
    await exec({ ...target(), command: 'true' });
    const pinned = readKnownHosts(knownHostsFile)[`127.0.0.1:${sshd.port}`];
    expect(pinned.fingerprint).toBe(sshd.hostKeyFingerprint);
    expect(pinned.key).toMatch(/^ssh-ed25519 /);
  });

  it('gives up with INFRA_TIMEOUT when the command outlives the limit', async () => {
    const started = Date.now();
    const err = await infraError(exec({ ...target(), command: 'sleep 5', timeoutMs: 1500 }));
    expect(err.code).toBe('INFRA_TIMEOUT');
    expect(err.message).toContain('did not finish within 1500 ms');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('a command that timed out may have run: not retryable, with the output so far', async () => {
    const err = await infraError(exec({ ...target(), command: 'echo begun; sleep 5', timeoutMs: 1500 }));
    expect(err).toMatchObject({ code: 'INFRA_TIMEOUT', retryable: false });
    expect(err.data).toMatchObject({ phase: 'command', stdout: 'begun\n', stderr: '' });
  });

  it('a connection dropped mid-command reports an unknown outcome with the partial output, not retryable', async () => {
    // The command kills its own sshd session process: the connection drops without an exit status.
    const err = await infraError(exec({ ...target(), command: 'echo partial; echo oops >&2; sleep 1; kill -9 $PPID; sleep 5', timeoutMs: 8000 }));
    expect(err).toMatchObject({ code: 'INFRA_TIMEOUT', retryable: false });
    expect(err.message).toContain('may or may not have completed');
    expect(err.data).toMatchObject({ phase: 'command', outcome: 'unknown', stdout: 'partial\n', stderr: 'oops\n' });
  });

  it('a read-only probe (idempotent) may be retried after a drop', async () => {
    const err = await infraError(exec({ ...target(), command: 'sleep 1; kill -9 $PPID; sleep 5', timeoutMs: 8000, idempotent: true }));
    expect(err).toMatchObject({ code: 'INFRA_TIMEOUT', retryable: true });
  });

  it('cuts output at the cap and says so', async () => {
    const r = await exec({ ...target(), command: "head -c 300000 /dev/zero | tr '\\0' x", maxOutputBytes: 1000 });
    expect(r.truncated).toBe(true);
    expect(r.stdout).toBe('x'.repeat(1000));
    const small = await exec({ ...target(), command: 'echo small', maxOutputBytes: 1000 });
    expect(small.truncated).toBeUndefined();
  });

  it('refuses a changed host key without running the command', async () => {
    const port = await freePort();
    const first = await startSshd({ authorizedKeys: [worker.publicKey], port });
    const t = { ...target(), port };
    await exec({ ...t, command: 'true' });
    await first.stop();
    const second = await startSshd({ authorizedKeys: [worker.publicKey], port });
    const marker = path.join(tmp, 'should-not-exist');
    try {
      const err = await infraError(exec({ ...t, command: `touch ${marker}` }));
      expect(err.code).toBe('INFRA_CONFLICT');
      expect(err.retryable).toBe(false);
      expect(err.message).toContain(first.hostKeyFingerprint);
      expect(err.message).toContain(second.hostKeyFingerprint);
      expect(fs.existsSync(marker)).toBe(false);
      // After forgetting the old key (server rebuilt), the new one is pinned.
      forgetHostKey(knownHostsFile, '127.0.0.1', port);
      expect((await exec({ ...t, command: 'echo ok' })).stdout).toBe('ok\n');
    } finally {
      await second.stop();
    }
  });

  it('maps a rejected key to INFRA_UNAUTHORIZED', async () => {
    const other = generateEd25519();
    const err = await infraError(exec({ ...target(), privateKey: other.private, command: 'true' }));
    expect(err.code).toBe('INFRA_UNAUTHORIZED');
    expect(err.message).not.toContain('PRIVATE KEY');
  });

  it('maps connection refused to a retryable INFRA_TIMEOUT', async () => {
    const port = await freePort();
    const err = await infraError(exec({ ...target(), port, command: 'true', timeoutMs: 2000 }));
    expect(err.code).toBe('INFRA_TIMEOUT');
    expect(err.retryable).toBe(true);
  });
});

describe('probes against a real sshd', () => {
  it('gathers health from the real machine in one command', async () => {
    const h = await gatherHealth(target());
    expect(h.faztStatus).toBeNull();
    expect(h.faztVersion).toBeNull();
    expect(h.uptime!).toBeGreaterThan(0);
    expect(h.load).toHaveLength(3);
    expect(h.diskTotal!).toBeGreaterThan(0);
    expect(h.diskUsed!).toBeLessThanOrEqual(h.diskTotal!);
    expect(h.memTotal!).toBeGreaterThan(0);
  });

  it('reports what this machine\'s cloud-init says (error where it is not installed)', async () => {
    // The same script run locally, parsed the same way: the probe over SSH must agree with it.
    const local = spawnSync('sh', ['-c', CLOUD_INIT_SCRIPT], { encoding: 'utf8' });
    const expected = parseCloudInitOutput(`${local.stdout}`);
    const got = await cloudInitStatus(target());
    expect(got).toEqual(expected);
    expect(got.markerPresent).toBe(false);
    if (local.stdout.includes('not found') || local.status === 127 || !/"status"/.test(local.stdout)) expect(got.status).toBe('error');
  });

  it('runs an interactive shell and returns its exit code', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (d: Buffer) => (text += d.toString()));
    const done = openShell({ ...target(), stdin, stdout, stderr: new PassThrough() });
    stdin.write('echo hello-from-shell\n');
    stdin.write('exit 5\n');
    expect(await done).toBe(5);
    expect(text).toContain('hello-from-shell');
  });
});
