/**
 * The config file on disk: its zod schema, a tolerant reader, an atomic writer (tmp + fsync +
 * rename, mode 0600, folder 0700) and a small lock so two fazt processes never lose each other's
 * change. A write that fails leaves the previous file exactly as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InfraError, messageOf } from '../domain/errors';

const Credential = z.object({
  /** `v1:<iv>:<tag>:<ct>`, see ./crypto.ts. */
  token: z.string().regex(/^v\d+:/),
  /** Fingerprint of the master key that encrypted it. */
  keyId: z.string(),
  endpoint: z.string().optional(),
  /** The provider account to act on (descriptor `account`); not a secret. */
  account: z.string().optional(),
  /** `sandbox` when written by the quick start; such entries go away with `--unset infra.sandbox`. */
  origin: z.enum(['user', 'sandbox']),
  updatedAt: z.string(),
}).strict();
export type StoredCredential = z.infer<typeof Credential>;

const Zone = z.object({ provider: z.string(), zoneId: z.string().optional() }).strict();
export type StoredZone = z.infer<typeof Zone>;

const Settings = z.object({
  'infra.ssh.port': z.number().int().min(1).max(65535).optional(),
  'infra.ssh.user': z.string().optional(),
  'infra.dns.resolvers': z.array(z.string()).optional(),
  'infra.dns.authoritative': z.string().optional(),
  'infra.confirm.timeout': z.string().optional(),
}).strict();

/** The whole file. Version 1; a later format gets a new literal and a migration. */
export const ConfigFileSchema = z.object({
  version: z.literal(1),
  sandbox: z.boolean().optional(),
  credentials: z.object({
    vps: z.record(z.string(), Credential).optional(),
    dns: z.record(z.string(), Credential).optional(),
    domain: z.record(z.string(), Credential).optional(),
  }).strict().optional(),
  defaults: z.object({ vps: z.string().optional(), dns: z.string().optional() }).strict().optional(),
  settings: Settings.optional(),
  zones: z.record(z.string(), Zone).optional(),
}).strict();

/** The file with every section present (what the store works on). */
export interface ConfigFile {
  version: 1;
  sandbox: boolean;
  credentials: { vps: Record<string, StoredCredential>; dns: Record<string, StoredCredential>; domain: Record<string, StoredCredential> };
  defaults: { vps?: string; dns?: string };
  settings: z.infer<typeof Settings>;
  zones: Record<string, StoredZone>;
}

export function emptyConfig(): ConfigFile {
  return { version: 1, sandbox: false, credentials: { vps: {}, dns: {}, domain: {} }, defaults: {}, settings: {}, zones: {} };
}

/** Reads and validates the file; a missing file is an empty config. */
export function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err: any) {
    if (err?.code === 'ENOENT') return emptyConfig();
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InfraError('INFRA_NOT_CONFIGURED', `The config file ${file} is not valid JSON; fix it or move it away and configure again`);
  }
  const parsed = ConfigFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InfraError('INFRA_NOT_CONFIGURED',
      `The config file ${file} is not a valid fazt config (${first.path.join('.') || 'top level'}: ${first.message}); fix it or move it away and configure again`);
  }
  const p = parsed.data;
  return {
    version: 1,
    sandbox: p.sandbox ?? false,
    credentials: { vps: p.credentials?.vps ?? {}, dns: p.credentials?.dns ?? {}, domain: p.credentials?.domain ?? {} },
    defaults: p.defaults ?? {},
    settings: p.settings ?? {},
    zones: p.zones ?? {},
  };
}

/** Creates the folder with mode 0700, and tightens it if group or others can get in. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.statSync(dir);
  if ((st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
}

/**
 * Replaces `file` with `text` atomically: the new content goes to `<file>.tmp` (0600, fsynced) and
 * is renamed over the old file, so readers see the old or the new file, never half of one. Call
 * under {@link withLock}, which makes the fixed tmp name safe.
 */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'w', 0o600);
    fs.fchmodSync(fd, 0o600);
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    try {
      if (fs.lstatSync(tmp).isFile()) fs.unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw new Error(`Could not write ${file} (${(err as NodeJS.ErrnoException).code ?? messageOf(err)}); nothing was changed`, { cause: err });
  }
}

const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 5_000;

/** Runs `fn` holding `<file>.lock` (exclusive create; a lock older than 10 s is taken over). */
export function withLock<T>(file: string, fn: () => T): T {
  const lock = `${file}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err: any) {
      if (err?.code !== 'EEXIST') throw err;
      if (isStale(lock)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`The config ${file} is locked by another fazt process; if none is running, remove ${lock}`);
      }
      sleepSync(20);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function isStale(lock: string): boolean {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS;
  } catch {
    return true;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The config file's path inside a config folder. */
export function configFilePath(dir: string): string {
  return path.join(dir, 'config.json');
}
