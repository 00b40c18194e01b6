// What the catalogue and tasklist use cases refuse, typed so the HTTP layer can answer without
// guessing: the kind of refusal (→ status), the catalogue entry that speaks it, and — for form data —
// every failing field already worded in the caller's language.
import type { MessageKey } from '../../i18n/index.js';

export type UseCaseErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'INVALID';

/** A refusal of a use case: not found, not allowed, conflicting with the current state, or bad input on `field`. */
export class UseCaseError extends Error {
  constructor(
    readonly code: UseCaseErrorCode,
    readonly messageKey: MessageKey,
    readonly params: Record<string, string | number> = {},
    /** The input field at fault (INVALID), as the request names it ('assignee', 'cursor'). */
    readonly field?: string,
  ) {
    super(`${code}: ${messageKey}`);
    this.name = 'UseCaseError';
  }
}

/** One failing form field, worded for the reader. */
export interface FormFieldProblem {
  /** The field as FieldError names it: property names joined by '/' ('' for the form as a whole). */
  field: string;
  message: string;
  /** The JSON Schema keyword that failed (required, format, pattern, …). */
  code: string;
}

/** Submitted form data does not satisfy the form's JSON Schema. */
export class FormInvalidError extends Error {
  constructor(
    readonly formId: string,
    readonly problems: FormFieldProblem[],
  ) {
    super(`form ${formId}: ${problems.map((p) => p.field || '(form)').join(', ')}`);
    this.name = 'FormInvalidError';
  }
}
