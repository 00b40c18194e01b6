// Oficio's forms as a reader sees them: texts in one language, and ajv's field errors turned into
// catalogue sentences naming the field by its label ("«Dirección IP» no tiene un formato válido").
import type { FieldError } from '../../../forms/index.js';
import type { FormContent, FormSource, RegisteredForm } from '../forms/index.js';
import { hasMessage, t, type Locale, type MessageKey } from '../../i18n/index.js';
import { FormInvalidError, type FormFieldProblem } from './errors.js';
import type { Bilingual as Text } from '../../../contracts/i18n.js';

/** A form ready to render: schema and uiSchema as stored, every text in the reader's language. */
export interface LocalizedForm {
  id: string;
  title: string;
  description?: string;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  /** Label per field path ('ip', 'contacto/correo'). */
  labels: Record<string, string>;
  help: Record<string, string>;
  /** Display name per enum value, per field. */
  options: Record<string, Record<string, string>>;
  manualReference: string;
}

const pick = (text: Text, locale: Locale) => text[locale] || text.es;
const mapTexts = (texts: Record<string, Text> | undefined, locale: Locale) => Object.fromEntries(Object.entries(texts ?? {}).map(([k, v]) => [k, pick(v, locale)]));

export function localizeForm(form: FormContent, locale: Locale): LocalizedForm {
  return {
    id: form.id,
    title: pick(form.title, locale),
    ...(form.description ? { description: pick(form.description, locale) } : {}),
    schema: form.schema,
    uiSchema: form.uiSchema,
    labels: mapTexts(form.labels, locale),
    help: mapTexts(form.help, locale),
    options: Object.fromEntries(Object.entries(form.options ?? {}).map(([field, values]) => [field, mapTexts(values, locale)])),
    manualReference: form.manualReference,
  };
}

/** The label of a field path; array indexes are skipped ('bienes/0/cantidad' → 'bienes/cantidad'). */
export function labelOf(form: FormContent, field: string, locale: Locale): string {
  if (field === '') return t(locale, 'form.wholeForm');
  const direct =
    form.labels[field] ??
    form.labels[
      field
        .split('/')
        .filter((s) => !/^\d+$/.test(s))
        .join('/')
    ];
  return direct
    ? pick(direct, locale)
    : (field
        .split('/')
        .filter((s) => !/^\d+$/.test(s))
        .pop() ?? field);
}

/** One catalogue sentence per failing field. `if` errors only echo their `then` branch's errors and are left out. */
export function describeFieldErrors(form: FormContent, errors: FieldError[], locale: Locale): FormFieldProblem[] {
  const problems: FormFieldProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    const key = `${error.field}\u0000${error.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ field: error.field, code: error.keyword, message: sentence(form, error, locale) });
  }
  return problems;
}

function sentence(form: FormContent, error: FieldError, locale: Locale): string {
  const p = error.params;
  const label = labelOf(form, error.field, locale);
  const limit = p.limit ?? p.comparison ?? '';
  const params: Record<string, string | number> = { label, limit: typeof limit === 'number' || typeof limit === 'string' ? limit : JSON.stringify(limit) };
  if (error.keyword === 'format') {
    const formatKey = `form.format.${String(p.format)}`;
    params.format = hasMessage(formatKey) ? t(locale, formatKey) : String(p.format);
  }
  // A field the form does not declare has no label: it is named as it was sent.
  if (error.keyword === 'additionalProperties') params.label = String(p.additionalProperty ?? label);
  const key = `form.error.${error.keyword}`;
  return t(locale, (hasMessage(key) ? key : 'form.error.invalid') as MessageKey, params);
}

/** Validates `data` against form `form` (the version given); throws FormInvalidError with every failing field worded in `locale`. */
export function validateFormData(forms: FormSource, form: RegisteredForm, data: unknown, locale: Locale): void {
  const errors = forms.validate(form, data);
  if (errors.length > 0) throw new FormInvalidError(form.definition.id, describeFieldErrors(form.definition, errors, locale));
}
