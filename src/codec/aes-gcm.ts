/**
 * The payload codec that keeps personal data (admin email, rendered cloud-init, registrant
 * contacts) out of Temporal's history in plain text: every payload is serialized whole (metadata
 * and data) and sealed with AES-256-GCM under a random 12-byte nonce, as in Temporal's encryption
 * sample. The sealed payload says only `encoding: binary/encrypted` and which key sealed it, so keys
 * can rotate: the first key of the ring encrypts, every key of the ring decrypts. Payloads without
 * that encoding (histories from before the codec, other senders) pass through unchanged.
 * It runs outside the workflow sandbox (client, worker, codec server), never in the bundle.
 */
import crypto from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { InfraError } from '../domain/errors';

/** The encoding a sealed payload carries; Temporal's samples and UI know it. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** The metadata key naming the key that sealed a payload. */
export const KEY_ID_METADATA = 'encryption-key-id';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Binds every ciphertext to this format and to its key id. */
const AAD_PREFIX = 'fazt-payload-v1\0';

/** One codec key: 32 secret bytes and a non-secret id stored next to each ciphertext. */
export interface CodecKey {
  id: string;
  key: Buffer;
}

const PayloadProto = temporal.api.common.v1.Payload;
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

/** Is this payload sealed by a codec like this one? */
export function isEncrypted(p: Payload): boolean {
  return text(p.metadata?.encoding) === ENCRYPTED_ENCODING;
}

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  /** @param keys the ring: `keys[0]` seals, all of them open. */
  constructor(private readonly keys: readonly CodecKey[]) {
    if (keys.length === 0) throw new Error('AesGcmPayloadCodec needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`codec key ${k.id} is not 32 bytes`);
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** The id of the key new payloads are sealed with. */
  get keyId(): string {
    return this.keys[0].id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.seal(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => (isEncrypted(p) ? this.open(p) : p));
  }

  private seal(p: Payload): Payload {
    const { id, key } = this.keys[0];
    const nonce = crypto.randomBytes(NONCE_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(AAD_PREFIX + id, 'utf8'));
    const plain = PayloadProto.encode(p).finish();
    const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return { metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(id) }, data: new Uint8Array(sealed) };
  }

  private open(p: Payload): Payload {
    const id = text(p.metadata?.[KEY_ID_METADATA]);
    if (!id) throw new InfraError('INFRA_INVALID_INPUT', 'An encrypted Temporal payload has no key id; it was not sealed by fazt');
    const key = this.byId.get(id);
    if (!key) {
      throw new InfraError('INFRA_NOT_CONFIGURED',
        `A Temporal payload is encrypted with codec key ${id}, which this process does not hold (it has ${[...this.byId.keys()].join(', ')}). Use the same FAZT_MASTER_KEY or master.key as the worker, or list the old key in FAZT_PREVIOUS_MASTER_KEYS`);
    }
    const data = Buffer.from(p.data ?? new Uint8Array());
    if (data.length < NONCE_BYTES + TAG_BYTES) throw tampered(id);
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, data.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(AAD_PREFIX + id, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return PayloadProto.decode(plain) as Payload;
    } catch {
      throw tampered(id);
    }
  }
}

function tampered(id: string): InfraError {
  return new InfraError('INFRA_INVALID_INPUT', `A Temporal payload encrypted with codec key ${id} does not authenticate: it was altered or sealed with another key of the same id`);
}
