/** Every provider adapter; adding one is a folder and one line here. */
import type { ProviderDescriptor } from './types';
import { hetzner } from './hetzner';
import { digitalocean } from './digitalocean';
import { vultr } from './vultr';
import { cloudflare } from './cloudflare';

export const ALL_PROVIDERS: ProviderDescriptor[] = [hetzner, digitalocean, vultr, cloudflare];
