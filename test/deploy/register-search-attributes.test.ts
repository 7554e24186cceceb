/**
 * deploy/register-search-attributes.sh (the compose job) against the real Temporal dev server, on a
 * namespace of its own: registers the five Keyword attributes, and a second run changes nothing.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { SEARCH_ATTRIBUTES } from '../../src/shared/constants';
import { ensureTemporalBinary } from '../../src/shared/temporal-binary';
import { temporalAddress } from '../helpers/temporal';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

describe('register-search-attributes.sh', () => {
  it('registers FaztProvider, FaztOperation, FaztServer, FaztZone, FaztAwaiting as Keyword, idempotently', async () => {
    const bin = ensureTemporalBinary();
    const address = temporalAddress();
    const namespace = `sa-test-${crypto.randomBytes(4).toString('hex')}`;
    await run(bin, ['operator', 'namespace', 'create', '--address', address, '--namespace', namespace]);
    const env = { ...process.env, PATH: `${path.dirname(bin)}:${process.env.PATH}`, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, FAZT_WAIT_SECONDS: '30' };
    const script = path.join(root, 'deploy', 'register-search-attributes.sh');

    const first = await run('sh', [script], { env });
    for (const name of Object.values(SEARCH_ATTRIBUTES)) expect(first.stdout).toContain(`search attribute ${name} registered (Keyword)`);

    const second = await run('sh', [script], { env });
    for (const name of Object.values(SEARCH_ATTRIBUTES)) expect(second.stdout).toContain(`search attribute ${name} already registered`);

    const list = await run(bin, ['operator', 'search-attribute', 'list', '--address', address, '--namespace', namespace, '--output', 'json']);
    const json = JSON.parse(list.stdout);
    const custom: Record<string, string> = json.customAttributes ?? json.custom_attributes ?? {};
    for (const name of Object.values(SEARCH_ATTRIBUTES)) expect(String(custom[name])).toMatch(/KEYWORD/i);
  });

  it('fails with a clear message when Temporal does not answer', async () => {
    const bin = ensureTemporalBinary();
    const env = { ...process.env, PATH: `${path.dirname(bin)}:${process.env.PATH}`, TEMPORAL_ADDRESS: '127.0.0.1:1', FAZT_WAIT_SECONDS: '0' };
    await expect(run('sh', [path.join(root, 'deploy', 'register-search-attributes.sh')], { env })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Temporal at 127.0.0.1:1 (namespace default) did not answer within 0s'),
    });
  });
});
