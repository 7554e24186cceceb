/**
 * fazt's schedules on Temporal's own Schedules API (`client.schedule`): created idempotently at
 * worker start and `npm run up`, listed, paused, resumed, triggered and re-timed from the CLI, and
 * visible in the Temporal UI under Schedules. No scheduler of our own.
 */
import { Client, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { InfraError, fromFailure } from '../domain/errors';
import { SCHEDULES, formatInterval, parseInterval, scheduleByName, scheduleId, type ScheduleName } from '../schedules/definitions';

export interface ScheduleView {
  name: ScheduleName;
  id: string;
  workflow: string;
  every: string;
  paused: boolean;
  note?: string;
  nextRunAt: string | null;
  lastRunAt: string | null;
  runs: number;
}

export interface ScheduleApi {
  /** Creates missing schedules; with `intervals`, sets those that differ. Safe to call twice. */
  ensure(intervals?: Partial<Record<ScheduleName, string>>): Promise<ScheduleView[]>;
  list(): Promise<ScheduleView[]>;
  pause(name: string, note?: string): Promise<ScheduleView>;
  resume(name: string, note?: string): Promise<ScheduleView>;
  trigger(name: string): Promise<ScheduleView>;
  setInterval(name: string, every: string): Promise<ScheduleView>;
}

export function scheduleApi(client: Client, taskQueue: string): ScheduleApi {
  const handle = (name: ScheduleName) => client.schedule.getHandle(scheduleId(name, taskQueue));
  const view = async (name: ScheduleName): Promise<ScheduleView> => {
    const d = await handle(name).describe();
    const recent = d.info.recentActions[d.info.recentActions.length - 1];
    return {
      name, id: d.scheduleId, workflow: scheduleByName(name).workflow,
      every: d.spec.intervals?.[0] ? formatInterval(d.spec.intervals[0].every) : '-',
      paused: d.state.paused, note: d.state.note || undefined,
      nextRunAt: d.info.nextActionTimes[0]?.toISOString() ?? null,
      lastRunAt: recent?.takenAt.toISOString() ?? null, runs: d.info.numActionsTaken,
    };
  };
  const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof InfraError) throw err;
      if (err instanceof ScheduleNotFoundError) throw new InfraError('INFRA_NOT_FOUND', `${err.message}; start the worker (npm run worker or npm run up) to create fazt's schedules`);
      throw fromFailure(err);
    }
  };
  const setEvery = async (name: ScheduleName, ms: number) => {
    await handle(name).update((prev) => ({ ...prev, spec: { ...prev.spec, intervals: [{ every: ms }] } }));
  };
  const one = (name: string) => scheduleByName(name).name;

  return {
    ensure: (intervals = {}) => guarded(async () => {
      for (const n of Object.keys(intervals)) scheduleByName(n);
      for (const s of SCHEDULES) {
        const wanted = intervals[s.name];
        const every = parseInterval(wanted ?? s.every);
        try {
          await client.schedule.create({
            scheduleId: scheduleId(s.name, taskQueue),
            spec: { intervals: [{ every }] },
            action: { type: 'startWorkflow', workflowType: s.workflow, taskQueue, args: [] },
            policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1m' },
            memo: { summary: s.summary },
          });
        } catch (err) {
          if (!(err instanceof ScheduleAlreadyRunning)) throw err;
          // Exists: leave a changed-by-hand interval alone unless one was configured explicitly.
          if (wanted && (await handle(s.name).describe()).spec.intervals?.[0]?.every !== every) await setEvery(s.name, every);
        }
      }
      return Promise.all(SCHEDULES.map((s) => view(s.name)));
    }),
    list: () => guarded(() => Promise.all(SCHEDULES.map((s) => view(s.name)))),
    pause: (name, note) => guarded(async () => (await handle(one(name)).pause(note ?? 'paused from fazt'), view(one(name)))),
    resume: (name, note) => guarded(async () => (await handle(one(name)).unpause(note ?? 'resumed from fazt'), view(one(name)))),
    trigger: (name) => guarded(async () => (await handle(one(name)).trigger(ScheduleOverlapPolicy.ALLOW_ALL), view(one(name)))),
    setInterval: (name, every) => guarded(async () => {
      const n = one(name);
      await setEvery(n, parseInterval(every));
      return view(n);
    }),
  };
}
