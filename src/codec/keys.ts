/**
 * Where the codec's keys come from: the worker's key store (src/config/crypto.ts). The codec never
 * uses the master key's bytes themselves (those seal stored credentials): it uses a key derived
 * from it with HKDF-SHA256 under its own label, so one key is never used for two purposes.
 * Rotation: set the new FAZT_MASTER_KEY (or key file) and list the old ones in
 * FAZT_PREVIOUS_MASTER_KEYS (comma-separated); new payloads use the new key, old ones still open.
 */
import crypto from 'node:crypto';
import { loadMasterKey, parseMasterKey } from '../config/crypto';
import { configDir } from '../config/paths';
import { InfraError } from '../domain/errors';
import type { CodecKey } from './aes-gcm';

const HKDF_SALT = Buffer.from('fazt-infra', 'utf8');
const HKDF_INFO = Buffer.from('temporal-payload-codec/aes-256-gcm/v1', 'utf8');

/** The codec key derived from a master key; its id is a fingerprint of the derived key. */
export function deriveCodecKey(master: Buffer): CodecKey {
  const key = Buffer.from(crypto.hkdfSync('sha256', master, HKDF_SALT, HKDF_INFO, 32));
  const id = `fazt-${crypto.createHash('sha256').update('fazt-codec-key-id\0').update(key).digest('hex').slice(0, 12)}`;
  return { id, key };
}

export interface CodecKeySource {
  /** Config folder holding master.key. @default configDir(env) */
  dir?: string;
  /** FAZT_MASTER_KEY, FAZT_PREVIOUS_MASTER_KEYS. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * The key ring: the current master key's codec key first, then those of FAZT_PREVIOUS_MASTER_KEYS.
 * A missing key file is created (as the config store does), so the client, the CLI and the
 * worker that share a config folder agree on one key without setup.
 */
export function loadCodecKeys(src: CodecKeySource = {}): CodecKey[] {
  const env = src.env ?? process.env;
  const dir = src.dir ?? configDir(env);
  let master;
  try {
    master = loadMasterKey(dir, env, { create: true })!;
  } catch (err: any) {
    if (!['EROFS', 'EACCES', 'EPERM'].includes(err?.code)) throw err;
    // A read-only config folder (e.g. the compose dashboard) before the worker made the key.
    throw new InfraError('INFRA_NOT_CONFIGURED',
      `No master key to encrypt Temporal payloads with: ${dir} has no master.key and it cannot be created here. Start the worker once (it creates the key), or set FAZT_MASTER_KEY to the worker's key`,
      { hint: 'openssl rand -hex 32' });
  }
  const previous = (env.FAZT_PREVIOUS_MASTER_KEYS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')
    .map((s, i) => parseMasterKey(s, `FAZT_PREVIOUS_MASTER_KEYS entry ${i + 1}`));
  const ring = [master.key, ...previous].map(deriveCodecKey);
  return ring.filter((k, i) => ring.findIndex((o) => o.id === k.id) === i);
}
