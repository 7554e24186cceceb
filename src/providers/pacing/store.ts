/**
 * Where a bucket's state lives. In memory for a process of its own (tests, scripts); in a small
 * file under the worker's data folder when worker processes on the host share a provider account,
 * so all of them spend one budget.
 *
 * The file is read and written under a lock file created with O_EXCL (`wx`), which is atomic on a
 * local filesystem: one process at a time runs the few microseconds of read → change → write
 * (the write is a rename, so a reader never sees half a file). Node has no flock; a lock whose
 * holder died (kill -9 inside that window) is broken once it is older than {@link STALE_LOCK_MS}.
 * The file holds numbers only, keyed by a hash of the account key (never a token).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BucketState } from './bucket';

export interface BucketStore {
  /** Runs `fn` on the state of `key` (created by `init` when absent) and keeps what it changed. */
  transact<R>(key: string, init: () => BucketState, fn: (s: BucketState) => R): Promise<R>;
}

export class MemoryStore implements BucketStore {
  private readonly states = new Map<string, BucketState>();
  async transact<R>(key: string, init: () => BucketState, fn: (s: BucketState) => R): Promise<R> {
    let s = this.states.get(key);
    if (!s) this.states.set(key, (s = init()));
    return fn(s);
  }
}

/** A lock older than this belongs to a process that died holding it (a holder needs microseconds). */
export const STALE_LOCK_MS = 2000;

export class FileStore implements BucketStore {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** The state file of one account key (its hash: the key names an endpoint and a token hash). */
  fileOf(key: string): string {
    return path.join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.json`);
  }

  async transact<R>(key: string, init: () => BucketState, fn: (s: BucketState) => R): Promise<R> {
    const file = this.fileOf(key);
    const lock = `${file}.lock`;
    await acquireLock(lock);
    try {
      const s = readState(file) ?? init();
      const result = fn(s);
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(s), { mode: 0o600 });
      fs.renameSync(tmp, file);
      return result;
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }
}

async function acquireLock(lock: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx', 0o600));
      return;
    } catch (err) {
      // The folder was removed under a running process (a data folder cleaned up): make it again.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && i < 3) {
        fs.mkdirSync(path.dirname(lock), { recursive: true, mode: 0o700 });
        continue;
      }
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    try {
      if (Date.now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS) fs.rmSync(lock, { force: true });
    } catch {
      // Gone meanwhile: try again at once.
    }
    await new Promise((r) => setTimeout(r, 1 + (i % 3)));
  }
}

function readState(file: string): BucketState | null {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const s = JSON.parse(raw) as BucketState;
    return typeof s.tokens === 'number' && typeof s.at === 'number' && typeof s.seq === 'number' ? s : null;
  } catch {
    return null;
  }
}
