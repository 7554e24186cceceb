/**
 * fazt's Temporal Schedules, defined once: name, the workflow each runs and its default interval.
 * Pure (no client): the CLI validates names and intervals here before calling Temporal.
 */
import { z } from 'zod';
import { InfraError } from '../domain/errors';
import { TASK_QUEUE } from '../shared/constants';

export const SCHEDULES = [
  { name: 'drift-check', workflow: 'driftCheck', every: '1h', summary: "Compare what fazt made with each provider's live state" },
  { name: 'health-sweep', workflow: 'healthSweep', every: '5m', summary: 'Status and SSH health of every managed server' },
  { name: 'renewal-watch', workflow: 'renewalWatch', every: '1d', summary: 'Domains expiring within 30 days with auto-renew off' },
] as const;

export type ScheduleName = (typeof SCHEDULES)[number]['name'];
export const SCHEDULE_NAMES = SCHEDULES.map((s) => s.name) as ScheduleName[];

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** At least a minute (a check more often than that only burns provider budget), at most a year. */
export const MIN_INTERVAL_MS = 60_000;
export const MAX_INTERVAL_MS = 365 * 86_400_000;

const intervalSchema = z.string().trim().regex(/^\d+(s|m|h|d)$/, 'must look like 90s, 5m, 1h or 1d');

/** Milliseconds of a valid interval; INFRA_INVALID_INPUT otherwise. */
export function parseInterval(text: unknown): number {
  const r = intervalSchema.safeParse(text);
  if (!r.success) throw new InfraError('INFRA_INVALID_INPUT', `Invalid interval "${String(text)}": ${r.error.issues[0].message}`);
  const m = /^(\d+)(s|m|h|d)$/.exec(r.data)!;
  const ms = Number(m[1]) * UNIT_MS[m[2] as 's'];
  if (ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) throw new InfraError('INFRA_INVALID_INPUT', `Invalid interval "${r.data}": it must be from 1m to 365d`);
  return ms;
}

/** The definition of a schedule by name; INFRA_INVALID_INPUT listing the valid names otherwise. */
export function scheduleByName(name: unknown): (typeof SCHEDULES)[number] {
  const s = SCHEDULES.find((x) => x.name === name);
  if (!s) throw new InfraError('INFRA_INVALID_INPUT', `Unknown schedule "${String(name)}". Schedules: ${SCHEDULE_NAMES.join(', ')}`, { data: { valid: SCHEDULE_NAMES } });
  return s;
}

/** The Temporal schedule id: `fazt-drift-check`, suffixed with the task queue when not the default. */
export function scheduleId(name: ScheduleName, taskQueue: string = TASK_QUEUE): string {
  return taskQueue === TASK_QUEUE ? `fazt-${name}` : `fazt-${name}@${taskQueue}`;
}

/** `3600000` → `1h`: the largest whole unit. */
export function formatInterval(ms: number): string {
  for (const [u, f] of [['d', UNIT_MS.d], ['h', UNIT_MS.h], ['m', UNIT_MS.m]] as const) if (ms % f === 0) return `${ms / f}${u}`;
  return `${Math.round(ms / 1000)}s`;
}
