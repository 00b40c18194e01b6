// Failed-login counters kept in the store, so a restart does not reset them: one document per
// user name (hashed: people type passwords into the user name field) and one per client address,
// each holding the times of its recent failures (a sliding window).
//
// An attempt is counted *before* its password is checked and forgiven when it succeeds, so a burst
// of parallel attempts cannot all slip past the limit while their hashes are being computed.
import { createHash } from 'node:crypto';
import { ConflictError, type Collection, type Store } from '../../store/port.js';

export const LOGIN_ATTEMPTS = 'identity_login_attempts';

interface AttemptsDoc {
  /** Epoch milliseconds of the failures (and attempts in flight) still inside the window, oldest first. */
  failures: number[];
  /** ISO time of the latest one, for purging idle counters. */
  lastAt: string;
}

export interface LoginLimits {
  maxPerUser: number;
  maxPerIp: number;
  windowMs: number;
}

export type Reservation = { ok: true; forgive: () => Promise<void> } | { ok: false; retryAfterMs: number };

const RETRIES = 20;

export function createLoginLimiter(store: Store, limits: LoginLimits, now: () => Date) {
  // Declared here so its index exists before transactions use it.
  const attempts: Collection<AttemptsDoc> = store.collection<AttemptsDoc>(LOGIN_ATTEMPTS, { indexes: [{ fields: ['lastAt'] }] });

  const userKey = (username: string) => `user:${createHash('sha256').update(username.trim().toLowerCase()).digest('hex')}`;
  const ipKey = (ip: string) => `ip:${ip}`;

  /**
   * Applies `change` to the counter's recent failures in one transaction (serialized on SQLite), and
   * again after a short pause when another login wrote first (a backend with optimistic transactions).
   */
  async function modify(key: string, change: (recent: number[], at: number) => number[] | undefined): Promise<number[] | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await store.transaction(async (tx) => {
          const attempts = tx.collection<AttemptsDoc>(LOGIN_ATTEMPTS);
          const at = now().getTime();
          const doc = await attempts.get(key);
          const recent = (doc?.failures ?? []).filter((time) => time > at - limits.windowMs);
          const next = change(recent, at);
          if (next === undefined) return recent;
          if (!doc) {
            if (next.length > 0) await attempts.insert({ id: key, failures: next, lastAt: new Date(at).toISOString() });
          } else if (next.length === 0) {
            // A delete whose version no longer matches deletes nothing: someone wrote first.
            if (!(await attempts.delete(key, doc.version))) throw new ConflictError(LOGIN_ATTEMPTS, key, 'changed meanwhile');
          } else await attempts.update(key, { failures: next, lastAt: new Date(at).toISOString() }, doc.version);
          return undefined;
        });
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 10 * (attempt + 1)));
      }
    }
  }

  /** Counts one attempt on `key` unless `max` are already inside the window; answers when to retry otherwise. */
  async function reserve(key: string, max: number): Promise<{ ok: true; at: number } | { ok: false; retryAfterMs: number }> {
    let at = 0;
    const full = await modify(key, (recent, time) => {
      if (recent.length >= max) return undefined;
      at = time;
      return [...recent, time];
    });
    if (!full) return { ok: true, at };
    // The count drops below max when the max-th latest failure leaves the window.
    const oldestThatMatters = full[full.length - max]!;
    return { ok: false, retryAfterMs: Math.max(1000, oldestThatMatters + limits.windowMs - now().getTime()) };
  }

  /** Takes back one counted attempt made at `at` (it was refused for another reason, or succeeded). */
  const unreserve = (key: string, at: number) =>
    modify(key, (recent) => {
      const index = recent.lastIndexOf(at);
      return index === -1 ? undefined : [...recent.slice(0, index), ...recent.slice(index + 1)];
    }).then(() => undefined);

  return {
    /**
     * Counts an attempt for this user name and this address, or refuses it when either has used up
     * its failures. On success call `forgive` (clears the user name's count, takes back the
     * address's); on failure the attempt stays counted.
     */
    async reserve(username: string, ip: string): Promise<Reservation> {
      const ipAttempt = await reserve(ipKey(ip), limits.maxPerIp);
      if (!ipAttempt.ok) return ipAttempt;
      const userAttempt = await reserve(userKey(username), limits.maxPerUser);
      if (!userAttempt.ok) {
        await unreserve(ipKey(ip), ipAttempt.at);
        return userAttempt;
      }
      return {
        ok: true,
        forgive: async () => {
          await modify(userKey(username), () => []);
          await unreserve(ipKey(ip), ipAttempt.at);
        },
      };
    },

    /** Removes counters with no failure inside the window. */
    purge: () => attempts.deleteMany({ lastAt: { $lt: new Date(now().getTime() - limits.windowMs).toISOString() } }),
  };
}
