// Sign-in throttles, for administrators: which user names are paused at which client addresses (and
// which addresses for every name) after failed sign-ins, until when, and lifting one with a reason.
import { z } from 'zod';
import { IsoDateTime, Limit, pageOf } from './common.js';

export const SignInThrottle = z.object({
  /** What lifting names. */
  id: z.string(),
  /** 'account': one user name at one address; 'address': every user name at one address (a spray). */
  scope: z.enum(['account', 'address']),
  /** The user name, when it names an existing user (other names tried are kept only as a hash). */
  username: z.string().optional(),
  address: z.string(),
  /** Failures not yet forgotten: each one past the limit doubled the pause. */
  failures: z.number().int(),
  /** When failures first reached the limit. */
  since: IsoDateTime,
  /** When the current pause ends (past once it is over; the failures are still remembered for a while). */
  until: IsoDateTime,
  /** Whether the pause is in force now. */
  active: z.boolean(),
  lastFailureAt: IsoDateTime,
  /** Attempts refused by the pause since it began: counted, not audited one by one. */
  refused: z.number().int(),
});
export type SignInThrottle = z.infer<typeof SignInThrottle>;

export const SignInThrottleQuery = z.object({ limit: Limit, cursor: z.string().min(1).max(2000).optional() });
export type SignInThrottleQuery = z.input<typeof SignInThrottleQuery>;

export const SignInThrottlePage = pageOf(SignInThrottle);
export type SignInThrottlePage = z.infer<typeof SignInThrottlePage>;

export const SignInThrottleParams = z.object({ id: z.string().regex(/^(acct|addr)_[0-9a-f]{32}$/) });

/** Why the administrator lifts it: kept in the audit trail with who did. */
export const LiftSignInThrottleBody = z.object({ reason: z.string().trim().min(1).max(500) });
export type LiftSignInThrottleBody = z.infer<typeof LiftSignInThrottleBody>;
