/** Cloud-init progress of a new server and the spec's completion marker, in one SSH round trip. */
import { exec } from './exec';
import type { SshTarget } from './connect';

/** The spec's marker file, written by the install template's `write_files`. */
export const CLOUD_INIT_MARKER_PATH = '/etc/fazt/cloud-init-complete';

export interface CloudInitStatus {
  status: 'running' | 'done' | 'error';
  markerPresent: boolean;
}

const MARK = '@@fazt:marker';

export const CLOUD_INIT_SCRIPT = [
  'cloud-init status --format json',
  `echo '${MARK}'`,
  `test -e ${CLOUD_INIT_MARKER_PATH} && echo present || echo absent`,
].join('\n');

/**
 * Parses {@link CLOUD_INIT_SCRIPT} output. cloud-init's `status` is `not started`/`running` while
 * it works, `done` when finished and `error` (or `degraded done` in extended_status) on failure.
 * Output that is not cloud-init's JSON (no cloud-init on the image) counts as `error`.
 */
export function parseCloudInitOutput(text: string): CloudInitStatus {
  const at = text.lastIndexOf(MARK);
  const head = at >= 0 ? text.slice(0, at) : text;
  const tail = at >= 0 ? text.slice(at + MARK.length) : '';
  const markerPresent = /^\s*present\s*$/m.test(tail);
  let status: CloudInitStatus['status'] = 'error';
  try {
    const json = JSON.parse(head.slice(head.indexOf('{'), head.lastIndexOf('}') + 1));
    const s = String(json.status ?? '');
    status = s === 'done' ? 'done' : s === 'error' ? 'error' : s === 'running' || s === 'not started' || s === 'not run' ? 'running' : 'error';
  } catch {
    status = 'error';
  }
  return { status, markerPresent };
}

/** Asks a server how far cloud-init is. Throws INFRA_TIMEOUT while the server is not reachable. */
export async function cloudInitStatus(target: SshTarget & { timeoutMs?: number }): Promise<CloudInitStatus> {
  const r = await exec({ ...target, command: CLOUD_INIT_SCRIPT, timeoutMs: target.timeoutMs ?? 15_000, maxOutputBytes: 64 * 1024, idempotent: true });
  return parseCloudInitOutput(r.stdout);
}
