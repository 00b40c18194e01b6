// The identity core: users with scrypt-hashed passwords, sign-in with store-backed throttles per user
// name and client address, sessions with CSRF tokens, the permission helpers and the demo users of an
// empty store. Framework-free: the HTTP layer sets the cookie, reads the CSRF header and turns
// IdentityError into responses.
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { t } from '../../i18n/index.js';
import type { AuditActor, AuditTrail } from '../audit/index.js';
import { ConflictError, type Collection, type Filter, type Store, type Stored } from '../../store/port.js';
import { CANDIDATE_GROUP_IDS, ROLES, isCandidateGroup, isRole, type CandidateGroup, type Role } from './access.js';
import { IdentityError } from './errors.js';
import { createSignInThrottles, type SignInThrottle } from './login-limits.js';
import {
  DEFAULT_SCRYPT_COST,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  decoyHash,
  generatePassword,
  hashPassword,
  needsRehash,
  passwordViolations,
  verifyPassword,
  type ScryptCost,
} from './passwords.js';
import { createSessions, type Session } from './sessions.js';
import { GROUPS, type GroupDoc } from './groups.js';

export * from './access.js';
export { IdentityError, type IdentityErrorCode } from './errors.js';
export { PASSWORD_MIN_LENGTH, generatePassword, passwordViolations, type PasswordRule, type ScryptCost } from './passwords.js';
export { checkCsrf, type Session } from './sessions.js';
export type { SignInThrottle, ThrottleScope } from './login-limits.js';
export { GROUPS, createGroupLeads, type GroupDoc, type GroupLeads } from './groups.js';

export const USERS = 'identity_users';

/** A user as stored. Only this module ever reads `passwordHash`. */
export interface UserDoc {
  /** Lowercase; unique. */
  username: string;
  displayName: string;
  email?: string;
  roles: Role[];
  groups: CandidateGroup[];
  /** PHC string: `$scrypt$ln=…,r=…,p=…$salt$hash` — the cost travels with the hash. */
  passwordHash: string;
  active: boolean;
  createdAt: string;
  passwordChangedAt: string;
}

/** A user as everyone else sees it: no password hash, no store version. */
export type User = Omit<UserDoc, 'passwordHash'> & { id: string };

export interface NewUser {
  username: string;
  displayName: string;
  email?: string;
  roles?: readonly string[];
  groups?: readonly string[];
  password: string;
  active?: boolean;
}

export interface UserChanges {
  displayName?: string;
  /** null removes it. */
  email?: string | null;
  roles?: readonly string[];
  groups?: readonly string[];
  /** false also ends every session of the user. */
  active?: boolean;
}

/** A logged-in session: the raw id goes into the cookie and nowhere else. */
export interface LoginResult {
  sessionId: string;
  session: Session;
  user: User;
}

/** What getSession answers: the session and its user as they are now (roles may have changed). */
export interface CurrentSession {
  session: Session;
  user: User;
}

export interface DemoSeed {
  /** false when users already existed (nothing was done). */
  seeded: boolean;
  usernames: string[];
  /** The password every demo user got (when seeded). */
  password?: string;
  /** Whether that password was generated (none was given). */
  generated: boolean;
}

/** The settings, named as in server/config.ts's IdentityConfig (which says what each means). */
export interface IdentitySettings {
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginMaxFailures: number;
  loginMaxFailuresPerIp: number;
  loginWindowMinutes: number;
  loginThrottleSeconds: number;
  loginThrottleMaxMinutes: number;
}

export const DEFAULT_IDENTITY_SETTINGS: IdentitySettings = {
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  loginMaxFailures: 5,
  loginMaxFailuresPerIp: 50,
  loginWindowMinutes: 15,
  loginThrottleSeconds: 60,
  loginThrottleMaxMinutes: 15,
};

/** Where a sign-in attempt comes from, and where its failures are recorded. */
export interface SignInContext {
  /** The client address: failures are throttled per user name and address. */
  ip: string;
  /** Which API it came through, for the audit events ('camunda-api' for /v2 Basic). */
  via?: string;
  /**
   * The audit trail: a failure is recorded ('auth.loginFailed', and 'auth.throttled' when it begins a
   * throttle) in the transaction that counts it. Attempts refused by a throttle are only counted.
   */
  audit?: Pick<AuditTrail, 'record'>;
}

export interface IdentityDeps extends Partial<IdentitySettings> {
  store: Store;
  now?: () => Date;
  randomBytes?: (size: number) => Buffer;
  /** The scrypt cost of new hashes; older, cheaper hashes are redone at their next login. */
  passwordCost?: ScryptCost;
}

export type Identity = ReturnType<typeof createIdentity>;

/** The actor of an audit event: a signed-in user (their id, name and roles), or nobody signed in. */
export function actorOf(user: User | undefined): AuditActor {
  return user ? { id: user.id, name: user.displayName, roles: [...user.roles] } : 'anonymous';
}

/** Every active member of a group, all pages read — whom a task of that group may be reassigned to. */
export function activeMembersOf(identity: Pick<Identity, 'list'>): (group: string) => Promise<User[]> {
  return async (group) => {
    const members: User[] = [];
    let after: string | undefined;
    do {
      const page = await identity.list({ group, active: true, limit: 500, ...(after ? { after } : {}) });
      members.push(...page.items);
      after = page.nextCursor;
    } while (after);
    return members;
  };
}

const USERNAME = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Expired sessions and stale counters are purged at a login at most this often. */
const PURGE_EVERY_MS = 60_000;
const UPDATE_RETRIES = 5;

const normalizeUsername = (username: unknown) => (typeof username === 'string' ? username.trim().toLowerCase() : '');

const toUser = ({ passwordHash: _hash, version: _version, ...user }: Stored<UserDoc>): User => user;

function invalidUser(field: 'username' | 'displayName' | 'email', value: string): IdentityError {
  return new IdentityError('INVALID_USER', `invalid ${field}: '${value}'`, { field, value }, { field, messageKey: `identity.INVALID_USER.${field}` });
}

function checkPassword(password: string): void {
  const violations = typeof password === 'string' ? passwordViolations(password) : (['length', 'letters', 'digit', 'special'] as const);
  if (violations.length > 0) {
    throw new IdentityError('WEAK_PASSWORD', `the password breaks the policy (PR08 3.d): ${violations.join(', ')}`, { minLength: PASSWORD_MIN_LENGTH }, { violations });
  }
}

/** Roles, validated and without repeats, in the catalogue's order. */
function checkRoles(roles: readonly string[]): Role[] {
  for (const role of roles) if (!isRole(role)) throw new IdentityError('UNKNOWN_ROLE', `unknown role '${role}'`, { role });
  return ROLES.filter((role) => roles.includes(role));
}

function checkGroups(groups: readonly string[]): CandidateGroup[] {
  for (const group of groups) if (!isCandidateGroup(group)) throw new IdentityError('UNKNOWN_GROUP', `unknown group '${group}'`, { group });
  return CANDIDATE_GROUP_IDS.filter((group) => groups.includes(group));
}

function checkDisplayName(displayName: string): string {
  const trimmed = typeof displayName === 'string' ? displayName.trim() : '';
  if (trimmed.length === 0 || trimmed.length > 200) throw invalidUser('displayName', String(displayName ?? ''));
  return trimmed;
}

function checkEmail(email: string): string {
  const trimmed = email.trim();
  if (trimmed.length > 254 || !EMAIL.test(trimmed)) throw invalidUser('email', email);
  return trimmed;
}

export function createIdentity(deps: IdentityDeps) {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const randomBytes = deps.randomBytes ?? cryptoRandomBytes;
  const cost = deps.passwordCost ?? DEFAULT_SCRYPT_COST;
  const settings: IdentitySettings = { ...DEFAULT_IDENTITY_SETTINGS, ...definedOnly(deps) };

  const users: Collection<UserDoc> = store.collection<UserDoc>(USERS, {
    indexes: [{ fields: ['username'], unique: true }],
  });
  const sessions = createSessions(store, { idleMs: settings.sessionIdleMinutes * 60_000, absoluteMs: settings.sessionAbsoluteHours * 3_600_000 }, now, randomBytes);
  const throttles = createSignInThrottles(
    store,
    {
      maxFailures: settings.loginMaxFailures,
      maxFailuresPerAddress: settings.loginMaxFailuresPerIp,
      firstPauseMs: settings.loginThrottleSeconds * 1000,
      maxPauseMs: settings.loginThrottleMaxMinutes * 60_000,
      forgetMs: settings.loginWindowMinutes * 60_000,
    },
    now,
  );
  // Unknown user names are checked against this, so they cost the same scrypt as a real user.
  const decoy = decoyHash(randomBytes, cost);
  let lastPurge = Number.NEGATIVE_INFINITY;

  const iso = () => now().toISOString();

  async function mustGet(id: string): Promise<Stored<UserDoc>> {
    const doc = await users.get(id);
    if (!doc) throw new IdentityError('USER_NOT_FOUND', `no user '${id}'`, { id });
    return doc;
  }

  /** Applies `change` to the latest version of the user, again when another writer came first. */
  async function modifyUser(id: string, change: (doc: UserDoc) => UserDoc): Promise<Stored<UserDoc>> {
    for (let attempt = 0; ; attempt++) {
      const { id: _id, version, ...doc } = await mustGet(id);
      try {
        return await users.update(id, change(doc), version);
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= UPDATE_RETRIES) throw error;
      }
    }
  }

  async function purgeNowAndThen(): Promise<void> {
    const at = now().getTime();
    if (at - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = at;
    await sessions.purge();
    await throttles.purge();
  }

  async function createUser(input: NewUser): Promise<User> {
    const username = normalizeUsername(input.username);
    if (!USERNAME.test(username)) throw invalidUser('username', String(input.username ?? ''));
    const displayName = checkDisplayName(input.displayName);
    const email = input.email === undefined || input.email === '' ? undefined : checkEmail(input.email);
    const roles = checkRoles(input.roles ?? []);
    const groups = checkGroups(input.groups ?? []);
    checkPassword(input.password);
    if (await users.findOne({ username })) throw usernameTaken(username);
    const at = iso();
    const doc: UserDoc & { id: string } = {
      id: `usr_${randomBytes(12).toString('hex')}`,
      username,
      displayName,
      ...(email ? { email } : {}),
      roles,
      groups,
      passwordHash: await hashPassword(input.password, randomBytes, cost),
      active: input.active ?? true,
      createdAt: at,
      passwordChangedAt: at,
    };
    try {
      return toUser(await users.insert(doc));
    } catch (error) {
      // The unique index decides when two creations race past the check above.
      if (error instanceof ConflictError) throw usernameTaken(username);
      throw error;
    }
  }

  const usernameTaken = (username: string) => new IdentityError('USERNAME_TAKEN', `username taken: '${username}'`, { username });

  async function updateUser(id: string, changes: UserChanges): Promise<User> {
    const displayName = changes.displayName === undefined ? undefined : checkDisplayName(changes.displayName);
    const email = changes.email === undefined || changes.email === null || changes.email === '' ? changes.email : checkEmail(changes.email);
    const roles = changes.roles === undefined ? undefined : checkRoles(changes.roles);
    const groups = changes.groups === undefined ? undefined : checkGroups(changes.groups);
    const updated = await modifyUser(id, (doc) => {
      const next: UserDoc = { ...doc };
      if (displayName !== undefined) next.displayName = displayName;
      if (email === null || email === '') delete next.email;
      else if (email !== undefined) next.email = email;
      if (roles) next.roles = roles;
      if (groups) next.groups = groups;
      if (changes.active !== undefined) next.active = changes.active;
      return next;
    });
    if (changes.active === false) await sessions.endAll(id);
    return toUser(updated);
  }

  /**
   * Sets a new password (an administrator's reset, or the user's own change after changePassword's
   * check) and ends the user's sessions — all of them, or all but `keepSessionId`.
   */
  async function setPassword(id: string, password: string, options: { keepSessionId?: string } = {}): Promise<User> {
    checkPassword(password);
    const passwordHash = await hashPassword(password, randomBytes, cost);
    const updated = await modifyUser(id, (doc) => ({ ...doc, passwordHash, passwordChangedAt: iso() }));
    await sessions.endAll(id, options.keepSessionId);
    return toUser(updated);
  }

  /** The user changes their own password, proving the current one (PR08 3.d: the password is theirs). */
  async function changePassword(id: string, currentPassword: string, newPassword: string, options: { keepSessionId?: string } = {}): Promise<User> {
    const doc = await mustGet(id);
    if (typeof currentPassword !== 'string' || !(await verifyPassword(currentPassword, doc.passwordHash))) {
      throw new IdentityError('INVALID_CREDENTIALS', 'the current password is wrong');
    }
    return setPassword(id, newPassword, options);
  }

  async function getUser(id: string): Promise<User | undefined> {
    const doc = await users.get(id);
    return doc && toUser(doc);
  }

  async function findByUsername(username: string): Promise<User | undefined> {
    const name = normalizeUsername(username);
    if (!USERNAME.test(name)) return undefined;
    const doc = await users.findOne({ username: name });
    return doc && toUser(doc);
  }

  /** Users by user name, a page at a time, optionally of one group or role, or only active ones. */
  async function list(options: { group?: string; role?: string; active?: boolean; limit?: number; after?: string } = {}): Promise<{ items: User[]; nextCursor?: string }> {
    const filter: Filter = {};
    if (options.group !== undefined) filter.groups = { $contains: options.group };
    if (options.role !== undefined) filter.roles = { $contains: options.role };
    if (options.active !== undefined) filter.active = options.active;
    const page = await users.find(filter, {
      sort: [{ field: 'username' }],
      limit: Math.min(Math.max(options.limit ?? 100, 1), 500),
      ...(options.after ? { after: options.after } : {}),
    });
    return { items: page.items.map(toUser), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /**
   * Checks the user name and password without opening a session (login, and HTTP Basic on the /v2
   * API). Every failure — unknown user, wrong password, inactive account — is the same
   * INVALID_CREDENTIALS after the same scrypt work; while the user name is throttled at this address,
   * or the address for every name, the attempt is THROTTLED, unchecked (login-limits.ts).
   */
  async function verifyCredentials(username: string, password: string, context: SignInContext): Promise<User> {
    const name = normalizeUsername(username);
    const admission = await throttles.admit(name, context.ip);
    if (!admission.ok) throw throttled(admission.retryAfterMs);
    let doc: Stored<UserDoc> | undefined;
    try {
      const usable = typeof password === 'string' && password.length <= 4 * PASSWORD_MAX_LENGTH;
      doc = USERNAME.test(name) ? await users.findOne({ username: name }) : undefined;
      const matches = await verifyPassword(usable ? password : '', doc?.passwordHash ?? decoy);
      if (!doc || !doc.active || !usable || !matches) {
        await admission.failed({ ...(doc ? { username: doc.username } : {}), ...(context.audit ? { inTx: failureEvents(context.audit, username, context) } : {}) });
        throw new IdentityError('INVALID_CREDENTIALS', 'invalid credentials');
      }
      await admission.succeeded();
    } finally {
      admission.release();
    }

    if (needsRehash(doc.passwordHash, cost)) {
      const passwordHash = await hashPassword(password, randomBytes, cost);
      // Best effort: a concurrent change of the user wins, the upgrade waits for the next login.
      await users.update(doc.id, { ...stripMeta(doc), passwordHash }, doc.version).catch((error: unknown) => {
        if (!(error instanceof ConflictError)) throw error;
      });
    }
    await purgeNowAndThen();
    return toUser(doc);
  }

  /** Checks the user name and password (as verifyCredentials) and opens a session. */
  async function login(username: string, password: string, context: SignInContext): Promise<LoginResult> {
    const user = await verifyCredentials(username, password, context);
    const { sessionId, session } = await sessions.open(user.id, context.ip);
    return { sessionId, session, user };
  }

  /** The live session for a raw id (idle expiry slid forward) with its active user; undefined otherwise. */
  async function getSession(sessionId: string): Promise<CurrentSession | undefined> {
    const session = await sessions.touch(sessionId);
    if (!session) return undefined;
    const doc = await users.get(session.userId);
    if (!doc || !doc.active) {
      await sessions.end(sessionId);
      return undefined;
    }
    return { session, user: toUser(doc) };
  }

  /**
   * As getSession, without sliding the session's idle expiry: what an open event stream checks now and
   * then, since a page left open is no use of the session.
   */
  async function peekSession(sessionId: string): Promise<CurrentSession | undefined> {
    const session = await sessions.peek(sessionId);
    if (!session) return undefined;
    const doc = await users.get(session.userId);
    return doc && doc.active ? { session, user: toUser(doc) } : undefined;
  }

  /** As getSession, but a missing, ended or expired session is a SESSION_EXPIRED error. */
  async function requireSession(sessionId: string): Promise<CurrentSession> {
    const current = await getSession(sessionId);
    if (!current) throw new IdentityError('SESSION_EXPIRED', 'no live session');
    return current;
  }

  /**
   * Creates the demo users on an empty user collection: `admin`, `process-owner`, `auditor` and one
   * per candidate group (user name = group id), all with one password — `password`, or a generated
   * one. Does nothing when any user exists.
   */
  async function seedDemoUsers(options: { password?: string } = {}): Promise<DemoSeed> {
    if ((await users.count()) > 0) return { seeded: false, usernames: [], generated: false };
    const generated = options.password === undefined || options.password === '';
    const password = generated ? generatePassword(randomBytes, 16) : options.password!;
    checkPassword(password);
    const demo: Array<{ username: string; displayName: string; roles: Role[]; groups: CandidateGroup[] }> = [
      { username: 'admin', displayName: t('es', 'role.admin'), roles: ['admin'], groups: [] },
      ...[...ROLES.filter((role) => role !== 'admin'), ...CANDIDATE_GROUP_IDS.filter((group) => !isRole(group))].map((group) => ({
        username: group,
        displayName: t('es', `group.${group as CandidateGroup}`),
        roles: isRole(group) ? [group] : [],
        groups: [group as CandidateGroup],
      })),
    ];
    const at = iso();
    const docs = await Promise.all(
      demo.map(async (user) => ({
        id: `usr_${randomBytes(12).toString('hex')}`,
        ...user,
        passwordHash: await hashPassword(password, randomBytes, cost),
        active: true,
        createdAt: at,
        passwordChangedAt: at,
      })),
    );
    try {
      await store.transaction(async (tx) => {
        await tx.collection<UserDoc>(USERS).insertMany(docs);
        // Each group's demo user (user name = group id) leads it, unless the group has a lead already.
        const groups = tx.collection<GroupDoc>(GROUPS);
        for (const group of CANDIDATE_GROUP_IDS) if (!(await groups.get(group))) await groups.insert({ id: group, lead: group });
      });
    } catch (error) {
      // Another process seeded first: its users stand, none of ours were written.
      if (error instanceof ConflictError) return { seeded: false, usernames: [], generated: false };
      throw error;
    }
    return { seeded: true, usernames: demo.map((user) => user.username), password, generated };
  }

  return {
    createUser,
    updateUser,
    setPassword,
    changePassword,
    getUser,
    findByUsername,
    list,
    verifyCredentials,
    login,
    getSession,
    requireSession,
    peekSession,
    /** Ends one session (by its raw id); answers whether it existed. */
    logout: (sessionId: string) => sessions.end(sessionId),
    /** Ends every session of a user; answers how many. */
    logoutAll: (userId: string) => sessions.endAll(userId),
    /** Deletes expired sessions and forgotten sign-in throttles now (login also does it, once a minute at most). */
    purgeExpired: async () => ({ sessions: await sessions.purge(), loginCounters: await throttles.purge() }),
    /** The sign-in throttles in force, or whose failures still count towards a longer pause (users.manage). */
    listThrottles: (options: { limit?: number; after?: string } = {}) => throttles.list(options),
    /**
     * Lifts a sign-in throttle (forgets its failures): an administrator's decision, recorded with who
     * and why ('auth.throttleLifted') in the same transaction.
     */
    liftThrottle: (id: string, by: { actor: AuditActor; reason: string; ip?: string; audit: Pick<AuditTrail, 'record'> }) =>
      throttles.lift(id, async (tx, lifted) => {
        await by.audit.record(
          {
            actor: by.actor,
            action: 'auth.throttleLifted',
            ...(lifted.username ? { subject: lifted.username } : {}),
            data: { scope: lifted.scope, address: lifted.address, failures: lifted.failures, until: lifted.until, refused: lifted.refused, reason: by.reason },
            ...(by.ip ? { ip: by.ip } : {}),
          },
          tx,
        );
      }),
    seedDemoUsers,
    /** The settings in force (defaults filled in). */
    settings,
  };
}

/** A refusal by a throttle: when to try again, in seconds and in words. */
function throttled(retryAfterMs: number): IdentityError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const retryAfterMinutes = Math.ceil(retryAfterSeconds / 60);
  return new IdentityError(
    'THROTTLED',
    `too many failed sign-ins; retry in ${retryAfterSeconds} s`,
    { retryAfterSeconds, retryAfterMinutes, wait: retryAfterSeconds < 60 ? `${retryAfterSeconds} s` : `${retryAfterMinutes} min` },
    { retryAfterSeconds },
  );
}

/** The audit events of a failed sign-in: the failure, with the name as typed, and each throttle it began. */
function failureEvents(audit: Pick<AuditTrail, 'record'>, typed: unknown, context: SignInContext) {
  const subject = String(typed ?? '').slice(0, 100);
  const via = context.via ? { via: context.via } : {};
  return async (tx: Parameters<AuditTrail['record']>[1], began: SignInThrottle[]) => {
    await audit.record({ actor: 'anonymous', action: 'auth.loginFailed', subject, ...(context.via ? { data: via } : {}), ip: context.ip }, tx);
    for (const throttle of began) {
      await audit.record(
        {
          actor: 'anonymous',
          action: 'auth.throttled',
          ...(throttle.scope === 'account' ? { subject } : {}),
          data: { scope: throttle.scope, address: throttle.address, failures: throttle.failures, until: throttle.until, ...via },
          ip: context.ip,
        },
        tx,
      );
    }
  };
}

function stripMeta({ id: _id, version: _version, ...doc }: Stored<UserDoc>): UserDoc {
  return doc;
}

function definedOnly(deps: Partial<IdentitySettings>): Partial<IdentitySettings> {
  const out: Partial<IdentitySettings> = {};
  for (const key of Object.keys(DEFAULT_IDENTITY_SETTINGS) as Array<keyof IdentitySettings>) {
    const value = deps[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
