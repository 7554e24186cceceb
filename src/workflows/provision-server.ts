/**
 * `vps.create`: validate → price → human confirmation (it costs money) → order (idempotent) →
 * wait until running → when installFazt, wait for cloud-init. A timeout leaves the server for
 * inspection and says so.
 */
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { renderCloudInit } from '../domain/cloud-init';
import { operationIdFor } from '../domain/ids';
import { vpsCreate } from '../operations/catalogue';
import { serverDefaultsFor } from '../domain/providers';
import type { Server } from '../domain/types';
import { createVpsSchema, type CreateVpsRequest } from '../domain/validate';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { pure, validated } from './failures';
import { Operation, infraFailure } from './operation';
import { DEFAULT_CONFIRMATION_TIMEOUT } from './options';
import { bookkeeping, reads } from './proxies';
import { orderServer, waitCloudInit, waitRunning } from './steps/servers';

export interface ProvisionServerInput {
  /** Parsed at the client; re-checked here because history may hold inputs of older versions. */
  server: CreateVpsRequest;
  confirmationTimeout?: string;
  /** @default '10m' */
  bootTimeout?: string;
  /** @default '15m' */
  cloudInitTimeout?: string;
}

export async function provisionServer(input: ProvisionServerInput): Promise<Server> {
  const op = new Operation(vpsCreate.name, 7);
  op.step('validate');
  const req = validated(createVpsSchema, input.server, 'server');
  const provider = await bookkeeping.chooseProvider({ kind: 'vps', provider: req.provider });
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.provider]: [provider], [SEARCH_ATTRIBUTES.operation]: [vpsCreate.name], [SEARCH_ATTRIBUTES.server]: [req.name] });
  const cfg = await bookkeeping.infraConfig();

  op.step('price', `${req.type} in ${req.region}`);
  const prepared = await reads(provider).vpsPrepareCreate({ provider, type: req.type, region: req.region });
  const image = req.image ?? serverDefaultsFor(provider).image;
  const operationId = operationIdFor(workflowInfo().workflowId);

  let userData: string | undefined;
  if (req.installFazt) {
    const domain = req.faztConfig?.domain;
    if (!domain) throw infraFailure('INFRA_INVALID_INPUT', 'installFazt needs faztConfig.domain (the domain Fazt will serve)');
    userData = pure(() => renderCloudInit({
      domain, adminEmail: req.faztConfig?.adminEmail ?? `admin@${domain}`, timestamp: new Date().toISOString(), instanceId: operationId,
    }));
  }

  op.step('confirm');
  await op.confirm(vpsCreate.name, `Create server ${req.name} (${req.type} in ${req.region}, ${image}) at ${provider} for ${prepared.price.toFixed(2)} ${prepared.currency}/month?`, {
    provider, name: req.name, type: req.type, region: req.region, image, monthlyCost: prepared.price, currency: prepared.currency,
    vcpus: prepared.type.vcpus, ram: prepared.type.ram, disk: prepared.type.disk, installFazt: !!req.installFazt,
  }, input.confirmationTimeout ?? cfg.settings.confirmationTimeout ?? DEFAULT_CONFIRMATION_TIMEOUT);

  const ordered = await orderServer(op, provider, {
    name: req.name, type: req.type, region: req.region, image, sshKeys: req.sshKeys ?? [], userData, ipv6: req.ipv6,
  }, operationId);
  const running = await waitRunning(op, ordered, input.bootTimeout);
  if (req.installFazt) await waitCloudInit(op, running, input.cloudInitTimeout);
  op.finish();
  return { ...running, monthlyCost: running.monthlyCost ?? prepared.price };
}
