// Sign-in throttles for those who manage users: who is paused at which address and until when, and
// lifting one — with the administrator's reason, in the audit trail in the same transaction.
import { LiftSignInThrottleBody, SignInThrottlePage, SignInThrottleParams, SignInThrottleQuery } from '../../../contracts/api/index.js';
import { actorOf } from '../../core/identity/index.js';
import { defineRoute } from '../route.js';

export const signInThrottleRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/admin/sign-in-throttles',
    summary: 'Pausas de inicio de sesión por usuario y dirección / Sign-in throttles by user and address',
    tag: 'admin',
    access: 'users.manage',
    query: SignInThrottleQuery,
    response: SignInThrottlePage,
    async handler({ query, deps }) {
      return deps.identity.listThrottles({ limit: query.limit, ...(query.cursor ? { after: query.cursor } : {}) });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/admin/sign-in-throttles/:id',
    summary: 'Levanta una pausa de inicio de sesión, con el motivo / Lifts a sign-in throttle, with the reason',
    tag: 'admin',
    access: 'users.manage',
    params: SignInThrottleParams,
    body: LiftSignInThrottleBody,
    status: 204,
    async handler({ params, body, user, ip, deps }) {
      await deps.identity.liftThrottle(params.id, { actor: actorOf(user), reason: body.reason, ip, audit: deps.audit });
    },
  }),
];
