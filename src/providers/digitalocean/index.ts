/** Placeholder until the digitalocean adapter lands. */
import type { ProviderDescriptor } from '../types';

export const digitalocean: ProviderDescriptor = {
  name: 'digitalocean',
  displayName: 'DigitalOcean',
  capabilities: { vps: true, dns: true, sshKeys: true, registrar: false, proxied: false, recordTypes: [], maxBatchSize: 0, maxUserDataBytes: 0, minTtl: 60 },
  tokenEnv: ['DIGITALOCEAN_TOKEN'],
  defaultEndpoint: 'https://api.digitalocean.com/v2',
  activitiesPerSecond: 1,
  create() {
    throw new Error('the digitalocean adapter is not built yet');
  },
};
