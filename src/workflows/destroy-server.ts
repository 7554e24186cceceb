/**
 * `vps.destroy`: resolve → human confirmation showing name and IP → destroy. Rejection or timeout
 * ends in INFRA_CANCELED and the provider is never called. Delete protection is reported as is.
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { Operation } from './operation';
import { DEFAULT_CONFIRMATION_TIMEOUT } from './options';
import { bookkeeping, writes } from './proxies';
import { resolveServer } from './steps/servers';
import { vpsDestroy } from '../operations/catalogue';

export interface DestroyServerInput {
  server: string;
  confirmationTimeout?: string;
}

export async function destroyServer(input: DestroyServerInput): Promise<{ id: string; name: string; destroyed: boolean }> {
  const op = new Operation(vpsDestroy.name, 4);
  op.step('resolve', input.server);
  const cfg = await bookkeeping.infraConfig();
  const server = await resolveServer(input.server, cfg);
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.provider]: [server.provider], [SEARCH_ATTRIBUTES.operation]: [vpsDestroy.name], [SEARCH_ATTRIBUTES.server]: [server.name] });

  op.step('confirm');
  await op.confirm(vpsDestroy.name, `Destroy server ${server.name} (${server.ip ?? 'no IP'})?`, {
    server: { id: server.id, name: server.name, ip: server.ip, provider: server.provider, type: server.type, region: server.region, monthlyCost: server.monthlyCost },
    action: 'destroy',
    deleteProtected: !!server.deleteProtected,
  }, input.confirmationTimeout ?? cfg.settings.confirmationTimeout ?? DEFAULT_CONFIRMATION_TIMEOUT);

  op.step('destroy', server.name);
  const r = await writes(server.provider).vpsDestroy({ provider: server.provider, providerId: server.providerId });
  op.finish();
  return { id: server.id, name: server.name, destroyed: r.destroyed };
}
