/**
 * Cloudflare: DNS through the official `cloudflare` SDK (v7). Proxying, a batch endpoint of 200
 * changes on the Free plan, TTL 60–86400 (1 = automatic). Records this adapter creates carry
 * the comment `fazt-managed`; see plan.ts for how existing comments are kept.
 */
import type { ProviderDescriptor } from '../types';
import { CloudflareApi, DEFAULT_ENDPOINT } from './api';
import { CloudflareDns, MAX_BATCH_SIZE } from './dns';

export const cloudflare: ProviderDescriptor = {
  name: 'cloudflare',
  displayName: 'Cloudflare',
  capabilities: {
    vps: false,
    dns: true,
    sshKeys: false,
    registrar: false,
    proxied: true,
    recordTypes: ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'CAA'],
    maxBatchSize: MAX_BATCH_SIZE,
    maxUserDataBytes: 0,
    minTtl: 60,
  },
  tokenEnv: ['CLOUDFLARE_API_TOKEN'],
  defaultEndpoint: DEFAULT_ENDPOINT,
  // 1200 requests per 300 s is 4 per second sustained.
  activitiesPerSecond: 4,
  create(ctx) {
    const api = new CloudflareApi({ token: ctx.token, endpoint: ctx.endpoint, timeoutMs: ctx.timeoutMs });
    return { dns: new CloudflareDns(api) };
  },
};
