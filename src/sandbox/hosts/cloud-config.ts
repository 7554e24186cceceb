/**
 * What a simulated host learns from its user data, the way cloud-init would read it: the files
 * `write_files` declares and whether `runcmd` installs (and starts) fazt.
 */
import zlib from 'node:zlib';
import YAML from 'yaml';

export interface WrittenFile {
  path: string;
  content: string;
  permissions?: string;
  owner?: string;
}

export interface CloudConfigFacts {
  /** `cloud-config` (YAML), `script` (`#!`), `none` (empty) or `invalid` (YAML that cloud-init rejects). */
  kind: 'cloud-config' | 'script' | 'none' | 'invalid';
  writeFiles: WrittenFile[];
  /** A runcmd entry installs fazt (the spec's `curl -fsSL https://fazt.sh/install | sh`). */
  installsFazt: boolean;
  /** A runcmd entry starts or enables the fazt service. */
  startsFazt: boolean;
  /** Why cloud-init would end in `error` (kind `invalid`). */
  error?: string;
}

const INSTALL_FAZT = /fazt\.sh\/install|\binstall[^\n]*\bfazt\b|\bfazt\b[^\n]*\binstall\b/;
const START_FAZT = /systemctl\s+(?:start|enable\s+--now|restart)\s+fazt\b|\bfazt\s+service\s+(?:install|start)\b/;

/** Reads plain (decoded) user data. Never throws: bad YAML becomes kind `invalid`. */
export function parseUserData(userData: string | undefined): CloudConfigFacts {
  const none: CloudConfigFacts = { kind: 'none', writeFiles: [], installsFazt: false, startsFazt: false };
  if (!userData || !userData.trim()) return none;
  if (userData.startsWith('#!')) {
    // A shell script runs as-is; treat an install line in it like a runcmd entry.
    return { ...none, kind: 'script', installsFazt: INSTALL_FAZT.test(userData), startsFazt: START_FAZT.test(userData) };
  }
  if (!userData.startsWith('#cloud-config')) {
    return { ...none, kind: 'invalid', error: 'Unhandled non-multipart (text/x-not-multipart) userdata' };
  }
  let doc: unknown;
  try {
    doc = YAML.parse(userData);
  } catch (err) {
    return { ...none, kind: 'invalid', error: `Failed loading yaml blob. ${(err as Error).message.split('\n')[0]}` };
  }
  if (doc === null || doc === undefined) return { ...none, kind: 'cloud-config' };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    return { ...none, kind: 'invalid', error: 'cloud-config is not a mapping' };
  }
  const cfg = doc as Record<string, unknown>;
  const commands = runcmdLines(cfg.runcmd);
  return {
    kind: 'cloud-config',
    writeFiles: writeFiles(cfg.write_files),
    installsFazt: commands.some((c) => INSTALL_FAZT.test(c)),
    startsFazt: commands.some((c) => START_FAZT.test(c)),
  };
}

function runcmdLines(runcmd: unknown): string[] {
  if (!Array.isArray(runcmd)) return [];
  return runcmd.map((c) => (Array.isArray(c) ? c.map(String).join(' ') : String(c)));
}

function writeFiles(list: unknown): WrittenFile[] {
  if (!Array.isArray(list)) return [];
  const out: WrittenFile[] = [];
  for (const item of list) {
    if (!item || typeof item !== 'object' || typeof (item as any).path !== 'string') continue;
    const f = item as Record<string, unknown>;
    out.push({
      path: f.path as string,
      content: decodeContent(f.content, f.encoding),
      permissions: typeof f.permissions === 'string' ? f.permissions : undefined,
      owner: typeof f.owner === 'string' ? f.owner : undefined,
    });
  }
  return out;
}

/** cloud-init's encodings: plain text, `b64`/`base64`, and `gzip`/`gz+b64`. */
function decodeContent(content: unknown, encoding: unknown): string {
  const text = content === undefined || content === null ? '' : String(content);
  const enc = typeof encoding === 'string' ? encoding.toLowerCase() : '';
  try {
    if (enc === 'b64' || enc === 'base64') return Buffer.from(text, 'base64').toString('utf8');
    if (enc === 'gz+b64' || enc === 'gzip+base64' || enc === 'gz+base64' || enc === 'gzip+b64') {
      return zlib.gunzipSync(Buffer.from(text, 'base64')).toString('utf8');
    }
  } catch {
    return '';
  }
  return text;
}
