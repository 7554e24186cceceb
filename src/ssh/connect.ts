/**
 * Opens an authenticated SSH connection with the host key pinned on first use, and maps every
 * connection failure to an {@link InfraError}: unreachable/booting → retryable INFRA_TIMEOUT,
 * rejected key → INFRA_UNAUTHORIZED, changed host key → INFRA_CONFLICT (nothing is run).
 */
import { Client } from 'ssh2';
import { InfraError } from '../domain/errors';
import { hostId, pinHostKey, readKnownHosts } from './known-hosts';
import { openSshLine, parsePublicKey, sha256Fingerprint } from './keys';

/** Where and as whom to connect. */
export interface SshTarget {
  host: string;
  /** @default 22 */
  port?: number;
  /** @default 'root' */
  username?: string;
  /** OpenSSH or PEM private key text. Never logged. */
  privateKey: string | Buffer;
  /** JSON file of pinned host keys (see known-hosts.ts). */
  knownHostsFile: string;
}

/** Errors whose meaning is "not reachable (yet)": a booting or rebooting server. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'EADDRNOTAVAIL']);

/** Connects and authenticates within `timeoutMs`. The caller must `end()` the client. */
export function connect(target: SshTarget, timeoutMs: number): Promise<Client> {
  const port = target.port ?? 22;
  const id = hostId(target.host, port);
  const where = `${target.host}:${port}`;
  return new Promise((resolve, reject) => {
    const client = new Client();
    let mismatch: InfraError | undefined;
    let settled = false;
    const timer = setTimeout(() => fail(new InfraError('INFRA_TIMEOUT', `SSH to ${where} did not connect within ${timeoutMs} ms`, { data: { phase: 'connect' } })), timeoutMs);
    const fail = (err: InfraError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end();
      client.destroy?.();
      reject(err);
    };
    client.on('ready', () => {
      if (settled) return void client.end();
      settled = true;
      clearTimeout(timer);
      resolve(client);
    });
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (mismatch) return fail(mismatch);
      if (err.level === 'client-authentication') {
        return fail(new InfraError('INFRA_UNAUTHORIZED', `SSH to ${where}: the server rejected our key for user ${target.username ?? 'root'}`));
      }
      if (err.level === 'client-timeout' || (err.code && UNREACHABLE.has(err.code)) || /handshake|closed|reset/i.test(err.message)) {
        return fail(new InfraError('INFRA_TIMEOUT', `SSH to ${where} is not reachable yet (${err.code ?? err.message})`, { data: { phase: 'connect' } }));
      }
      fail(new InfraError('INFRA_PROVIDER_ERROR', `SSH to ${where} failed: ${err.message}`));
    });
    // A server that accepts TCP and then closes before the handshake (booting) ends like this.
    client.on('close', () => fail(new InfraError('INFRA_TIMEOUT', `SSH to ${where} closed the connection (server not ready)`, { data: { phase: 'connect' } })));
    try {
      client.connect({
        host: target.host,
        port,
        username: target.username ?? 'root',
        privateKey: target.privateKey,
        readyTimeout: timeoutMs,
        keepaliveInterval: 0,
        hostVerifier: (blob: Buffer) => {
          const parsed = parsePublicKey(blob);
          const presented = {
            key: parsed ? openSshLine(parsed) : blob.toString('base64'),
            fingerprint: sha256Fingerprint(blob),
            addedAt: new Date().toISOString(),
          };
          const pinned = readKnownHosts(target.knownHostsFile)[id] ?? pinHostKey(target.knownHostsFile, id, presented);
          if (pinned.key === presented.key) return true;
          mismatch = new InfraError(
            'INFRA_CONFLICT',
            `Host key of ${where} changed: pinned ${pinned.fingerprint}, server presented ${presented.fingerprint}. ` +
              'Refusing to connect (possible man-in-the-middle, or the server was replaced). ' +
              `If the server was rebuilt, forget the old key for ${id} in ${target.knownHostsFile}.`,
            { retryable: false, data: { host: target.host, port, pinned: pinned.fingerprint, presented: presented.fingerprint } },
          );
          return false;
        },
      });
    } catch (err) {
      fail(new InfraError('INFRA_INVALID_INPUT', `SSH to ${where}: ${(err as Error).message}`));
    }
  });
}
