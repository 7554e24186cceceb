/** The simulated hosts' shell subset and cloud-config reading, without SSH. */
import { parseScript, ScriptSyntaxError } from '../../src/sandbox/hosts/script';
import { parseUserData } from '../../src/sandbox/hosts/cloud-config';
import { runScript } from '../../src/sandbox/hosts/commands';
import { Machine } from '../../src/sandbox/hosts/machine';

describe('script parser', () => {
  it('splits lists, pipelines, quotes and redirections', () => {
    const items = parseScript(`echo 'a; b' "c \\"d\\"" # comment\nfazt --version 2>/dev/null || echo none; cat /x | cat && true`);
    expect(items.map((i) => i.op)).toEqual([';', ';', '||', ';', '&&']);
    expect(items[0].pipeline[0].argv).toEqual(['echo', 'a; b', 'c "d"']);
    expect(items[1].pipeline[0].redirects).toEqual([{ fd: 2, to: 'null' }]);
    expect(items[3].pipeline).toHaveLength(2);
  });
  it('rejects broken syntax like bash', () => {
    expect(() => parseScript("echo 'open")).toThrow(ScriptSyntaxError);
    expect(() => parseScript('&& echo x')).toThrow(/unexpected token/);
  });
});

describe('cloud-config reading', () => {
  it('finds write_files (plain, b64) and a fazt install in runcmd', () => {
    const facts = parseUserData(`#cloud-config
runcmd:
  - [sh, -c, "curl -fsSL https://fazt.sh/install | sh"]
  - systemctl start fazt
write_files:
  - path: /etc/a
    content: hello
  - path: /etc/b
    encoding: b64
    content: ${Buffer.from('secret-free text').toString('base64')}
`);
    expect(facts).toMatchObject({ kind: 'cloud-config', installsFazt: true, startsFazt: true });
    expect(facts.writeFiles.map((f) => [f.path, f.content])).toEqual([['/etc/a', 'hello'], ['/etc/b', 'secret-free text']]);
  });
  it('knows scripts, empty and invalid user data', () => {
    expect(parseUserData(undefined).kind).toBe('none');
    expect(parseUserData('#!/bin/sh\ncurl -fsSL https://fazt.sh/install | sh\n')).toMatchObject({ kind: 'script', installsFazt: true });
    expect(parseUserData('#cloud-config\nfoo: [\n').kind).toBe('invalid');
    expect(parseUserData('hello').kind).toBe('invalid');
  });
});

describe('command set', () => {
  const t0 = Date.now() - 10_000;
  const m = new Machine({ provider: 'vultr', serverId: 'x', name: 'box', authorizedKeys: [], bootAt: t0 }, '127.9.0.2', '2001:db8::2', 1000);
  const run = (s: string) => runScript(s, { machine: m, now: Date.now });
  it('routes stderr and stdout like a shell', async () => {
    expect(await run('echo hi >&2')).toEqual({ stdout: '', stderr: 'hi\n', exitCode: 0 });
    expect(await run('nope 2>&1')).toEqual({ stdout: 'bash: nope: command not found\n', stderr: '', exitCode: 127 });
    expect(await run('cat /etc/hostname | cat')).toMatchObject({ stdout: 'box\n' });
    expect(await run('test -e /etc/fazt/cloud-init-complete && echo yes || echo no')).toMatchObject({ stdout: 'no\n' });
    expect(await run('free -b')).toMatchObject({ stdout: expect.stringMatching(/^Mem:\s+4001431552\s/m) });
    expect(await run("echo 'unterminated")).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('unexpected EOF') });
  });
});
