/**
 * The one reading of "how long does this response ask us to wait", for every HTTP stack (our
 * fetch client for Hetzner and Vultr, the Cloudflare SDK's fetch, dots-wrapper's axios for
 * DigitalOcean): `retry-after-ms`, then `Retry-After` as delta-seconds or an HTTP-date (RFC 9110
 * §10.2.3), then, where the provider sends it so, `RateLimit-Reset` as epoch seconds.
 */

/** Response headers as the stacks hand them over: fetch `Headers`, `AxiosHeaders` or a plain object. */
export type HeaderBag = Headers | { get(name: string): unknown } | Record<string, unknown> | null | undefined;

/** One header's value, case-insensitively, or undefined when absent. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const lower = name.toLowerCase();
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const v = (headers as { get(n: string): unknown }).get(lower);
    return v === undefined || v === null ? undefined : String(v);
  }
  const entry = Object.entries(headers as Record<string, unknown>).find(([k]) => k.toLowerCase() === lower);
  return entry === undefined || entry[1] === undefined || entry[1] === null ? undefined : String(entry[1]);
}

export interface RetryAfterOptions {
  /**
   * How the provider's `RateLimit-Reset` reads, if it is to be used: DigitalOcean sends the epoch
   * second at which the budget is back. Left out, the header is ignored.
   */
  reset?: 'epoch-seconds';
}

/**
 * Milliseconds to wait before the next request, or undefined when the headers say nothing usable.
 * A date or reset already past means no wait (0).
 */
export function retryAfterMs(headers: HeaderBag, now = Date.now(), opts: RetryAfterOptions = {}): number | undefined {
  const ms = headerValue(headers, 'retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const ra = headerValue(headers, 'retry-after')?.trim();
  if (ra) {
    if (/^\d+(\.\d+)?$/.test(ra)) return Math.ceil(Number(ra) * 1000);
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  if (opts.reset === 'epoch-seconds') {
    const reset = Number(headerValue(headers, 'ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  }
  return undefined;
}
