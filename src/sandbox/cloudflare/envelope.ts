/**
 * Cloudflare API v4 response envelopes and the error codes the simulator sends.
 * Every response, success or failure, is `{success, errors, messages, result[, result_info]}`.
 */
import type { SimResponse } from '../core/types';

/** One entry of `errors[]` / `messages[]`; `error_chain` and `source` appear on real DNS errors. */
export interface CfMessage {
  code: number;
  message: string;
  error_chain?: CfMessage[];
  source?: { pointer: string };
}

/** `result_info` of a paginated list. */
export interface ResultInfo {
  page: number;
  per_page: number;
  count: number;
  total_count: number;
  total_pages: number;
}

/**
 * Error codes. Sources: provider-api-notes.md §4.2–4.3 (971, 1061, 10000, 81044, 81053, 81057),
 * hashicorp/terraform#11991 (1004 "DNS Validation Error" with error_chain 9004), LINKIWI/cloudflare-ddns-client#30
 * (9021 TTL; the range text updated to today's 60–86400). Codes marked "unverified" are plausible
 * neighbours chosen for the sandbox where no public body was found.
 */
export const CF = {
  rateLimited: { code: 971, message: 'Please wait and consider throttling your request speed' },
  authError: { code: 10000, message: 'Authentication error' },
  noRoute: { code: 7000, message: 'No route for that URI' },
  badJson: { code: 6007, message: 'Malformed JSON in request body' },
  /** unverified */
  internal: { code: 10001, message: 'Internal server error' },
  zoneExists: (name: string) => ({ code: 1061, message: `${name} already exists` }),
  /** unverified text; Cloudflare answers 1049 for names it cannot register as a zone. */
  notRegistrable: (name: string) => ({ code: 1049, message: `${name} is not a registered domain` }),
  /** unverified */
  accountRequired: { code: 1001, message: 'Invalid or missing account: account.id is required' },
  badObjectId: (path: string) => ({ code: 7003, message: `Could not route to ${path}, perhaps your object identifier is invalid?` }),
  recordMissing: { code: 81044, message: 'Record does not exist.' },
  recordExists: { code: 81057, message: 'Record already exists.' },
  cnameConflict: { code: 81053, message: 'An A, AAAA, or CNAME record with that host already exists.' },
  /** unverified code */
  cnameExists: { code: 81054, message: 'A CNAME record with that host already exists.' },
  /** unverified code */
  nsConflict: { code: 81056, message: 'NS records cannot coexist with other records on the same name.' },
  dnsValidation: (inner: CfMessage): CfMessage => ({ code: 1004, message: 'DNS Validation Error', error_chain: [inner] }),
  notProxiable: { code: 9004, message: 'This record type cannot be proxied.' },
  badTtl: { code: 9021, message: 'Invalid TTL. Must be between 60 and 86400 seconds, or 1 for automatic.' },
  badName: { code: 9000, message: 'DNS name is invalid.' },
  badA: { code: 9005, message: 'Content for A record must be a valid IPv4 address.' },
  badAAAA: { code: 9006, message: 'Content for AAAA record must be a valid IPv6 address.' },
  badHost: (type: string) => ({ code: 9007, message: `Content for ${type} record is invalid.` }),
  /** unverified code */
  badType: (type: string) => ({ code: 9008, message: `Unsupported DNS record type '${type}'.` }),
  /** unverified code */
  badPriority: { code: 9101, message: 'MX records require a priority between 0 and 65535.' },
  /** unverified code */
  badCaa: { code: 9102, message: 'CAA record data requires flags (0-255), a tag of issue, issuewild or iodef, and a value.' },
  /** unverified code */
  badTxt: { code: 9103, message: 'Content for TXT record is invalid.' },
  /** unverified code */
  badBody: (what: string) => ({ code: 9207, message: `Request body is invalid: ${what}` }),
  /** unverified code; free-plan limit per developers.cloudflare.com batch-record-changes. */
  batchTooLarge: (max: number) => ({ code: 81065, message: `Batch request exceeds the maximum of ${max} record changes for this plan.` }),
  /** A warning in `messages[]` for unquoted TXT content (dnscontrol discussion #3810). unverified code */
  txtUnquoted: { code: 10200, message: 'The content field of TXT records should be a quoted string; the value was stored as a single string.' },
} as const;

/** A successful response. */
export function ok(result: unknown, extra: { resultInfo?: ResultInfo; messages?: CfMessage[]; status?: number } = {}): SimResponse {
  const body: Record<string, unknown> = { success: true, errors: [], messages: extra.messages ?? [], result };
  if (extra.resultInfo) body.result_info = extra.resultInfo;
  return { status: extra.status ?? 200, body };
}

/** A failure with Cloudflare's envelope. */
export function fail(status: number, ...errors: CfMessage[]): SimResponse {
  return { status, body: { success: false, errors, messages: [], result: null } };
}

/** A thrown failure, so deep validation code can bail out with the right body. */
export class CfFailure extends Error {
  constructor(readonly status: number, readonly errors: CfMessage[]) {
    super(errors.map((e) => `${e.code} ${e.message}`).join('; '));
  }
  response(): SimResponse {
    return fail(this.status, ...this.errors);
  }
}

/** Throws a {@link CfFailure}. */
export function reject(status: number, ...errors: CfMessage[]): never {
  throw new CfFailure(status, errors);
}

/** Runs a handler body and turns a {@link CfFailure} into its response. */
export function guard(fn: () => SimResponse): SimResponse {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CfFailure) return err.response();
    throw err;
  }
}

/** Slices one page out of a sorted list, with Cloudflare's `result_info`. */
export function paginate<T>(items: T[], query: URLSearchParams, defaults: { perPage: number; min: number; max: number }): { page: T[]; info: ResultInfo } {
  const page = Math.max(1, intParam(query.get('page')) ?? 1);
  const perPage = Math.min(defaults.max, Math.max(defaults.min, intParam(query.get('per_page')) ?? defaults.perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  return {
    page: slice,
    info: { page, per_page: perPage, count: slice.length, total_count: items.length, total_pages: Math.max(1, Math.ceil(items.length / perPage)) },
  };
}

function intParam(v: string | null): number | undefined {
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? Math.floor(n) : undefined;
}
