/**
 * Encryption of credentials at rest: AES-256-GCM with a random 96-bit IV and a 128-bit tag, stored
 * as `v1:<iv>:<tag>:<ciphertext>` (base64). The key is FAZT_MASTER_KEY or a key file created on
 * first use. Nothing here ever puts a key or a plaintext into an error message.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { InfraError } from '../domain/errors';

/** The current ciphertext format version, the first field of every stored token. */
export const CIPHER_VERSION = 'v1';

/** Name of the key file inside the config folder. */
export const KEY_FILE = 'master.key';

/** A 32-byte key and where it came from. */
export interface MasterKey {
  key: Buffer;
  /** Short non-secret fingerprint, stored next to each ciphertext to explain a key mismatch. */
  id: string;
  source: 'env' | 'file';
  /** The key file's path (for messages), when the key came from a file. */
  file?: string;
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const B64_KEY = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Decodes a master key given as 64 hex characters or as base64/base64url of exactly 32 bytes.
 * @throws InfraError INFRA_INVALID_INPUT naming the accepted forms (never the value).
 */
export function parseMasterKey(text: string, what = 'FAZT_MASTER_KEY'): Buffer {
  const s = text.trim();
  if (HEX_KEY.test(s)) return Buffer.from(s, 'hex');
  if (B64_KEY.test(s)) {
    const buf = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (buf.length === 32) return buf;
  }
  throw new InfraError(
    'INFRA_INVALID_INPUT',
    `${what} must be 32 bytes written as 64 hex characters or as base64 (got ${s.length} characters that are neither). Generate one with: openssl rand -hex 32`,
    { hint: 'openssl rand -hex 32' },
  );
}

/** A non-secret fingerprint of a key (first 8 hex chars of a domain-separated SHA-256). */
export function keyId(key: Buffer): string {
  return crypto.createHash('sha256').update('fazt-master-key-id\0').update(key).digest('hex').slice(0, 8);
}

/**
 * The master key: FAZT_MASTER_KEY when set, else `<dir>/master.key`. With `create`, a missing key
 * file is made (random, mode 0600, exclusive create so two processes agree on one key); without
 * it, a missing key gives null.
 */
export function loadMasterKey(dir: string, env: NodeJS.ProcessEnv, opts: { create: boolean }): MasterKey | null {
  const fromEnv = env.FAZT_MASTER_KEY;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const key = parseMasterKey(fromEnv);
    return { key, id: keyId(key), source: 'env' };
  }
  const file = path.join(dir, KEY_FILE);
  let text: string | null = readIfExists(file);
  if (text === null) {
    if (!opts.create) return null;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, `${crypto.randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (err: any) {
      if (err?.code !== 'EEXIST') throw err;
    }
    text = fs.readFileSync(file, 'utf8');
  }
  const key = parseMasterKey(text, `The key file ${file}`);
  return { key, id: keyId(key), source: 'file', file };
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err: any) {
    if (err?.code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Encrypts `plaintext`. `aad` binds the ciphertext to its slot (e.g. `infra.vps.hetzner`) so a
 * ciphertext copied into another slot does not decrypt.
 */
export function encrypt(key: Buffer, plaintext: string, aad: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [CIPHER_VERSION, iv.toString('base64'), tag.toString('base64'), ct.toString('base64')].join(':');
}

/**
 * Decrypts a value made by {@link encrypt}; null when the key is wrong, the slot differs or the
 * value was tampered with (GCM authentication fails). Unknown format versions throw.
 */
export function decrypt(key: Buffer, blob: string, aad: string): string | null {
  const parts = blob.split(':');
  if (parts.length !== 4 || parts[0] !== CIPHER_VERSION) {
    throw new InfraError('INFRA_NOT_CONFIGURED', `A stored token for ${aad} has an unknown format (expected ${CIPHER_VERSION}); store it again`);
  }
  const [, iv, tag, ct] = parts;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * A token as people may see it: at most 3 leading and 4 trailing characters (`hcl…9f2a`), fewer
 * for short tokens so a masked value never gives away most of a secret.
 */
export function mask(token: string): string {
  if (token.length >= 20) return `${token.slice(0, 3)}…${token.slice(-4)}`;
  if (token.length >= 12) return `…${token.slice(-4)}`;
  if (token.length >= 8) return `…${token.slice(-2)}`;
  return '…';
}
