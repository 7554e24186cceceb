/** Where the project's Temporal CLI lives, and how to get it (scripts/ensure-temporal.sh). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Path of the Temporal CLI, building it on first use. */
export function ensureTemporalBinary(): string {
  const bin = path.join(PROJECT_ROOT, 'tools', 'bin', 'temporal');
  if (fs.existsSync(bin)) return bin;
  const out = execFileSync('bash', [path.join(PROJECT_ROOT, 'scripts', 'ensure-temporal.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return out.toString().trim().split('\n').pop()!;
}
