/** The worker's own SSH key: ed25519, generated once, stored with mode 0600. */
import fs from 'node:fs';
import path from 'node:path';
import { generateEd25519, md5Fingerprint, openSshLine, parsePublicKey, sha256Fingerprint } from './keys';

export interface WorkerKey {
  /** OpenSSH private key text. Never log it. */
  privateKey: string;
  /** One OpenSSH line, `ssh-ed25519 AAAA... fazt-worker`, to register with providers. */
  publicKey: string;
  /** `SHA256:...`, as `ssh-keygen -l` shows it. */
  fingerprint: string;
  /** `aa:bb:...`, as Hetzner and DigitalOcean list keys. */
  md5Fingerprint: string;
}

export const WORKER_KEY_FILE = 'id_ed25519';
const COMMENT = 'fazt-worker';

/**
 * Returns the key in `dir`, generating it on first use. Safe against concurrent first calls: the
 * key is written to a temp file and hard-linked into place, so exactly one generated key wins.
 */
export function ensureWorkerKey(dir: string): WorkerKey {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, WORKER_KEY_FILE);
  if (!fs.existsSync(file)) {
    const pair = generateEd25519(COMMENT);
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, pair.private, { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  // Someone may have loosened it; ssh and we both want the private key private.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const privateKey = fs.readFileSync(file, 'utf8');
  const key = parsePublicKey(privateKey);
  if (!key) throw new Error(`${file} is not a readable SSH private key`);
  const publicKey = openSshLine(key, COMMENT);
  const pubFile = `${file}.pub`;
  if (!fs.existsSync(pubFile) || fs.readFileSync(pubFile, 'utf8').trim() !== publicKey) fs.writeFileSync(pubFile, `${publicKey}\n`, { mode: 0o644 });
  const blob = key.getPublicSSH();
  return { privateKey, publicKey, fingerprint: sha256Fingerprint(blob), md5Fingerprint: md5Fingerprint(blob) };
}
