/**
 * The remote codec's JSON form (what the Temporal UI sends):
 * `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`. Parsing names the first thing
 * wrong, by position, so a 400 says what to fix.
 */
import type { Payload } from '@temporalio/common';

export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;

export class BadBody extends Error {}

function bytes(v: unknown, where: string): Uint8Array {
  if (typeof v !== 'string' || !BASE64.test(v)) throw new BadBody(`${where} must be a base64 string`);
  return new Uint8Array(Buffer.from(v, 'base64'));
}

/** The payloads of a request body, or BadBody saying what is wrong. */
export function parsePayloads(text: string): Payload[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadBody('the body is not JSON; expected {"payloads":[{"metadata":{...},"data":"<base64>"}]}');
  }
  const list = (body as { payloads?: unknown } | null)?.payloads;
  if (typeof body !== 'object' || body === null || !Array.isArray(list)) throw new BadBody('the body must be an object with a "payloads" array');
  return list.map((p, i) => {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new BadBody(`payloads[${i}] must be an object`);
    const { metadata = {}, data } = p as { metadata?: unknown; data?: unknown };
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw new BadBody(`payloads[${i}].metadata must be an object of base64 strings`);
    const meta = Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, bytes(v, `payloads[${i}].metadata.${k}`)]));
    return { metadata: meta, data: data === undefined || data === null ? new Uint8Array() : bytes(data, `payloads[${i}].data`) };
  });
}

/** Payloads in the JSON form. */
export function toJson(payloads: Payload[]): { payloads: JsonPayload[] } {
  const b64 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('base64');
  return { payloads: payloads.map((p) => ({ metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])), data: b64(p.data) })) };
}
