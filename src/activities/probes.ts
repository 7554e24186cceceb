/** Worker-side probes: SSH into servers and DNS lookups. No provider API involved. */
import { InfraError } from '../domain/errors';
import type { ExecResult, PropagationResult, RecordType, ServerHealth } from '../domain/types';
import type { ActivityDeps } from './deps';

/** @default 1 MiB of stdout + stderr. */
export const MAX_EXEC_OUTPUT = 1024 * 1024;

export function probeActivities(deps: ActivityDeps) {
  const target = (ip: string) => ({ host: ip, port: deps.settings().ssh.port, username: deps.settings().ssh.user });
  return {
    /** A user's command, run at most once; it heartbeats while it runs (as every activity, ./heartbeat.ts) so a lost worker shows fast. */
    async sshExec(input: { ip: string; command: string; timeoutMs?: number }): Promise<ExecResult> {
      return deps.ssh.exec(target(input.ip), input.command, { timeoutMs: input.timeoutMs ?? 30_000, maxOutputBytes: MAX_EXEC_OUTPUT });
    },
    async sshHealth(input: { ip: string }): Promise<Omit<ServerHealth, 'id' | 'status'>> {
      return deps.ssh.health(target(input.ip));
    },
    /** One look at cloud-init; an unreachable host (still booting) reports `unreachable`. */
    async cloudInitCheck(input: { ip: string }): Promise<{ status: 'running' | 'done' | 'error' | 'unreachable'; markerPresent: boolean }> {
      try {
        return await deps.ssh.cloudInit(target(input.ip));
      } catch (err) {
        if (err instanceof InfraError && err.code === 'INFRA_TIMEOUT') return { status: 'unreachable', markerPresent: false };
        throw err;
      }
    },
    /**
     * One propagation check (CertMagic style), in parallel: the zone's authoritative servers (the
     * configured one, else discovered through NS) and the public resolvers; or exactly the given ones.
     */
    async dnsCheck(input: { fqdn: string; type: RecordType; expected?: string; resolvers?: string[]; timeoutMs?: number }): Promise<PropagationResult> {
      const s = deps.settings();
      let resolvers = input.resolvers ?? [];
      if (resolvers.length === 0) {
        const authoritative = s.authoritative ? [s.authoritative] : await deps.propagation.authoritative(input.fqdn).catch(() => []);
        resolvers = [...new Set([...authoritative, ...s.resolvers])];
      }
      return deps.propagation.check({ fqdn: input.fqdn, type: input.type, expected: input.expected, resolvers, timeoutMs: input.timeoutMs ?? 2000 });
    },
  };
}
