// The identity core on the embedded store: password policy and hashing, uniform login failures,
// store-backed sign-in throttles per user name and address, hashed sessions with idle and absolute
// expiry, CSRF tokens, demo seeding and the permission helpers. Time is a fake clock; scrypt runs at its real cost.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hasMessage, t } from '../../server/i18n/index.js';
import { ConflictError, type Collection, type Store, type Transaction } from '../../server/store/port.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import {
  CANDIDATE_GROUPS,
  CANDIDATE_GROUP_IDS,
  IdentityError,
  PERMISSIONS,
  ROLES,
  ROLE_NAMES,
  USERS,
  can,
  checkCsrf,
  createIdentity,
  passwordViolations,
  visibleGroups,
  type IdentityDeps,
  type IdentityErrorCode,
  type Permission,
  type Role,
} from '../../server/core/identity/index.js';
import { SIGN_IN_THROTTLES } from '../../server/core/identity/login-limits.js';
import { createAuditTrail } from '../../server/core/audit/index.js';
import { decoyHash, hashPassword } from '../../server/core/identity/passwords.js';
import { SESSIONS } from '../../server/core/identity/sessions.js';
import { passwordPolicyViolations } from '../../workers/shared/passwords.js';

const PASSWORD = 'Oficio#2016';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ip = '10.1.2.3';

/** A clock the test moves by hand. */
function fakeClock(start = Date.parse('2026-03-02T09:00:00.000Z')) {
  let time = start;
  return { now: () => new Date(time), advance: (ms: number) => void (time += ms) };
}

let store: Store;
let clock: ReturnType<typeof fakeClock>;
beforeEach(() => {
  store = createSqliteStore({ path: ':memory:' });
  clock = fakeClock();
});
afterEach(async () => {
  await store.close();
});

const identityWith = (settings: Partial<IdentityDeps> = {}) => createIdentity({ store, now: clock.now, ...settings });

/** The IdentityError a promise rejects with (fails the test when it resolves or throws something else). */
async function identityErrorOf(promise: Promise<unknown>): Promise<IdentityError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IdentityError) return error;
    throw error;
  }
  throw new Error('expected an IdentityError, but it succeeded');
}

async function allDocs(name: string): Promise<Array<Record<string, unknown>>> {
  return (await store.collection<Record<string, unknown>>(name).find({}, { limit: 1000 })).items;
}

describe('password policy (PR08 3.d)', () => {
  test('at least 8 characters, letters, at least one digit and one special character', () => {
    expect(passwordViolations(PASSWORD)).toEqual([]);
    expect(passwordViolations('Ab1#')).toEqual(['length']);
    expect(passwordViolations('12345678#')).toEqual(['letters']);
    expect(passwordViolations('abcdefgh#')).toEqual(['digit']);
    expect(passwordViolations('abcdefg1')).toEqual(['special']);
    expect(passwordViolations('')).toEqual(['length', 'letters', 'digit', 'special']);
    expect(passwordViolations('contraseña-1')).toEqual([]);
    expect(passwordViolations(`a1#${'x'.repeat(300)}`)).toEqual(['maxLength']);
  });

  test('the same rules as the directory accounts of the workers', () => {
    for (const sample of [PASSWORD, 'Ab1#', '12345678#', 'abcdefgh#', 'abcdefg1', '', 'contraseña-1', 'ñandú 2016!', 'ABCDEFG1?', '        ']) {
      expect({ sample, complies: passwordViolations(sample).length === 0 }).toEqual({ sample, complies: passwordPolicyViolations(sample).length === 0 });
    }
  });

  test('a weak password is refused with the rules it breaks and the manual text', async () => {
    const identity = identityWith();
    const error = await identityErrorOf(identity.createUser({ username: 'ana', displayName: 'Ana', password: 'abcdefgh' }));
    expect(error.code).toBe('WEAK_PASSWORD');
    expect(error.kind).toBe('invalid');
    expect(error.violations).toEqual(['digit', 'special']);
    expect(t('es', error.messageKey, error.params)).toBe(
      'La contraseña no cumple la política (PR08 3.d): debe tener al menos 8 caracteres, con letras, al menos un número y al menos un carácter especial.',
    );
    expect(await identity.findByUsername('ana')).toBeUndefined();
  });
});

describe('users', () => {
  test('the password is kept only as a salted scrypt hash that verifies', async () => {
    const identity = identityWith();
    const ana = await identity.createUser({ username: 'Ana.Lopez', displayName: ' Ana López ', email: 'ana@aguascalientes.gob.mx', groups: ['mesa-ayuda'], password: PASSWORD });
    const bruno = await identity.createUser({ username: 'bruno', displayName: 'Bruno', password: PASSWORD });
    expect(ana).toMatchObject({ username: 'ana.lopez', displayName: 'Ana López', roles: [], groups: ['mesa-ayuda'], active: true, createdAt: '2026-03-02T09:00:00.000Z' });
    expect(ana).not.toHaveProperty('passwordHash');

    const stored = await allDocs(USERS);
    const hashes = stored.map((doc) => String(doc.passwordHash));
    for (const hash of hashes) {
      expect(hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
      expect(hash).not.toContain(PASSWORD);
    }
    expect(hashes[0]).not.toBe(hashes[1]); // per-user salt
    expect((await identity.login('ana.lopez', PASSWORD, { ip })).user.id).toBe(ana.id);
    expect((await identity.login('BRUNO', PASSWORD, { ip })).user.id).toBe(bruno.id);
  });

  test('user names are unique, whatever their case, also when created at the same time', async () => {
    const identity = identityWith();
    await identity.createUser({ username: 'mesa', displayName: 'Mesa', password: PASSWORD });
    const taken = await identityErrorOf(identity.createUser({ username: ' MESA ', displayName: 'Otra', password: PASSWORD }));
    expect(taken).toMatchObject({ code: 'USERNAME_TAKEN', kind: 'conflict', params: { username: 'mesa' } });
    expect(t('es', taken.messageKey, taken.params)).toBe('El nombre de usuario «mesa» ya está en uso.');

    const race = await Promise.allSettled([1, 2, 3].map((n) => identity.createUser({ username: 'carla', displayName: `Carla ${n}`, password: PASSWORD })));
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of race) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'USERNAME_TAKEN' });
  });

  test('groups are the candidate groups of the manual, roles the three roles', async () => {
    const identity = identityWith();
    const group = await identityErrorOf(identity.createUser({ username: 'x', displayName: 'X', groups: ['mesa-ayuda', 'tesoreria'], password: PASSWORD }));
    expect(group).toMatchObject({ code: 'UNKNOWN_GROUP', params: { group: 'tesoreria' } });
    const role = await identityErrorOf(identity.createUser({ username: 'x', displayName: 'X', roles: ['root'], password: PASSWORD }));
    expect(role).toMatchObject({ code: 'UNKNOWN_ROLE', params: { role: 'root' } });
    const name = await identityErrorOf(identity.createUser({ username: 'no válido', displayName: 'X', password: PASSWORD }));
    expect(name).toMatchObject({ code: 'INVALID_USER', field: 'username' });
    expect(await identity.list()).toEqual({ items: [] });
  });

  test('updateUser changes roles, groups, name and state; deactivating ends the sessions', async () => {
    const identity = identityWith();
    const user = await identity.createUser({ username: 'diego', displayName: 'Diego', groups: ['red-datos'], password: PASSWORD });
    const { sessionId } = await identity.login('diego', PASSWORD, { ip });

    const changed = await identity.updateUser(user.id, {
      displayName: 'Diego R.',
      roles: ['process-owner', 'process-owner'],
      groups: ['red-voz', 'red-datos'],
      email: 'diego@aguascalientes.gob.mx',
    });
    expect(changed).toMatchObject({ displayName: 'Diego R.', roles: ['process-owner'], groups: ['red-voz', 'red-datos'], email: 'diego@aguascalientes.gob.mx' });
    expect((await identity.getSession(sessionId))?.user.roles).toEqual(['process-owner']); // the session sees the change at once
    expect((await identity.list({ group: 'red-voz' })).items.map((u) => u.username)).toEqual(['diego']);

    expect(await identityErrorOf(identity.updateUser(user.id, { groups: ['nadie'] }))).toMatchObject({ code: 'UNKNOWN_GROUP' });
    expect(await identityErrorOf(identity.updateUser('usr_none', { active: false }))).toMatchObject({ code: 'USER_NOT_FOUND', kind: 'not-found' });

    await identity.updateUser(user.id, { active: false, email: null });
    expect(await identity.getSession(sessionId)).toBeUndefined();
    expect(await identity.getUser(user.id)).not.toHaveProperty('email');
    expect(await identityErrorOf(identity.login('diego', PASSWORD, { ip }))).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  test('setPassword checks the policy, replaces the hash and ends the other sessions', async () => {
    const identity = identityWith();
    const user = await identity.createUser({ username: 'elena', displayName: 'Elena', password: PASSWORD });
    const first = await identity.login('elena', PASSWORD, { ip });
    const second = await identity.login('elena', PASSWORD, { ip });
    expect(await identityErrorOf(identity.setPassword(user.id, 'corta1!'))).toMatchObject({ code: 'WEAK_PASSWORD', violations: ['length'] });

    clock.advance(MINUTE);
    const changed = await identity.changePassword(user.id, PASSWORD, 'Nueva$2026', { keepSessionId: first.sessionId });
    expect(changed.passwordChangedAt).toBe('2026-03-02T09:01:00.000Z');
    expect(await identity.getSession(first.sessionId)).toBeDefined();
    expect(await identity.getSession(second.sessionId)).toBeUndefined();
    expect(await identityErrorOf(identity.login('elena', PASSWORD, { ip }))).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((await identity.login('elena', 'Nueva$2026', { ip })).user.id).toBe(user.id);
    expect(await identityErrorOf(identity.changePassword(user.id, 'equivocada', 'Otra$2026'))).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  test('a hash made at a lower cost is redone at the next login', async () => {
    const cheap = identityWith({ passwordCost: { ln: 10, r: 8, p: 1 } });
    await cheap.createUser({ username: 'fer', displayName: 'Fer', password: PASSWORD });
    expect(String((await allDocs(USERS))[0]!.passwordHash)).toMatch(/^\$scrypt\$ln=10,/);
    await identityWith({ passwordCost: { ln: 11, r: 8, p: 1 } }).login('fer', PASSWORD, { ip });
    expect(String((await allDocs(USERS))[0]!.passwordHash)).toMatch(/^\$scrypt\$ln=11,/);
    expect((await identityWith().login('fer', PASSWORD, { ip })).user.username).toBe('fer');
  });
});

describe('login', () => {
  test('a right password opens a session with a random id and CSRF token', async () => {
    const identity = identityWith();
    const user = await identity.createUser({ username: 'gabi', displayName: 'Gabi', groups: ['calidad'], password: PASSWORD });
    const result = await identity.login('gabi', PASSWORD, { ip });
    expect(result.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    expect(result.session).toMatchObject({
      userId: user.id,
      ip,
      createdAt: '2026-03-02T09:00:00.000Z',
      expiresAt: '2026-03-02T09:30:00.000Z',
      absoluteExpiresAt: '2026-03-02T21:00:00.000Z',
    });
    expect(result.session.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.session.csrfToken).not.toBe(result.sessionId);
    expect(result.user).toEqual(user);
  });

  test('unknown user, wrong password and inactive account fail alike, after the same work', async () => {
    const identity = identityWith({ loginMaxFailures: 100, loginMaxFailuresPerIp: 100 });
    await identity.createUser({ username: 'hugo', displayName: 'Hugo', password: PASSWORD });
    await identity.createUser({ username: 'ines', displayName: 'Inés', password: PASSWORD, active: false });

    const failures = [
      await identityErrorOf(identity.login('nadie', PASSWORD, { ip })),
      await identityErrorOf(identity.login('hugo', 'Equivocada#1', { ip })),
      await identityErrorOf(identity.login('ines', PASSWORD, { ip })),
      await identityErrorOf(identity.login('', '', { ip })),
    ];
    const shape = (e: IdentityError) => ({ code: e.code, message: e.message, params: e.params, kind: e.kind, messageKey: e.messageKey });
    for (const failure of failures) expect(shape(failure)).toEqual(shape(failures[0]!));
    expect(shape(failures[0]!)).toMatchObject({ code: 'INVALID_CREDENTIALS', kind: 'unauthenticated', params: {} });

    // Both paths run one scrypt of the same cost: an unknown user is checked against a decoy hash
    // whose parameters are those of real hashes (timing itself belongs in a benchmark, not a test).
    const costOf = (stored: string) => stored.split('$')[2];
    expect(costOf(decoyHash(randomBytes))).toBe(costOf(await hashPassword('Cualquiera#1', randomBytes)));
  });

  test('after N failures of a user name at one address, that pair pauses, even for the right password; the user signs in anywhere else', async () => {
    const identity = identityWith({ loginMaxFailures: 3, loginThrottleSeconds: 60 });
    await identity.createUser({ username: 'julia', displayName: 'Julia', password: PASSWORD });
    for (let i = 0; i < 3; i++) {
      expect(await identityErrorOf(identity.login('julia', `Mala#${i}xx`, { ip }))).toMatchObject({ code: 'INVALID_CREDENTIALS' });
      clock.advance(10_000);
    }
    const throttled = await identityErrorOf(identity.login('julia', PASSWORD, { ip }));
    expect(throttled).toMatchObject({ code: 'THROTTLED', kind: 'rate-limited', retryAfterSeconds: 50, params: { retryAfterSeconds: 50, retryAfterMinutes: 1, wait: '50 s' } });
    expect(t('es', throttled.messageKey, throttled.params)).toBe('Demasiados intentos fallidos de inicio de sesión desde esta dirección. Intente de nuevo en 50 s.');
    expect((await identity.login('julia', PASSWORD, { ip: '10.9.9.9' })).user.username).toBe('julia');

    // The count is in the store: a restarted server still refuses.
    const restarted = identityWith({ loginMaxFailures: 3, loginThrottleSeconds: 60 });
    expect(await identityErrorOf(restarted.login('julia', PASSWORD, { ip }))).toMatchObject({ code: 'THROTTLED' });
    // Unknown user names are throttled the same way, so a pause tells nothing about existence.
    for (let i = 0; i < 3; i++) await identityErrorOf(restarted.login('fantasma', 'Mala#1xx', { ip }));
    expect(await identityErrorOf(restarted.login('fantasma', 'Mala#1xx', { ip }))).toMatchObject({ code: 'THROTTLED' });
    // User names are stored hashed with the address, and in clear only when they name a user.
    const stored = JSON.stringify(await allDocs(SIGN_IN_THROTTLES));
    expect(stored).not.toContain('fantasma');
    expect(stored).toContain('julia');

    // After the pause the right password gets in, and forgives the pair's failures.
    clock.advance(50_000);
    expect((await restarted.login('julia', PASSWORD, { ip })).user.username).toBe('julia');
    for (let i = 0; i < 2; i++) await identityErrorOf(restarted.login('julia', 'Mala#9xx', { ip }));
    expect((await restarted.login('julia', PASSWORD, { ip })).user.username).toBe('julia');
  });

  test('each failure past the limit doubles the pause, up to the longest; attempts during a pause do not lengthen it; failures are forgotten a window later', async () => {
    const identity = identityWith({ loginMaxFailures: 2, loginThrottleSeconds: 60, loginThrottleMaxMinutes: 5, loginWindowMinutes: 15 });
    await identity.createUser({ username: 'jaime', displayName: 'Jaime', password: PASSWORD });
    const pauses: number[] = [];
    for (let i = 0; i < 2; i++) await identityErrorOf(identity.login('jaime', 'Mala#1xx', { ip }));
    for (let round = 0; round < 5; round++) {
      const throttled = await identityErrorOf(identity.login('jaime', 'Mala#1xx', { ip }));
      // Trying again during the pause changes nothing.
      expect(await identityErrorOf(identity.login('jaime', PASSWORD, { ip }))).toMatchObject({ code: 'THROTTLED', retryAfterSeconds: throttled.retryAfterSeconds });
      pauses.push(throttled.retryAfterSeconds!);
      clock.advance(throttled.retryAfterSeconds! * 1000);
      expect(await identityErrorOf(identity.login('jaime', 'Mala#1xx', { ip }))).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    }
    expect(pauses).toEqual([60, 120, 240, 300, 300]);
    // Fifteen quiet minutes after the last pause, the failures are forgotten: two more before a pause of one minute.
    clock.advance(5 * MINUTE + 15 * MINUTE);
    await identityErrorOf(identity.login('jaime', 'Mala#1xx', { ip }));
    expect(await identityErrorOf(identity.login('jaime', 'Mala#1xx', { ip }))).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await identityErrorOf(identity.login('jaime', PASSWORD, { ip }))).toMatchObject({ code: 'THROTTLED', retryAfterSeconds: 60 });
  });

  test('after N failures from one address, whatever the names, the address pauses for every name; other addresses go on; a success does not wash it', async () => {
    const identity = identityWith({ loginMaxFailures: 10, loginMaxFailuresPerIp: 4, loginThrottleSeconds: 60 });
    await identity.createUser({ username: 'karla', displayName: 'Karla', password: PASSWORD });
    for (const name of ['a1', 'a2', 'a3']) await identityErrorOf(identity.login(name, 'Mala#1xx', { ip }));
    expect((await identity.login('karla', PASSWORD, { ip })).user.username).toBe('karla');
    await identityErrorOf(identity.login('a4', 'Mala#1xx', { ip }));
    expect(await identityErrorOf(identity.login('karla', PASSWORD, { ip }))).toMatchObject({ code: 'THROTTLED', retryAfterSeconds: 60 });
    expect((await identity.login('karla', PASSWORD, { ip: '10.7.7.7' })).user.username).toBe('karla');
    clock.advance(MINUTE);
    expect((await identity.login('karla', PASSWORD, { ip })).user.username).toBe('karla');
  });

  test('a burst of parallel guesses gets no more than N checked', async () => {
    const identity = identityWith({ loginMaxFailures: 3 });
    await identity.createUser({ username: 'luis', displayName: 'Luis', password: PASSWORD });
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => identity.login('luis', `Mala#${i}xx`, { ip })));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as IdentityError).code : 'OK')).sort();
    expect(codes).toEqual([...Array<IdentityErrorCode>(3).fill('INVALID_CREDENTIALS'), ...Array<IdentityErrorCode>(7).fill('THROTTLED')]);
  });

  test('concurrent right passwords of one user never refuse each other, even with failures counted', async () => {
    const identity = identityWith({ loginMaxFailures: 3 });
    await identity.createUser({ username: 'lola', displayName: 'Lola', password: PASSWORD });
    await identityErrorOf(identity.login('lola', 'Mala#1xx', { ip }));
    await identityErrorOf(identity.login('lola', 'Mala#2xx', { ip }));
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => identity.login('lola', PASSWORD, { ip })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill('fulfilled'));
  });

  test('writes of the counters that lose to another writer (an optimistic store) are tried again: no sign-in fails for it', async () => {
    const identity = createIdentity({ store: withThrottleConflicts(store), now: clock.now, loginMaxFailures: 3 });
    await identity.createUser({ username: 'lupe', displayName: 'Lupe', password: PASSWORD });
    await identityErrorOf(identity.login('lupe', 'Mala#1xx', { ip }));
    await identityErrorOf(identity.login('lupe', 'Mala#2xx', { ip }));
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => identity.login('lupe', PASSWORD, { ip })));
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'OK'))).toEqual(Array(6).fill('OK'));
    expect(await allDocs(SIGN_IN_THROTTLES)).toEqual([expect.objectContaining({ scope: 'address', failures: 2 })]);
  });

  test('an administrator lists throttles and lifts one; refused attempts are counted', async () => {
    const audit = createAuditTrail({ store, now: () => clock.now().getTime() });
    const identity = identityWith({ loginMaxFailures: 2 });
    await identity.createUser({ username: 'mara', displayName: 'Mara', password: PASSWORD });
    await identityErrorOf(identity.login('mara', 'Mala#1xx', { ip, audit }));
    await identityErrorOf(identity.login('mara', 'Mala#2xx', { ip, audit }));
    for (let i = 0; i < 7; i++) await identityErrorOf(identity.login('mara', PASSWORD, { ip, audit }));
    const { items } = await identity.listThrottles();
    expect(items).toEqual([
      {
        id: expect.stringMatching(/^acct_[0-9a-f]{32}$/),
        scope: 'account',
        username: 'mara',
        address: ip,
        failures: 2,
        since: '2026-03-02T09:00:00.000Z',
        until: '2026-03-02T09:01:00.000Z',
        active: true,
        lastFailureAt: '2026-03-02T09:00:00.000Z',
        refused: 7,
      },
    ]);
    expect((await audit.query({}, { order: 'asc' })).items.map((e) => e.action)).toEqual(['auth.loginFailed', 'auth.loginFailed', 'auth.throttled']);

    const admin = { id: 'usr_admin', name: 'Administración' };
    const lifted = await identity.liftThrottle(items[0]!.id, { actor: admin, reason: 'Confirmado por teléfono', audit });
    expect(lifted).toMatchObject({ username: 'mara', refused: 7 });
    expect((await identity.login('mara', PASSWORD, { ip })).user.username).toBe('mara');
    expect(await identityErrorOf(identity.liftThrottle(items[0]!.id, { actor: admin, reason: 'otra vez', audit }))).toMatchObject({ code: 'THROTTLE_NOT_FOUND', kind: 'not-found' });
    expect((await audit.query({ action: 'auth.throttleLifted' })).items[0]).toMatchObject({
      actor: admin,
      subject: 'mara',
      data: { scope: 'account', address: ip, failures: 2, refused: 7, reason: 'Confirmado por teléfono' },
    });
  });
});

/** The store, where every other transaction writing the sign-in throttles loses to another writer at its first write, as on MongoDB. */
function withThrottleConflicts(inner: Store): Store {
  let writingTransactions = 0;
  const wrap = (tx: Transaction): Transaction => {
    let wrote = false;
    const loses = () => {
      if (wrote) return false;
      wrote = true;
      return ++writingTransactions % 2 === 1;
    };
    return {
      collection<T extends object>(name: string): Collection<T> {
        const collection = tx.collection<T>(name);
        if (name !== SIGN_IN_THROTTLES) return collection;
        return Object.assign(Object.create(collection) as Collection<T>, {
          insert: (doc: T & { id: string }) => (loses() ? Promise.reject(new ConflictError(name, doc.id, 'a document with this id already exists')) : collection.insert(doc)),
          update: (id: string, doc: T, version: number) => (loses() ? Promise.reject(new ConflictError(name, id, 'version mismatch')) : collection.update(id, doc, version)),
          delete: (id: string, version?: number) => (loses() ? Promise.resolve(false) : collection.delete(id, version)),
        });
      },
    };
  };
  return {
    description: inner.description,
    transaction: (work) => inner.transaction((tx) => work(wrap(tx))),
    close: () => inner.close(),
    collection: (name, spec) => inner.collection(name, spec),
  };
}

describe('sessions', () => {
  test('the store keeps only the SHA-256 of the session id', async () => {
    const identity = identityWith();
    await identity.createUser({ username: 'maria', displayName: 'María', password: PASSWORD });
    const { sessionId } = await identity.login('maria', PASSWORD, { ip });
    const stored = await allDocs(SESSIONS);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).toBe(createHash('sha256').update(sessionId).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(sessionId);
    // The hash itself is no key: presenting it opens nothing.
    expect(await identity.getSession(String(stored[0]!.id))).toBeUndefined();
    expect((await identity.getSession(sessionId))?.user.username).toBe('maria');
  });

  test('a session unused for the idle time ends; using it slides the idle expiry', async () => {
    const identity = identityWith({ sessionIdleMinutes: 30 });
    await identity.createUser({ username: 'nora', displayName: 'Nora', password: PASSWORD });
    const { sessionId } = await identity.login('nora', PASSWORD, { ip });
    clock.advance(29 * MINUTE);
    expect((await identity.getSession(sessionId))?.session.expiresAt).toBe('2026-03-02T09:59:00.000Z');
    clock.advance(29 * MINUTE); // 58 minutes after login, 29 after last use
    expect(await identity.getSession(sessionId)).toBeDefined();
    clock.advance(30 * MINUTE);
    expect(await identity.getSession(sessionId)).toBeUndefined();
    expect(await allDocs(SESSIONS)).toHaveLength(0); // purged when met
    expect(await identityErrorOf(identity.requireSession(sessionId))).toMatchObject({ code: 'SESSION_EXPIRED', kind: 'unauthenticated' });
  });

  test('a session ends at its absolute limit however much it is used', async () => {
    const identity = identityWith({ sessionIdleMinutes: 30, sessionAbsoluteHours: 2 });
    await identity.createUser({ username: 'oscar', displayName: 'Óscar', password: PASSWORD });
    const { sessionId } = await identity.login('oscar', PASSWORD, { ip });
    for (let elapsed = 20; elapsed < 120; elapsed += 20) {
      clock.advance(20 * MINUTE);
      expect({ elapsed, live: (await identity.getSession(sessionId)) !== undefined }).toEqual({ elapsed, live: true });
    }
    expect((await identity.getSession(sessionId))?.session.expiresAt).toBe('2026-03-02T11:00:00.000Z'); // capped by the absolute limit
    clock.advance(20 * MINUTE); // 2 h after login
    expect(await identity.getSession(sessionId)).toBeUndefined();
  });

  test('logout ends one session, logoutAll every session of the user', async () => {
    const identity = identityWith();
    const user = await identity.createUser({ username: 'pau', displayName: 'Pau', password: PASSWORD });
    await identity.createUser({ username: 'quique', displayName: 'Quique', password: PASSWORD });
    const a = await identity.login('pau', PASSWORD, { ip });
    const b = await identity.login('pau', PASSWORD, { ip });
    const c = await identity.login('pau', PASSWORD, { ip });
    const other = await identity.login('quique', PASSWORD, { ip });
    expect(await identity.logout(a.sessionId)).toBe(true);
    expect(await identity.logout(a.sessionId)).toBe(false);
    expect(await identity.getSession(a.sessionId)).toBeUndefined();
    expect(await identity.getSession(b.sessionId)).toBeDefined();
    expect(await identity.logoutAll(user.id)).toBe(2);
    expect(await identity.getSession(c.sessionId)).toBeUndefined();
    expect(await identity.getSession(other.sessionId)).toBeDefined();
  });

  test('each session has its own CSRF token, checked in constant time', async () => {
    const identity = identityWith();
    await identity.createUser({ username: 'rosa', displayName: 'Rosa', password: PASSWORD });
    const one = await identity.login('rosa', PASSWORD, { ip });
    const two = await identity.login('rosa', PASSWORD, { ip });
    expect(one.session.csrfToken).not.toBe(two.session.csrfToken);
    const current = await identity.requireSession(one.sessionId);
    expect(current.session.csrfToken).toBe(one.session.csrfToken);
    expect(checkCsrf(current.session, one.session.csrfToken)).toBe(true);
    expect(checkCsrf(current.session, two.session.csrfToken)).toBe(false);
    expect(checkCsrf(current.session, '')).toBe(false);
    expect(checkCsrf(current.session, undefined)).toBe(false);
  });

  test('expired sessions and idle login counters are purged at a later login', async () => {
    const identity = identityWith();
    await identity.createUser({ username: 'sara', displayName: 'Sara', password: PASSWORD });
    await identity.login('sara', PASSWORD, { ip });
    await identityErrorOf(identity.login('nadie', 'Mala#1xx', { ip: '10.5.5.5' }));
    expect(await allDocs(SESSIONS)).toHaveLength(1);
    expect(await allDocs(SIGN_IN_THROTTLES)).toHaveLength(2);
    clock.advance(13 * HOUR);
    await identity.login('sara', PASSWORD, { ip });
    expect(await allDocs(SESSIONS)).toHaveLength(1);
    expect(await allDocs(SIGN_IN_THROTTLES)).toHaveLength(0);
  });
});

describe('demo users', () => {
  const DEMO_USERNAMES = ['admin', 'process-owner', 'auditor', ...CANDIDATE_GROUP_IDS.filter((g) => g !== 'auditor' && g !== 'process-owner')];

  test('an empty store gets one user per role and group, with a generated password that meets the policy; a second run does nothing', async () => {
    const identity = identityWith();
    const seed = await identity.seedDemoUsers();
    expect(seed).toMatchObject({ seeded: true, generated: true, usernames: DEMO_USERNAMES });
    expect(seed.password).toHaveLength(16);
    expect(passwordViolations(seed.password!)).toEqual([]);

    const users = (await identity.list({ limit: 500 })).items;
    expect(users.map((u) => u.username).sort()).toEqual([...DEMO_USERNAMES].sort());
    for (const role of ROLES) expect((await identity.list({ role })).items.map((u) => u.username)).toEqual([role]);
    for (const group of CANDIDATE_GROUP_IDS) expect((await identity.list({ group })).items.map((u) => u.username)).toEqual([group]);
    expect(await identity.findByUsername('admin')).toMatchObject({ displayName: 'Administrador', roles: ['admin'], groups: [], active: true });
    expect(await identity.findByUsername('auditor')).toMatchObject({ displayName: 'Auditor', roles: ['auditor'], groups: ['auditor'] });
    expect(await identity.findByUsername('mesa-ayuda')).toMatchObject({ displayName: 'Encargada de Mesa de Ayuda', roles: [], groups: ['mesa-ayuda'] });
    const hashes = (await allDocs(USERS)).map((doc) => doc.passwordHash);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect((await identity.login('mesa-ayuda', seed.password!, { ip })).user.groups).toEqual(['mesa-ayuda']);

    expect(await identity.seedDemoUsers()).toEqual({ seeded: false, usernames: [], generated: false });
    expect(await identity.seedDemoUsers({ password: PASSWORD })).toEqual({ seeded: false, usernames: [], generated: false });
    expect(await allDocs(USERS)).toHaveLength(DEMO_USERNAMES.length);
  });

  test('a given password is used; a weak one is refused and nothing is created', async () => {
    const identity = identityWith();
    expect(await identityErrorOf(identity.seedDemoUsers({ password: 'demo' }))).toMatchObject({ code: 'WEAK_PASSWORD' });
    expect(await allDocs(USERS)).toHaveLength(0);
    const seed = await identity.seedDemoUsers({ password: PASSWORD });
    expect(seed).toMatchObject({ seeded: true, generated: false, password: PASSWORD });
    expect((await identity.login('red-datos', PASSWORD, { ip })).user.displayName).toBe('Técnico de Red de Datos');
  });
});

describe('permissions', () => {
  const user = (roles: Role[], groups: string[] = [], active = true) => ({ roles, groups, active });
  const expected: Record<Permission, Role[]> = {
    'models.edit': ['admin', 'process-owner'],
    'models.deploy': ['admin', 'process-owner'],
    'instances.readAll': ['admin', 'auditor'],
    'instances.operate': ['admin', 'process-owner'],
    'audit.read': ['admin', 'auditor'],
    'users.manage': ['admin'],
  };

  test('every permission × every role, a group-only user, an inactive admin and nobody', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(expected).sort());
    for (const permission of Object.keys(expected) as Permission[]) {
      for (const role of ROLES) {
        expect({ permission, role, allowed: can(user([role]), permission) }).toEqual({ permission, role, allowed: expected[permission].includes(role) });
      }
      expect({ permission, groupOnly: can(user([], ['mesa-ayuda', 'auditor', 'process-owner']), permission) }).toEqual({ permission, groupOnly: false });
      expect(can(user(['admin'], [], false), permission)).toBe(false);
      expect(can(undefined, permission)).toBe(false);
    }
    expect(can(user(['auditor', 'process-owner']), 'models.edit')).toBe(true);
  });

  test("visibleGroups: one's own groups; every group for those who read all instances", () => {
    expect(visibleGroups(user([], ['red-datos', 'mesa-ayuda']))).toEqual(['mesa-ayuda', 'red-datos']);
    expect(visibleGroups(user(['process-owner'], ['process-owner']))).toEqual(['process-owner']);
    expect(visibleGroups(user(['auditor']))).toEqual([...CANDIDATE_GROUP_IDS]);
    expect(visibleGroups(user(['admin']))).toEqual([...CANDIDATE_GROUP_IDS]);
    expect(visibleGroups(user([], ['mesa-ayuda'], false))).toEqual([]);
    expect(visibleGroups(undefined)).toEqual([]);
  });
});

describe('catalogue', () => {
  test('every group and role has its Spanish and English name; every error code its message', () => {
    expect(CANDIDATE_GROUPS.map((g) => g.id)).toEqual([...CANDIDATE_GROUP_IDS]);
    for (const { id, name } of [...CANDIDATE_GROUPS, ...ROLE_NAMES]) {
      expect({ id, es: name.es.length > 0, en: name.en.length > 0, differs: !name.es.startsWith('group.') }).toEqual({ id, es: true, en: true, differs: true });
    }
    const codes: IdentityErrorCode[] = [
      'INVALID_CREDENTIALS',
      'THROTTLED',
      'THROTTLE_NOT_FOUND',
      'WEAK_PASSWORD',
      'USERNAME_TAKEN',
      'UNKNOWN_GROUP',
      'UNKNOWN_ROLE',
      'USER_NOT_FOUND',
      'SESSION_EXPIRED',
    ];
    for (const code of codes) expect(hasMessage(new IdentityError(code, code).messageKey)).toBe(true);
    for (const field of ['username', 'displayName', 'email']) expect(hasMessage(`identity.INVALID_USER.${field}`)).toBe(true);
    for (const rule of ['length', 'letters', 'digit', 'special', 'maxLength']) expect(hasMessage(`identity.passwordRule.${rule}`)).toBe(true);
  });

  test('the candidate groups are exactly those of the roles table in docs/procedures.md', () => {
    const procedures = fileURLToPath(new URL('../../docs/procedures.md', import.meta.url));
    const table = readFileSync(procedures, 'utf8').split('## Roles (candidate groups)')[1]!.split('\n## ')[0]!;
    const ids = [...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(ids).toEqual([...CANDIDATE_GROUP_IDS]);
  });
});
