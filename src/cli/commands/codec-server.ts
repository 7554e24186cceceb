/**
 * `fazt codec-server [--port] [--host] [--ui-origin <origin>...]`: serves the payload codec to the
 * Temporal UI (src/codec/server.ts) with the key of this machine's config folder. Registering it
 * loads commander only; the codec, its keys and node:http load when the command runs.
 */
import type { Command } from 'commander';
import type { CliContext } from '../session';
import { untilSignal } from './sandbox';

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerCodecServerCommand(program: Command, ctx: CliContext): void {
  const { deps } = ctx;
  program.command('codec-server').description('Serve the Temporal payload codec so the Temporal UI shows decrypted payloads (holds the key: loopback only by default)')
    .option('--port <port>', 'port', '8888')
    .option('--host <host>', 'address to bind (loopback by default: whoever reaches it can decrypt)', '127.0.0.1')
    .option('--ui-origin <origin>', 'a Temporal UI origin allowed to call it besides loopback ones, e.g. https://temporal.example.com (repeatable)', collect, [])
    .action(async (o: { port: string; host: string; uiOrigin: string[] }) => {
      const [{ intString, parseOptions }, { z }, { InfraError }, { parseOrigin }] = await Promise.all([
        import('../context'), import('zod'), import('../../domain/errors'), import('../../codec/cors'),
      ]);
      const port = parseOptions(intString('--port', 0, 65535), o.port);
      const host = parseOptions(z.string().regex(/^[A-Za-z0-9.:-]+$/, 'host must be an address like 127.0.0.1'), o.host, '--host');
      const uiOrigins = o.uiOrigin.map((text) => {
        const origin = parseOrigin(text);
        if (origin === null) throw new InfraError('INFRA_INVALID_INPUT', `--ui-origin "${text.slice(0, 100)}" is not an origin; expected e.g. https://temporal.example.com (scheme, host and port only)`);
        return origin;
      });
      const [{ payloadCodec }, { startCodecServer }] = await Promise.all([import('../../codec'), import('../../codec/server')]);
      const store = deps.configStore?.();
      const codec = payloadCodec(store ? { dir: store.dir, env: store.env } : {});
      const server = await startCodecServer({ codec, host, port, uiOrigins });
      if (!/^(127\.|localhost$|::1$|\[::1\]$)/.test(host)) deps.err(`Warning: ${host} is not loopback; anyone who reaches ${server.url} can decrypt this Temporal's payloads.`);
      deps.out([
        `Codec server: ${server.url} (key ${codec.keyId})`,
        `Point the Temporal UI at it: temporal server start-dev --ui-codec-endpoint ${server.url}, or enter it in the UI's Codec Server setting`,
        'Press Ctrl-C to stop.',
      ].join('\n'));
      try {
        await (deps.untilInterrupted ?? untilSignal)();
      } finally {
        await server.close();
      }
    });
}
