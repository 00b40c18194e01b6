// The identity core's one error type: a code saying what happened, the catalogue entry that says it
// to a user, and the HTTP status the error funnel answers with.
import type { MessageKey } from '../../i18n/index.js';

export type IdentityErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'LOCKED'
  | 'WEAK_PASSWORD'
  | 'USERNAME_TAKEN'
  | 'UNKNOWN_GROUP'
  | 'UNKNOWN_ROLE'
  | 'INVALID_USER'
  | 'USER_NOT_FOUND'
  | 'SESSION_EXPIRED';

const STATUS: Record<IdentityErrorCode, number> = {
  INVALID_CREDENTIALS: 401,
  LOCKED: 429,
  WEAK_PASSWORD: 400,
  USERNAME_TAKEN: 409,
  UNKNOWN_GROUP: 400,
  UNKNOWN_ROLE: 400,
  INVALID_USER: 400,
  USER_NOT_FOUND: 404,
  SESSION_EXPIRED: 401,
};

export class IdentityError extends Error {
  readonly status: number;
  /** The catalogue entry that speaks this error: `t(locale, error.messageKey, error.params)`. */
  readonly messageKey: MessageKey;
  /** LOCKED: seconds until a new attempt may be made (the Retry-After header). */
  readonly retryAfterSeconds?: number;
  /** WEAK_PASSWORD: the rules broken, for field-level messages (`identity.passwordRule.<rule>`). */
  readonly violations?: readonly string[];
  /** INVALID_USER: the offending field. */
  readonly field?: string;
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    /** Values for the catalogue's placeholders. Never says which part of a login failed. */
    readonly params: Record<string, string | number> = {},
    options: {
      messageKey?: MessageKey;
      retryAfterSeconds?: number;
      violations?: readonly string[];
      field?: string;
    } = {},
  ) {
    super(message);
    this.name = 'IdentityError';
    this.status = STATUS[code];
    this.messageKey = options.messageKey ?? (`identity.${code}` as MessageKey);
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    if (options.violations) this.violations = options.violations;
    if (options.field) this.field = options.field;
  }
}
