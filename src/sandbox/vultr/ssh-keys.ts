/** `/ssh-keys` routes: create (201), list, get, patch (204), delete (204). */
import { randomUUID } from 'node:crypto';
import type { Route, SimContext, SimRequest, SimResponse } from '../core/types';
import { vultrError } from './errors';
import { vultrDate } from './instance-view';
import type { Store } from './instances';
import { paginate } from './pagination';
import type { SshKeyRec } from './state';
import { checkBody, isOpenSshKey } from './validate';

const FIELDS = { name: 'string', ssh_key: 'string' } as const;
const NOT_FOUND = 'SSH key not found.';

const view = (k: SshKeyRec) => ({ id: k.id, date_created: vultrDate(k.createdAt), name: k.name, ssh_key: k.publicKey });

export function sshKeyRoutes(store: Store, ctx: SimContext): Route[] {
  const withKey = (fn: (k: SshKeyRec, req: SimRequest) => SimResponse) => (req: SimRequest) => {
    const k = store.state.sshKeys.find((x) => x.id === req.params.id);
    return k ? fn(k, req) : vultrError(404, NOT_FOUND);
  };
  return [
    {
      method: 'GET', pattern: '/ssh-keys', handler: (req) => {
        const page = paginate(store.state.sshKeys.map(view), req.query);
        return page.ok ? { status: 200, body: { ssh_keys: page.items, meta: page.meta } } : page.response;
      },
    },
    {
      method: 'POST', pattern: '/ssh-keys', handler: (req) => {
        const bad = checkBody(req.body, FIELDS, ['name', 'ssh_key']);
        if (bad) return vultrError(400, bad);
        if (!isOpenSshKey(req.body.ssh_key)) return vultrError(400, 'Invalid SSH key. Please provide a valid OpenSSH public key.');
        const k: SshKeyRec = { id: randomUUID(), name: req.body.name, publicKey: req.body.ssh_key.trim(), createdAt: ctx.now() };
        store.state.sshKeys.push(k);
        return { status: 201, body: { ssh_key: view(k) } };
      },
    },
    { method: 'GET', pattern: '/ssh-keys/:id', handler: withKey((k) => ({ status: 200, body: { ssh_key: view(k) } })) },
    {
      method: 'PATCH', pattern: '/ssh-keys/:id', handler: withKey((k, req) => {
        const bad = checkBody(req.body, FIELDS);
        if (bad) return vultrError(400, bad);
        if (req.body.ssh_key !== undefined && !isOpenSshKey(req.body.ssh_key)) return vultrError(400, 'Invalid SSH key. Please provide a valid OpenSSH public key.');
        if (req.body.name !== undefined) k.name = req.body.name;
        if (req.body.ssh_key !== undefined) k.publicKey = req.body.ssh_key.trim();
        return { status: 204 };
      }),
    },
    {
      method: 'DELETE', pattern: '/ssh-keys/:id', handler: withKey((k) => {
        store.state.sshKeys = store.state.sshKeys.filter((x) => x !== k);
        return { status: 204 };
      }),
    },
  ];
}
