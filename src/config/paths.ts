/**
 * Where fazt keeps its files on a user's machine, following the XDG base directory spec:
 * configuration (secrets, encrypted) under the config home, the audit trail under the state home.
 */
import os from 'node:os';
import path from 'node:path';

/**
 * The config folder: `$FAZT_CONFIG_DIR`, else `$XDG_CONFIG_HOME/fazt`, else `~/.config/fazt`.
 * @param env the environment to read. @default process.env
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FAZT_CONFIG_DIR) return path.resolve(env.FAZT_CONFIG_DIR);
  if (env.XDG_CONFIG_HOME) return path.join(path.resolve(env.XDG_CONFIG_HOME), 'fazt');
  return path.join(homeOf(env), '.config', 'fazt');
}

/**
 * The data folder (audit trail and other state): `$FAZT_DATA_DIR`, else `$XDG_STATE_HOME/fazt`,
 * else `~/.local/state/fazt`.
 * @param env the environment to read. @default process.env
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FAZT_DATA_DIR) return path.resolve(env.FAZT_DATA_DIR);
  if (env.XDG_STATE_HOME) return path.join(path.resolve(env.XDG_STATE_HOME), 'fazt');
  return path.join(homeOf(env), '.local', 'state', 'fazt');
}

/**
 * The worker's local read socket for a task queue (src/runtime/read-server.ts): in the data folder,
 * so file permissions decide who may read through it.
 */
export function readSocketPath(data: string, taskQueue: string): string {
  return path.join(data, `reads-${taskQueue}.sock`);
}

function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME ? path.resolve(env.HOME) : os.homedir();
}
