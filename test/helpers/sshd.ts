/**
 * A real OpenSSH sshd for tests: `/usr/sbin/sshd -D -e -f <tmp config>` on 127.0.0.1 and a random
 * free port, with a temporary ed25519 host key and an authorized_keys file holding the test's keys.
 * Installs Debian's openssh-server first through scripts/ensure-sshd.sh when sshd is missing.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateEd25519, parsePublicKey, sha256Fingerprint } from '../../src/ssh/keys';

export const SSHD = '/usr/sbin/sshd';

export interface TestSshd {
  host: string;
  port: number;
  /** The login user (whoever runs the tests; sshd can only switch users as root). */
  username: string;
  hostKeyFingerprint: string;
  stop(): Promise<void>;
}

export interface StartSshdOptions {
  /** OpenSSH public key lines allowed to log in. */
  authorizedKeys: string[];
  /** Fixed port (e.g. to restart with a new host key on the same address). @default a free one */
  port?: number;
  /** A loopback address to listen on (any of 127/8), e.g. a sandbox server's address. @default 127.0.0.1 */
  host?: string;
}

/** Makes sure /usr/sbin/sshd exists (installs it once via apt when missing). */
export function ensureSshd(): string {
  if (fs.existsSync(SSHD)) return SSHD;
  execFileSync('bash', [path.resolve(__dirname, '../../scripts/ensure-sshd.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return SSHD;
}

import { freePort } from './free-port';

export { freePort };

export async function startSshd(opts: StartSshdOptions): Promise<TestSshd> {
  ensureSshd();
  // sshd insists on its privilege-separation directory even for a test instance.
  if (process.getuid?.() === 0) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-sshd-'));
  const hostKey = generateEd25519('test-host');
  const hostKeyFile = path.join(dir, 'host_ed25519');
  fs.writeFileSync(hostKeyFile, hostKey.private, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'authorized_keys'), opts.authorizedKeys.map((k) => k.trim()).join('\n') + '\n', { mode: 0o600 });
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? (await freePort());
  const config = [
    `Port ${port}`,
    `ListenAddress ${host}`,
    `HostKey ${hostKeyFile}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'UsePAM no',
    'StrictModes no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'PrintMotd no',
    'UseDNS no',
    'LogLevel INFO',
  ].join('\n');
  const configFile = path.join(dir, 'sshd_config');
  fs.writeFileSync(configFile, `${config}\n`);

  const child = spawn(SSHD, ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start within 10 s:\n${log}`)), 10_000);
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes(`Server listening on ${host} port`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited with ${code}:\n${log}`));
    });
  });
  return {
    host,
    port,
    username: os.userInfo().username,
    hostKeyFingerprint: sha256Fingerprint(parsePublicKey(hostKey.public)!.getPublicSSH()),
    stop: () => stopChild(child, dir),
  };
}

function stopChild(child: ChildProcess, dir: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      fs.rmSync(dir, { recursive: true, force: true });
      resolve();
    };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', done);
    // The listener only; sessions it forked end when their connections close.
    child.kill('SIGTERM');
  });
}
