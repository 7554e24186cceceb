/**
 * When resolvers' caches can be trusted to hold a changed record: pure arithmetic, safe in
 * workflows. A resolver that cached the old value keeps it up to the old TTL; one that cached
 * "no such name" keeps that up to the zone's negative TTL (the SOA minimum, RFC 2308).
 */

export interface CacheExpiryInput {
  /** TTL in seconds of the value resolvers may have cached before the change. */
  ttl: number;
  /** The zone's SOA minimum in seconds (negative caching). */
  soaMinimum: number;
  /** When the change was made: epoch ms or ISO-8601. */
  changedAt: number | string;
  /**
   * Whether the name existed before the change: true → only the TTL matters, false → only the
   * negative TTL. @default undefined (unknown: the longer of the two)
   */
  existedBefore?: boolean;
}

export interface CacheExpiry {
  /** Seconds after `changedAt` by which every cache has let go of the old answer. */
  seconds: number;
  /** Epoch ms of that moment. */
  expiresAtMs: number;
  /** The same, ISO-8601. */
  expiresAt: string;
}

export function cacheExpiry(input: CacheExpiryInput): CacheExpiry {
  const changed = typeof input.changedAt === 'number' ? input.changedAt : Date.parse(input.changedAt);
  if (!Number.isFinite(changed)) throw new Error(`changedAt is not a time: ${String(input.changedAt)}`);
  const ttl = Math.max(0, input.ttl);
  const neg = Math.max(0, input.soaMinimum);
  const seconds = input.existedBefore === true ? ttl : input.existedBefore === false ? neg : Math.max(ttl, neg);
  const expiresAtMs = changed + seconds * 1000;
  return { seconds, expiresAtMs, expiresAt: new Date(expiresAtMs).toISOString() };
}
