/** DigitalOcean's facts: droplets, account SSH keys and DNS (domains) under one token. */
import type { ProviderDescriptor } from '../descriptor';

export const descriptor = {
  name: 'digitalocean',
  displayName: 'DigitalOcean',
  kinds: ['vps', 'dns'],
  sharedToken: true,
  tokenEnv: ['DIGITALOCEAN_TOKEN', 'DIGITALOCEAN_ACCESS_TOKEN'],
  tokenLooksLike: 'dop_v1_ followed by 64 hex digits',
  defaultEndpoint: 'https://api.digitalocean.com/v2',
  currency: 'USD',
  budget: { requestsPerSecond: 1.3, burst: 150, reportsRemaining: true, why: '5,000 requests/hour ≈ 1.39/s, and at most 250 in any minute: a burst of 150 plus a minute of refill stays under it' },
  capabilities: {
    sshKeys: true,
    proxied: false,
    recordTypes: ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'CAA'],
    // No batch endpoint: every record change is its own call.
    maxBatchSize: 0,
    maxUserDataBytes: 65536,
    minTtl: 30,
  },
  serverDefaults: { type: 's-1vcpu-1gb', region: 'fra1', image: 'ubuntu-24.04' },
} as const satisfies ProviderDescriptor;
