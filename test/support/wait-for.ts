// Waiting in tests for what happens asynchronously (workers, timers, child processes, a server's
// background work): one poll loop with a deadline whose timeout says what was awaited and what was
// last seen, instead of a sleep-and-look loop per suite.
import { inspect } from 'node:util';

export interface WaitOptions {
  /** Pause between looks; 5 ms unless a look is expensive (reading a log, a process table). */
  intervalMs?: number;
  /** On timeout, where things stand (active elements, incidents, a child's stderr, …), added to the message. */
  explain?: () => string | Promise<string>;
  /** Stops waiting at once, failing with the signal's reason: what is awaited can no longer happen. */
  signal?: AbortSignal;
}

/**
 * Looks at `check` until it answers something truthy, and answers that. A look that throws counts as
 * "not yet", so a check may assert. After `timeoutMs` it throws an error naming `what` was awaited
 * and the last value or error seen (the error as its `cause`).
 */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5000, what = 'condition', { intervalMs = 5, explain, signal }: WaitOptions = {}): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: { value: unknown } | { error: unknown } = { value: undefined };
  for (;;) {
    if (signal?.aborted) throw signal.reason;
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() > until) {
      const seen = 'error' in last ? `last error: ${String(last.error)}` : `last seen: ${shown(last.value)}`;
      const context = explain ? `; ${await explained(explain)}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${seen}${context}`, 'error' in last ? { cause: last.error } : undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A value as the timeout message shows it: on one line, and short. */
function shown(value: unknown): string {
  const text = inspect(value, { depth: 3, breakLength: Infinity });
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

async function explained(explain: () => string | Promise<string>): Promise<string> {
  try {
    return await explain();
  } catch (error) {
    return `(could not say where things stand: ${String(error)})`;
  }
}
