/**
 * Reads a workflow's history the way Temporal stores it, through a client that holds no codec,
 * and checks personal data never sits in it in plain text: every payload is sealed by the codec
 * (src/codec), every failure message is encoded, and none of the given needles occurs anywhere
 * (inputs, activity inputs and results, results, failures, memo, search attributes) in any form a
 * reader could recover without the key: as UTF-8, JSON-escaped or base64.
 */
import { Client, Connection } from '@temporalio/client';
import { temporalAddress } from './temporal';

export interface RawHistory {
  /** Every string a reader without the key sees: bytes as UTF-8 and as base64, all other fields as JSON. */
  text: string;
  /** Paths of payloads that are not `binary/encrypted` (except {@link SDK_PLAIN}). */
  plainPayloads: string[];
  /** Paths of failures whose message is readable (not the converter's "Encoded failure"). */
  plainFailureMessages: string[];
  events: number;
}

/** A workflow by id (and run); a handle from any client fits. */
export interface WorkflowRef {
  workflowId: string;
  runId?: string;
}

/** Fetches the raw history and the raw description (memo, search attributes) of a workflow. */
export async function rawHistory(ref: WorkflowRef): Promise<RawHistory> {
  const connection = await Connection.connect({ address: temporalAddress() });
  try {
    const handle = new Client({ connection }).workflow.getHandle(ref.workflowId, ref.runId);
    const history = await handle.fetchHistory();
    // The raw description over gRPC: the client's describe() would try to decode the (sealed) memo.
    const description = await connection.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: ref.workflowId, runId: ref.runId } });
    const out: RawHistory = { text: '', plainPayloads: [], plainFailureMessages: [], events: history.events?.length ?? 0 };
    const parts: string[] = [];
    walk({ history, memo: description.workflowExecutionInfo?.memo }, '', out, parts);
    out.text = parts.join('\n');
    return out;
  } finally {
    await connection.close();
  }
}

/**
 * Payloads Temporal stores in plain form by design, never through a codec: search attributes (the
 * server indexes them; src/shared/search-attributes.ts holds no personal data) and the SDK's own
 * patch markers (a patch id). The needle search still covers them.
 */
const SDK_PLAIN = /searchAttributes|indexedFields|markerRecordedEventAttributes\.details\.patch-data/;

const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
const utf8 = (b: Uint8Array) => Buffer.from(b).toString('utf8');

function walk(v: unknown, path: string, out: RawHistory, parts: string[]): void {
  if (v === null || v === undefined) return;
  if (isBytes(v)) {
    parts.push(utf8(v), Buffer.from(v).toString('base64'));
    return;
  }
  if (typeof v !== 'object') {
    parts.push(String(v));
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => walk(x, `${path}[${i}]`, out, parts));
    return;
  }
  const o = v as Record<string, unknown>;
  // A Payload: metadata (map of bytes) and data (bytes).
  if (o.metadata && typeof o.metadata === 'object' && !Array.isArray(o.metadata) && (o.data === undefined || o.data === null || isBytes(o.data))) {
    const enc = isBytes((o.metadata as any).encoding) ? utf8((o.metadata as any).encoding) : undefined;
    if (enc !== 'binary/encrypted' && !SDK_PLAIN.test(path)) out.plainPayloads.push(`${path} (${enc ?? 'no encoding'})`);
  }
  // A Failure: a message next to failure info.
  if (typeof o.message === 'string' && o.message !== '' && ('applicationFailureInfo' in o || 'activityFailureInfo' in o || 'encodedAttributes' in o || 'stackTrace' in o)) {
    if (o.message !== 'Encoded failure') out.plainFailureMessages.push(`${path}: ${o.message}`);
  }
  for (const [k, x] of Object.entries(o)) walk(x, path ? `${path}.${k}` : k, out, parts);
}

/** The forms of `needle` a reader without the key could find: itself, JSON-escaped, base64 at each alignment. */
export function plainForms(needle: string): string[] {
  const forms = new Set([needle, JSON.stringify(needle).slice(1, -1)]);
  const bytes = Buffer.from(needle, 'utf8');
  for (let shift = 0; shift < 3; shift++) {
    // The needle `shift` bytes into a 3-byte group: keep the characters of whole groups of needle bytes only.
    const b64 = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const start = 4 * Math.ceil(shift / 3);
    const end = 4 * Math.floor((shift + bytes.length) / 3);
    if (end - start >= 8) forms.add(b64.slice(start, end));
  }
  return [...forms];
}

/**
 * Asserts the workflow's stored history holds no needle in plain text, no unencrypted payload and
 * no readable failure message. Returns what it read, for further checks.
 */
export async function expectNoPlainText(ref: WorkflowRef, needles: readonly string[]): Promise<RawHistory> {
  const raw = await rawHistory(ref);
  expect(raw.events).toBeGreaterThan(0);
  expect(raw.plainPayloads).toEqual([]);
  expect(raw.plainFailureMessages).toEqual([]);
  for (const needle of needles) {
    if (needle.trim().length < 4) throw new Error(`needle "${needle}" is too short to search for meaningfully`);
    for (const form of plainForms(needle)) {
      if (raw.text.includes(form)) throw new Error(`"${needle}" is in the raw history of ${ref.workflowId} in plain text (as "${form}")`);
    }
  }
  return raw;
}
