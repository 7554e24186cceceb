/**
 * `FAZT_TIMING=1`: the CLI writes where one run's time went to stderr as one `fazt-timing {json}`
 * line (bench/cli-latency.ts reads it). Marks are `performance.now()`, milliseconds since the
 * process started, so the first one includes node's own start and module loading. Off by default;
 * it records phase names and times only, never arguments or output.
 */
const enabled = Boolean(process.env.FAZT_TIMING);
const marks: Array<[string, number]> = [];

export function mark(phase: string): void {
  if (enabled) marks.push([phase, Math.round(performance.now() * 10) / 10]);
}

export function reportTiming(): void {
  if (enabled) process.stderr.write(`fazt-timing ${JSON.stringify(Object.fromEntries(marks))}\n`);
}
