/**
 * Cloudflare: DNS and Registrar through the official `cloudflare` SDK (v7). Records this adapter creates carry
 * the comment `fazt-managed`; see plan.ts for how existing comments are kept.
 */
import type { ProviderFactory } from '../types';
import { CloudflareApi } from './api';
import { CloudflareDns } from './dns';
import { CloudflareRegistrar } from './registrar';

export const create: ProviderFactory = (ctx) => {
  const api = new CloudflareApi({ token: ctx.token, endpoint: ctx.endpoint, timeoutMs: ctx.timeoutMs, accountId: ctx.accountId });
  return { dns: new CloudflareDns(api), registrar: new CloudflareRegistrar(api) };
};
