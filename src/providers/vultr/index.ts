/** Placeholder until the vultr adapter lands. */
import type { ProviderDescriptor } from '../types';

export const vultr: ProviderDescriptor = {
  name: 'vultr',
  displayName: 'Vultr',
  capabilities: { vps: true, dns: false, sshKeys: true, registrar: false, proxied: false, recordTypes: [], maxBatchSize: 0, maxUserDataBytes: 0, minTtl: 60 },
  tokenEnv: ['VULTR_API_KEY'],
  defaultEndpoint: 'https://api.vultr.com/v2',
  activitiesPerSecond: 1,
  create() {
    throw new Error('the vultr adapter is not built yet');
  },
};
