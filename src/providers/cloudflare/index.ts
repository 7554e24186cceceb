/** Placeholder until the cloudflare adapter lands. */
import type { ProviderDescriptor } from '../types';

export const cloudflare: ProviderDescriptor = {
  name: 'cloudflare',
  displayName: 'Cloudflare',
  capabilities: { vps: false, dns: true, sshKeys: false, registrar: false, proxied: false, recordTypes: [], maxBatchSize: 0, maxUserDataBytes: 0, minTtl: 60 },
  tokenEnv: ['CLOUDFLARE_API_TOKEN'],
  defaultEndpoint: 'https://api.cloudflare.com/client/v4',
  activitiesPerSecond: 1,
  create() {
    throw new Error('the cloudflare adapter is not built yet');
  },
};
