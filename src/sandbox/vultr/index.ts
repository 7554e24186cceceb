/** Placeholder until the vultr simulator lands. */
import type { ProviderSim, SimContext } from '../core/types';

export function createVultrSim(_ctx: SimContext): ProviderSim {
  throw new Error('the vultr simulator is not built yet');
}
