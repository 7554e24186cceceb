/**
 * `/servers`: create with validation in Hetzner's order and error codes, list with filters,
 * update, delete (→ `deleting` → 404) and power actions (`locked` while another action runs).
 */
import { randomBytes } from 'node:crypto';
import type { Route, SimRequest, SimResponse } from '../core/types';
import { hasRunningAction, renderAction, resourceAction, resourceActions, startAction } from './actions';
import { findImage, findLocation, findServerType } from './catalog';
import { HetznerError, invalidField, invalidInput, notFound, uniqueness } from './errors';
import { labelFilter, paged, sorted } from './query';
import { purgeDeleted, renderServer, serverStatus } from './server-view';
import { findKey } from './ssh-keys';
import type { ServerRec, SimStore } from './state';
import { checkBody, type FieldSpec } from './validate';

/** Hetzner's documented user_data limit (32 KiB). */
export const MAX_USER_DATA_BYTES = 32 * 1024;
const HOSTNAME = /^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const STATUSES = ['initializing', 'starting', 'running', 'stopping', 'off', 'deleting', 'migrating', 'rebuilding', 'unknown'];

const CREATE_FIELDS: Record<string, FieldSpec> = {
  name: { kind: 'string', required: true },
  server_type: { kind: 'idOrName', required: true },
  image: { kind: 'idOrName', required: true },
  location: { kind: 'idOrName' },
  datacenter: { kind: 'idOrName' },
  start_after_create: { kind: 'bool' },
  ssh_keys: { kind: 'idOrName[]' },
  user_data: { kind: 'string' },
  labels: { kind: 'labels' },
  volumes: { kind: 'int[]' },
  networks: { kind: 'int[]' },
  firewalls: { kind: 'array' },
  placement_group: { kind: 'int' },
  automount: { kind: 'bool' },
  public_net: { kind: 'object' },
};

function byId(store: SimStore, id: string): ServerRec {
  purgeDeleted(store);
  const s = /^\d+$/.test(id) ? store.state.servers.find((x) => x.id === Number(id)) : undefined;
  if (!s) throw notFound('server', id);
  return s;
}

function create(store: SimStore, req: SimRequest): SimResponse {
  const b = checkBody<Record<string, any>>(req.body, CREATE_FIELDS);
  const pn = checkBody<Record<string, any>>(b.public_net ?? {}, {
    enable_ipv4: { kind: 'bool' }, enable_ipv6: { kind: 'bool' }, ipv4: { kind: 'int', nullable: true }, ipv6: { kind: 'int', nullable: true },
  });
  if (!HOSTNAME.test(b.name)) throw invalidField('name', 'Name must be a valid hostname.');
  purgeDeleted(store);
  if (store.state.servers.some((s) => s.name === b.name)) throw uniqueness('name', 'server name is already used');
  const type = findServerType(b.server_type);
  if (!type) throw invalidField('server_type', `server type '${b.server_type}' not found`);
  if (b.location !== undefined && b.datacenter !== undefined) throw invalidField('location', 'location and datacenter are mutually exclusive');
  const loc = b.datacenter !== undefined
    ? findLocation(String(b.datacenter).replace(/-dc\d+$/, ''))
    : findLocation(b.location ?? 'fsn1');
  if (!loc) throw invalidField(b.datacenter !== undefined ? 'datacenter' : 'location', `location '${b.location ?? b.datacenter}' not found`);
  const image = findImage(b.image, type.architecture);
  if (!image) throw invalidField('image', `image '${b.image}' not found`);
  if (image.architecture !== type.architecture) throw invalidField('image', `image architecture ${image.architecture} does not match server type architecture ${type.architecture}`);
  if (!type.locations.includes(loc.name)) throw new HetznerError('resource_unavailable', `server type ${type.name} is not available in location ${loc.name}`);
  if (type.soldOut.includes(loc.name)) throw new HetznerError('resource_unavailable', `server type ${type.name} is currently unavailable in location ${loc.name}`);
  const refs: Array<string | number> = b.ssh_keys ?? [];
  const missing = refs.filter((k) => !findKey(store, k));
  if (missing.length > 0) throw invalidInput([{ name: 'ssh_keys', messages: missing.map((k) => `SSH key '${k}' not found`) }]);
  const keys = refs.map((k) => findKey(store, k)!);
  if (b.user_data !== undefined && Buffer.byteLength(b.user_data, 'utf8') > MAX_USER_DATA_BYTES) {
    throw invalidField('user_data', `user_data must not exceed ${MAX_USER_DATA_BYTES} bytes`);
  }
  if (pn.enable_ipv4 === false && pn.enable_ipv6 === false && !b.networks?.length) {
    throw invalidField('public_net', 'a server needs a public IP or a network');
  }
  if (store.state.servers.length >= store.ctx.serverQuota) {
    throw new HetznerError('resource_limit_exceeded', 'server limit exceeded', { limits: [{ name: 'server_limit' }] });
  }

  const now = store.now();
  const start = b.start_after_create !== false;
  // create_server (disk install) takes the first half of the boot, start_server the rest.
  const installedAt = now + Math.floor(store.ctx.bootMs / 2);
  const id = store.newId();
  const bootAt = start ? now + store.ctx.bootMs : installedAt;
  const addr = store.ctx.hosts.allocate({
    provider: 'hetzner', serverId: String(id), name: b.name, userData: b.user_data,
    authorizedKeys: keys.map((k) => k.public_key), bootAt,
  });
  const s: ServerRec = {
    id, name: b.name, type: type.name, location: loc.name, imageId: image.id, labels: b.labels ?? {}, created: now, bootAt,
    ipv4: pn.enable_ipv4 === false ? null : addr.ipv4, ipv6: pn.enable_ipv6 === false ? null : addr.ipv6,
    userData: b.user_data, sshKeyIds: keys.map((k) => k.id), protection: { delete: false, rebuild: false },
    power: start ? 'on' : 'off', powerAt: bootAt,
  };
  store.state.servers.push(s);
  const res = [{ id, type: 'server' }];
  const action = startAction(store, 'create_server', res, 'server', installedAt - now);
  const next = start ? [startAction(store, 'start_server', res, 'server', bootAt - now)] : [];
  return {
    status: 201,
    body: {
      server: renderServer(store, s),
      action: renderAction(store, action),
      next_actions: next.map((a) => renderAction(store, a)),
      root_password: keys.length > 0 ? null : randomBytes(15).toString('base64url').slice(0, 20),
    },
  };
}

function power(store: SimStore, req: SimRequest): SimResponse {
  const s = byId(store, req.params.id);
  const kind = req.params.action;
  const commands: Record<string, string> = {
    reboot: 'reboot_server', reset: 'reset_server', poweron: 'start_server', poweroff: 'stop_server', shutdown: 'shutdown_server', change_protection: 'change_protection',
  };
  if (!commands[kind]) throw new HetznerError('not_found', 'Not Found');
  const b = kind === 'change_protection'
    ? checkBody<{ delete?: boolean; rebuild?: boolean }>(req.body, { delete: { kind: 'bool' }, rebuild: { kind: 'bool' } })
    : checkBody(req.body ?? {}, {});
  if (hasRunningAction(store, 'server', s.id)) throw new HetznerError('locked', 'server is locked');
  const status = serverStatus(store, s);
  const now = store.now();
  const done = now + store.ctx.actionMs;
  if (kind === 'change_protection') {
    if (b.delete !== undefined) s.protection.delete = b.delete;
    if (b.rebuild !== undefined) s.protection.rebuild = b.rebuild;
  } else if (kind === 'poweron') {
    if (status === 'off') Object.assign(s, { power: 'on', powerAt: done });
  } else if (kind === 'poweroff' || kind === 'shutdown') {
    if (status === 'running') Object.assign(s, { power: 'off', powerAt: done });
  } else {
    store.ctx.hosts.reboot('hetzner', String(s.id));
  }
  const action = startAction(store, commands[kind], [{ id: s.id, type: 'server' }], 'server');
  return { status: 201, body: { action: renderAction(store, action) } };
}

export function serverRoutes(store: SimStore): Route[] {
  return [
    {
      method: 'GET', pattern: '/servers', handler: (req) => {
        purgeDeleted(store);
        const name = req.query.get('name');
        const statuses = req.query.getAll('status');
        const bad = statuses.find((x) => !STATUSES.includes(x));
        if (bad) throw invalidField('status', `Must be one of: ${STATUSES.join(', ')}.`);
        const sel = labelFilter(req);
        const list = store.state.servers.filter((s) => (name === null || s.name === name)
          && (statuses.length === 0 || statuses.includes(serverStatus(store, s))) && (!sel || sel(s.labels)));
        return paged(req, 'servers', sorted(req, list, ['id', 'name', 'created']), (s) => renderServer(store, s));
      },
    },
    { method: 'POST', pattern: '/servers', handler: (req) => create(store, req) },
    { method: 'GET', pattern: '/servers/:id', handler: (req) => ({ status: 200, body: { server: renderServer(store, byId(store, req.params.id)) } }) },
    {
      method: 'PUT', pattern: '/servers/:id', handler: (req) => {
        const s = byId(store, req.params.id);
        const b = checkBody<{ name?: string; labels?: Record<string, string> }>(req.body, { name: { kind: 'string' }, labels: { kind: 'labels' } });
        if (b.name !== undefined && !HOSTNAME.test(b.name)) throw invalidField('name', 'Name must be a valid hostname.');
        if (b.name !== undefined && store.state.servers.some((x) => x.name === b.name && x.id !== s.id)) throw uniqueness('name', 'server name is already used');
        if (b.name !== undefined) s.name = b.name;
        if (b.labels !== undefined) s.labels = b.labels;
        return { status: 200, body: { server: renderServer(store, s) } };
      },
    },
    {
      method: 'DELETE', pattern: '/servers/:id', handler: (req) => {
        const s = byId(store, req.params.id);
        if (s.protection.delete) throw new HetznerError('protected', 'server deletion is protected');
        if (s.deleteAt !== undefined || hasRunningAction(store, 'server', s.id)) throw new HetznerError('locked', 'server is locked');
        const action = startAction(store, 'delete_server', [{ id: s.id, type: 'server' }], 'server');
        s.deleteAt = action.finishAt;
        store.ctx.hosts.release('hetzner', String(s.id));
        return { status: 200, body: { action: renderAction(store, action) } };
      },
    },
    { method: 'GET', pattern: '/servers/:id/actions', handler: (req) => resourceActions(store, req, 'server', byId(store, req.params.id).id) },
    { method: 'GET', pattern: '/servers/:id/actions/:action_id', handler: (req) => resourceAction(store, req.params.action_id, 'server', byId(store, req.params.id).id) },
    { method: 'POST', pattern: '/servers/:id/actions/:action', handler: (req) => power(store, req) },
  ];
}
