/**
 * The Vultr adapter: VPS and SSH keys through our own small client (src/providers/http.ts).
 * `@vultr/vultr-node` is not used: it resolves errors instead of rejecting and is barely
 * maintained (provider-api-notes §5). Vultr DNS is not offered (the descriptor's kinds).
 */
import type { ProviderFactory } from '../types';
import { VultrApi } from './api';
import { VultrSshKeys } from './ssh-keys';
import { VultrVps } from './vps';

export const create: ProviderFactory = (ctx) => {
  const api = new VultrApi(ctx);
  return { vps: new VultrVps(api), sshKeys: new VultrSshKeys(api) };
};
