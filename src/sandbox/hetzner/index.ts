/** Placeholder until the hetzner simulator lands. */
import type { ProviderSim, SimContext } from '../core/types';

export function createHetznerSim(_ctx: SimContext): ProviderSim {
  throw new Error('the hetzner simulator is not built yet');
}
