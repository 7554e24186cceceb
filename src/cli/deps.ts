/**
 * What the CLI needs from the outside world, injected so tests run `createProgram(fakeDeps)` with a
 * fake client and captured output. Only src/cli/index.ts builds the real ones.
 */
import type { InfraClient } from '../client/api';
import type { Sandbox, SandboxOptions } from '../sandbox';
import type { DashboardHandle, DashboardOptions } from '../dashboard/server';
import type { ConfigStore } from '../config';
import type { AuditLog } from '../audit';

/** Opens an interactive shell on a host; resolves with the remote exit code. */
export type OpenShell = (target: { host: string; port?: number; user?: string; server: string }) => Promise<number>;

export interface CliDeps {
  /** Connects to the typed client; called at most once per run, lazily (so `--help` needs no server). */
  client: () => Promise<InfraClient>;
  /** Writes one block of text to stdout (a newline is added). */
  out: (text: string) => void;
  /** Writes one block of text to stderr (a newline is added). */
  err: (text: string) => void;
  /** Asks a question on the terminal and returns the answer line. */
  prompt: (question: string) => Promise<string>;
  /** True when stdin and stdout are a terminal: only then does the CLI ask y/N. */
  isTTY: boolean;
  /** Reads a file (set-many --file). @default node:fs/promises readFile */
  readFile?: (path: string) => Promise<string>;
  /** Resolves when the user stops a long-running command (Ctrl-C). */
  untilInterrupted?: () => Promise<void>;
  /** @default startSandbox from src/sandbox */
  startSandbox?: (opts: SandboxOptions) => Promise<Sandbox>;
  /** @default startDashboard from src/dashboard */
  startDashboard?: (opts: DashboardOptions) => Promise<DashboardHandle>;
  /** Serves MCP over stdio until stdin closes. @default src/mcp/stdio */
  serveMcp?: (client: InfraClient, opts: { allowAgentApproval: boolean }) => Promise<void>;
  /** Interactive shell for `vps ssh`. @default openShell from src/ssh */
  openShell?: OpenShell;
  /** Which providers are configured (dashboard cards). */
  providers?: () => Promise<Array<{ kind: string; provider: string; configured: boolean }>>;
  /** The config store (`dev config`, `sandbox --configure`). @default the user's config folder */
  configStore?: () => ConfigStore;
  /** The audit log (`dev infra audit`). @default the user's data folder */
  auditLog?: () => AuditLog;
}
