/**
 * The one data converter every fazt Temporal client, connection and worker uses: the encrypting
 * payload codec (./aes-gcm.ts) with keys from the key store (./keys.ts), and the failure converter
 * that moves messages into encrypted attributes (./failure-converter.ts). Workflow bundles take
 * {@link WORKFLOW_BUNDLE_CONVERTERS} so failures thrown in workflows are encoded the same way.
 */
import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './aes-gcm';
import { loadCodecKeys, type CodecKeySource } from './keys';

export { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, isEncrypted, type CodecKey } from './aes-gcm';
export { deriveCodecKey, loadCodecKeys, type CodecKeySource } from './keys';

/** Path of the failure converter module (resolved for ts sources under tests and lib/ when built). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** What `bundleWorkflowCode` needs so workflow failures use the same converter. */
export const WORKFLOW_BUNDLE_CONVERTERS = { failureConverterPath: FAILURE_CONVERTER_PATH } as const;

/** The codec over the key store's keys. */
export function payloadCodec(src: CodecKeySource = {}): AesGcmPayloadCodec {
  return new AesGcmPayloadCodec(loadCodecKeys(src));
}

/** The data converter for Client, Connection-based clients and Worker.create. */
export function infraDataConverter(src: CodecKeySource | { codec: AesGcmPayloadCodec } = {}): DataConverter {
  const codec = 'codec' in src ? src.codec : payloadCodec(src);
  return { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH };
}
