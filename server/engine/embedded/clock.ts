// Time for the embedded engine: the system clock in production, a manual clock in tests that
// fires due timers deterministically, in due order, as time is advanced.
import { parseDuration, addDuration } from './iso8601.js';

export interface Clock {
  now(): number;
  /**
   * Asks to be woken at `atMs` (epoch milliseconds). The engine keeps one wake-up at a time per
   * purpose; a later `wakeAt` for the same purpose replaces the earlier one.
   */
  wakeAt(purpose: string, atMs: number, wake: () => Promise<void>): void;
  /** Cancels every pending wake-up (engine shutdown). */
  cancelAll(): void;
}

export interface ManualClock extends Clock {
  /**
   * Moves time forward by milliseconds or an ISO 8601 duration ('PT1H', 'P15D'), stopping at
   * every wake-up on the way so timers fire at their own due times, each fully processed before
   * the next; resolves when all of them are done.
   */
  advance(by: number | string): Promise<void>;
  /** Moves time to an absolute ISO date-time (must not be in the past). */
  advanceTo(iso: string): Promise<void>;
}

// setTimeout cannot wait longer than 2^31-1 ms; longer waits are re-armed.
const MAX_TIMEOUT = 2_147_483_647;

export function createSystemClock(): Clock {
  const pending = new Map<string, NodeJS.Timeout>();
  const arm = (purpose: string, atMs: number, wake: () => Promise<void>) => {
    const delay = Math.max(0, atMs - Date.now());
    const handle = setTimeout(
      () => {
        if (pending.get(purpose) !== handle) return;
        if (Date.now() < atMs) return arm(purpose, atMs, wake);
        pending.delete(purpose);
        void wake();
      },
      Math.min(delay, MAX_TIMEOUT),
    );
    handle.unref?.();
    pending.set(purpose, handle);
  };
  return {
    now: () => Date.now(),
    wakeAt(purpose, atMs, wake) {
      const previous = pending.get(purpose);
      if (previous) clearTimeout(previous);
      arm(purpose, atMs, wake);
    },
    cancelAll() {
      for (const handle of pending.values()) clearTimeout(handle);
      pending.clear();
    },
  };
}

export function createManualClock(startIso: string): ManualClock {
  let now = Date.parse(startIso);
  if (Number.isNaN(now)) throw new RangeError(`createManualClock: '${startIso}' is not an ISO 8601 date-time`);
  const pending = new Map<string, { atMs: number; wake: () => Promise<void> }>();

  const nextDue = (limit: number) => {
    let best: [string, { atMs: number; wake: () => Promise<void> }] | undefined;
    for (const entry of pending) {
      if (entry[1].atMs <= limit && (!best || entry[1].atMs < best[1].atMs)) best = entry;
    }
    return best;
  };

  const runUntil = async (target: number) => {
    // Wake-ups already due (scheduled in the past) fire first, at the current time.
    for (let guard = 0; guard < 1_000_000; guard++) {
      const due = nextDue(target);
      if (!due) break;
      const [purpose, { atMs, wake }] = due;
      pending.delete(purpose);
      now = Math.max(now, atMs);
      await wake();
    }
    now = Math.max(now, target);
  };

  return {
    now: () => now,
    wakeAt(purpose, atMs, wake) {
      pending.set(purpose, { atMs, wake });
    },
    cancelAll() {
      pending.clear();
    },
    async advance(by) {
      const target = typeof by === 'number' ? now + by : addDuration(now, parseDuration(by));
      await runUntil(target);
    },
    async advanceTo(iso) {
      const target = Date.parse(iso);
      if (Number.isNaN(target)) throw new RangeError(`advanceTo: '${iso}' is not an ISO 8601 date-time`);
      if (target < now) throw new RangeError(`advanceTo: ${iso} is before the clock's current time`);
      await runUntil(target);
    },
  };
}
