// Sessions: a random 256-bit id goes to the browser (in a cookie); the store keeps only its SHA-256,
// so a copy of the database lets nobody in. Each session ends when unused for the idle time or at
// its absolute limit, whichever comes first; expired ones are deleted when met or purged.
import { createHash, timingSafeEqual } from 'node:crypto';
import { ConflictError, type Collection, type Store } from '../../store/port.js';

export const SESSIONS = 'identity_sessions';

export interface SessionDoc {
  userId: string;
  /** Sent back by the browser on every state-changing call (header), compared with checkCsrf. */
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  /** When it ends unless used again: lastSeenAt + idle time, never past absoluteExpiresAt. */
  expiresAt: string;
  absoluteExpiresAt: string;
  /** The client address at login, for the user's list of sessions. */
  ip: string;
}

/** A session as the rest of the platform sees it (never its id's hash, never the raw id). */
export interface Session {
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  absoluteExpiresAt: string;
  ip: string;
}

export interface SessionTimes {
  idleMs: number;
  absoluteMs: number;
}

type RandomBytes = (size: number) => Buffer;

const ID_BYTES = 32;
/** Sliding the idle expiry writes to the store; once a minute per session is enough. */
const SLIDE_AFTER_MS = 60_000;

export const hashSessionId = (rawId: string) => createHash('sha256').update(rawId).digest('hex');
const toSession = ({ userId, csrfToken, createdAt, lastSeenAt, expiresAt, absoluteExpiresAt, ip }: SessionDoc): Session => ({
  userId,
  csrfToken,
  createdAt,
  lastSeenAt,
  expiresAt,
  absoluteExpiresAt,
  ip,
});

export function createSessions(store: Store, times: SessionTimes, now: () => Date, randomBytes: RandomBytes) {
  const sessions: Collection<SessionDoc> = store.collection<SessionDoc>(SESSIONS, {
    indexes: [{ fields: ['userId'] }, { fields: ['expiresAt'] }],
  });
  const iso = (ms: number) => new Date(ms).toISOString();
  const slideAfter = Math.min(SLIDE_AFTER_MS, times.idleMs / 2);

  return {
    async open(userId: string, ip: string): Promise<{ sessionId: string; session: Session }> {
      const at = now().getTime();
      const sessionId = randomBytes(ID_BYTES).toString('base64url');
      const absolute = at + times.absoluteMs;
      const doc: SessionDoc = {
        userId,
        csrfToken: randomBytes(ID_BYTES).toString('base64url'),
        createdAt: iso(at),
        lastSeenAt: iso(at),
        expiresAt: iso(Math.min(at + times.idleMs, absolute)),
        absoluteExpiresAt: iso(absolute),
        ip,
      };
      await sessions.insert({ id: hashSessionId(sessionId), ...doc });
      return { sessionId, session: toSession(doc) };
    },

    /** The live session with this raw id, its idle expiry slid forward; undefined when unknown or over. */
    async touch(sessionId: string): Promise<Session | undefined> {
      if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 128) return undefined;
      const key = hashSessionId(sessionId);
      const doc = await sessions.get(key);
      if (!doc) return undefined;
      const at = now().getTime();
      if (at >= Date.parse(doc.expiresAt)) {
        await sessions.delete(key);
        return undefined;
      }
      if (at - Date.parse(doc.lastSeenAt) < slideAfter) return toSession(doc);
      const slid: SessionDoc = { ...toSession(doc), lastSeenAt: iso(at), expiresAt: iso(Math.min(at + times.idleMs, Date.parse(doc.absoluteExpiresAt))) };
      try {
        await sessions.update(key, slid, doc.version);
      } catch (error) {
        // A parallel request of the same session slid it first (or it was just logged out).
        if (!(error instanceof ConflictError)) throw error;
        const current = await sessions.get(key);
        return current ? toSession(current) : undefined;
      }
      return slid;
    },

    /** The live session with this raw id as it stands, its idle expiry not slid (watching a session is no use of it). */
    async peek(sessionId: string): Promise<Session | undefined> {
      if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 128) return undefined;
      const doc = await sessions.get(hashSessionId(sessionId));
      if (!doc || now().getTime() >= Date.parse(doc.expiresAt)) return undefined;
      return toSession(doc);
    },

    end: (sessionId: string) => (typeof sessionId === 'string' && sessionId ? sessions.delete(hashSessionId(sessionId)) : Promise.resolve(false)),

    /** Ends every session of the user except, optionally, the one with raw id `keep`. */
    endAll: (userId: string, keep?: string) => sessions.deleteMany(keep ? { userId, id: { $ne: hashSessionId(keep) } } : { userId }),

    purge: () => sessions.deleteMany({ expiresAt: { $lte: iso(now().getTime()) } }),
  };
}

/** Whether `token` is the session's CSRF token (compared in constant time). */
export function checkCsrf(session: Pick<Session, 'csrfToken'>, token: string | undefined | null): boolean {
  if (typeof token !== 'string' || token.length === 0) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(session.csrfToken), digest(token));
}
