/** Every provider simulator; adding one is a folder and one line here. */
import type { ProviderSim, SimContext } from './core/types';
import { createHetznerSim } from './hetzner';
import { createDigitalOceanSim } from './digitalocean';
import { createVultrSim } from './vultr';
import { createCloudflareSim } from './cloudflare';

export const SIMULATORS: Record<string, (ctx: SimContext) => ProviderSim> = {
  hetzner: createHetznerSim,
  digitalocean: createDigitalOceanSim,
  vultr: createVultrSim,
  cloudflare: createCloudflareSim,
};
