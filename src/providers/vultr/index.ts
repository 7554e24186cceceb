/**
 * The Vultr adapter: VPS and SSH keys through our own small client (src/providers/http.ts).
 * `@vultr/vultr-node` is not used: it resolves errors instead of rejecting and is barely
 * maintained (provider-api-notes §5). Vultr DNS is not offered (capabilities.dns = false).
 */
import type { ProviderDescriptor } from '../types';
import { VultrApi } from './api';
import { MAX_USER_DATA_BYTES } from './convert';
import { VultrSshKeys } from './ssh-keys';
import { VultrVps } from './vps';

export const vultr: ProviderDescriptor = {
  name: 'vultr',
  displayName: 'Vultr',
  capabilities: {
    vps: true, dns: false, sshKeys: true, registrar: false, proxied: false, recordTypes: [], maxBatchSize: 0,
    maxUserDataBytes: MAX_USER_DATA_BYTES, minTtl: 60,
  },
  tokenEnv: ['VULTR_API_KEY'],
  defaultEndpoint: 'https://api.vultr.com/v2',
  // Vultr allows 30 req/s per IP; 20 leaves room for pagination and polling within one activity.
  activitiesPerSecond: 20,
  create(ctx) {
    const api = new VultrApi(ctx);
    return { vps: new VultrVps(api), sshKeys: new VultrSshKeys(api) };
  },
};
