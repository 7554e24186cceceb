/**
 * The audit trail: JSON lines appended to `<data dir>/audit.jsonl`: one per activity attempt, one
 * per decision, and an intent and an outcome per provider HTTP request (./http.ts). Each line is
 * a link of one hash chain (./chain.ts) across rotated files (`audit.jsonl.1`, `.2`, … oldest
 * first); writers in several processes take a short file lock (./lock.ts) to append the next link.
 * Everything is sanitized on the way in: a record can never carry a credential.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../config/paths';
import { lastLink, seal, verifyChain, GENESIS, type ChainLink, type ChainReport } from './chain';
import { withFileLock } from './lock';
import { sanitize } from './sanitize';

/** One audited activity attempt (the spec's InfraEvent plus Temporal's coordinates). */
export interface AuditRecord extends Partial<ChainLink> {
  /** Absent on activity records (older lines), `decision` on a human's decision. */
  kind?: 'activity' | 'decision';
  /** ISO-8601, when the attempt ended. */
  timestamp: string;
  /** Operation type, e.g. `vps.create`, `dns.set`. */
  type: string;
  /** The activity function's name. */
  activity: string;
  provider: string | null;
  /** Sanitized activity input. */
  input: unknown;
  /** Sanitized result; null on failure. */
  output: unknown;
  success: boolean;
  /** InfraError code or ApplicationFailure type, on failure. */
  errorCode?: string;
  /** Sanitized error message, on failure. */
  errorMessage?: string;
  durationMs: number;
  workflowId: string;
  runId: string;
  attempt: number;
}

/** One provider HTTP request: an intent before it is sent, an outcome when it returns or fails. */
export interface HttpAuditRecord extends Partial<ChainLink> {
  kind: 'http.intent' | 'http.outcome';
  type: 'http';
  timestamp: string;
  /** Links an intent to its outcome. */
  callId: string;
  provider: string;
  method: string;
  /** Path and query, with secret-looking query values redacted. */
  path: string;
  /** The activity (or direct read) the request was made for. */
  activity: string | null;
  workflowId: string | null;
  runId: string | null;
  attempt: number | null;
  /** Outcome only: HTTP status, null when no response came (network error, timeout). */
  status?: number | null;
  /** Outcome only: the provider's request id header, when sent. */
  providerRequestId?: string | null;
  /** Outcome only: rate-limit headers as seen. */
  rateLimit?: Record<string, string>;
  durationMs?: number;
  /** Outcome only: why no response came (ECONNREFUSED, timeout, …). */
  error?: string;
}

export type AuditEntry = AuditRecord | HttpAuditRecord;

/** Filters for {@link AuditLog.list}; all optional. */
export interface AuditFilter {
  /** Newest records first, at most this many. @default 50 */
  limit?: number;
  type?: string;
  provider?: string;
  workflowId?: string;
  /** Only records at or after this time (ISO string or Date). */
  since?: string | Date;
  success?: boolean;
  /** Also the per-request HTTP records. @default false */
  http?: boolean;
}

export interface AuditLogOptions {
  /** @default `<dataDir(env)>/audit.jsonl` */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Known credentials to scrub from every record (e.g. `() => store.secrets()`). */
  secrets?: () => readonly string[];
  /** A file that would grow past this is rotated first. @default 16 MiB */
  maxBytes?: number;
}

/** Default audit file for an environment. */
export function auditFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'audit.jsonl');
}

export class AuditLog {
  readonly file: string;
  private readonly secrets: () => readonly string[];
  private readonly maxBytes: number;
  /** The last link this process wrote, valid while the file is as it left it. */
  private last: { ino: number; size: number; seq: number; hash: string } | null = null;

  constructor(opts: AuditLogOptions = {}) {
    this.file = opts.file ?? auditFile(opts.env ?? process.env);
    this.secrets = opts.secrets ?? (() => []);
    this.maxBytes = opts.maxBytes ?? 16 * 1024 * 1024;
  }

  /** Sanitizes a record and appends it as the next link of the chain (one line). */
  append(record: AuditEntry): void {
    const secrets = this.secrets();
    const clean: AuditEntry = isHttp(record)
      ? sanitize(record, { secrets }) as HttpAuditRecord
      : {
        ...record,
        input: sanitize(record.input, { secrets }),
        output: sanitize(record.output, { secrets }),
        ...(record.errorMessage !== undefined ? { errorMessage: sanitize(record.errorMessage, { secrets }) as string } : {}),
      };
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    withFileLock(`${this.file}.lock`, () => this.appendLocked(clean));
  }

  /** The files of the trail, oldest first: rotated ones (`audit.jsonl.N`), then the current one. */
  files(): string[] {
    return [...this.rotated().map((r) => r.file), this.file];
  }

  /** Checks the hash chain over every file of the trail. */
  verify(): ChainReport {
    return verifyChain(this.files());
  }

  /** Every record, oldest first, across rotated files (what `audit export` prints). */
  *entries(): Generator<AuditEntry> {
    for (const file of this.files()) {
      for (const line of readLines(file)) {
        const r = parseLine(line);
        if (r) yield r;
      }
    }
  }

  private appendLocked(record: AuditEntry): void {
    let st = statOrNull(this.file);
    let link = st && this.last && this.last.ino === st.ino && this.last.size === st.size ? this.last : null;
    const tail = link ?? (st && st.size > 0 ? lastLink(this.file) : lastLink(this.rotated().pop()?.file ?? ''));
    let text = JSON.stringify(seal(record, (tail?.seq ?? 0) + 1, tail?.hash ?? GENESIS));
    if (st && st.size > 0 && st.size + text.length + 1 > this.maxBytes) {
      // Rotation keeps the chain: the new file's first record links to the old file's last.
      const n = (this.rotated().pop()?.n ?? 0) + 1;
      fs.renameSync(this.file, `${this.file}.${n}`);
      st = null;
    }
    // After a torn last line (a crash mid-write) start on a line of its own.
    if (st && st.size > 0 && !endsWithNewline(this.file, st.size)) text = `\n${text}`;
    const fd = fs.openSync(this.file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o600);
    try {
      fs.writeSync(fd, Buffer.from(`${text}\n`, 'utf8'));
      const after = fs.fstatSync(fd);
      const sealed = JSON.parse(text) as ChainLink;
      link = { ino: after.ino, size: after.size, seq: sealed.seq, hash: sealed.hash };
      this.last = link;
    } finally {
      fs.closeSync(fd);
    }
  }

  private rotated(): Array<{ file: string; n: number }> {
    const dir = path.dirname(this.file);
    const base = path.basename(this.file);
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return [];
    }
    return names.flatMap((name) => {
      const m = name.startsWith(`${base}.`) ? /^(\d+)$/.exec(name.slice(base.length + 1)) : null;
      return m ? [{ file: path.join(dir, name), n: Number(m[1]) }] : [];
    }).sort((a, b) => a.n - b.n);
  }

  /** Matching records, newest first. Malformed lines (a crash mid-write) are skipped. */
  list(filter: AuditFilter & { http: true }): AuditEntry[];
  list(filter?: AuditFilter): AuditRecord[];
  list(filter: AuditFilter = {}): AuditEntry[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err: any) {
      if (err?.code === 'ENOENT') return [];
      throw err;
    }
    const since = filter.since === undefined ? undefined : new Date(filter.since).getTime();
    const limit = filter.limit ?? 50;
    const http = filter.http ?? false;
    const out: AuditEntry[] = [];
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      const r = parseLine(lines[i]);
      if (!r) continue;
      if (!http && isHttp(r)) continue;
      if (filter.type !== undefined && r.type !== filter.type) continue;
      if (filter.provider !== undefined && r.provider !== filter.provider) continue;
      if (filter.workflowId !== undefined && r.workflowId !== filter.workflowId) continue;
      if (filter.success !== undefined && 'success' in r && r.success !== filter.success) continue;
      if (since !== undefined && !(Date.parse(r.timestamp) >= since)) continue;
      out.push(r);
    }
    return out;
  }
}

function parseLine(line: string): AuditEntry | null {
  if (line.trim() === '') return null;
  try {
    const r = JSON.parse(line);
    return r && typeof r === 'object' && typeof r.type === 'string' && typeof r.timestamp === 'string' ? (r as AuditEntry) : null;
  } catch {
    return null;
  }
}

function isHttp(r: AuditEntry): r is HttpAuditRecord {
  return r.kind === 'http.intent' || r.kind === 'http.outcome';
}

function readLines(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function endsWithNewline(file: string, size: number): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(1);
    fs.readSync(fd, b, 0, 1, size - 1);
    return b[0] === 0x0a;
  } finally {
    fs.closeSync(fd);
  }
}
