/**
 * MCP resources: fazt://infra/vps (all servers), fazt://infra/vps/{id} (one server) and
 * fazt://infra/dns/{zone} (a zone's records) and fazt://infra/domains (owned domains), as JSON.
 */
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { InfraClient } from '../client/api';

const JSON_MIME = 'application/json';

function jsonContents(uri: URL, value: unknown) {
  return { contents: [{ uri: uri.href, mimeType: JSON_MIME, text: JSON.stringify(value, null, 2) }] };
}

/** A template variable as one string (templates may yield arrays), URI-decoded. */
function variable(v: string | string[]): string {
  return decodeURIComponent(Array.isArray(v) ? v.join(',') : v);
}

export function registerResources(server: McpServer, client: InfraClient): void {
  server.registerResource('servers', 'fazt://infra/vps', {
    title: 'Servers', description: 'List of all VPSes', mimeType: JSON_MIME,
  }, async (uri) => jsonContents(uri, await client.dev.infra.vps.list()));

  server.registerResource('server', new ResourceTemplate('fazt://infra/vps/{id}', {
    list: async () => ({
      resources: (await client.dev.infra.vps.list()).map((s) => ({
        uri: `fazt://infra/vps/${encodeURIComponent(s.id)}`, name: s.name, mimeType: JSON_MIME,
      })),
    }),
  }), { title: 'Server', description: 'VPS details', mimeType: JSON_MIME },
  async (uri, vars) => jsonContents(uri, await client.dev.infra.vps.get(variable(vars.id))));

  server.registerResource('domains', 'fazt://infra/domains', {
    title: 'Domains', description: 'List of owned domains', mimeType: JSON_MIME,
  }, async (uri) => jsonContents(uri, await client.dev.infra.domain.list()));

  server.registerResource('zone', new ResourceTemplate('fazt://infra/dns/{zone}', {
    list: async () => ({
      resources: (await client.dev.infra.dns.zones()).map((z) => ({
        uri: `fazt://infra/dns/${encodeURIComponent(z.zone)}`, name: z.zone, mimeType: JSON_MIME,
      })),
    }),
  }), { title: 'DNS zone', description: 'DNS records for a zone', mimeType: JSON_MIME },
  async (uri, vars) => {
    const zone = variable(vars.zone);
    return jsonContents(uri, { zone, records: await client.dev.infra.dns.records(zone) });
  });
}
