// The identity core's one error type: a code saying what happened and the catalogue entry that says
// it to a user, as a DomainError whose kind the APIs answer with.
import { DomainError, type ErrorKind } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';

export type IdentityErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'THROTTLED'
  | 'THROTTLE_NOT_FOUND'
  | 'WEAK_PASSWORD'
  | 'USERNAME_TAKEN'
  | 'UNKNOWN_GROUP'
  | 'UNKNOWN_ROLE'
  | 'INVALID_USER'
  | 'USER_NOT_FOUND'
  | 'SESSION_EXPIRED';

const KIND: Record<IdentityErrorCode, ErrorKind> = {
  INVALID_CREDENTIALS: 'unauthenticated',
  THROTTLED: 'rate-limited',
  THROTTLE_NOT_FOUND: 'not-found',
  WEAK_PASSWORD: 'invalid',
  USERNAME_TAKEN: 'conflict',
  UNKNOWN_GROUP: 'invalid',
  UNKNOWN_ROLE: 'invalid',
  INVALID_USER: 'invalid',
  USER_NOT_FOUND: 'not-found',
  SESSION_EXPIRED: 'unauthenticated',
};

export class IdentityError extends DomainError {
  /** THROTTLED: seconds until a new attempt may be made (the Retry-After header). */
  readonly retryAfterSeconds?: number;
  /** WEAK_PASSWORD: the rules broken, for field-level messages (`identity.passwordRule.<rule>`). */
  readonly violations?: readonly string[];
  /** INVALID_USER: the offending field. */
  readonly field?: string;
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    /** Values for the catalogue's placeholders. Never says which part of a login failed. */
    params: Record<string, string | number> = {},
    options: {
      messageKey?: MessageKey;
      retryAfterSeconds?: number;
      violations?: readonly string[];
      field?: string;
    } = {},
  ) {
    super(KIND[code], options.messageKey ?? (`identity.${code}` as MessageKey), params, {
      message,
      problemId: `identity.${code}`,
      ...(options.retryAfterSeconds !== undefined ? { details: { retryAfterSeconds: options.retryAfterSeconds } } : {}),
    });
    this.name = 'IdentityError';
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    if (options.violations) this.violations = options.violations;
    if (options.field) this.field = options.field;
  }
}
