/** Placeholder until the digitalocean simulator lands. */
import type { ProviderSim, SimContext } from '../core/types';

export function createDigitalOceanSim(_ctx: SimContext): ProviderSim {
  throw new Error('the digitalocean simulator is not built yet');
}
