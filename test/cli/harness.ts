/** Runs `fazt …` in-process against the fake client, capturing stdout/stderr and the exit code. */
import { createProgram, type CliDeps } from '../../src/cli/program';
import { describeFailure } from '../../src/cli/exit-codes';
import { FakeInfraClient } from '../helpers/fake-client';

export interface RunResult {
  out: string;
  err: string;
  exitCode: number;
  prompts: string[];
}

export interface RunOptions {
  client?: FakeInfraClient;
  isTTY?: boolean;
  /** Answers to y/N prompts, in order. */
  answers?: string[];
  deps?: Partial<CliDeps>;
}

/** `args` as typed after `fazt`, e.g. `['dev', 'infra', 'vps', 'list']`. */
export async function run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const client = opts.client ?? new FakeInfraClient();
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const answers = [...(opts.answers ?? [])];
  const deps: CliDeps = {
    client: async () => client,
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    prompt: async (q) => {
      prompts.push(q);
      return answers.shift() ?? '';
    },
    isTTY: opts.isTTY ?? false,
    ...opts.deps,
  };
  const program = createProgram(deps).exitOverride();
  let exitCode = 0;
  try {
    await program.parseAsync(['node', 'fazt', ...args]);
  } catch (e) {
    const f = describeFailure(e, { json: args.includes('--json') });
    exitCode = f.exitCode;
    if (f.text) (args.includes('--json') ? out : err).push(f.text);
  }
  return { out: out.join('\n'), err: err.join('\n'), exitCode, prompts };
}

/** Waits until `check` passes (for operations left running in the background). */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Polls `fazt dev infra status <id> --json` until the workflow reports `want` (at most ~20 s); returns the last status. */
export async function statusOf(id: string, opts: RunOptions, want = 'COMPLETED'): Promise<string> {
  let status = '';
  for (let i = 0; i < 100 && status !== want; i++) {
    status = JSON.parse((await run(['dev', 'infra', 'status', id, '--json'], opts)).out).status;
    if (status !== want) await new Promise((r) => setTimeout(r, 200));
  }
  return status;
}
