/** Stops the dev server started in global-setup and removes the temp folder. */
import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const env = (globalThis as any).__faztTemporal;
  if (env) await env.teardown();
  const dir = (globalThis as any).__faztTestDir;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
