/**
 * `fazt dev infra schedules [list|pause|resume|trigger|set] [name] [interval]`: fazt's Temporal
 * Schedules. Names and intervals are checked (INFRA_INVALID_INPUT) before Temporal is called.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { ScheduleView } from '../../client/schedules';
import { InfraError } from '../../domain/errors';
import { parseInterval, scheduleByName } from '../../schedules/definitions';
import { parseOptions, type CliContext } from '../context';
import { json, table } from '../output';

const actionSchema = z.enum(['list', 'pause', 'resume', 'trigger', 'set'], { message: 'must be one of: list, pause, resume, trigger, set' });

export function schedulesTable(rows: ScheduleView[]): string {
  return table(rows, [
    { header: 'NAME', value: (s) => s.name },
    { header: 'EVERY', value: (s) => s.every, align: 'right' },
    { header: 'STATE', value: (s) => (s.paused ? 'paused' : 'active') },
    { header: 'NEXT RUN', value: (s) => (s.paused ? '-' : s.nextRunAt ?? '-') },
    { header: 'LAST RUN', value: (s) => s.lastRunAt ?? '-' },
    { header: 'RUNS', value: (s) => s.runs, align: 'right' },
    { header: 'WORKFLOW', value: (s) => s.workflow },
    { header: 'SCHEDULE ID', value: (s) => s.id },
  ], 'No schedules.');
}

export function registerSchedulesCommand(infra: Command, ctx: CliContext): Command {
  return infra.command('schedules [action] [name] [interval]')
    .description('Temporal Schedules: list; pause|resume|trigger <name>; set <name> <interval> (e.g. 30m)')
    .option('--json', 'print JSON')
    .action(async (action: string | undefined, name: string | undefined, interval: string | undefined, o: { json?: boolean }) => {
      const a = parseOptions(actionSchema, action ?? 'list', 'action');
      if (a !== 'list') {
        if (!name) throw new InfraError('INFRA_INVALID_INPUT', `schedules ${a} needs a schedule name`);
        scheduleByName(name);
      }
      if (a === 'set') {
        if (!interval) throw new InfraError('INFRA_INVALID_INPUT', 'schedules set needs an interval, e.g. 30m');
        parseInterval(interval);
      }
      const s = (await ctx.client()).schedules;
      const rows = a === 'list' ? await s.list()
        : [await (a === 'set' ? s.setInterval(name!, interval!) : a === 'pause' ? s.pause(name!) : a === 'resume' ? s.resume(name!) : s.trigger(name!))];
      ctx.deps.out(o.json ? json(a === 'list' ? rows : rows[0]) : schedulesTable(rows));
    });
}
