/**
 * How every process finds Temporal: TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TEMPORAL_API_KEY and
 * the envconfig profile file (@temporalio/envconfig), so Temporal Cloud and self-hosted clusters
 * work unchanged. Default: the local dev server on localhost:7233.
 */
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { InfraError, messageOf } from '../domain/errors';
import { DEFAULT_NAMESPACE } from './constants';

export interface TemporalTarget {
  address: string;
  namespace: string;
  tls?: any;
  apiKey?: string;
  metadata?: Record<string, string>;
}

export function temporalTarget(overrides: { address?: string; namespace?: string } = {}): TemporalTarget {
  let profile: { connectionOptions: any; namespace?: string } = { connectionOptions: {} };
  try {
    profile = loadClientConnectConfig();
  } catch (err) {
    throw new InfraError('INFRA_INVALID_INPUT', `Cannot read the Temporal client config: ${messageOf(err)}`);
  }
  const o = profile.connectionOptions ?? {};
  return {
    address: overrides.address ?? o.address ?? 'localhost:7233',
    namespace: overrides.namespace ?? profile.namespace ?? DEFAULT_NAMESPACE,
    tls: o.tls,
    apiKey: o.apiKey,
    metadata: o.metadata,
  };
}

/** The one clear line for an unreachable server. */
export function unreachable(address: string, err: unknown): InfraError {
  return new InfraError('INFRA_NOT_CONFIGURED', `Cannot reach Temporal at ${address} (${messageOf(err).split('\n')[0]}). Start the local system with \`npm run up\`, or set TEMPORAL_ADDRESS to your cluster.`, {
    hint: 'npm run up',
  });
}
