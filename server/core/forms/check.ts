// The checks a form designed in the browser must pass before it is saved: a valid id, a size
// limit, texts in both languages, a JSON Schema the server's own ajv compiles, every object of it
// closed to members it does not declare, no field named as a variable the platform owns, patterns
// the linear-time engine runs, attestations and yes/no answers that start unanswered, a label in Spanish and English for every top-level field, and
// option names only for values the field can take. Each problem names the request field at fault
// and the catalogue entry that words it.
import { createFormAjv, type FormDefinition } from '../../../forms/index.js';
import { openObjects } from '../../../forms/closed.js';
import { meaningProblems, type MeaningProblemReason } from '../../../forms/meaning.js';
import { patternProblem, type PatternProblemReason } from '../../../forms/pattern.js';
import { isPlatformVariable } from '../catalogue/platform-variables.js';
import type { MessageKey } from '../../i18n/index.js';
import type { Bilingual as Text } from '../../../contracts/i18n.js';

/** The id of a form: the file name of forms/<id>.form.json and the model's externalReference. */
export const FORM_ID = /^[a-z0-9][a-z0-9-]{0,199}$/;
/** The largest definition accepted, as JSON text in bytes: far above the manual's largest form (~20 KB). */
export const FORM_MAX_BYTES = 256 * 1024;

/**
 * What the form designer sends: the definition without its id (the URL names it) and without
 * examples. Undefined members count as absent, so a parsed request body is passed as it is.
 */
export interface FormDesign {
  title: Text;
  description?: Text | undefined;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  labels: Record<string, Text>;
  help?: Record<string, Text> | undefined;
  options?: Record<string, Record<string, Text>> | undefined;
  manualReference?: string | undefined;
}

/** A form as the server uses it: a file form without its examples, or a designed version. */
export type FormContent = Omit<FormDefinition, 'examples'>;

export interface FormDesignProblem {
  /** The request field: 'params/id', 'body', 'body/schema', 'body/labels/<field>/es', … */
  field: string;
  /** A short machine code ('label_missing', 'schema_invalid', …). */
  code: string;
  messageKey: MessageKey;
  params: Record<string, string | number>;
}

/** The form `design` describes, with its id, in the shape the registry keeps. */
export function formContentOf(id: string, design: FormDesign): FormContent {
  return {
    id,
    title: design.title,
    ...(design.description ? { description: design.description } : {}),
    schema: design.schema,
    uiSchema: design.uiSchema,
    labels: design.labels,
    ...(design.help ? { help: design.help } : {}),
    ...(design.options ? { options: design.options } : {}),
    manualReference: design.manualReference ?? '',
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const blank = (text: unknown) => typeof text !== 'string' || text.trim() === '';

/** Every problem of `design` saved as form `id`; empty when it may be saved. */
export function checkFormDesign(id: string, design: FormDesign): FormDesignProblem[] {
  const problems: FormDesignProblem[] = [];
  const add = (field: string, code: string, messageKey: MessageKey, params: Record<string, string | number> = {}) => problems.push({ field, code, messageKey, params });

  if (!FORM_ID.test(id)) add('params/id', 'pattern', 'forms.design.badId', { id });
  const bytes = Buffer.byteLength(JSON.stringify(formContentOf(id, design)));
  // A definition this large is refused before anything else looks at it.
  if (bytes > FORM_MAX_BYTES) {
    add('body', 'too_large', 'forms.design.tooLarge', { bytes, limit: FORM_MAX_BYTES });
    return problems;
  }

  const texts = (path: string, text: Text | undefined) => {
    if (!text) return;
    for (const language of ['es', 'en'] as const) if (blank(text[language])) add(`${path}/${language}`, 'text_missing', `forms.design.textMissing.${language}`);
  };
  texts('body/title', design.title);
  texts('body/description', design.description);

  const { schema } = design;
  const properties = isObject(schema.properties) ? schema.properties : undefined;
  if (schema.type !== 'object') add('body/schema/type', 'not_object', 'forms.design.notObject');
  if (!properties) add('body/schema/properties', 'no_properties', 'forms.design.noProperties');
  const patterns = patternsOf(schema).flatMap(({ path, pattern }) => {
    const problem = patternProblem(pattern);
    return problem ? [{ path, problem }] : [];
  });
  for (const { path, problem } of patterns) add(`body/schema${path}`, 'pattern_unsupported', PATTERN_PROBLEMS[problem.reason], { field: fieldOfSchemaPath(path), detail: problem.detail });
  let compiles = true;
  try {
    // A scratch instance: the schema is only being tried, and a failed compile leaves nothing behind.
    createFormAjv().compile(schema);
  } catch (error) {
    compiles = false;
    // A pattern the engine cannot run fails the compile too: its own problem already says why.
    if (!patterns.length) add('body/schema', 'schema_invalid', 'forms.design.schemaInvalid', { detail: error instanceof Error ? error.message : String(error) });
  }
  // Which objects are open is worth saying of a schema that means something.
  if (compiles)
    for (const path of openObjects(schema))
      if (path === '') add('body/schema', 'open_object', 'forms.design.openForm');
      else add(`body/schema${path}`, 'open_object', 'forms.design.openObject', { field: fieldOfSchemaPath(path) });
  // An attestation stored as vouched for untouched, or a decision answered before anyone chose, is refused.
  if (compiles) for (const { field, at, reason } of meaningProblems(schema)) add(`body/schema${at}`, MEANING_PROBLEMS[reason].code, MEANING_PROBLEMS[reason].key, { field });
  for (const field of rootFields(schema)) if (isPlatformVariable(field)) add(`body/schema/properties/${field}`, 'platform_variable', 'forms.design.platformVariable', { field });

  for (const field of Object.keys(properties ?? {})) {
    const label = design.labels[field];
    if (!label || (blank(label.es) && blank(label.en))) add(`body/labels/${field}`, 'label_missing', 'forms.design.labelMissing', { field });
    else
      for (const language of ['es', 'en'] as const) if (blank(label[language])) add(`body/labels/${field}/${language}`, 'label_missing', `forms.design.labelMissing.${language}`, { field });
  }
  for (const [field, label] of Object.entries(design.labels)) if (!properties || !(field in properties)) texts(`body/labels/${field}`, label);
  for (const [field, help] of Object.entries(design.help ?? {})) texts(`body/help/${field}`, help);

  for (const [field, names] of Object.entries(design.options ?? {})) {
    const values = allowedValues(schema, field);
    if (values === undefined) {
      add(`body/options/${field}`, 'unknown_field', 'forms.design.optionFieldUnknown', { field });
      continue;
    }
    if (values.size === 0) {
      add(`body/options/${field}`, 'no_values', 'forms.design.optionFieldNoValues', { field });
      continue;
    }
    for (const [value, text] of Object.entries(names)) {
      if (!values.has(value)) add(`body/options/${field}/${value}`, 'unknown_value', 'forms.design.optionUnknown', { field, value, values: [...values].join(', ') });
      else texts(`body/options/${field}/${value}`, text);
    }
  }

  const order = design.uiSchema['ui:order'];
  if (Array.isArray(order) && properties) {
    // rjsf refuses to render a form whose order names a field the schema does not have; a field
    // shown only under a condition (allOf → then) is one it has.
    order.forEach((name, at) => {
      if (name !== '*' && !(typeof name === 'string' && allowedValues(schema, name) !== undefined))
        add(`body/uiSchema/ui:order/${at}`, 'unknown_field', 'forms.design.orderUnknown', { field: String(name) });
    });
  }
  return problems;
}

/** Why a pattern is refused, as the catalogue says it. */
const PATTERN_PROBLEMS: Record<PatternProblemReason, MessageKey> = {
  backReference: 'forms.design.pattern.backReference',
  lookAround: 'forms.design.pattern.lookAround',
  syntax: 'forms.design.pattern.syntax',
};

/** Why an attestation or a yes/no is refused: its code and how the catalogue says it. */
const MEANING_PROBLEMS: Record<MeaningProblemReason, { code: string; key: MessageKey }> = {
  attestationNotBoolean: { code: 'attestation_not_boolean', key: 'forms.design.attestation.notBoolean' },
  attestationConst: { code: 'attestation_const', key: 'forms.design.attestation.const' },
  attestationMarker: { code: 'attestation_marker', key: 'forms.design.attestation.marker' },
  attestationDefault: { code: 'attestation_default', key: 'forms.design.attestation.default' },
  attestationOptional: { code: 'attestation_optional', key: 'forms.design.attestation.optional' },
  decisionDefault: { code: 'decision_default', key: 'forms.design.decision.default' },
};

/** The keywords whose value is a schema, a list of schemas, or a map of names to schemas. */
const SCHEMA_KEYWORDS = ['not', 'if', 'then', 'else', 'contains', 'items', 'additionalProperties', 'additionalItems', 'propertyNames'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'items'];
const SCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', 'dependencies', 'definitions', '$defs'];

/** Every pattern of `schema` — `pattern` keywords and `patternProperties` names — with its path ('/properties/codigo/pattern'). */
function patternsOf(schema: Record<string, unknown>): Array<{ path: string; pattern: string }> {
  const found: Array<{ path: string; pattern: string }> = [];
  const visit = (node: unknown, path: string) => {
    if (!isObject(node)) return;
    if (typeof node.pattern === 'string') found.push({ path: `${path}/pattern`, pattern: node.pattern });
    if (isObject(node.patternProperties)) for (const name of Object.keys(node.patternProperties)) found.push({ path: `${path}/patternProperties/${name}`, pattern: name });
    for (const key of SCHEMA_KEYWORDS) visit(node[key], `${path}/${key}`);
    for (const key of SCHEMA_LISTS) if (Array.isArray(node[key])) (node[key] as unknown[]).forEach((child, i) => visit(child, `${path}/${key}/${i}`));
    for (const key of SCHEMA_MAPS) if (isObject(node[key])) for (const [name, child] of Object.entries(node[key])) visit(child, `${path}/${key}/${name}`);
  };
  visit(schema, '');
  return found;
}

/** The field a schema path is about, as labels name it: '/properties/contacto/properties/correo/pattern' → 'contacto/correo'. */
function fieldOfSchemaPath(path: string): string {
  const segments = path.split('/');
  return segments.filter((_, i) => i > 0 && (segments[i - 1] === 'properties' || segments[i - 1] === 'patternProperties')).join('/');
}

/** The names of the form's own fields: its root properties and those its conditions add. */
function rootFields(schema: Record<string, unknown>): string[] {
  return [...new Set(branches(schema).flatMap((branch) => (isObject(branch.properties) ? Object.keys(branch.properties) : [])))];
}

/** The sub-schemas that may define a property of `node`: itself and its combinators' branches, however deep (allOf → if/then → …). */
function branches(node: Record<string, unknown>): Record<string, unknown>[] {
  const direct: Record<string, unknown>[] = [];
  for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(node[key])) direct.push(...(node[key] as unknown[]).filter(isObject));
  for (const key of ['then', 'else']) if (isObject(node[key])) direct.push(node[key]);
  for (const key of ['dependentSchemas', 'dependencies']) if (isObject(node[key])) direct.push(...Object.values(node[key]).filter(isObject));
  return [node, ...direct.flatMap(branches)];
}

/**
 * The values field `path` ('tipo', 'contacto/medio', 'bienes/unidad' — array indexes left out, as in
 * `labels`) may take, as option keys: enum and const values (of the items, for an array), and
 * 'true'/'false' for a boolean. Empty when the field takes any value; undefined when there is no such field.
 */
export function allowedValues(schema: Record<string, unknown>, path: string): Set<string> | undefined {
  let nodes: Record<string, unknown>[] = [schema];
  for (const segment of path.split('/')) {
    const next: Record<string, unknown>[] = [];
    for (const node of nodes) {
      const candidates = [node, ...(isObject(node.items) ? [node.items] : [])];
      for (const candidate of candidates) {
        for (const branch of branches(candidate)) {
          const property = isObject(branch.properties) ? branch.properties[segment] : undefined;
          if (isObject(property)) next.push(property);
        }
        if (segment === '*' && candidate !== node) next.push(candidate);
      }
    }
    if (next.length === 0) return undefined;
    nodes = next;
  }
  const values = new Set<string>();
  const collect = (node: Record<string, unknown>) => {
    for (const branch of branches(node)) {
      if (Array.isArray(branch.enum)) for (const v of branch.enum) values.add(String(v));
      if ('const' in branch) values.add(String(branch.const));
      const types = Array.isArray(branch.type) ? branch.type : [branch.type];
      if (types.includes('boolean')) {
        values.add('true');
        values.add('false');
      }
    }
  };
  for (const node of nodes) {
    collect(node);
    if (isObject(node.items)) collect(node.items);
  }
  return values;
}
