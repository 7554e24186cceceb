/** Tool results: structured content plus a text copy, or `isError` with the InfraError JSON. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { fromFailure, InfraError } from '../domain/errors';

/** A successful result; the text block repeats the JSON for clients that ignore structured content. */
export function ok(structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(structured, null, 2) }], structuredContent: structured };
}

/**
 * A failed result the model can read: `{ "error": { "code": "INFRA_…", "message", "hint"? } }`.
 * No structuredContent, because it would not match the tool's output schema.
 */
export function fail(err: unknown): CallToolResult {
  const infra = err instanceof InfraError ? err : fromFailure(err);
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error: infra.toJSON() }) }] };
}

/** Runs a tool body and turns any thrown error into {@link fail}. */
export async function guarded(body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (err) {
    return fail(err);
  }
}
