/**
 * Hetzner Cloud: servers, SSH keys and DNS (Cloud API zones/rrsets) under one project token.
 * Our own small client over HttpClient (no SDK: the only JS ones are unmaintained).
 */
import type { ProviderFactory } from '../types';
import { HetznerApi } from './api';
import { descriptor } from './descriptor';
import { HetznerDns } from './dns';
import { HetznerSshKeys, HetznerVps } from './vps';

export const create: ProviderFactory = (ctx) => {
  const api = new HetznerApi(ctx, descriptor.defaultEndpoint);
  return { vps: new HetznerVps(api), sshKeys: new HetznerSshKeys(api), dns: new HetznerDns(api) };
};
