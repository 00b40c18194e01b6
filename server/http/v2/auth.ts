// HTTP Basic authentication of the /v2 API as an Oficio user (the SDK's CAMUNDA_AUTH_STRATEGY=BASIC):
// no session, no cookie, no CSRF token. The SDK sends the credentials on every call, so a verified
// pair is remembered for a few minutes under a keyed hash (never the password itself) — and still
// re-read from the store each call, so a deactivated user or a changed password stops at once.
// Failures count against the same throttles as signing in (per user name and client address, and per
// address): a worker's user is not stopped by someone guessing its password from another address.
import { createHmac, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { AuditTrail } from '../../core/audit/index.js';
import type { Identity, User } from '../../core/identity/index.js';
import { DomainError } from '../../errors.js';

export interface BasicAuthOptions {
  identity: Identity;
  audit: AuditTrail;
  /** How long a verified user name and password are trusted without scrypt; default 5 minutes. */
  rememberMs?: number;
  now?: () => number;
}

interface Remembered {
  userId: string;
  passwordChangedAt: string;
  until: number;
}

const REMEMBER_MS = 5 * 60_000;
const REMEMBER_MAX = 1000;

/** The user name and password of an `Authorization: Basic …` header; undefined when there is none usable. */
export function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Browsers send Origin (and Sec-Fetch-Site) on cross-site requests; the SDK and other servers do not.
 * A browser that once prompted for Basic credentials would send them to /v2 from any page, so a
 * request another site made is refused before it is authenticated.
 */
export function refuseCrossSite(req: Request) {
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  if ((site && site !== 'same-origin' && site !== 'none') || (origin && origin !== `${req.protocol}://${req.get('host')}`)) {
    throw new DomainError('forbidden', 'v2.crossSite');
  }
}

export function createBasicAuth(options: BasicAuthOptions) {
  const { identity, audit } = options;
  const now = options.now ?? Date.now;
  const rememberMs = options.rememberMs ?? REMEMBER_MS;
  // Per process: a restart forgets every remembered pair, and nothing of it is ever written.
  const secret = randomBytes(32);
  const remembered = new Map<string, Remembered>();
  const verifying = new Map<string, Promise<User>>();

  const keyOf = (username: string, password: string) => createHmac('sha256', secret).update(username.trim().toLowerCase()).update('\u0000').update(password).digest('base64');

  async function fromMemory(key: string): Promise<User | undefined> {
    const entry = remembered.get(key);
    if (!entry) return undefined;
    remembered.delete(key);
    if (entry.until <= now()) return undefined;
    const user = await identity.getUser(entry.userId);
    if (!user || !user.active || user.passwordChangedAt !== entry.passwordChangedAt) return undefined;
    remembered.set(key, entry);
    return user;
  }

  function remember(key: string, user: User) {
    remembered.set(key, { userId: user.id, passwordChangedAt: user.passwordChangedAt, until: now() + rememberMs });
    for (const oldest of remembered.keys()) {
      if (remembered.size <= REMEMBER_MAX) break;
      remembered.delete(oldest);
    }
  }

  return {
    /**
     * The user of the request's Basic credentials: 401 without them or when they are wrong, 429 while
     * the user name is throttled at this address (a misconfigured worker polling in a loop then costs a
     * store read per call, never scrypt, and is counted rather than audited call by call).
     */
    async authenticate(req: Request, ip: string): Promise<User> {
      const credentials = basicCredentials(req.get('authorization'));
      if (!credentials) throw new DomainError('unauthenticated', 'v2.unauthenticated');
      const key = keyOf(credentials.username, credentials.password);
      const known = await fromMemory(key);
      if (known) return known;
      // Calls with the same credentials at the same moment share one check; the address is part of
      // the key, as throttles are per address.
      const pendingKey = `${key}\u0000${ip}`;
      let pending = verifying.get(pendingKey);
      if (!pending) {
        pending = identity.verifyCredentials(credentials.username, credentials.password, { ip, via: 'camunda-api', audit }).finally(() => verifying.delete(pendingKey));
        verifying.set(pendingKey, pending);
      }
      const user = await pending;
      remember(key, user);
      return user;
    },
  };
}

export type BasicAuth = ReturnType<typeof createBasicAuth>;
