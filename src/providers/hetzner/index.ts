/** Placeholder until the hetzner adapter lands. */
import type { ProviderDescriptor } from '../types';

export const hetzner: ProviderDescriptor = {
  name: 'hetzner',
  displayName: 'Hetzner',
  capabilities: { vps: true, dns: true, sshKeys: true, registrar: false, proxied: false, recordTypes: [], maxBatchSize: 0, maxUserDataBytes: 0, minTtl: 60 },
  tokenEnv: ['HCLOUD_TOKEN'],
  defaultEndpoint: 'https://api.hetzner.cloud/v1',
  activitiesPerSecond: 1,
  create() {
    throw new Error('the hetzner adapter is not built yet');
  },
};
