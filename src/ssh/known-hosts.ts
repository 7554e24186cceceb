/**
 * Trust on first use for host keys, in a JSON file keyed by `host:port`: the first key seen is
 * pinned, later connections must present the same key. Writes are atomic (temp file + rename).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface KnownHostEntry {
  /** OpenSSH form of the public key: `ssh-ed25519 AAAA...`. */
  key: string;
  /** `SHA256:...`. */
  fingerprint: string;
  /** ISO time it was pinned. */
  addedAt: string;
}

export type KnownHosts = Record<string, KnownHostEntry>;

export function hostId(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function readKnownHosts(file: string): KnownHosts {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`known hosts file ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function writeKnownHosts(file: string, hosts: KnownHosts): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(hosts, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Pins `entry` for `id` unless a key is already pinned; returns the pinned entry. */
export function pinHostKey(file: string, id: string, entry: KnownHostEntry): KnownHostEntry {
  const hosts = readKnownHosts(file);
  if (hosts[id]) return hosts[id];
  hosts[id] = entry;
  writeKnownHosts(file, hosts);
  return entry;
}

/**
 * Forgets the pinned key of `host:port`, e.g. after the server behind an address was destroyed
 * (providers reuse addresses, and the next server there has a new key). Absent entries are fine.
 */
export function forgetHostKey(file: string, host: string, port: number): void {
  const hosts = readKnownHosts(file);
  const id = hostId(host, port);
  if (!hosts[id]) return;
  delete hosts[id];
  writeKnownHosts(file, hosts);
}
