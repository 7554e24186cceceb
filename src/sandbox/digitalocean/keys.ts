/** `/v2/account` and `/v2/account/keys`: SSH keys addressed by ID or MD5 fingerprint. */
import { createHash } from 'node:crypto';
import type { Route, SimContext, SimRequest, SimResponse } from '../core/types';
import { badRequest, isObject, noContent, notFound, ok, paginate, unprocessable } from './http';
import type { KeyState, Store } from './state';

const KEY_TYPES = [
  'ssh-rsa', 'ssh-dss', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com',
];

export const INVALID_KEY_MESSAGE = 'Key invalid, key should be of the format `type key [comment]`';
export const KEY_IN_USE_MESSAGE = 'SSH Key is already in use on your account';

/**
 * The MD5 fingerprint DO shows (colon-separated hex of the key blob), or null when the line is not
 * an OpenSSH public key whose blob names the same key type.
 */
export function md5Fingerprint(publicKey: string): string | null {
  const parts = publicKey.trim().split(/\s+/);
  if (parts.length < 2 || !KEY_TYPES.includes(parts[0]) || !/^[A-Za-z0-9+/]+={0,2}$/.test(parts[1])) return null;
  const blob = Buffer.from(parts[1], 'base64');
  if (blob.length < 4) return null;
  const len = blob.readUInt32BE(0);
  if (blob.length < 4 + len || blob.subarray(4, 4 + len).toString('latin1') !== parts[0]) return null;
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

function keyWire(k: KeyState): Record<string, unknown> {
  return { id: k.id, fingerprint: k.fingerprint, public_key: k.publicKey, name: k.name };
}

export function keyRoutes(store: Store, ctx: SimContext): Route[] {
  const find = (ident: string): KeyState | undefined =>
    /^\d+$/.test(ident) ? store.s.keys.find((k) => k.id === Number(ident)) : store.s.keys.find((k) => k.fingerprint === ident);

  const create = (req: SimRequest): SimResponse => {
    const b = req.body;
    if (!isObject(b)) return badRequest('The request body must be a JSON object.');
    if (b.name !== undefined && typeof b.name !== 'string') return badRequest('name must be a string.');
    if (b.public_key !== undefined && typeof b.public_key !== 'string') return badRequest('public_key must be a string.');
    if (!b.name) return unprocessable("Name can't be blank");
    if (!b.public_key) return unprocessable("Public key can't be blank");
    const fingerprint = md5Fingerprint(b.public_key);
    if (!fingerprint) return unprocessable(INVALID_KEY_MESSAGE);
    if (store.s.keys.some((k) => k.fingerprint === fingerprint)) return unprocessable(KEY_IN_USE_MESSAGE);
    const key: KeyState = { id: store.s.nextId.key++, name: b.name, publicKey: b.public_key.trim(), fingerprint };
    store.s.keys.push(key);
    return ok({ ssh_key: keyWire(key) }, 201);
  };

  return [
    {
      method: 'GET', pattern: '/account', handler: () => ok({
        account: {
          droplet_limit: ctx.serverQuota,
          floating_ip_limit: 3,
          email: 'sammy@digitalocean.com',
          name: 'Sammy the Shark',
          uuid: store.s.accountUuid,
          email_verified: true,
          status: 'active',
          status_message: '',
          team: { uuid: '5df3e3004a17e242b7c20ca6c9fc25b701a47ece', name: 'My Team' },
        },
      }),
    },
    { method: 'GET', pattern: '/account/keys', handler: (req) => paginate(req, 'ssh_keys', store.s.keys.map(keyWire)) },
    { method: 'POST', pattern: '/account/keys', handler: create },
    {
      method: 'GET', pattern: '/account/keys/:ident', handler: (req) => {
        const k = find(req.params.ident);
        return k ? ok({ ssh_key: keyWire(k) }) : notFound();
      },
    },
    {
      method: 'PUT', pattern: '/account/keys/:ident', handler: (req) => {
        const k = find(req.params.ident);
        if (!k) return notFound();
        if (!isObject(req.body) || (req.body.name !== undefined && typeof req.body.name !== 'string')) return badRequest('name must be a string.');
        if (req.body.name === '') return unprocessable("Name can't be blank");
        if (req.body.name) k.name = req.body.name;
        return ok({ ssh_key: keyWire(k) });
      },
    },
    {
      method: 'DELETE', pattern: '/account/keys/:ident', handler: (req) => {
        const k = find(req.params.ident);
        if (!k) return notFound();
        store.s.keys = store.s.keys.filter((x) => x.id !== k.id);
        return noContent();
      },
    },
  ];
}
