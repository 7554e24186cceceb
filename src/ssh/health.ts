/**
 * Server health in one SSH round trip: a POSIX script that prints marked sections (uptime, load,
 * disk, memory, fazt version and service state) and a pure parser for its output.
 */
import type { ServerHealth } from '../domain/types';
import { exec } from './exec';
import type { SshTarget } from './connect';

const MARK = '@@fazt:';

/** Sections in the order the script prints them. */
const SECTIONS = ['uptime', 'loadavg', 'df', 'free', 'version', 'active'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * The health script. Runs under any POSIX shell on a stock Ubuntu/Debian; `command -v` keeps a
 * missing fazt from printing "command not found".
 */
export const HEALTH_SCRIPT = [
  `echo '${MARK}uptime'; cat /proc/uptime`,
  `echo '${MARK}loadavg'; cat /proc/loadavg`,
  `echo '${MARK}df'; df -P -B1 /`,
  `echo '${MARK}free'; free -b`,
  `echo '${MARK}version'; command -v fazt >/dev/null 2>&1 && fazt --version`,
  `echo '${MARK}active'; command -v fazt >/dev/null 2>&1 && systemctl is-active fazt`,
  `echo '${MARK}end'`,
].join('\n');

/** The health fields the spec's `vps.status` adds to a server (sizes in GB = 10^9 bytes, one decimal). */
export type HealthFields = Omit<ServerHealth, 'id' | 'status'>;

/** Splits script output into its sections. */
function sections(text: string): Partial<Record<Section, string[]>> {
  const out: Partial<Record<Section, string[]>> = {};
  let current: Section | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.startsWith(MARK)) {
      const name = line.slice(MARK.length);
      current = (SECTIONS as readonly string[]).includes(name) ? (name as Section) : null;
      if (current) out[current] = [];
      continue;
    }
    if (current && line.trim()) out[current]!.push(line);
  }
  return out;
}

const GB = 1e9;
const toGb = (bytes: number) => Math.round((bytes / GB) * 10) / 10;
const num = (s: string | undefined): number | null => {
  if (s === undefined) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/** Parses {@link HEALTH_SCRIPT} output. Missing or garbled sections become null, never a throw. */
export function parseHealthOutput(text: string): HealthFields {
  const s = sections(text);
  const uptimeRaw = num(s.uptime?.[0]?.trim().split(/\s+/)[0]);
  const loadParts = s.loadavg?.[0]?.trim().split(/\s+/).slice(0, 3).map(num) ?? [];
  const load = loadParts.length === 3 && loadParts.every((n) => n !== null) ? (loadParts as [number, number, number]) : null;

  // `df -P`: last line is "<fs> <size> <used> <avail> <pct> <mount>"; the fs name may contain spaces.
  const dfCols = s.df?.filter((l) => !/^Filesystem/i.test(l)).pop()?.trim().split(/\s+/) ?? [];
  const diskTotal = dfCols.length >= 6 ? num(dfCols[dfCols.length - 5]) : null;
  const diskUsed = dfCols.length >= 6 ? num(dfCols[dfCols.length - 4]) : null;

  const memCols = s.free?.find((l) => /^Mem:/.test(l.trim()))?.trim().split(/\s+/) ?? [];
  const memTotal = num(memCols[1]);
  const memUsed = num(memCols[2]);

  const versionLine = s.version?.[0];
  const faztVersion = versionLine ? (/(\d+\.\d+(?:\.\d+)?(?:[-+][\w.-]+)?)/.exec(versionLine)?.[1] ?? versionLine.trim()) : null;
  const active = s.active?.[0]?.trim();
  const faztStatus = faztVersion === null ? null : active === 'active' ? 'healthy' : 'unhealthy';

  return {
    faztStatus,
    faztVersion,
    uptime: uptimeRaw === null ? null : Math.floor(uptimeRaw),
    load,
    diskUsed: diskUsed === null ? null : toGb(diskUsed),
    diskTotal: diskTotal === null ? null : toGb(diskTotal),
    memUsed: memUsed === null ? null : toGb(memUsed),
    memTotal: memTotal === null ? null : toGb(memTotal),
  };
}

/** Gathers the health fields of a server in one SSH command. */
export async function gatherHealth(target: SshTarget & { timeoutMs?: number }): Promise<HealthFields> {
  const r = await exec({ ...target, command: HEALTH_SCRIPT, timeoutMs: target.timeoutMs ?? 15_000, maxOutputBytes: 64 * 1024, idempotent: true });
  return parseHealthOutput(r.stdout);
}
