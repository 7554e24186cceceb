/** The rendered user data passes cloud-init's own schema check (Debian's cloud-init package). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderCloudInit } from '../../src/domain/cloud-init';

function schemaCheck(text: string): { ok: boolean; output: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-cc-')), 'user-data.yaml');
  fs.writeFileSync(file, text);
  try {
    return { ok: true, output: execFileSync('cloud-init', ['schema', '--config-file', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (err: any) {
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

describe('cloud-config schema (cloud-init schema --config-file)', () => {
  it('accepts the rendered template', () => {
    const r = schemaCheck(renderCloudInit({ domain: 'blog.example.com', adminEmail: 'admin@example.com', timestamp: '2026-01-15T10:00:00.000Z', instanceId: 'op-1' }));
    expect(r.output).toContain('Valid cloud-config');
    expect(r.ok).toBe(true);
  });

  it('rejects a malformed document (the check can fail)', () => {
    const r = schemaCheck('#cloud-config\npackages: 5\nruncmd: "x"\n');
    expect(r.ok).toBe(false);
    expect(r.output).toContain("packages: 5 is not of type 'array'");
  });
});
