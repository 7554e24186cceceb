/** Runs one command over SSH and returns its output and exit code, with a time limit and an output cap. */
import type { ClientChannel } from 'ssh2';
import { InfraError } from '../domain/errors';
import type { ExecResult } from '../domain/types';
import { connect, type SshTarget } from './connect';

export interface ExecOptions extends SshTarget {
  command: string;
  /** Limit for connecting plus running the command. @default 30000 */
  timeoutMs?: number;
  /** stdout and stderr are each cut at this many bytes (then `truncated`). @default 1048576 */
  maxOutputBytes?: number;
  /**
   * A read-only probe (health, cloud-init) that may safely run again: a timeout or a dropped
   * connection is then retryable. Off for a user's command, which runs at most once. @default false
   */
  idempotent?: boolean;
}

export const DEFAULT_EXEC_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/** What OpenSSH's client reports when the remote side sent no exit status. */
const NO_EXIT_STATUS = 255;

/**
 * Connects (pinning the host key on first use), runs `command`, and resolves with its result.
 * Throws INFRA_TIMEOUT when the host is unreachable (retryable: nothing was sent) or the command
 * outlives `timeoutMs`, INFRA_CONFLICT when the host key changed, INFRA_UNAUTHORIZED when the key
 * is rejected. Once the command was sent, a timeout or a dropped connection is not retryable
 * (unless `idempotent`): the command may have run, and `data` holds the stdout/stderr received.
 * When output passes the cap the command is stopped and the result says `truncated: true`.
 */
export async function exec(opts: ExecOptions): Promise<ExecResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  const cap = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const started = Date.now();
  const client = await connect(opts, timeoutMs);
  const left = Math.max(1, timeoutMs - (Date.now() - started));
  try {
    return await runOn(client, opts.command, left, cap, `${opts.host}:${opts.port ?? 22}`, timeoutMs, opts.idempotent ?? false);
  } finally {
    client.end();
  }
}

function runOn(client: import('ssh2').Client, command: string, timeoutMs: number, cap: number, where: string, limitMs: number, idempotent: boolean): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const out = new Capped(cap);
    const err = new Capped(cap);
    let exitCode: number | undefined;
    /** An exit-status or exit-signal arrived: the command ended on the server. */
    let ended = false;
    let channel: ClientChannel | undefined;
    let settled = false;
    const finish = (res: ExecResult | InfraError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (res instanceof InfraError) reject(res);
      else resolve(res);
    };
    const result = (): ExecResult => {
      const r: ExecResult = { stdout: out.text(), stderr: err.text(), exitCode: exitCode ?? NO_EXIT_STATUS };
      if (out.truncated || err.truncated) r.truncated = true;
      return r;
    };
    const partial = () => ({ phase: 'command', stdout: out.text(), stderr: err.text(), ...(out.truncated || err.truncated ? { truncated: true } : {}) });
    const timer = setTimeout(() => {
      channel?.close();
      const note = idempotent ? '' : '; it was stopped, possibly after making changes (not retried)';
      finish(new InfraError('INFRA_TIMEOUT', `Command on ${where} did not finish within ${limitMs} ms${note}`, { retryable: idempotent, data: partial() }));
    }, timeoutMs);
    // The connection dropped mid-command (reboot, network): a probe may run again; a user's
    // command may or may not have run to the end, so it is reported, never repeated.
    const dropped = () => idempotent
      ? new InfraError('INFRA_TIMEOUT', `SSH connection to ${where} closed before the command finished`, { retryable: true, data: partial() })
      : new InfraError('INFRA_TIMEOUT', `SSH connection to ${where} closed before the command finished: the command may or may not have completed (outcome unknown; not retried). Output received so far is in the error's data`, {
        retryable: false, data: { ...partial(), outcome: 'unknown' },
      });
    const closed = () => finish(ended || out.truncated || err.truncated ? result() : dropped());
    client.on('close', closed);
    client.exec(command, (e, ch) => {
      if (e) return finish(new InfraError('INFRA_PROVIDER_ERROR', `SSH exec on ${where} failed: ${e.message}`));
      channel = ch;
      const onCapped = () => {
        // Enough output: stop the command rather than stream the rest for nothing.
        ch.close();
        finish(result());
      };
      ch.on('data', (d: Buffer) => out.push(d) || onCapped());
      ch.stderr.on('data', (d: Buffer) => err.push(d) || onCapped());
      ch.on('exit', (code: number | null) => {
        ended = true;
        if (typeof code === 'number') exitCode = code;
      });
      ch.on('close', closed);
    });
  });
}

/** Collects bytes up to a cap; `push` returns false once the cap is passed. */
class Capped {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly cap: number) {}
  push(d: Buffer): boolean {
    if (this.truncated) return false;
    const room = this.cap - this.size;
    if (d.length > room) {
      this.chunks.push(d.subarray(0, room));
      this.size = this.cap;
      this.truncated = true;
      return false;
    }
    this.chunks.push(d);
    this.size += d.length;
    return true;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
