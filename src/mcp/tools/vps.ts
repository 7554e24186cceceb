/** MCP tools infra.vps.list, infra.vps.create, infra.vps.status and infra.vps.destroy. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { InfraClient } from '../../client/api';
import { createVpsSchema, parseInput } from '../../domain/validate';
import { VPS_PROVIDERS, type Server } from '../../domain/types';
import { invalidInput } from '../../domain/errors';
import type { ConfirmableOperations, ConfirmableState } from '../confirmable';
import { guarded, ok } from '../result';
import { confirmableShape, healthSchema, serverSchema } from '../schemas';

const serverRef = z.string().min(1).max(128).describe('Server name or <provider>:<id>');
const followShape = {
  confirmed: z.boolean().optional().describe('true to collect the outcome of an operation a human has decided on (it does not approve)'),
  confirmationId: z.string().max(128).optional().describe('The confirmation.id returned by the first call'),
  workflowId: z.string().max(256).optional().describe('The workflowId returned by the first call'),
};

/** The `next` hint for a confirmable state: who decides, and how. */
export function nextStep(state: ConfirmableState<unknown>): string {
  if (state.status === 'pending_confirmation') {
    return `A human must approve this: run \`fazt dev infra approve ${state.workflowId}\` or use the dashboard. ` +
      `Then call this tool again with confirmed: true and confirmationId: "${state.confirmation.id}" to get the result.`;
  }
  if (state.status === 'running') return `Approved and running (step ${state.step}); call again with the same confirmationId to follow it.`;
  return 'Done.';
}

function confirmableResult(state: ConfirmableState<unknown>, extra: Record<string, unknown>) {
  return ok({
    status: state.status,
    workflowId: state.workflowId,
    confirmation: state.status === 'pending_confirmation' ? state.confirmation : null,
    next: nextStep(state),
    ...extra,
  });
}

function requireFollowIds(a: { confirmed?: boolean; confirmationId?: string }): string | null {
  if (!a.confirmed) return null;
  if (!a.confirmationId) throw invalidInput('Invalid arguments: confirmed: true needs the confirmationId from the first call');
  return a.confirmationId;
}

export function registerVpsTools(server: McpServer, client: InfraClient, ops: ConfirmableOperations): void {
  server.registerTool('infra.vps.list', {
    title: 'List servers',
    description: 'List all managed VPSes across providers.',
    inputSchema: {},
    outputSchema: { servers: z.array(serverSchema) },
    annotations: { readOnlyHint: true, openWorldHint: true },
  }, () => guarded(async () => ok({ servers: await client.dev.infra.vps.list() })));

  server.registerTool('infra.vps.create', {
    title: 'Create a server (requires confirmation)',
    description: 'Start creating a VPS. It costs money, so it waits for a human decision: the first call returns ' +
      'status "pending_confirmation" with a workflowId and confirmation; a person approves it with the CLI or dashboard. ' +
      'Call again with confirmed: true and the confirmationId to collect the created server.',
    inputSchema: {
      provider: z.enum(VPS_PROVIDERS).optional(),
      name: z.string().max(63).optional().describe('Server name (required for a new create)'),
      type: z.string().max(64).optional().describe('Server type, e.g. cx22'),
      region: z.string().max(64).optional().describe('Region, e.g. fsn1'),
      image: z.string().max(64).optional(),
      sshKeys: z.array(z.string().max(64)).max(20).optional(),
      installFazt: z.boolean().optional(),
      faztConfig: z.object({ domain: z.string().optional(), adminEmail: z.string().optional() }).optional(),
      ipv6: z.boolean().optional(),
      ...followShape,
    },
    outputSchema: { ...confirmableShape, server: serverSchema.optional() },
    annotations: { destructiveHint: true, idempotentHint: false, openWorldHint: true },
  }, (args) => guarded(async () => {
    const followId = requireFollowIds(args);
    if (followId) {
      const state = await ops.follow<Server>(followId, args.workflowId);
      return confirmableResult(state, state.status === 'completed' ? { server: state.result } : {});
    }
    const { confirmed: _c, confirmationId: _i, workflowId: _w, ...rest } = args;
    const input = parseInput(createVpsSchema, rest, 'server');
    const state = await ops.start((opts) => client.dev.infra.vps.create(input, opts));
    return confirmableResult(state, state.status === 'completed' ? { server: state.result } : {});
  }));

  server.registerTool('infra.vps.status', {
    title: 'Server status',
    description: 'Get a VPS status and health (Fazt health, load, disk, memory).',
    inputSchema: { id: serverRef },
    outputSchema: healthSchema.shape,
    annotations: { readOnlyHint: true, openWorldHint: true },
  }, ({ id }) => guarded(async () => ok({ ...(await client.dev.infra.vps.status(id)) })));

  server.registerTool('infra.vps.destroy', {
    title: 'Destroy a server (requires confirmation)',
    description: 'Start destroying a VPS. It waits for a human decision: the first call returns "pending_confirmation"; ' +
      'a person approves it with the CLI or dashboard. Call again with confirmed: true and the confirmationId for the outcome.',
    inputSchema: { id: serverRef.optional(), ...followShape },
    outputSchema: { ...confirmableShape, destroyed: z.string().optional() },
    annotations: { destructiveHint: true, idempotentHint: true, openWorldHint: true },
  }, (args) => guarded(async () => {
    const followId = requireFollowIds(args);
    if (followId) {
      const state = await ops.follow<void>(followId, args.workflowId);
      return confirmableResult(state, state.status === 'completed' ? { destroyed: args.id ?? state.workflowId ?? followId } : {});
    }
    const id = parseInput(serverRef, args.id, 'id');
    const state = await ops.start((opts) => client.dev.infra.vps.destroy(id, opts));
    return confirmableResult(state, state.status === 'completed' ? { destroyed: id } : {});
  }));
}
