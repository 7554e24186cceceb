/**
 * "Launch my app at blog.example.com": validate against managed zones → price → one confirmation
 * of everything → create the server → wait running → wait for cloud-init (Fazt with the fqdn) →
 * set A (and AAAA) → wait for propagation. On failure or cancel, compensation runs newest first in
 * a non-cancellable scope: the A/AAAA sets are put back as they were before (values this flow
 * replaced restored, sets it created deleted), then the server is removed (label-checked), and
 * the error says so.
 */
import { isCancellation, patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { LaunchResult } from '../client/api';
import { renderCloudInit } from '../domain/cloud-init';
import { operationIdFor } from '../domain/ids';
import { DNS_PROVIDERS, serverDefaultsFor } from '../domain/providers';
import { zoneFor } from '../domain/names';
import { launchSchema, type LaunchRequest } from '../domain/validate';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { pure, validated } from './failures';
import { Operation, infraFailure } from './operation';
import { DEFAULT_CONFIRMATION_TIMEOUT } from './options';
import { bookkeeping, reads, writes } from './proxies';
import { Compensations } from './saga';
import { orderServer, waitCloudInit, waitRunning } from './steps/servers';
import { applyRecords, launchRecords, previousSets, restoreRecords } from './steps/records';
import { pollPropagation } from './steps/propagation';
import { launch } from '../operations/catalogue';

export interface LaunchAppInput {
  /** Parsed at the client; re-checked here because history may hold inputs of older versions. */
  app: LaunchRequest;
  confirmationTimeout?: string;
  bootTimeout?: string;
  cloudInitTimeout?: string;
  propagationTimeout?: string;
  /** Defaults used when the input leaves them out. */
  defaults?: { type?: string; region?: string; image?: string };
  /**
   * The parent launchWithDomain's workflow id, whose one confirmation covered this launch too.
   * Honoured only when this run really is that workflow's child.
   */
  approvedByParent?: string;
}

export async function launchApp(input: LaunchAppInput): Promise<LaunchResult & { cleanedUp: string[] }> {
  const op = new Operation(launch.name, 9);
  const saga = new Compensations();
  op.step('validate');
  const app = validated(launchSchema, input.app, 'launch');
  const cfg = await bookkeeping.infraConfig();
  const match = zoneFor(app.fqdn, cfg.zones.map((z) => z.zone));
  if (!match) {
    throw infraFailure('INFRA_NOT_FOUND', `${app.fqdn} is not inside a managed zone (${cfg.zones.map((z) => z.zone).join(', ') || 'none'}). Add one with: fazt dev infra dns add-zone <zone> --provider <${DNS_PROVIDERS.join('|')}>`);
  }
  const zoneInfo = await bookkeeping.dnsZoneInfo({ zone: match.zone });
  const provider = await bookkeeping.chooseProvider({ kind: 'vps', provider: app.provider });
  const fallback = serverDefaultsFor(provider);
  const type = app.type ?? input.defaults?.type ?? fallback.type;
  const region = app.region ?? input.defaults?.region ?? fallback.region;
  const image = app.image ?? input.defaults?.image ?? fallback.image;
  const name = app.fqdn.replace(/\./g, '-').slice(0, 63).replace(/-+$/, '');
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.provider]: [provider], [SEARCH_ATTRIBUTES.operation]: [launch.name], [SEARCH_ATTRIBUTES.server]: [name], [SEARCH_ATTRIBUTES.zone]: [match.zone] });

  op.step('price', `${type} in ${region}`);
  const prepared = await reads(provider).vpsPrepareCreate({ provider, type, region });
  const operationId = operationIdFor(workflowInfo().workflowId);
  const userData = pure(() => renderCloudInit({ domain: app.fqdn, adminEmail: app.adminEmail ?? `admin@${match.zone}`, timestamp: new Date().toISOString(), instanceId: operationId }));

  op.step('confirm');
  const parent = workflowInfo().parent;
  if (input.approvedByParent && parent?.workflowId === input.approvedByParent && parent.workflowId.startsWith('launch-register:') && patched('launch-approved-by-parent')) {
    op.step('confirm', `approved in ${parent.workflowId}`);
  } else await op.confirm(launch.name, `Launch ${app.fqdn}: create ${name} (${type} in ${region}) at ${provider} for ${prepared.price.toFixed(2)} ${prepared.currency}/month and point ${match.name} in ${match.zone} (${zoneInfo.provider}) at it?`, {
    fqdn: app.fqdn, server: { provider, name, type, region, image, monthlyCost: prepared.price, currency: prepared.currency },
    records: [{ zone: match.zone, name: match.name, type: 'A', ttl: app.ttl ?? 300 }, ...(app.ipv6 ? [{ zone: match.zone, name: match.name, type: 'AAAA', ttl: app.ttl ?? 300 }] : [])],
  }, input.confirmationTimeout ?? cfg.settings.confirmationTimeout ?? DEFAULT_CONFIRMATION_TIMEOUT);

  try {
    const ordered = await orderServer(op, provider, { name, type, region, image, sshKeys: app.sshKeys ?? [], userData, ipv6: app.ipv6 }, operationId);
    saga.add(`server ${ordered.name} (${ordered.id})`, async () => {
      await writes(provider).vpsDestroy({ provider, providerId: ordered.providerId, requireOperationId: operationId });
    });
    // The saga removes the server on failure, so the step's message must not promise to keep it.
    const server = await waitRunning(op, ordered, input.bootTimeout, false);
    await waitCloudInit(op, server, input.cloudInitTimeout, false);

    op.step('set-dns', `${match.name} in ${match.zone}`);
    const records = launchRecords(match.name, server, app.ipv6 ?? false, app.ttl ?? 300, zoneInfo.proxied);
    if (patched('launch-restore-previous-dns')) {
      // Read before writing, so compensation restores what was there instead of deleting it.
      const existing = await reads(zoneInfo.provider).dnsRecords({ zone: match.zone });
      const previous = previousSets(existing, records);
      const what = previous.length ? `DNS records for ${app.fqdn} (restored: ${previous.map((r) => `${r.type} ${r.content}`).join(', ')})` : `DNS records for ${app.fqdn}`;
      saga.add(what, async () => {
        await restoreRecords(zoneInfo.provider, match.zone, records, previous);
      });
      await applyRecords(zoneInfo.provider, match.zone, records, 'upsert', existing);
    } else {
      saga.add(`DNS records for ${app.fqdn}`, async () => {
        await applyRecords(zoneInfo.provider, match.zone, records, 'remove');
      });
      await applyRecords(zoneInfo.provider, match.zone, records, 'upsert');
    }
    for (const r of records) op.progress.created.push({ kind: 'record', id: `${match.zone}/${r.name}/${r.type}`, description: `${r.type} ${app.fqdn} → ${r.content}` });

    op.step('wait-propagation', app.fqdn);
    const prop = await pollPropagation(op, { fqdn: app.fqdn, type: 'A', expected: server.ip!, timeout: input.propagationTimeout ?? '10m', ttl: app.ttl ?? 300 });
    if (!prop.allPropagated) throw infraFailure('INFRA_TIMEOUT', `${app.fqdn} did not propagate in time (waiting on ${prop.results.filter((r) => !r.propagated).map((r) => r.resolver).join(', ')})`);
    op.finish();
    const timings = op.timings();
    return { fqdn: app.fqdn, server, records, timings, created: op.progress.created, cleanedUp: [] };
  } catch (err) {
    op.step('compensate', isCancellation(err) ? 'canceled' : 'failed');
    const { cleanedUp, failed } = await saga.run();
    op.progress.created = op.progress.created.filter((c) => !cleanedUp.some((d) => d.includes(c.id) || (c.kind === 'record' && d.startsWith('DNS'))));
    if (isCancellation(err)) throw err;
    const e = err as { cause?: { type?: string; message?: string }; type?: string; message?: string };
    const type = e.cause?.type ?? e.type ?? 'INFRA_PROVIDER_ERROR';
    throw infraFailure(type, `${e.cause?.message ?? e.message}. Cleaned up: ${cleanedUp.join('; ') || 'nothing'}${failed.length ? `. Left behind (cleanup failed): ${failed.join('; ')}` : ''}`, { cleanedUp, failed });
  }
}
