// Form data that does not satisfy its form: a refusal naming every failing field, already worded
// in the caller's language (the form's own labels are part of the sentences).
import { DomainError, type FieldProblem } from '../../errors.js';

/** One failing form field, worded for the reader. */
export interface FormFieldProblem extends FieldProblem {
  /** The field as FieldError names it: property names joined by '/' ('' for the form as a whole). */
  field: string;
  message: string;
  /** The JSON Schema keyword that failed (required, format, pattern, …). */
  code: string;
}

/** Submitted form data does not satisfy the form's JSON Schema. */
export class FormInvalidError extends DomainError {
  constructor(
    readonly formId: string,
    readonly problems: FormFieldProblem[],
  ) {
    super('invalid', 'http.formInvalid', {}, { fields: problems, details: { formId }, message: `form ${formId}: ${problems.map((p) => p.field || '(form)').join(', ')}` });
    this.name = 'FormInvalidError';
  }
}
