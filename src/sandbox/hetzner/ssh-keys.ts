/** `/ssh_keys`: names and fingerprints are unique per project (`uniqueness_error`). */
import { createHash } from 'node:crypto';
import type { Route, SimRequest } from '../core/types';
import { invalidField, notFound, uniqueness } from './errors';
import { labelFilter, paged, sorted } from './query';
import { iso, type SimStore, type SshKeyRec } from './state';
import { checkBody } from './validate';

const KEY_TYPES = ['ssh-rsa', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com'];

/**
 * The MD5 fingerprint Hetzner shows (`aa:bb:...`): MD5 over the decoded key blob. Returns null when
 * the text is not an OpenSSH public key line whose blob names the same key type.
 */
export function fingerprintOf(publicKey: string): string | null {
  const parts = publicKey.trim().split(/\s+/);
  if (parts.length < 2 || !KEY_TYPES.includes(parts[0]) || !/^[A-Za-z0-9+/]+={0,2}$/.test(parts[1])) return null;
  const blob = Buffer.from(parts[1], 'base64');
  if (blob.length < 4) return null;
  const len = blob.readUInt32BE(0);
  if (len + 4 > blob.length || blob.subarray(4, 4 + len).toString('latin1') !== parts[0]) return null;
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

export function renderKey(k: SshKeyRec) {
  return { id: k.id, name: k.name, fingerprint: k.fingerprint, public_key: k.public_key, labels: k.labels, created: iso(k.created) };
}

/** An SSH key by numeric id or by name (server create accepts both). */
export function findKey(store: SimStore, idOrName: string | number): SshKeyRec | undefined {
  return store.state.sshKeys.find((k) => String(k.id) === String(idOrName) || k.name === String(idOrName));
}

function byId(store: SimStore, req: SimRequest): SshKeyRec {
  const k = /^\d+$/.test(req.params.id) ? store.state.sshKeys.find((x) => x.id === Number(req.params.id)) : undefined;
  if (!k) throw notFound('SSH key', req.params.id);
  return k;
}

export function sshKeyRoutes(store: SimStore): Route[] {
  return [
    {
      method: 'GET', pattern: '/ssh_keys', handler: (req) => {
        const name = req.query.get('name');
        const fp = req.query.get('fingerprint');
        const sel = labelFilter(req);
        const list = store.state.sshKeys.filter((k) => (name === null || k.name === name) && (fp === null || k.fingerprint === fp) && (!sel || sel(k.labels)));
        return paged(req, 'ssh_keys', sorted(req, list, ['id', 'name']), renderKey);
      },
    },
    {
      method: 'POST', pattern: '/ssh_keys', handler: (req) => {
        const b = checkBody<{ name: string; public_key: string; labels?: Record<string, string> }>(req.body, {
          name: { kind: 'string', required: true }, public_key: { kind: 'string', required: true }, labels: { kind: 'labels' },
        });
        if (!b.name.trim() || b.name.length > 128) throw invalidField('name', 'Length must be between 1 and 128.');
        const fingerprint = fingerprintOf(b.public_key);
        if (!fingerprint) throw invalidField('public_key', 'invalid public key');
        if (store.state.sshKeys.some((k) => k.name === b.name)) throw uniqueness('name', 'SSH key with the same name already exists');
        if (store.state.sshKeys.some((k) => k.fingerprint === fingerprint)) throw uniqueness('public_key', 'SSH key with the same fingerprint already exists');
        const key: SshKeyRec = { id: store.newId(), name: b.name, fingerprint, public_key: b.public_key.trim(), labels: b.labels ?? {}, created: store.now() };
        store.state.sshKeys.push(key);
        return { status: 201, body: { ssh_key: renderKey(key) } };
      },
    },
    { method: 'GET', pattern: '/ssh_keys/:id', handler: (req) => ({ status: 200, body: { ssh_key: renderKey(byId(store, req)) } }) },
    {
      method: 'PUT', pattern: '/ssh_keys/:id', handler: (req) => {
        const k = byId(store, req);
        const b = checkBody<{ name?: string; labels?: Record<string, string> }>(req.body, { name: { kind: 'string' }, labels: { kind: 'labels' } });
        if (b.name !== undefined && store.state.sshKeys.some((x) => x.name === b.name && x.id !== k.id)) throw uniqueness('name', 'SSH key with the same name already exists');
        if (b.name !== undefined) k.name = b.name;
        if (b.labels !== undefined) k.labels = b.labels;
        return { status: 200, body: { ssh_key: renderKey(k) } };
      },
    },
    {
      method: 'DELETE', pattern: '/ssh_keys/:id', handler: (req) => {
        const k = byId(store, req);
        store.state.sshKeys = store.state.sshKeys.filter((x) => x.id !== k.id);
        return { status: 204 };
      },
    },
  ];
}
