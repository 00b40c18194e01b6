// What a form's answers mean beyond their JSON type, so that what is stored is what the person did.
// The server's ajv (forms/index.ts, server/core/forms) and the browser's (designer/src/forms) both
// take these keywords, the same schema rewrite and the same wording of mistakes, so they agree:
//
// - An attestation — a statement the person vouches for by ticking it («El conteo se hizo en la
//   bóveda de OFMA») — is a boolean marked `"x-oficio-attestation": true`, with `const: true`, required,
//   and no default: it starts unticked, and untouched or unticked it is refused with a sentence
//   naming the statement ('attestation').
// - A yes/no decision — any other boolean — has no default either; left unanswered where the form
//   requires it, it is refused asking for an answer ('decision').
// - A text the form requires (named in `required`, under a condition too, or with a `minLength`)
//   cannot be blank: spaces, tabs and line breaks alone are refused ('blank'), instead of the length
//   or pattern the same blank text also breaks.
//
// Browser-safe: no Node imports.
import type { KeywordDefinition } from 'ajv';

type Schema = Record<string, unknown>;

/** Marks a boolean as an attestation: it must be ticked (true) by hand. */
export const ATTESTATION = 'x-oficio-attestation';
/** Added by `withMeaning` to the texts a form requires: at least one character that is not white space. */
export const NOT_BLANK = 'x-oficio-not-blank';

/** The keywords every form validator knows; both assert, so a schema using them means the same anywhere. */
export const MEANING_KEYWORDS: KeywordDefinition[] = [
  {
    // Any type: marked on something other than a checkbox, it is never met, and a designed form saying so is refused (meaningProblems).
    keyword: ATTESTATION,
    schemaType: 'boolean',
    errors: false,
    validate: (attestation: boolean, value: unknown) => !attestation || value === true,
  },
  {
    keyword: NOT_BLANK,
    type: 'string',
    schemaType: 'boolean',
    errors: false,
    // A fixed expression of Oficio's, not a form's pattern: linear, whatever the text.
    validate: (notBlank: boolean, text: string) => !notBlank || /\S/.test(text),
  },
];

/**
 * How the browser's form (rjsf's `experimental_defaultFormStateBehavior`) fills a form before the
 * person touches it: with the schema's own `default`s only. Left to itself rjsf would tick every
 * `const: true` (an attestation, stored as vouched for untouched) and answer every required boolean
 * with "No" (a decision nobody made); with this, both start unanswered.
 */
export const NOTHING_PRESET = { constAsDefaults: 'never', requiredBooleanDefault: 'skip' } as const;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schemas that describe the same value as `node`: itself and its combinators' and conditions' branches, however deep. */
function branches(node: Schema): Schema[] {
  const found: Schema[] = [node];
  for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(node[key])) for (const b of node[key] as unknown[]) if (isSchema(b)) found.push(...branches(b));
  for (const key of ['then', 'else']) if (isSchema(node[key])) found.push(...branches(node[key]));
  for (const key of ['dependentSchemas', 'dependencies']) if (isSchema(node[key])) for (const b of Object.values(node[key])) if (isSchema(b)) found.push(...branches(b));
  return found;
}

const typesOf = (node: Schema) => (Array.isArray(node.type) ? node.type : [node.type]);

/** Whether `node` (one branch of a property) is a boolean the person ticks to vouch for a statement. */
export function isAttestation(node: Schema): boolean {
  return node[ATTESTATION] === true;
}

/** The properties declared at the object level of `node` (its branches included), each with the schemas that declare it and where. */
function propertiesOf(node: Schema, at: string): Map<string, Array<{ schema: Schema; at: string }>> {
  const found = new Map<string, Array<{ schema: Schema; at: string }>>();
  const visit = (branch: Schema, where: string) => {
    if (isSchema(branch.properties))
      for (const [name, schema] of Object.entries(branch.properties)) if (isSchema(schema)) found.set(name, [...(found.get(name) ?? []), { schema, at: `${where}/properties/${name}` }]);
    for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(branch[key])) (branch[key] as unknown[]).forEach((b, i) => isSchema(b) && visit(b, `${where}/${key}/${i}`));
    for (const key of ['then', 'else']) if (isSchema(branch[key])) visit(branch[key], `${where}/${key}`);
    for (const key of ['dependentSchemas', 'dependencies'])
      if (isSchema(branch[key])) for (const [name, b] of Object.entries(branch[key])) if (isSchema(b)) visit(b, `${where}/${key}/${name}`);
  };
  visit(node, at);
  return found;
}

/** The names the object level of `node` requires, under any of its conditions. */
function requiredAt(node: Schema): Set<string> {
  const names = new Set<string>();
  for (const branch of branches(node)) if (Array.isArray(branch.required)) for (const name of branch.required) if (typeof name === 'string') names.add(name);
  return names;
}

interface Field {
  /** As labels name it: 'corte/fecha', array indexes left out. */
  path: string;
  /** Whether its object requires it (under some condition, perhaps). */
  required: boolean;
  /** The schemas that declare it, with their JSON pointers in the form's schema. */
  schemas: Array<{ schema: Schema; at: string }>;
}

/** Every field below `node`: its properties, those of nested objects and of lists' items. */
function fields(node: Schema, prefix = '', at = ''): Field[] {
  const found: Field[] = [];
  const required = requiredAt(node);
  for (const [name, schemas] of propertiesOf(node, at)) {
    const path = prefix ? `${prefix}/${name}` : name;
    found.push({ path, required: required.has(name), schemas });
    for (const { schema, at: where } of schemas) {
      found.push(...fields(schema, path, where));
      if (isSchema(schema.items)) found.push(...fields(schema.items, path, `${where}/items`));
    }
  }
  return found;
}

export interface FieldMeaning {
  /** The paths of the attestations ('enBovedaOfma'). */
  attestations: ReadonlySet<string>;
  /** The paths of the other booleans: yes/no answers. */
  decisions: ReadonlySet<string>;
}

/** Which fields of `schema` are attestations and which yes/no decisions. */
export function meaningOf(schema: Schema): FieldMeaning {
  const attestations = new Set<string>();
  const decisions = new Set<string>();
  for (const { path, schemas } of fields(schema)) {
    const all = schemas.flatMap(({ schema }) => branches(schema));
    if (all.some(isAttestation)) attestations.add(path);
    else if (all.some((s) => typesOf(s).includes('boolean'))) decisions.add(path);
  }
  return { attestations, decisions };
}

/**
 * `schema` with `x-oficio-not-blank` on every text the form requires — named in its object's
 * `required`, under any condition, or given a `minLength` — (a copy; the argument is left as it is).
 * A text is a string without a fixed set of values (`enum`, `const`).
 */
export function withMeaning(schema: Schema): Schema {
  const copy = structuredClone(schema);
  const visitLevel = (node: Schema) => {
    const required = requiredAt(node);
    for (const [name, schemas] of propertiesOf(node, '')) for (const { schema } of schemas) visitValue(schema, required.has(name));
    for (const branch of branches(node)) {
      if (isSchema(branch.additionalProperties)) visitValue(branch.additionalProperties, false);
      if (isSchema(branch.patternProperties)) for (const child of Object.values(branch.patternProperties)) if (isSchema(child)) visitValue(child, false);
    }
  };
  const visitValue = (node: Schema, required: boolean) => {
    for (const branch of branches(node)) {
      const isText = branch.type === 'string' && !('enum' in branch) && !('const' in branch);
      if (isText && (required || (typeof branch.minLength === 'number' && branch.minLength >= 1))) branch[NOT_BLANK] = true;
      if (isSchema(branch.items)) visitValue(branch.items, false);
      if (Array.isArray(branch.items)) for (const item of branch.items) if (isSchema(item)) visitValue(item, false);
    }
    if (typesOf(node).includes('object') || isSchema(node.properties)) visitLevel(node);
  };
  visitLevel(copy);
  return copy;
}

/** A field path as labels name it: array indexes left out ('bienes/0/cantidad' → 'bienes/cantidad'). */
export const fieldKey = (path: string) =>
  path
    .split('/')
    .filter((s) => s !== '' && !/^\d+$/.test(s))
    .join('/');

/** What else a blank text breaks (its length, its pattern, its format or the dates it must fall between): said once, as 'blank'. */
const SUPERSEDED_BY_BLANK = new Set(['minLength', 'maxLength', 'pattern', 'format', 'formatMinimum', 'formatMaximum', 'formatExclusiveMinimum', 'formatExclusiveMaximum']);
/** What an attestation left unticked breaks, however the schema words it. */
const ATTESTATION_KEYWORDS = new Set(['required', 'const', 'type', 'enum', ATTESTATION]);

/**
 * The keyword a mistake is worded by (the catalogue's `form.error.<keyword>`): 'attestation' for an
 * attestation not ticked, 'decision' for a yes/no left unanswered, 'blank' for a blank text; else
 * ajv's own.
 */
export function meaningKeyword(meaning: FieldMeaning, field: string, keyword: string): string {
  if (keyword === NOT_BLANK) return 'blank';
  const key = fieldKey(field);
  if (meaning.attestations.has(key) && ATTESTATION_KEYWORDS.has(keyword)) return 'attestation';
  if (meaning.decisions.has(key) && keyword === 'required') return 'decision';
  return keyword;
}

/**
 * `errors` worded by what the fields mean (meaningKeyword), each such mistake once (an unticked
 * attestation breaks both its `const` and its marker); a blank text's other complaints left out.
 */
export function refineFieldErrors<E extends { field: string; keyword: string }>(meaning: FieldMeaning, errors: readonly E[]): E[] {
  const blank = new Set(errors.filter((e) => e.keyword === NOT_BLANK).map((e) => e.field));
  const said = new Set<string>();
  const refined: E[] = [];
  for (const error of errors) {
    if (blank.has(error.field) && SUPERSEDED_BY_BLANK.has(error.keyword)) continue;
    const keyword = meaningKeyword(meaning, error.field, error.keyword);
    if (keyword === error.keyword) {
      refined.push(error);
      continue;
    }
    const key = `${error.field}\u0000${keyword}`;
    if (said.has(key)) continue;
    said.add(key);
    refined.push({ ...error, keyword });
  }
  return refined;
}

/** Why a form's attestation or yes/no cannot mean what it should; see `meaningProblems`. */
export type MeaningProblemReason = 'attestationNotBoolean' | 'attestationConst' | 'attestationMarker' | 'attestationDefault' | 'attestationOptional' | 'decisionDefault';

export interface MeaningProblem {
  /** The field, as labels name it. */
  field: string;
  /** Where in the schema (JSON pointer: '/properties/enBovedaOfma'). */
  at: string;
  reason: MeaningProblemReason;
}

/**
 * What keeps the booleans of `schema` from meaning what the person did: an attestation (marked, or
 * a boolean that can only be true) must be a boolean, `const: true`, marked, required and without
 * a default — a pre-ticked statement would be stored as vouched for untouched; a required yes/no
 * must have no default — a preselected answer would route the process without anyone choosing it.
 */
export function meaningProblems(schema: Schema): MeaningProblem[] {
  const problems: MeaningProblem[] = [];
  for (const { path, required, schemas } of fields(schema)) {
    for (const { schema: node, at } of schemas) {
      const add = (reason: MeaningProblemReason) => problems.push({ field: path, at, reason });
      const boolean = typesOf(node).includes('boolean');
      const attestationLike = isAttestation(node) || (boolean && node.const === true);
      if (attestationLike) {
        if (!boolean || typesOf(node).length !== 1) add('attestationNotBoolean');
        if (node.const !== true) add('attestationConst');
        if (!isAttestation(node)) add('attestationMarker');
        if ('default' in node) add('attestationDefault');
        if (!required) add('attestationOptional');
      } else if (boolean && required && 'default' in node) add('decisionDefault');
    }
  }
  return problems;
}
