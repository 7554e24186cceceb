/** Placeholder until the cloudflare simulator lands. */
import type { ProviderSim, SimContext } from '../core/types';

export function createCloudflareSim(_ctx: SimContext): ProviderSim {
  throw new Error('the cloudflare simulator is not built yet');
}
