// Signing in and out, and who am I: the session cookie plus the CSRF token the pages send back.
import { LoginBody, Me, type SessionUser } from '../../../contracts/api/index.js';
import { PERMISSIONS, actorOf, can, type Permission, type User } from '../../core/identity/index.js';
import { defineRoute } from '../route.js';
import { clearSessionCookie, setSessionCookie } from '../session.js';

export function userView(user: User): SessionUser {
  const permissions = (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => can(user, permission));
  return { id: user.id, username: user.username, displayName: user.displayName, ...(user.email ? { email: user.email } : {}), roles: [...user.roles], groups: [...user.groups], permissions };
}

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/auth/login',
    summary: 'Inicia sesión / Signs in',
    tag: 'auth',
    access: 'public',
    body: LoginBody,
    response: Me,
    async handler({ body, ip, res, deps }) {
      // A wrong password is recorded ('auth.loginFailed') where it is counted; an attempt refused by a
      // throttle (429) is only counted — a flood of them cannot flood the audit trail.
      const { sessionId, session, user } = await deps.identity.login(body.username, body.password, { ip, audit: deps.audit });
      setSessionCookie(res, sessionId, { secure: deps.http.secureCookies, maxAgeSeconds: Math.round((Date.parse(session.absoluteExpiresAt) - Date.parse(session.createdAt)) / 1000) });
      await deps.audit.record({ actor: actorOf(user), action: 'auth.login', ip });
      return { user: userView(user), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Cierra la sesión / Signs out',
    tag: 'auth',
    access: 'user',
    status: 204,
    async handler({ sessionId, user, ip, res, deps }) {
      if (sessionId) {
        await deps.identity.logout(sessionId);
        // Its live tasklists end with it.
        deps.live.events.endSession(sessionId);
      }
      clearSessionCookie(res, { secure: deps.http.secureCookies });
      await deps.audit.record({ actor: actorOf(user), action: 'auth.logout', ip });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/auth/me',
    summary: 'El usuario de la sesión / The signed-in user',
    tag: 'auth',
    access: 'user',
    response: Me,
    async handler({ user, session }) {
      return { user: userView(user!), csrfToken: session!.csrfToken, expiresAt: session!.expiresAt };
    },
  }),
];
