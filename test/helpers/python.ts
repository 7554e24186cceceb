/**
 * Runs Python scripts with the providers' official Python clients (hcloud, pydo) from the venv
 * that scripts/ensure-python-clients.sh builds in tools/pyenv. A script prints one JSON document
 * as its last stdout line; {@link runPython} returns it parsed.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The venv's interpreter. */
export const PYTHON = path.join(ROOT, 'tools/pyenv/bin/python');

let ensured = false;

/** Makes sure the venv with hcloud and pydo exists (installs it once from PyPI when missing). */
export function ensurePythonClients(): string {
  if (ensured) return PYTHON;
  execFileSync('bash', [path.join(ROOT, 'scripts/ensure-python-clients.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
  ensured = true;
  return PYTHON;
}

export interface RunPythonOptions {
  /** Extra environment for the script (endpoints, tokens: read them from `os.environ`). */
  env?: Record<string, string>;
  /** Values never shown in a thrown error (tokens). */
  secrets?: string[];
  /** @default 60000 */
  timeoutMs?: number;
}

function redact(text: string, secrets: string[]): string {
  return secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join('***'), text);
}

/**
 * Writes `script` to a temp file, runs it with the venv's Python and returns the JSON printed on
 * its last non-empty stdout line. Rejects with the script's stderr (secrets redacted) when it
 * exits non-zero or prints no JSON.
 */
export async function runPython<T = unknown>(script: string, opts: RunPythonOptions = {}): Promise<T> {
  const python = ensurePythonClients();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-py-'));
  const file = path.join(dir, 'script.py');
  fs.writeFileSync(file, script);
  const secrets = opts.secrets ?? [];
  try {
    const { stdout, stderr, failure } = await new Promise<{ stdout: string; stderr: string; failure: string | null }>((resolve) => {
      execFile(
        python,
        [file],
        { env: { ...process.env, ...opts.env, PYTHONDONTWRITEBYTECODE: '1' }, timeout: opts.timeoutMs ?? 60000, maxBuffer: 16 * 1024 * 1024 },
        (err, out, errOut) => {
          const why = !err ? null : err.killed ? `killed by ${err.signal ?? 'timeout'}` : `exit ${String(err.code)}`;
          resolve({ stdout: String(out), stderr: String(errOut), failure: why });
        },
      );
    });
    if (failure) throw new Error(`python script failed (${failure}):\n${redact(stderr || stdout, secrets)}`);
    const last = stdout.trim().split('\n').filter((l) => l.trim()).pop();
    if (!last) throw new Error(`python script printed nothing:\n${redact(stderr, secrets)}`);
    try {
      return JSON.parse(last) as T;
    } catch {
      throw new Error(`python script printed no JSON on its last line: ${redact(last, secrets)}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
