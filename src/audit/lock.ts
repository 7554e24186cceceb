/**
 * A short exclusive lock between processes appending the same audit file: `<file>.lock` created
 * with O_EXCL, holding the owner's pid. One hash chain over the whole file needs "read the last
 * hash, append the next record" to be one step for every writer (several worker processes may
 * share a data folder); in one process appends are synchronous, so the JS thread already orders
 * them. A lock left by a dead process (pid gone, or an empty lock older than a few seconds) is
 * taken over.
 */
import fs from 'node:fs';

const WAIT_MS = 10_000;
const EMPTY_STALE_MS = 5_000;
const nap = new Int32Array(new SharedArrayBuffer(4));

/** Runs `fn` holding the lock at `lockPath`; throws if it stays busy for 10 s. */
export function withFileLock<T>(lockPath: string, fn: () => T): T {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const fd = fs.openSync(lockPath, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
      try {
        fs.writeSync(fd, String(process.pid));
      } finally {
        fs.closeSync(fd);
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (isStale(lockPath)) {
        fs.rmSync(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`audit trail lock ${lockPath} stayed busy`);
      // A synchronous nap: appends are synchronous so a record is written before the call it describes goes on.
      Atomics.wait(nap, 0, 0, 2);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockPath, { force: true });
  }
}

function isStale(lockPath: string): boolean {
  let text: string;
  let age: number;
  try {
    text = fs.readFileSync(lockPath, 'utf8').trim();
    age = Date.now() - fs.statSync(lockPath).mtimeMs;
  } catch {
    return false;
  }
  const pid = Number(text);
  if (!text || !Number.isInteger(pid) || pid <= 0) return age > EMPTY_STALE_MS;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
