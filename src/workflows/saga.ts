/**
 * Compensations registered right after each success (Temporal saga sample), run newest first
 * inside a non-cancellable scope so a canceled workflow still cleans up. Each compensation error is
 * logged and swallowed; the caller rethrows the original error.
 */
import { CancellationScope, log } from '@temporalio/workflow';

export interface Compensation {
  description: string;
  run: () => Promise<void>;
}

export class Compensations {
  private readonly list: Compensation[] = [];

  add(description: string, run: () => Promise<void>): void {
    this.list.unshift({ description, run });
  }

  get size(): number {
    return this.list.length;
  }

  /** Runs every compensation, newest first; returns what was cleaned up and what failed. */
  async run(): Promise<{ cleanedUp: string[]; failed: string[] }> {
    const cleanedUp: string[] = [];
    const failed: string[] = [];
    await CancellationScope.nonCancellable(async () => {
      for (const c of this.list) {
        try {
          await c.run();
          cleanedUp.push(c.description);
        } catch (err) {
          log.error('compensation failed', { compensation: c.description, error: String(err) });
          failed.push(c.description);
        }
      }
    });
    this.list.length = 0;
    return { cleanedUp, failed };
  }
}
