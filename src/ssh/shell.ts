/**
 * Interactive shell for `fazt dev infra vps ssh <name>`: pipes the given streams (process stdin
 * and stdout by default) to a remote shell with a pty, in raw mode when stdin is a TTY.
 */
import path from 'node:path';
import { dataDir } from '../config/paths';
import { connect, type SshTarget } from './connect';
import { ensureWorkerKey } from './worker-key';

/**
 * Where to connect. `privateKey` and `knownHostsFile` default to the worker's own key and pinned
 * host keys under the fazt data folder (`<dataDir>/ssh`), so the CLI can pass just the address.
 */
export interface ShellOptions extends Omit<SshTarget, 'privateKey' | 'knownHostsFile'> {
  privateKey?: string | Buffer;
  knownHostsFile?: string;
  /** Alias of `username` (the CLI's spelling). */
  user?: string;
  /** @default 15000 */
  connectTimeoutMs?: number;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout?: NodeJS.WritableStream & { columns?: number; rows?: number; on?: (ev: 'resize', fn: () => void) => unknown };
  stderr?: NodeJS.WritableStream;
}

/** Opens the shell and resolves with the remote exit code when it ends. */
export async function openShell(opts: ShellOptions): Promise<number> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const sshDir = path.join(dataDir(), 'ssh');
  const target: SshTarget = {
    host: opts.host,
    port: opts.port,
    username: opts.username ?? opts.user,
    privateKey: opts.privateKey ?? ensureWorkerKey(sshDir).privateKey,
    knownHostsFile: opts.knownHostsFile ?? path.join(sshDir, 'known_hosts.json'),
  };
  const client = await connect(target, opts.connectTimeoutMs ?? 15_000);
  const tty = Boolean(stdin.isTTY && stdin.setRawMode);
  return new Promise((resolve, reject) => {
    const size = () => ({ rows: stdout.rows ?? 24, cols: stdout.columns ?? 80, height: 0, width: 0 });
    client.shell({ term: process.env.TERM ?? 'xterm-256color', ...size() }, (err, channel) => {
      if (err) {
        client.end();
        return reject(err);
      }
      let code = 0;
      const onResize = () => channel.setWindow(size().rows, size().cols, 0, 0);
      if (tty) stdin.setRawMode!(true);
      stdout.on?.('resize', onResize);
      stdin.pipe(channel);
      channel.pipe(stdout, { end: false });
      channel.stderr.pipe(stderr, { end: false });
      channel.on('exit', (c: number | null) => {
        code = typeof c === 'number' ? c : 255;
      });
      channel.on('close', () => {
        stdin.unpipe(channel);
        if (tty) stdin.setRawMode!(false);
        (stdout as any).off?.('resize', onResize);
        // Let the process exit even though we read stdin.
        (stdin as any).pause?.();
        client.end();
        resolve(code);
      });
    });
  });
}
