/**
 * The audit trail's hash chain (as Vault's audit devices do): every record carries `seq` (1, 2, …
 * across rotated files), `prev` (the previous record's hash; 64 zeros for the first) and `hash`,
 * the SHA-256 of its canonical JSON without `hash`. An edited, deleted, inserted or reordered line
 * breaks the chain at that line; {@link verifyChain} names the first such line.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { canonicalJson } from '../domain/canonical';

export const GENESIS = '0'.repeat(64);

export interface ChainLink {
  seq: number;
  prev: string;
  hash: string;
}

/** The hash a record must carry: over everything in it but `hash`. */
export function recordHash(record: Record<string, unknown>): string {
  const { hash: _drop, ...body } = record;
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

/** `record` with its place in the chain. */
export function seal<T extends object>(record: T, seq: number, prev: string): T & ChainLink {
  // Through JSON first, so the hash is over exactly what a reader will parse back.
  const body = { ...JSON.parse(JSON.stringify(record)), seq, prev } as Record<string, unknown>;
  return { ...body, hash: recordHash(body) } as T & ChainLink;
}

/** The first line that breaks the chain. Lines are 1-based. */
export interface ChainBreak {
  file: string;
  line: number;
  seq?: number;
  problem: string;
}

export interface ChainReport {
  ok: boolean;
  files: string[];
  /** Chained records checked. */
  records: number;
  /** Records from before the chain existed, at the start of the oldest file (not covered). */
  unchained: number;
  last: { seq: number; hash: string } | null;
  broken?: ChainBreak;
}

/** Checks the chain over `files`, oldest first (rotated files, then the current one). */
export function verifyChain(files: string[]): ChainReport {
  const report: ChainReport = { ok: true, files, records: 0, unchained: 0, last: null };
  const fail = (file: string, line: number, problem: string, seq?: number): ChainReport => ({ ...report, ok: false, broken: { file, line, seq, problem } });
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (let i = 0; i < lines.length; i++) {
      const n = i + 1;
      let r: Record<string, unknown>;
      try {
        r = JSON.parse(lines[i]);
        if (!r || typeof r !== 'object' || Array.isArray(r)) throw new Error('not an object');
      } catch {
        return fail(file, n, lines[i].trim() === '' ? 'empty line' : 'not a JSON record (cut or edited)');
      }
      if (r.hash === undefined && r.seq === undefined) {
        if (report.last) return fail(file, n, 'record without a hash after the chain began (inserted?)');
        report.unchained++;
        continue;
      }
      const seq = r.seq as number;
      if (typeof r.hash !== 'string' || typeof r.prev !== 'string' || !Number.isInteger(seq)) return fail(file, n, 'seq, prev or hash missing or malformed', seq);
      if (recordHash(r) !== r.hash) return fail(file, n, 'content changed: the record does not match its hash', seq);
      const want = (report.last?.seq ?? 0) + 1;
      if (seq > want) return fail(file, n, `expected seq ${want}, found ${seq}: ${seq - want} record(s) missing before this line`, seq);
      if (seq < want) return fail(file, n, `expected seq ${want}, found ${seq}: out of order or repeated`, seq);
      if (r.prev !== (report.last?.hash ?? GENESIS)) return fail(file, n, 'prev does not match the hash of the record before it', seq);
      report.last = { seq, hash: r.hash };
      report.records++;
    }
  }
  return report;
}

/** The last chained record of a file (skipping a torn last line), or null. Reads from the end. */
export function lastLink(file: string): { seq: number; hash: string } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    let end = fs.fstatSync(fd).size;
    // Bytes not yet split into lines: what lies left of the lines already looked at.
    let rest = Buffer.alloc(0);
    for (;;) {
      const nl = rest.lastIndexOf(0x0a);
      if (nl < 0 && end > 0) {
        const start = Math.max(0, end - 65_536);
        const chunk = Buffer.alloc(end - start);
        fs.readSync(fd, chunk, 0, chunk.length, start);
        rest = Buffer.concat([chunk, rest]);
        end = start;
        continue;
      }
      const r = parse(rest.subarray(nl + 1).toString('utf8'));
      if (r && typeof r.hash === 'string' && Number.isInteger(r.seq)) return { seq: r.seq as number, hash: r.hash };
      if (r) return null; // an unchained record: the chain starts after it
      if (nl < 0) return null;
      rest = rest.subarray(0, nl);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function parse(line: string): Record<string, unknown> | null {
  if (!line.trim()) return null;
  try {
    const r = JSON.parse(line);
    return r && typeof r === 'object' && !Array.isArray(r) ? r : null;
  } catch {
    return null;
  }
}
