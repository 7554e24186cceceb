/**
 * Cloudflare's facts: DNS with proxying, a batch endpoint of 200 changes on the Free plan, TTL
 * 60–86400 (1 = automatic).
 */
import type { ProviderDescriptor } from '../descriptor';

export const descriptor = {
  name: 'cloudflare',
  displayName: 'Cloudflare',
  // Cloudflare names each request by its Ray ID.
  requestIdHeader: 'cf-ray',
  // `domain`: the spec's `infra.domain.cloudflare` slot (Cloudflare Registrar).
  kinds: ['dns', 'domain'],
  sharedToken: false,
  tokenEnv: ['CLOUDFLARE_API_TOKEN'],
  tokenLooksLike: '40 letters, digits, - and _',
  defaultEndpoint: 'https://api.cloudflare.com/client/v4',
  // Registrar and zone creation are per account; a token may see several.
  account: { pattern: /^[0-9a-f]{32}$/, looksLike: '32 hex digits (Dashboard → Account home → Account ID)' },
  currency: 'USD',
  budget: { requestsPerSecond: 4, burst: 1200, reportsRemaining: true, why: '1200 requests per 300 s per user, 4 per second sustained (Ratelimit and Ratelimit-Policy headers)' },
  dnsNote: 'Free tier',
  capabilities: {
    sshKeys: false,
    proxied: true,
    recordTypes: ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'CAA'],
    maxBatchSize: 200,
    maxUserDataBytes: 0,
    minTtl: 60,
  },
  // Registrar API facts: provider-api-notes §4.6.
  registrar: {
    maxCheck: 20,
    years: { min: 1, max: 10 },
    dashboardOnlyExtensions: ['giving', 'mom', 'inc', 'lol', 'sh', 'link', 'cc', 'new'],
    premium: false,
    transferIn: false,
    transferSteps: 'Start the transfer in the Cloudflare dashboard: Domain Registration → Transfer Domains, add the domain as a zone first, then enter the auth code there',
    refundable: false,
  },
} as const satisfies ProviderDescriptor;
