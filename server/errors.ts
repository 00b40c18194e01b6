// The one error every refusal of Oficio is made of, in the core, the ports and the APIs alike: what
// kind of refusal it is (each API turns a kind into its status in one place), the catalogue entry
// that says it to a person, and — when input was at fault — each field with its own sentence.
// Anything thrown that is not a DomainError is a fault of the server: answered as an internal error,
// its text kept in the log.
import type { MessageKey, MessageParams } from './i18n/index.js';

/**
 * What happened, as the caller can act on it:
 * - not-found: nothing by that name (or nothing the caller may know of);
 * - forbidden: it exists, but not for this caller;
 * - conflict: the current state does not allow it (someone else got there first, it already ended);
 * - invalid: the input is wrong — `fields` says where;
 * - unavailable: a system Oficio depends on does not answer (the store, a Camunda cluster);
 * - unauthenticated: the caller must (again) prove who they are;
 * - rate-limited: too many attempts; `details.retryAfterSeconds` says when to try again;
 * - too-large / unsupported-media-type: an upload the server will not take;
 * - not-implemented: the configured backend does not offer the operation;
 * - timeout: it did not finish within the time the caller allowed.
 */
export type ErrorKind =
  | 'not-found'
  | 'forbidden'
  | 'conflict'
  | 'invalid'
  | 'unavailable'
  | 'unauthenticated'
  | 'rate-limited'
  | 'too-large'
  | 'unsupported-media-type'
  | 'not-implemented'
  | 'timeout';

/** One field at fault: worded already (`message`), or by a catalogue entry in the reader's language. */
export interface FieldProblem {
  /** The field as a path of names joined by '/' ('assignee', 'contacto/correo'; '' for the whole input). */
  field: string;
  /** The sentence, when it is already in the reader's language (form validation words its own). */
  message?: string;
  /** The catalogue entry that says it, with its parameters. */
  messageKey?: MessageKey;
  params?: MessageParams;
  /** A stable code of what failed (a JSON Schema keyword, a rule id, a catalogue key). */
  code?: string;
  /**
   * `field` names an input of the operation itself ('cursor', 'assignee'): the API that answers
   * says where it was sent ('query/cursor', 'body/assignee').
   */
  input?: boolean;
}

export interface DomainErrorOptions {
  fields?: FieldProblem[];
  /** Extra members of the problem document a client may read (retryAfterSeconds, formId, findings …). */
  details?: Record<string, unknown>;
  /** The stable id of the problem (its problem+json type); the message key by default. */
  problemId?: string;
  /** Text for logs and developers (English); the message key by default. */
  message?: string;
  cause?: unknown;
}

export class DomainError extends Error {
  readonly fields: readonly FieldProblem[];
  readonly details: Readonly<Record<string, unknown>>;
  readonly problemId: string;

  constructor(
    readonly kind: ErrorKind,
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
    options: DomainErrorOptions = {},
  ) {
    super(options.message ?? messageKey, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.fields = options.fields ?? [];
    this.details = options.details ?? {};
    this.problemId = options.problemId ?? messageKey;
  }
}

/**
 * Bad input on one field, said by its own catalogue entry: the problem's title is the generic
 * "the request is not valid" and the field carries the sentence.
 */
export function invalidField(field: string, messageKey: MessageKey, params: MessageParams = {}): DomainError {
  return new DomainError('invalid', 'http.validation', {}, { fields: [{ field, messageKey, params, code: messageKey, input: true }], problemId: 'http.validation' });
}
