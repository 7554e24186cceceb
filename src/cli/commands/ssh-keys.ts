/** `fazt dev infra ssh-keys list|add|remove <provider>`: SSH keys registered with a provider. */
import { Command } from 'commander';
import { sshKeyNameSchema, sshPublicKeySchema } from '../../domain/validate';
import { parseOptions, type CliContext } from '../context';
import { json, table } from '../output';
import { vpsProviderSchema } from './vps';

export function registerSshKeysCommand(infra: Command, ctx: CliContext): Command {
  const { deps } = ctx;
  const keys = infra.command('ssh-keys').description('SSH keys registered with a provider');

  keys.command('list <provider>').description('List keys').option('--json', 'print JSON')
    .action(async (provider: string, o: { json?: boolean }) => {
      const p = parseOptions(vpsProviderSchema, provider, 'provider');
      const list = await (await ctx.client()).dev.infra.vps.sshKeys(p);
      deps.out(o.json ? json(list) : table(list, [
        { header: 'NAME', value: (k) => k.name },
        { header: 'FINGERPRINT', value: (k) => k.fingerprint },
        { header: 'ID', value: (k) => k.id },
      ], 'No SSH keys.'));
    });

  keys.command('add <provider>').description('Register a public key')
    .requiredOption('--name <name>', 'key name')
    .requiredOption('--key <publicKey>', 'OpenSSH public key line, e.g. "ssh-ed25519 AAAA... me@laptop"')
    .option('--json', 'print JSON')
    .action(async (provider: string, o: { name: string; key: string; json?: boolean }) => {
      const p = parseOptions(vpsProviderSchema, provider, 'provider');
      const name = parseOptions(sshKeyNameSchema, o.name, '--name');
      const publicKey = parseOptions(sshPublicKeySchema, o.key, '--key');
      const key = await (await ctx.client()).dev.infra.vps.addSshKey(p, { name, publicKey });
      deps.out(o.json ? json(key) : `Added ${key.name} (${key.fingerprint}) to ${p}`);
    });

  keys.command('remove <provider>').description('Remove a key by name')
    .requiredOption('--name <name>', 'key name')
    .action(async (provider: string, o: { name: string }) => {
      const p = parseOptions(vpsProviderSchema, provider, 'provider');
      const name = parseOptions(sshKeyNameSchema, o.name, '--name');
      await (await ctx.client()).dev.infra.vps.removeSshKey(p, name);
      deps.out(`Removed ${name} from ${p}`);
    });

  return keys;
}
