/** `/instances` routes: create (202), list with filters, get, patch (202), delete, power actions, user-data. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Route, SimContext, SimRequest, SimResponse } from '../core/types';
import { findOs, findPlan, findRegion } from './catalog';
import { FUNDS_MESSAGE, QUOTA_MESSAGE, vultrError } from './errors';
import { instanceCharges, instanceView, pendingCharges } from './instance-view';
import { paginate } from './pagination';
import type { InstanceRec, VultrState } from './state';
import { checkBody, isBase64, type FieldType } from './validate';

/** Mutable holder so `load()`/`reset()` can swap the whole state. */
export interface Store {
  state: VultrState;
}

/**
 * Largest accepted `user_data`, counted in base64 characters. Vultr publishes no figure (the
 * provider notes give none); 64 KiB is the usual cloud-init metadata ceiling and what we assume.
 */
export const MAX_USER_DATA_BASE64 = 65_535;

const CREATE_FIELDS: Record<string, FieldType> = {
  region: 'string', plan: 'string', os_id: 'integer', ipxe_chain_url: 'string', iso_id: 'string', script_id: 'string',
  snapshot_id: 'string', enable_ipv6: 'boolean', attach_private_network: 'string[]', attach_vpc: 'string[]', label: 'string',
  sshkey_id: 'string[]', backups: 'string', app_id: 'integer', image_id: 'string', user_data: 'string', ddos_protection: 'boolean',
  activation_email: 'boolean', hostname: 'string', tag: 'string', firewall_group_id: 'string', reserved_ipv4: 'string',
  enable_private_network: 'boolean', enable_vpc: 'boolean', tags: 'string[]',
};
const PATCH_FIELDS: Record<string, FieldType> = {
  app_id: 'integer', image_id: 'string', backups: 'string', firewall_group_id: 'string', enable_ipv6: 'boolean', os_id: 'string',
  user_data: 'string', tag: 'string', plan: 'string', ddos_protection: 'boolean', attach_private_network: 'string[]',
  attach_vpc: 'string[]', detach_private_network: 'string[]', detach_vpc: 'string[]', enable_private_network: 'boolean',
  enable_vpc: 'boolean', label: 'string', tags: 'string[]',
};
const SOURCES = ['os_id', 'iso_id', 'snapshot_id', 'app_id', 'image_id'] as const;
const NOT_FOUND = 'Instance not found.';

export function instanceRoutes(store: Store, ctx: SimContext): Route[] {
  const find = (id: string) => store.state.instances.find((i) => i.id === id);
  const withInstance = (fn: (r: InstanceRec, req: SimRequest) => SimResponse) => (req: SimRequest) => {
    const r = find(req.params.id);
    return r ? fn(r, req) : vultrError(404, NOT_FOUND);
  };
  const power = (action: 'reboot' | 'start' | 'halt') => withInstance((r) => {
    const now = ctx.now();
    if (now < r.bootAt) {
      return vultrError(400, `Unable to ${action} instance: Server is currently locked while it is being installed. Please try again later.`);
    }
    if (action === 'halt') r.powerStatus = 'stopped';
    else {
      if (action === 'reboot') ctx.hosts.reboot('vultr', r.id);
      r.powerStatus = 'running';
      r.busyUntil = now + ctx.actionMs;
    }
    return { status: 204 };
  });

  return [
    { method: 'GET', pattern: '/instances', handler: (req) => list(store, ctx, req) },
    { method: 'POST', pattern: '/instances', handler: (req) => create(store, ctx, req) },
    { method: 'GET', pattern: '/instances/:id', handler: withInstance((r) => ({ status: 200, body: { instance: instanceView(r, ctx.now()) } })) },
    { method: 'PATCH', pattern: '/instances/:id', handler: withInstance((r, req) => patch(r, req, ctx)) },
    {
      method: 'DELETE', pattern: '/instances/:id', handler: withInstance((r) => {
        store.state.account.accrued += instanceCharges(r, ctx.now());
        store.state.instances = store.state.instances.filter((i) => i !== r);
        ctx.hosts.release('vultr', r.id);
        return { status: 204 };
      }),
    },
    { method: 'POST', pattern: '/instances/:id/reboot', handler: power('reboot') },
    { method: 'POST', pattern: '/instances/:id/start', handler: power('start') },
    { method: 'POST', pattern: '/instances/:id/halt', handler: power('halt') },
    { method: 'GET', pattern: '/instances/:id/user-data', handler: withInstance((r) => ({ status: 200, body: { user_data: { data: r.userData } } })) },
  ];
}

function list(store: Store, ctx: SimContext, req: SimRequest): SimResponse {
  const now = ctx.now();
  const q = req.query;
  const views = store.state.instances.map((r) => instanceView(r, now)).filter((v) =>
    (!q.get('tag') || (v.tags as string[]).includes(q.get('tag')!)) &&
    (!q.get('label') || v.label === q.get('label')) &&
    (!q.get('main_ip') || v.main_ip === q.get('main_ip')) &&
    (!q.get('region') || v.region === q.get('region')));
  const page = paginate(views, q);
  if (!page.ok) return page.response;
  return { status: 200, body: { instances: page.items, meta: page.meta } };
}

function create(store: Store, ctx: SimContext, req: SimRequest): SimResponse {
  const b = req.body as Record<string, any>;
  const bad = checkBody(b, CREATE_FIELDS, ['region', 'plan']);
  if (bad) return vultrError(400, bad);
  if (!findRegion(b.region)) return vultrError(400, 'Invalid region chosen.');
  const plan = findPlan(b.plan);
  if (!plan) return vultrError(400, 'Invalid plan chosen.');
  if (!plan.locations.includes(b.region)) return vultrError(400, 'Plan is not available in the selected region.');
  const sources = SOURCES.filter((k) => b[k] !== undefined && b[k] !== '' && b[k] !== 0);
  if (sources.length !== 1) return vultrError(400, 'You must specify exactly one of os_id, iso_id, snapshot_id, app_id or image_id.');
  if (b.os_id !== undefined && !findOs(b.os_id)) return vultrError(400, 'Invalid operating system chosen.');
  // The sandbox has no ISOs, snapshots or marketplace apps, so any such id is unknown.
  if (sources[0] !== 'os_id') return vultrError(400, `Invalid ${sources[0]}.`);
  if (b.backups !== undefined && b.backups !== 'enabled' && b.backups !== 'disabled') return vultrError(400, 'Invalid backups value. Must be enabled or disabled.');
  const userData: string = b.user_data ?? '';
  if (!isBase64(userData)) return vultrError(400, 'Invalid user_data: the value must be base64 encoded.');
  if (userData.length > MAX_USER_DATA_BASE64) return vultrError(400, `Invalid user_data: the value exceeds the maximum size of ${MAX_USER_DATA_BASE64} bytes.`);
  const keyIds: string[] = b.sshkey_id ?? [];
  const keys = keyIds.map((id) => store.state.sshKeys.find((k) => k.id === id));
  const missing = keyIds.find((_, i) => !keys[i]);
  if (missing !== undefined) return vultrError(400, `Invalid SSH key ID: ${missing}.`);

  const now = ctx.now();
  const s = store.state;
  if (s.instances.length >= ctx.serverQuota) return vultrError(400, QUOTA_MESSAGE);
  const credit = -s.account.balance - pendingCharges(s, now);
  if (credit < plan.monthly_cost) return vultrError(400, FUNDS_MESSAGE);

  const id = randomUUID();
  const tags = [...new Set([...(b.tags ?? []), ...(b.tag ? [b.tag] : [])])];
  const bootAt = now + ctx.bootMs;
  const label: string = b.label ?? '';
  const addr = ctx.hosts.allocate({
    provider: 'vultr', serverId: id, name: label || (b.hostname ?? id), bootAt,
    userData: userData ? Buffer.from(userData, 'base64').toString('utf8') : undefined,
    authorizedKeys: keys.map((k) => k!.publicKey),
  });
  const rec: InstanceRec = {
    id, label, hostname: b.hostname ?? 'vultr.guest', plan: plan.id, region: b.region, osId: b.os_id, appId: 0, imageId: '',
    snapshotId: '', tags, sshKeyIds: keyIds, userData, ipv4: addr.ipv4, ipv6Addr: addr.ipv6, ipv6Enabled: b.enable_ipv6 === true,
    defaultPassword: randomBytes(12).toString('base64').replace(/[^A-Za-z0-9]/g, 'x'), createdAt: now, bootAt,
    powerStatus: 'running', busyUntil: 0,
  };
  s.instances.push(rec);
  return { status: 202, body: { instance: instanceView(rec, now, true) } };
}

function patch(r: InstanceRec, req: SimRequest, ctx: SimContext): SimResponse {
  const b = req.body as Record<string, any>;
  const bad = checkBody(b ?? {}, PATCH_FIELDS);
  if (bad) return vultrError(400, bad);
  if (b?.plan !== undefined && !findPlan(b.plan)) return vultrError(400, 'Invalid plan chosen.');
  if (b?.user_data !== undefined && !isBase64(b.user_data)) return vultrError(400, 'Invalid user_data: the value must be base64 encoded.');
  if (b?.label !== undefined) r.label = b.label;
  if (b?.tags !== undefined) r.tags = [...new Set<string>(b.tags)];
  if (b?.tag !== undefined) r.tags = [...new Set([...r.tags, b.tag])];
  if (b?.plan !== undefined) r.plan = b.plan;
  if (b?.user_data !== undefined) r.userData = b.user_data;
  if (b?.enable_ipv6 === true) r.ipv6Enabled = true;
  return { status: 202, body: { instance: instanceView(r, ctx.now()) } };
}
