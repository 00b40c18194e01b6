// Sign-in throttles: failed sign-ins slow down one user name at the one client address they come
// from, never that user elsewhere — an attacker guessing admin's password from one address cannot
// stop admin, or a job worker signing in as its user, at another. After `maxFailures` failures of a
// name at an address, that pair pauses (`firstPauseMs`, doubling with each further failure, at most
// `maxPauseMs`); after `maxFailuresPerAddress` failures from one address across names (a spray), the
// address pauses the same way for every name. An attempt during a pause is refused unchecked and only
// counted: it never lengthens the pause. The right password forgives the pair's failures, not the
// address's (an account of one's own must not wash a spray clean). Failures are forgotten `forgetMs`
// after the last one or after the end of the pause, whichever is later.
//
// The counters are documents in the store, so a restart forgets nothing. Parallel attempts of one pair
// (or address) are let through only as far as the failures left before its pause; the rest wait their
// turn in this process. So a burst gets no more guesses checked than one at a time would, and
// concurrent right passwords are never refused: they wait a moment instead.
import { createHash } from 'node:crypto';
import { ConflictError, type Collection, type Store, type Transaction } from '../../store/port.js';
import { IdentityError } from './errors.js';

export const SIGN_IN_THROTTLES = 'identity_sign_in_throttles';

/** 'account': one user name at one address; 'address': every user name at one address. */
export type ThrottleScope = 'account' | 'address';

interface ThrottleDoc {
  scope: ThrottleScope;
  address: string;
  /** The user name, only when it names an existing user: other names are kept as a hash (people type passwords there). */
  username?: string;
  /** Failures not yet forgotten. */
  failures: number;
  lastFailureAt: string;
  /** When failures first reached the limit (this key is throttled since), and when its current pause ends. */
  since?: string;
  until?: string;
  /** Attempts refused by the pause since `since` (more may be waiting in memory: see `refusals`). */
  refused: number;
  /** When the failures are forgotten (and the document purged). */
  forgetAt: string;
}

/** A throttle as an administrator sees it. */
export interface SignInThrottle {
  id: string;
  scope: ThrottleScope;
  username?: string;
  address: string;
  failures: number;
  since: string;
  /** The end of the current pause (past when the pause is over but the failures are still remembered). */
  until: string;
  /** Whether the pause is in force now. */
  active: boolean;
  lastFailureAt: string;
  refused: number;
}

export interface ThrottleSettings {
  /** Failures of one user name at one address before that pair pauses. */
  maxFailures: number;
  /** Failures at one address, whatever the user names, before the address pauses. */
  maxFailuresPerAddress: number;
  /** The first pause; each further failure doubles it. */
  firstPauseMs: number;
  /** The longest pause. */
  maxPauseMs: number;
  /** How long failures are remembered after the last one (or after the pause). */
  forgetMs: number;
}

/** An attempt let through: say how it ended, exactly once (or `release` when it ended unchecked). */
export interface Admitted {
  ok: true;
  /** The right password: the pair's failures are forgiven. */
  succeeded(): Promise<void>;
  /**
   * A wrong password (or unknown or inactive user): counted for the pair and the address in one
   * transaction, with `inTx` (the audit events) in it; `inTx` is told which throttles began.
   */
  failed(options: { username?: string; inTx?: (tx: Transaction, began: SignInThrottle[]) => Promise<void> }): Promise<void>;
  /** Lets the next attempt in without counting this one; idempotent. */
  release(): void;
}

export type Admission = Admitted | { ok: false; retryAfterMs: number };

/** Refusals are written to the store at most this often per key; the count in between is in memory. */
const REFUSALS_FLUSH_MS = 5_000;
/** Optimistic writes (MongoDB) that lose to another writer are tried again this often. */
const RETRIES = 20;

/** Attempts of one key in this process: those checking a password now, and a mark that moves on each release. */
interface Gate {
  running: number;
  generation: number;
  /** Attempts inside admit or running: the gate is dropped when none are left. */
  users: number;
  waiters: Array<() => void>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const accountThrottleId = (username: string, address: string) => `acct_${sha256(`${username}\u0000${address}`).slice(0, 32)}`;
export const addressThrottleId = (address: string) => `addr_${sha256(address).slice(0, 32)}`;

export function createSignInThrottles(store: Store, settings: ThrottleSettings, now: () => Date) {
  // Declared here so its indexes exist before transactions use it.
  const throttles: Collection<ThrottleDoc> = store.collection<ThrottleDoc>(SIGN_IN_THROTTLES, { indexes: [{ fields: ['forgetAt'] }, { fields: ['lastFailureAt'] }] });
  const gates = new Map<string, Gate>();
  let tick = 0;
  const refusals = new Map<string, { count: number; flushedAt: number }>();

  const iso = (ms: number) => new Date(ms).toISOString();
  const remembered = (doc: ThrottleDoc | undefined, at: number) => (doc && Date.parse(doc.forgetAt) > at ? doc : undefined);
  const pauseLeft = (doc: ThrottleDoc | undefined, at: number) => (doc?.until ? Date.parse(doc.until) - at : 0);
  /** How many attempts may check a password at once: the failures left before the pause, one once paused before. */
  const budget = (doc: ThrottleDoc | undefined, max: number) => (!doc ? max : doc.failures < max ? max - doc.failures : 1);
  const pauseAfter = (failures: number, max: number) => Math.min(settings.firstPauseMs * 2 ** (failures - max), settings.maxPauseMs);

  function view(id: string, doc: ThrottleDoc, at: number): SignInThrottle {
    const until = doc.until ?? doc.lastFailureAt;
    return {
      id,
      scope: doc.scope,
      ...(doc.username ? { username: doc.username } : {}),
      address: doc.address,
      failures: doc.failures,
      since: doc.since ?? doc.lastFailureAt,
      until,
      active: Date.parse(until) > at,
      lastFailureAt: doc.lastFailureAt,
      refused: doc.refused + (refusals.get(id)?.count ?? 0),
    };
  }

  /** Runs `work` in a transaction, again when another writer came first (optimistic backends). */
  async function retrying<R>(work: (tx: Transaction) => Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await store.transaction(work);
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 10 * (attempt + 1)));
      }
    }
  }

  function enter(id: string): Gate {
    let gate = gates.get(id);
    if (!gate) gates.set(id, (gate = { running: 0, generation: ++tick, users: 0, waiters: [] }));
    gate.users++;
    return gate;
  }

  function leave(id: string, gate: Gate, wasRunning: boolean) {
    if (wasRunning) {
      gate.running--;
      gate.generation = ++tick;
    }
    gate.users--;
    const waiters = gate.waiters.splice(0);
    if (gate.users === 0) gates.delete(id);
    for (const wake of waiters) wake();
  }

  /** Counts a refused attempt; the store hears of it at most every REFUSALS_FLUSH_MS per key. */
  async function countRefusal(id: string, at: number) {
    const entry = refusals.get(id) ?? { count: 0, flushedAt: Number.NEGATIVE_INFINITY };
    entry.count++;
    refusals.set(id, entry);
    if (at - entry.flushedAt < REFUSALS_FLUSH_MS) return;
    entry.flushedAt = at;
    await flushRefusals(id, entry);
  }

  async function flushRefusals(id: string, entry: { count: number }) {
    const count = entry.count;
    if (count === 0) return;
    entry.count = 0;
    try {
      await store.transaction(async (tx) => {
        const collection = tx.collection<ThrottleDoc>(SIGN_IN_THROTTLES);
        const doc = await collection.get(id);
        if (!doc) return;
        const { id: _id, version, ...fields } = doc;
        await collection.update(id, { ...fields, refused: fields.refused + count }, version);
      });
    } catch (error) {
      // Counting must never turn a refusal into an error: another writer won, the count waits for the next flush.
      if (!(error instanceof ConflictError)) throw error;
      entry.count += count;
    }
  }

  async function recordFailure(
    keys: Array<{ id: string; scope: ThrottleScope; max: number }>,
    address: string,
    username: string | undefined,
    inTx?: (tx: Transaction, began: SignInThrottle[]) => Promise<void>,
  ) {
    const forgotten = await retrying(async (tx) => {
      const collection = tx.collection<ThrottleDoc>(SIGN_IN_THROTTLES);
      const at = now().getTime();
      const began: SignInThrottle[] = [];
      const forgottenIds: string[] = [];
      for (const { id, scope, max } of keys) {
        const stored = await collection.get(id);
        const current = remembered(stored, at);
        if (stored && !current) forgottenIds.push(id);
        const failures = (current?.failures ?? 0) + 1;
        const until = failures >= max ? at + pauseAfter(failures, max) : undefined;
        const doc: ThrottleDoc = {
          scope,
          address,
          ...(scope === 'account' && (username ?? current?.username) ? { username: username ?? current!.username! } : {}),
          failures,
          lastFailureAt: iso(at),
          ...(until !== undefined ? { since: current?.since ?? iso(at), until: iso(until) } : {}),
          refused: current?.refused ?? 0,
          forgetAt: iso(Math.max(at, until ?? at) + settings.forgetMs),
        };
        if (stored) await collection.update(id, doc, stored.version);
        else await collection.insert({ id, ...doc });
        if (until !== undefined && !current?.since) began.push(view(id, doc, at));
      }
      await inTx?.(tx, began);
      return forgottenIds;
    });
    // Refusals still in memory belonged to failures now forgotten.
    for (const id of forgotten) refusals.delete(id);
  }

  async function forgive(id: string) {
    if (!(await throttles.get(id))) return;
    try {
      await retrying(async (tx) => {
        const collection = tx.collection<ThrottleDoc>(SIGN_IN_THROTTLES);
        const doc = await collection.get(id);
        // A delete whose version no longer matches deletes nothing: someone wrote first.
        if (doc && !(await collection.delete(id, doc.version))) throw new ConflictError(SIGN_IN_THROTTLES, id, 'changed meanwhile');
      });
      refusals.delete(id);
    } catch (error) {
      // The right password was given: losing every race to forgive the failures leaves them counted, never refuses the sign-in.
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  return {
    /**
     * Lets an attempt of `username` (normalized) from `address` check its password, or refuses it,
     * unchecked, while the pair or the address is paused. Waits while as many attempts of the pair
     * (or address) are checking as it has failures left.
     */
    async admit(username: string, address: string): Promise<Admission> {
      const keys = [
        { id: addressThrottleId(address), scope: 'address' as const, max: settings.maxFailuresPerAddress },
        { id: accountThrottleId(username, address), scope: 'account' as const, max: settings.maxFailures },
      ];
      const entered = keys.map((key) => enter(key.id));
      let admitted = false;
      try {
        for (;;) {
          const seen = entered.map((gate) => gate.generation);
          const docs = await Promise.all(keys.map((key) => throttles.get(key.id)));
          const at = now().getTime();
          const paused = keys.filter((_key, i) => pauseLeft(docs[i], at) > 0);
          if (paused.length > 0) {
            for (const key of paused) await countRefusal(key.id, at);
            return { ok: false, retryAfterMs: Math.max(...docs.map((doc) => pauseLeft(doc, at))) };
          }
          // An attempt finished while these were read: its failure may be missing from them.
          if (entered.some((gate, i) => gate.generation !== seen[i])) continue;
          const full = entered.find((gate, i) => gate.running >= budget(remembered(docs[i], at), keys[i]!.max));
          if (!full) break;
          await new Promise<void>((resolve) => full.waiters.push(resolve));
        }
        for (const gate of entered) gate.running++;
        admitted = true;
      } finally {
        if (!admitted) keys.forEach((key, i) => leave(key.id, entered[i]!, false));
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        keys.forEach((key, i) => leave(key.id, entered[i]!, true));
      };
      return {
        ok: true,
        release,
        async succeeded() {
          try {
            await forgive(keys[1]!.id);
          } finally {
            release();
          }
        },
        async failed({ username: known, inTx }) {
          try {
            await recordFailure(keys, address, known, inTx);
          } finally {
            release();
          }
        },
      };
    },

    /** The keys throttled now or whose failures still count towards a longer pause, latest failure first. */
    async list(options: { limit?: number; after?: string } = {}): Promise<{ items: SignInThrottle[]; nextCursor?: string }> {
      const at = now().getTime();
      const page = await throttles.find(
        { since: { $exists: true }, forgetAt: { $gt: iso(at) } },
        { sort: [{ field: 'lastFailureAt', order: 'desc' }], limit: Math.min(Math.max(options.limit ?? 50, 1), 500), ...(options.after ? { after: options.after } : {}) },
      );
      return { items: page.items.map(({ id, version: _version, ...doc }) => view(id, doc, at)), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },

    /** Forgets a key's failures and ends its pause, with `inTx` (the audit event) in the same transaction. */
    async lift(id: string, inTx: (tx: Transaction, lifted: SignInThrottle) => Promise<void>): Promise<SignInThrottle> {
      const lifted = await retrying(async (tx) => {
        const collection = tx.collection<ThrottleDoc>(SIGN_IN_THROTTLES);
        const at = now().getTime();
        const stored = await collection.get(id);
        if (!remembered(stored, at)) throw new IdentityError('THROTTLE_NOT_FOUND', `no sign-in throttle '${id}'`);
        const { id: _id, version, ...doc } = stored!;
        const seen = view(id, doc, at);
        if (!(await collection.delete(id, version))) throw new ConflictError(SIGN_IN_THROTTLES, id, 'changed meanwhile');
        await inTx(tx, seen);
        return seen;
      });
      refusals.delete(id);
      return lifted;
    },

    /** Writes refusals counted in memory, and removes keys whose failures are forgotten. */
    async purge(): Promise<number> {
      for (const [id, entry] of refusals) {
        await flushRefusals(id, entry);
        if (entry.count === 0) refusals.delete(id);
      }
      return throttles.deleteMany({ forgetAt: { $lt: iso(now().getTime()) } });
    },
  };
}

export type SignInThrottles = ReturnType<typeof createSignInThrottles>;
