/**
 * Hetzner Cloud: servers, SSH keys and DNS (Cloud API zones/rrsets) under one project token.
 * Our own small client over HttpClient (no SDK: the only JS ones are unmaintained).
 */
import type { ProviderDescriptor } from '../types';
import { HetznerApi } from './api';
import { HetznerDns, MIN_TTL } from './dns';
import { HetznerSshKeys, HetznerVps, MAX_USER_DATA_BYTES } from './vps';

const DEFAULT_ENDPOINT = 'https://api.hetzner.cloud/v1';

export const hetzner: ProviderDescriptor = {
  name: 'hetzner',
  displayName: 'Hetzner',
  capabilities: {
    vps: true,
    dns: true,
    sshKeys: true,
    registrar: false,
    proxied: false,
    recordTypes: ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'CAA'],
    // No cross-rrset batch endpoint: each rrset is set on its own.
    maxBatchSize: 0,
    maxUserDataBytes: MAX_USER_DATA_BYTES,
    minTtl: MIN_TTL,
  },
  tokenEnv: ['HCLOUD_TOKEN', 'HETZNER_TOKEN'],
  defaultEndpoint: DEFAULT_ENDPOINT,
  // 3600 requests/hour refilling at one per second.
  activitiesPerSecond: 1,
  create(ctx) {
    const api = new HetznerApi(ctx, DEFAULT_ENDPOINT);
    return { vps: new HetznerVps(api), sshKeys: new HetznerSshKeys(api), dns: new HetznerDns(api) };
  },
};
