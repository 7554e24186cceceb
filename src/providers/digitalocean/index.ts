/**
 * The DigitalOcean adapter: droplets, account SSH keys and DNS through dots-wrapper. Managed
 * droplets carry the tags `fazt-managed` and `fazt-op:<operationId>` (DO tags allow letters,
 * numbers, `:`, `-` and `_`), which `findByOperation` searches with DO's `tag_name` filter.
 */
import type { ProviderFactory } from '../types';
import { DoApi } from './api';
import { createDns } from './dns';
import { createSshKeys, createVps } from './vps';

export const create: ProviderFactory = (ctx) => {
  const api = new DoApi(ctx);
  return { vps: createVps(api), sshKeys: createSshKeys(api), dns: createDns(api) };
};
