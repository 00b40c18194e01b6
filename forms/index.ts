// Oficio's forms: JSON Schema + uiSchema + Spanish and English texts, one file per start event
// and user task (forms/<form-id>.form.json). This module loads them and validates submitted data
// with ajv — the same validator the server applies before a start or a completion.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Bilingual as Text } from '../contracts/i18n.js';
import { MEANING_KEYWORDS, meaningOf, refineFieldErrors, withMeaning, type FieldMeaning } from './meaning.js';
import { linearRegExp } from './pattern.js';
import { PERSON_KEYWORD } from './person.js';

// ajv-formats is CommonJS: Node hands over module.exports (the function), typed as its namespace.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export interface FormDefinition {
  /** Equals the file name without `.form.json` and the model's externalReference / oficio:startForm. */
  id: string;
  title: Text;
  description?: Text;
  /** JSON Schema (draft-07). Property titles are not set here: labels come from `labels`. */
  schema: Record<string, unknown>;
  /** rjsf uiSchema: widgets, order, help placement. */
  uiSchema: Record<string, unknown>;
  /** Field label per JSON pointer-ish path ('ip', 'contacto/correo'), in both languages. */
  labels: Record<string, Text>;
  /** Optional help per field. */
  help?: Record<string, Text>;
  /** Display names of enum values per field. */
  options?: Record<string, Record<string, Text>>;
  /** Where the manual asks for this form (e.g. "PR05 3.c"). */
  manualReference: string;
  /** Data that must pass, and data that must fail naming the listed fields. */
  examples: {
    valid: Array<Record<string, unknown>>;
    invalid: Array<{ data: Record<string, unknown>; fields: string[]; why: string }>;
  };
}

export interface FieldError {
  /** The field, as a path of property names joined by '/' ('' for the form as a whole). */
  field: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

export const FORMS_DIR = dirname(fileURLToPath(import.meta.url));

export function loadForms(dir = FORMS_DIR): Map<string, FormDefinition> {
  const forms = new Map<string, FormDefinition>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.form.json'))
    .sort()) {
    const form = JSON.parse(readFileSync(join(dir, file), 'utf8')) as FormDefinition;
    if (form.id !== file.replace(/\.form\.json$/, '')) throw new Error(`${file}: its id '${form.id}' must match the file name`);
    forms.set(form.id, form);
  }
  return forms;
}

/**
 * One ajv instance for all forms: every error reported, `$data` references allowed (end after
 * start), patterns evaluated in linear time by RE2 (forms/pattern.ts) — the browser's validator
 * uses the same engine.
 */
export function createFormAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, $data: true, strict: true, strictRequired: false, allowUnionTypes: true, code: { regExp: linearRegExp } });
  addFormats(ajv);
  // Attachments are references to stored files ({ id, nombre, tipo, tamano }); the bytes live elsewhere.
  ajv.addKeyword({ keyword: 'x-oficio-attachment', schemaType: 'object' });
  ajv.addKeyword({ keyword: 'x-oficio-manual', schemaType: 'string' });
  // A field naming a user of a group (forms/person.ts): the server checks the name on completion.
  ajv.addKeyword(PERSON_KEYWORD);
  // Attestations and texts that cannot be blank (forms/meaning.ts).
  for (const definition of MEANING_KEYWORDS) ajv.addKeyword(definition);
  return ajv;
}

export class FormValidator {
  private readonly compiled = new Map<string, { validate: ValidateFunction; meaning: FieldMeaning }>();
  constructor(
    private readonly forms: Map<string, FormDefinition>,
    private readonly ajv: Ajv = createFormAjv(),
  ) {}

  /** The field errors of `data` against form `formId`; empty when the data is valid. */
  validate(formId: string, data: unknown): FieldError[] {
    let entry = this.compiled.get(formId);
    if (!entry) {
      const form = this.forms.get(formId);
      if (!form) throw new Error(`unknown form '${formId}'`);
      // As the server checks it: required texts refuse blanks, mistakes worded by what the field means.
      entry = { validate: this.ajv.compile(withMeaning(form.schema)), meaning: meaningOf(form.schema) };
      this.compiled.set(formId, entry);
    }
    return entry.validate(data) ? [] : refineFieldErrors(entry.meaning, toFieldErrors(entry.validate.errors ?? []));
  }
}

/** One ajv error as a FieldError naming its field. */
export function toFieldError(e: ErrorObject): FieldError {
  let field = e.instancePath.replace(/^\//, '');
  // A missing required property is an error of the property itself, not of its parent.
  if (e.keyword === 'required') field = [field, (e.params as { missingProperty: string }).missingProperty].filter(Boolean).join('/');
  if (e.keyword === 'dependentRequired') field = [field, (e.params as { property: string }).property].filter(Boolean).join('/');
  // A member the form does not declare is named itself, whichever way the object is closed.
  if (e.keyword === 'additionalProperties') field = [field, (e.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join('/');
  if (e.keyword === 'propertyNames') {
    const name = (e.params as { propertyName: string }).propertyName;
    return { field: [field, name].filter(Boolean).join('/'), keyword: 'additionalProperties', message: e.message ?? e.keyword, params: { additionalProperty: name } };
  }
  return { field, keyword: e.keyword, message: e.message ?? e.keyword, params: e.params as Record<string, unknown> };
}

/** ajv's errors as FieldErrors; what a refused member name broke inside `propertyNames` is said once, by its propertyNames error. */
export function toFieldErrors(errors: readonly ErrorObject[]): FieldError[] {
  return errors.filter((e) => e.propertyName === undefined).map(toFieldError);
}
