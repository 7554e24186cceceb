/** DNS propagation: one check across resolvers, value normalisation and cache-expiry estimates. */
export { checkPropagation, DEFAULT_PUBLIC_RESOLVERS, PROPAGATION_TYPES, type CheckPropagationInput } from './check';
export { cacheExpiry, type CacheExpiry, type CacheExpiryInput } from './cache-expiry';
export { normalizeValue, valueMatches, unquoteTxt } from './normalize';
export { queryResolver, type QueryOutcome } from './query';
export { authoritativeServers } from './authoritative';
