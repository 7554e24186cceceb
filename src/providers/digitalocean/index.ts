/**
 * The DigitalOcean adapter: droplets, account SSH keys and DNS through dots-wrapper. Managed
 * droplets carry the tags `fazt-managed` and `fazt-op:<operationId>` (DO tags allow letters,
 * numbers, `:`, `-` and `_`), which `findByOperation` searches with DO's `tag_name` filter.
 */
import type { ProviderDescriptor } from '../types';
import { DEFAULT_ENDPOINT, DoApi } from './api';
import { createDns, MIN_TTL } from './dns';
import { createSshKeys, createVps, MAX_USER_DATA_BYTES } from './vps';

export const digitalocean: ProviderDescriptor = {
  name: 'digitalocean',
  displayName: 'DigitalOcean',
  capabilities: {
    vps: true,
    dns: true,
    sshKeys: true,
    registrar: false,
    proxied: false,
    recordTypes: ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'CAA'],
    // No batch endpoint: every record change is its own call.
    maxBatchSize: 0,
    maxUserDataBytes: MAX_USER_DATA_BYTES,
    minTtl: MIN_TTL,
  },
  tokenEnv: ['DIGITALOCEAN_TOKEN', 'DIGITALOCEAN_ACCESS_TOKEN'],
  defaultEndpoint: DEFAULT_ENDPOINT,
  // 5,000 requests/hour ≈ 1.39/s; a little under it leaves room for the burst window.
  activitiesPerSecond: 1.3,
  create(ctx) {
    const api = new DoApi(ctx);
    return { vps: createVps(api), sshKeys: createSshKeys(api), dns: createDns(api) };
  },
};
