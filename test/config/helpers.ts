/** Temporary config folders for the config tests; each test gets its own and removes it. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigStore } from '../../src/config';

export const HETZNER_TOKEN = `hz${crypto.randomBytes(31).toString('hex')}`; // 64 chars, like a real one
export const CF_TOKEN = crypto.randomBytes(30).toString('base64url'); // 40 chars

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-config-test-'));
}

/** A store in a fresh folder with an env that holds only what the test passes. */
export function freshStore(env: NodeJS.ProcessEnv = {}): { store: ConfigStore; dir: string; cleanup: () => void } {
  const dir = tempDir();
  const store = new ConfigStore({ dir: path.join(dir, 'cfg'), env });
  return { store, dir: store.dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under a folder, concatenated: for "the token appears nowhere on disk" checks. */
export function allBytes(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath ?? (e as any).path, e.name), 'latin1'))
    .join('\n');
}
