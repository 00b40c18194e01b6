// What each user chooses to be told by e-mail: today, a mail when a task arrives for one of their
// groups (or assigned to them at once). One document per user (its id the user's id); a change is
// audited. Who opted in is read often (on every task created) and changes rarely: it is kept in memory
// for OPT_IN_CACHE_MS, refreshed at once in the process that saves a change.
import type { AuditActor, AuditTrail } from '../audit/index.js';
import type { User } from '../identity/index.js';
import type { Store } from '../../store/port.js';

export const PREFERENCES = 'user_preferences';

export interface PreferencesDoc {
  emailOnGroupTask: boolean;
  updatedAt: string;
}

export interface Preferences {
  emailOnGroupTask: boolean;
}

/** The preferences with where the mail would go (null: the account has no e-mail). */
export interface PreferencesView extends Preferences {
  email: string | null;
}

/** How long another process's change of opt-in may take to be seen here. */
export const OPT_IN_CACHE_MS = 30_000;
/** The opted-in users read at most (a bound on one query; an organisation has far fewer staff). */
const MAX_OPTED_IN = 5_000;

export interface UserPreferences {
  get(user: User): Promise<PreferencesView>;
  set(user: User, actor: AuditActor, preferences: Preferences): Promise<PreferencesView>;
  /** The active users who asked for a mail when a task arrives (cached; see OPT_IN_CACHE_MS). */
  optedIn(): Promise<User[]>;
}

export function createUserPreferences(deps: { store: Store; audit: Pick<AuditTrail, 'record'>; now: () => Date; getUser(id: string): Promise<User | undefined> }): UserPreferences {
  const { store, audit, now, getUser } = deps;
  const preferences = store.collection<PreferencesDoc>(PREFERENCES, { indexes: [{ fields: ['emailOnGroupTask'] }] });
  let cached: { users: User[]; until: number } | undefined;
  let loading: Promise<User[]> | undefined;
  /** Bumped by every change saved here: a read begun before it is not kept. */
  let generation = 0;

  const view = (user: User, doc: PreferencesDoc | undefined): PreferencesView => ({ emailOnGroupTask: doc?.emailOnGroupTask ?? false, email: user.email ?? null });

  async function load(): Promise<User[]> {
    const begun = generation;
    const { items } = await preferences.find({ emailOnGroupTask: true }, { limit: MAX_OPTED_IN });
    const users = (await Promise.all(items.map((doc) => getUser(doc.id)))).filter((user): user is User => !!user && user.active);
    if (begun === generation) cached = { users, until: Date.now() + OPT_IN_CACHE_MS };
    return users;
  }

  return {
    async get(user) {
      return view(user, await preferences.get(user.id));
    },
    async set(user, actor, next) {
      const doc: PreferencesDoc = { emailOnGroupTask: next.emailOnGroupTask, updatedAt: now().toISOString() };
      await store.transaction(async (tx) => {
        const collection = tx.collection<PreferencesDoc>(PREFERENCES);
        const current = await collection.get(user.id);
        if (current) await collection.update(user.id, doc, current.version);
        else await collection.insert({ id: user.id, ...doc });
        await audit.record({ actor, action: 'preferences.update', subject: user.username, data: { emailOnGroupTask: doc.emailOnGroupTask } }, tx);
      });
      cached = undefined;
      loading = undefined;
      generation++;
      return view(user, doc);
    },
    async optedIn() {
      if (cached && Date.now() < cached.until) return cached.users;
      if (loading) return loading;
      const begun = generation;
      const read = load().finally(() => {
        if (loading === read) loading = undefined;
      });
      loading = read;
      // A change saved while reading: read again, so the one who just opted in is not missed.
      return read.then((users) => (begun === generation ? users : load()));
    },
  };
}
