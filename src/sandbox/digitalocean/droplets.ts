/** `/v2/droplets`, droplet actions and `/v2/actions`: create (202 + links.actions), list, get, delete. */
import type { Route, SimContext, SimRequest, SimResponse } from '../core/types';
import { parseCreate, type CreateRequest } from './droplet-create';
import { actionWire, dropletWire, hasPendingAction } from './droplet-view';
import { isObject, noContent, notFound, ok, paginate, unprocessable } from './http';
import type { ActionState, DropletState, Store } from './state';

export const DROPLET_LIMIT_MESSAGE = 'creating this/these droplet(s) will exceed your droplet limit';
export const PENDING_EVENT_MESSAGE = 'Droplet already has a pending event.';

const ACTION_TYPES = ['reboot', 'power_cycle', 'shutdown', 'power_off', 'power_on', 'enable_ipv6', 'rename'] as const;

export function dropletRoutes(store: Store, ctx: SimContext): Route[] {
  const find = (raw: string): DropletState | undefined =>
    /^\d+$/.test(raw) ? store.s.droplets.find((d) => d.id === Number(raw)) : undefined;

  const newAction = (type: string, d: DropletState, startedAt: number, completesAt: number): ActionState => {
    const a: ActionState = { id: store.s.nextId.action++, type, startedAt, completesAt, resourceId: d.id, resourceType: 'droplet', regionSlug: d.regionSlug };
    store.s.actions.push(a);
    return a;
  };

  const create = (req: SimRequest): SimResponse => {
    const parsed = parseCreate(req.body, store.s);
    if ('status' in parsed) return parsed;
    if (store.s.droplets.length + parsed.names.length > ctx.serverQuota) return unprocessable(DROPLET_LIMIT_MESSAGE);
    const now = ctx.now();
    const made = parsed.names.map((name) => createOne(name, parsed, now));
    const actions = made.map(({ action }) => ({
      id: action.id, rel: parsed.multi ? 'multiple_create' : 'create', href: `${req.baseUrl}/actions/${action.id}`,
    }));
    if (parsed.multi) return ok({ droplets: made.map(({ droplet }) => dropletWire(droplet, now)), links: { actions } }, 202);
    return ok({ droplet: dropletWire(made[0].droplet, now), links: { actions } }, 202);
  };

  const createOne = (name: string, p: CreateRequest, now: number) => {
    const id = store.s.nextId.droplet++;
    const bootAt = now + ctx.bootMs;
    const addr = ctx.hosts.allocate({
      provider: 'digitalocean', serverId: String(id), name, userData: p.userData,
      authorizedKeys: p.keys.map((k) => k.publicKey), bootAt,
    });
    const droplet: DropletState = {
      id, name, sizeSlug: p.size.slug, regionSlug: p.regionSlug, imageId: p.image.id, tags: p.tags, createdAt: now, bootAt,
      ipv4: addr.ipv4, ipv6: addr.ipv6, ipv6Enabled: p.ipv6, monitoring: p.monitoring, backups: p.backups,
      userData: p.userData, sshKeyIds: p.keys.map((k) => k.id), power: [],
    };
    for (const t of p.tags) if (!store.s.tags.includes(t)) store.s.tags.push(t);
    store.s.droplets.push(droplet);
    return { droplet, action: newAction('create', droplet, now, bootAt) };
  };

  const remove = (d: DropletState) => {
    store.s.droplets = store.s.droplets.filter((x) => x.id !== d.id);
    ctx.hosts.release('digitalocean', String(d.id));
  };

  const act = (req: SimRequest): SimResponse => {
    const d = find(req.params.id);
    if (!d) return notFound();
    if (!isObject(req.body) || typeof req.body.type !== 'string') return unprocessable('You must specify an action type.');
    const type = req.body.type;
    if (!(ACTION_TYPES as readonly string[]).includes(type)) return unprocessable(`"${type}" is not a valid action type.`);
    const now = ctx.now();
    if (hasPendingAction(store.s, d.id, now)) return unprocessable(PENDING_EVENT_MESSAGE);
    if (type === 'rename') {
      if (typeof req.body.name !== 'string' || !/^[a-zA-Z0-9]?[a-z0-9A-Z.-]*[a-z0-9A-Z]$/.test(req.body.name)) {
        return unprocessable('Only valid hostname characters are allowed. (a-z, A-Z, 0-9, . and -)');
      }
      d.name = req.body.name;
    }
    const a = newAction(type, d, now, now + ctx.actionMs);
    if (type === 'power_off' || type === 'shutdown') d.power.push({ at: a.completesAt, status: 'off' });
    if (type === 'power_on' || type === 'reboot' || type === 'power_cycle') d.power.push({ at: a.completesAt, status: 'active' });
    if (type === 'enable_ipv6') d.ipv6Enabled = true;
    if (type === 'reboot' || type === 'power_cycle') ctx.hosts.reboot('digitalocean', String(d.id));
    return ok({ action: actionWire(a, now) }, 201);
  };

  return [
    {
      method: 'GET', pattern: '/droplets', handler: (req) => {
        const tag = req.query.get('tag_name');
        const name = req.query.get('name');
        const now = ctx.now();
        const list = store.s.droplets.filter((d) => (!tag || d.tags.includes(tag)) && (!name || d.name === name));
        return paginate(req, 'droplets', list.map((d) => dropletWire(d, now)));
      },
    },
    { method: 'POST', pattern: '/droplets', handler: create },
    {
      method: 'DELETE', pattern: '/droplets', handler: (req) => {
        const tag = req.query.get('tag_name');
        if (!tag) return unprocessable('tag_name is required to delete Droplets by tag.');
        for (const d of store.s.droplets.filter((x) => x.tags.includes(tag))) remove(d);
        return noContent();
      },
    },
    {
      method: 'GET', pattern: '/droplets/:id', handler: (req) => {
        const d = find(req.params.id);
        return d ? ok({ droplet: dropletWire(d, ctx.now()) }) : notFound();
      },
    },
    {
      method: 'DELETE', pattern: '/droplets/:id', handler: (req) => {
        const d = find(req.params.id);
        if (!d) return notFound();
        remove(d);
        return noContent();
      },
    },
    {
      method: 'GET', pattern: '/droplets/:id/actions', handler: (req) => {
        const d = find(req.params.id);
        if (!d) return notFound();
        const now = ctx.now();
        return paginate(req, 'actions', store.s.actions.filter((a) => a.resourceId === d.id).map((a) => actionWire(a, now)));
      },
    },
    { method: 'POST', pattern: '/droplets/:id/actions', handler: act },
    {
      method: 'GET', pattern: '/droplets/:id/actions/:actionId', handler: (req) => {
        const d = find(req.params.id);
        const a = d && store.s.actions.find((x) => x.resourceId === d.id && String(x.id) === req.params.actionId);
        return a ? ok({ action: actionWire(a, ctx.now()) }) : notFound();
      },
    },
    {
      method: 'GET', pattern: '/actions', handler: (req) => {
        const now = ctx.now();
        return paginate(req, 'actions', [...store.s.actions].reverse().map((a) => actionWire(a, now)));
      },
    },
    {
      method: 'GET', pattern: '/actions/:id', handler: (req) => {
        const a = store.s.actions.find((x) => String(x.id) === req.params.id);
        return a ? ok({ action: actionWire(a, ctx.now()) }) : notFound();
      },
    },
  ];
}

