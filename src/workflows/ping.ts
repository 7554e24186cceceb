/** A no-op workflow: proves the worker and server are wired (used by `fazt dev infra doctor`). */
export async function ping(input: { message: string }): Promise<{ message: string }> {
  return { message: input.message };
}
