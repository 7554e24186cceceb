import { parse } from 'yaml';
import { CLOUD_INIT_MARKER, renderCloudInit } from '../../src/domain/cloud-init';

const base = { domain: 'blog.example.com', adminEmail: 'admin@example.com', timestamp: '2026-01-15T10:00:00.000Z', instanceId: 'launch-blog-example-com-1a2b3c4d' };

describe('renderCloudInit', () => {
  it('renders the spec template as valid cloud-config YAML', () => {
    const text = renderCloudInit(base);
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    const doc = parse(text);
    expect(doc.package_update).toBe(true);
    expect(doc.packages).toEqual(['curl', 'sqlite3']);
    expect(doc.runcmd).toEqual([
      "curl -fsSL 'https://fazt.sh/install' | sh",
      "fazt server init --domain 'blog.example.com' --email 'admin@example.com'",
      'fazt service install --https',
      'systemctl enable fazt',
      'systemctl start fazt',
    ]);
    expect(doc.write_files[0].path).toBe(CLOUD_INIT_MARKER);
    expect(parse(doc.write_files[0].content)).toEqual({ installed_at: base.timestamp, installed_by: base.instanceId });
  });

  it.each([
    ['domain', { domain: 'x.com\nruncmd: [rm -rf /]' }],
    ['domain', { domain: "a.com'; rm -rf / #" }],
    ['admin email', { adminEmail: "a@b.com' && curl evil" }],
    ['admin email', { adminEmail: 'a@b.com\n  - evil' }],
    ['instance id', { instanceId: 'x"\nruncmd:' }],
    ['timestamp', { timestamp: 'now' }],
  ])('refuses an injected %s', (what, override) => {
    expect(() => renderCloudInit({ ...base, ...override })).toThrow(new RegExp(`Invalid cloud-init ${what}`));
  });
});

describe('cloud-init errors and personal data', () => {
  it('never quotes a refused admin email (messages are not encrypted everywhere they go)', () => {
    const adminEmail = 'jane.doe@example.com\n  - evil';
    const err = (() => {
      try {
        renderCloudInit({ domain: 'blog.example.com', adminEmail, timestamp: '2026-01-01T00:00:00Z', instanceId: 'op-1' });
      } catch (e) {
        return e as Error;
      }
      throw new Error('renderCloudInit accepted a bad email');
    })();
    expect(err.message).toMatch(/^Invalid cloud-init admin email/);
    expect(err.message).not.toContain('jane.doe');
  });
});
