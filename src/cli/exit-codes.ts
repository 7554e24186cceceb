/**
 * How a failed run ends: exit code and the text printed on stderr. Pure, so the mapping is unit
 * tested without spawning a process.
 */
import { CommanderError } from 'commander';
import { fromFailure, InfraError, type InfraErrorCode } from '../domain/errors';
import { CliExit } from './session';

/** Exit codes scripts can branch on; every other InfraError code exits 1. */
export const EXIT_CODES = {
  ok: 0,
  error: 1,
  INFRA_INVALID_INPUT: 2,
  INFRA_NOT_CONFIGURED: 3,
  INFRA_NOT_FOUND: 4,
  INFRA_CANCELED: 5,
} as const;

export function exitCodeFor(code: InfraErrorCode): number {
  switch (code) {
    case 'INFRA_INVALID_INPUT':
    case 'INFRA_NOT_CONFIGURED':
    case 'INFRA_NOT_FOUND':
    case 'INFRA_CANCELED':
      return EXIT_CODES[code];
    default:
      return EXIT_CODES.error;
  }
}

/** Exit code and stderr text for anything a run threw. `json` prints the error's toJSON(). */
export function describeFailure(err: unknown, opts: { json: boolean }): { exitCode: number; text: string } {
  if (err instanceof CliExit) return { exitCode: err.exitCode, text: '' };
  if (err instanceof CommanderError) {
    // Usage errors (unknown option, missing argument) are bad input; --help/--version exit 0.
    const ok = err.exitCode === 0;
    return { exitCode: ok ? 0 : EXIT_CODES.INFRA_INVALID_INPUT, text: '' };
  }
  const infra = err instanceof InfraError ? err : fromFailure(err);
  if (opts.json) return { exitCode: exitCodeFor(infra.code), text: JSON.stringify({ error: infra.toJSON() }, null, 2) };
  const lines = [`error: ${infra.message}`];
  if (infra.hint) lines.push(`hint: ${infra.hint}`);
  else if (infra.code === 'INFRA_RATE_LIMITED' && infra.retryAfter !== undefined) lines.push(`hint: retry after ${infra.retryAfter}s`);
  return { exitCode: exitCodeFor(infra.code), text: lines.join('\n') };
}
