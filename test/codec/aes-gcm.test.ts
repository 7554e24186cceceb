/**
 * The payload codec on its own: what it seals, that it opens only with the right key and an
 * untouched ciphertext, that plain payloads from before it pass through, and the key ring.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, deriveCodecKey, ENCRYPTED_ENCODING, KEY_ID_METADATA, loadCodecKeys } from '../../src/codec';

const master = (b: number) => Buffer.alloc(32, b);
const codecOf = (...bytes: number[]) => new AesGcmPayloadCodec(bytes.map((b) => deriveCodecKey(master(b))));
const meta = (p: Payload, k: string) => Buffer.from(p.metadata![k]!).toString('utf8');
const VALUE = { adminEmail: 'jane.doe@example.com', userData: '#cloud-config\nruncmd:\n  - fazt server init' };

describe('AesGcmPayloadCodec', () => {
  it('round-trips a payload, metadata included, and seals it without any plain text', async () => {
    const codec = codecOf(1);
    const plain = defaultPayloadConverter.toPayload(VALUE);
    const [sealed] = await codec.encode([plain]);
    expect(meta(sealed, 'encoding')).toBe(ENCRYPTED_ENCODING);
    expect(meta(sealed, KEY_ID_METADATA)).toBe(codec.keyId);
    expect(Object.keys(sealed.metadata!).sort()).toEqual(['encoding', KEY_ID_METADATA].sort());
    const raw = Buffer.from(sealed.data!).toString('latin1');
    for (const needle of ['jane.doe', 'cloud-config', 'json/plain', 'adminEmail']) expect(raw).not.toContain(needle);
    const [opened] = await codec.decode([sealed]);
    expect(meta(opened, 'encoding')).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(opened)).toEqual(VALUE);
  });

  it('uses a fresh nonce for every payload', async () => {
    const codec = codecOf(1);
    const p = defaultPayloadConverter.toPayload('same');
    const [a, b] = await codec.encode([p, p]);
    expect(Buffer.from(a.data!).subarray(0, 12).equals(Buffer.from(b.data!).subarray(0, 12))).toBe(false);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('refuses a tampered ciphertext', async () => {
    const codec = codecOf(1);
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(VALUE)]);
    const data = Buffer.from(sealed.data!);
    data[20] ^= 0x01;
    await expect(codec.decode([{ ...sealed, data }])).rejects.toThrow(/does not authenticate/);
    await expect(codec.decode([{ ...sealed, data: data.subarray(0, 10) }])).rejects.toThrow(/does not authenticate/);
  });

  it('refuses a key id swapped onto another key (the id is authenticated)', async () => {
    const a = codecOf(1);
    const both = codecOf(2, 1);
    const [sealed] = await a.encode([defaultPayloadConverter.toPayload(VALUE)]);
    const swapped = { ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: new TextEncoder().encode(both.keyId) } };
    await expect(both.decode([swapped])).rejects.toThrow(/does not authenticate/);
  });

  it('refuses a payload sealed with a key it does not hold, naming the key ids and the fix', async () => {
    const [sealed] = await codecOf(1).encode([defaultPayloadConverter.toPayload(VALUE)]);
    const err = await codecOf(2).decode([sealed]).catch((e) => e);
    expect(err.code).toBe('INFRA_NOT_CONFIGURED');
    expect(err.message).toContain(deriveCodecKey(master(1)).id);
    expect(err.message).toContain('FAZT_PREVIOUS_MASTER_KEYS');
    expect(err.message).not.toContain('jane');
  });

  it('passes payloads without the encryption metadata through unchanged (histories from before the codec)', async () => {
    const plain = [defaultPayloadConverter.toPayload(VALUE), defaultPayloadConverter.toPayload(undefined), { metadata: {}, data: new Uint8Array([1, 2]) }];
    const out = await codecOf(1).decode(plain);
    out.forEach((p, i) => expect(p).toBe(plain[i]));
  });

  it('rotates: the first key seals, older keys of the ring still open', async () => {
    const [old] = await codecOf(1).encode([defaultPayloadConverter.toPayload('old')]);
    const rotated = codecOf(2, 1);
    const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload('new')]);
    expect(meta(fresh, KEY_ID_METADATA)).toBe(deriveCodecKey(master(2)).id);
    const opened = await rotated.decode([old, fresh]);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['old', 'new']);
  });
});

describe('codec keys from the key store', () => {
  it('derives a key distinct from the master key, stable per master key, with a non-secret id', () => {
    const k = deriveCodecKey(master(7));
    expect(k.key).toHaveLength(32);
    expect(k.key.equals(master(7))).toBe(false);
    expect(deriveCodecKey(master(7))).toEqual(k);
    expect(deriveCodecKey(master(8)).id).not.toBe(k.id);
    expect(k.id).toMatch(/^fazt-[0-9a-f]{12}$/);
    expect(k.id).not.toContain(master(7).toString('hex').slice(0, 8));
  });

  it('reads FAZT_MASTER_KEY, else the config folder key file (made once, shared), plus FAZT_PREVIOUS_MASTER_KEYS', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-codec-'));
    try {
      const fromFile = loadCodecKeys({ dir, env: {} });
      expect(fs.existsSync(path.join(dir, 'master.key'))).toBe(true);
      expect(loadCodecKeys({ dir, env: {} })).toEqual(fromFile);
      const hex = crypto.randomBytes(32).toString('hex');
      const prev = master(3).toString('hex');
      const ring = loadCodecKeys({ dir, env: { FAZT_MASTER_KEY: hex, FAZT_PREVIOUS_MASTER_KEYS: ` ${prev} , ${hex}` } });
      expect(ring.map((k) => k.id)).toEqual([deriveCodecKey(Buffer.from(hex, 'hex')).id, deriveCodecKey(master(3)).id]);
      expect(() => loadCodecKeys({ dir, env: { FAZT_PREVIOUS_MASTER_KEYS: 'nope' } })).toThrow(/FAZT_PREVIOUS_MASTER_KEYS entry 1 must be 32 bytes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('codec keys in a read-only config folder', () => {
  it('says how to get a key when none exists and none can be made there', () => {
    // sysfs refuses new entries to every user, root included: a read-only folder without a key.
    expect(() => loadCodecKeys({ dir: '/sys/fazt-codec-test', env: {} })).toThrow(/has no master.key and it cannot be created here. Start the worker once/);
    expect(loadCodecKeys({ dir: '/sys/fazt-codec-test', env: { FAZT_MASTER_KEY: master(5).toString('hex') } })[0].id).toBe(deriveCodecKey(master(5)).id);
  });
});
