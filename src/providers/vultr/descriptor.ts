/** Vultr's facts: instances and SSH keys (Vultr DNS is not offered). */
import type { ProviderDescriptor } from '../descriptor';

export const descriptor = {
  name: 'vultr',
  displayName: 'Vultr',
  kinds: ['vps'],
  sharedToken: false,
  tokenEnv: ['VULTR_API_KEY'],
  tokenLooksLike: '36 upper-case letters and digits',
  defaultEndpoint: 'https://api.vultr.com/v2',
  currency: 'USD',
  budget: { requestsPerSecond: 25, burst: 5, reportsRemaining: false, why: 'Vultr allows 30 requests/s per IP and sends no rate-limit headers: 25/s plus a burst of 5 never exceeds 30 in a second' },
  capabilities: {
    sshKeys: true, proxied: false, recordTypes: [], maxBatchSize: 0,
    // Guess (provider-api-notes): 64 KiB after base64 encoding.
    maxUserDataBytes: 65_535,
    minTtl: 60,
  },
  serverDefaults: { type: 'vc2-1c-1gb', region: 'ewr', image: 'ubuntu-24.04' },
} as const satisfies ProviderDescriptor;
