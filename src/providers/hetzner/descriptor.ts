/** Hetzner Cloud's facts: servers, SSH keys and DNS (Cloud API zones/rrsets) under one project token. */
import type { ProviderDescriptor } from '../descriptor';

export const descriptor = {
  name: 'hetzner',
  displayName: 'Hetzner',
  kinds: ['vps', 'dns'],
  sharedToken: true,
  tokenEnv: ['HCLOUD_TOKEN', 'HETZNER_TOKEN'],
  tokenLooksLike: '64 letters and digits',
  defaultEndpoint: 'https://api.hetzner.cloud/v1',
  currency: 'EUR',
  budget: { requestsPerSecond: 1, burst: 3600, reportsRemaining: true, why: '3600 requests/hour per project: a bucket of 3600 refilling at one per second (RateLimit-Limit/-Remaining/-Reset)' },
  capabilities: {
    sshKeys: true,
    proxied: false,
    recordTypes: ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'CAA'],
    // No cross-rrset batch endpoint: each rrset is set on its own.
    maxBatchSize: 0,
    maxUserDataBytes: 32 * 1024,
    minTtl: 60,
  },
  serverDefaults: { type: 'cx22', region: 'fsn1', image: 'ubuntu-24.04' },
} as const satisfies ProviderDescriptor;
