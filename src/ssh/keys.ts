/**
 * SSH key helpers shared by our SSH client and the sandbox's simulated hosts: OpenSSH-style
 * fingerprints and parsing of `authorized_keys` lines. Pure apart from hashing.
 */
import crypto from 'node:crypto';
import { utils, type ParsedKey } from 'ssh2';

/** `SHA256:<base64 without padding>` of a public key blob, as `ssh-keygen -l` prints it. */
export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** `aa:bb:...` MD5 fingerprint of a public key blob, the form Hetzner and DigitalOcean show. */
export function md5Fingerprint(blob: Buffer): string {
  return crypto.createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

/**
 * Parses one public key (an OpenSSH `authorized_keys` line such as `ssh-ed25519 AAAA... comment`,
 * or a private key whose public half is wanted). Returns null for anything unparsable.
 */
export function parsePublicKey(text: string | Buffer): ParsedKey | null {
  const parsed = utils.parseKey(text);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error) return null;
  return key;
}

/** The OpenSSH one-line form (`type base64 [comment]`) of a parsed key's public half. */
export function openSshLine(key: ParsedKey, comment?: string): string {
  const line = `${key.type} ${key.getPublicSSH().toString('base64')}`;
  return comment ? `${line} ${comment}` : line;
}

/**
 * A new ed25519 key pair in OpenSSH format. ssh2's generator occasionally emits a key whose
 * 32-byte public part lost a leading zero byte (then nothing can parse it, ssh2 included), so
 * keep drawing until both halves parse; that takes more than one draw about once in 256.
 */
export function generateEd25519(comment?: string): { private: string; public: string } {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519', comment ? { comment } : {});
    if (parsePublicKey(pair.public) && parsePublicKey(pair.private)) return pair;
  }
}
