// The form designer's working model and its conversion to and from a form definition (JSON Schema
// + uiSchema + es/en texts). Pure and import-free (apart from types) so jest checks it without a DOM.
// Whatever the editor does not understand is kept as it was, so an existing form round-trips intact.
import type { FormDefinition, FormDesign, LocalizedForm } from '../api/types.js';
import type { Bilingual, Locale } from '../i18n/define.js';
import { ATTESTATION } from '../../../forms/meaning.js';
import { linearRegExp, patternProblem } from '../../../forms/pattern.js';

export type Json = Record<string, unknown>;

/**
 * A form definition as forms/<id>.form.json holds it and the server hands it over (the contract's
 * FormDefinition), with whatever other keys it carries (examples, …): the designer keeps them as they are.
 */
export type FormDefinitionJson = FormDefinition & { [key: string]: unknown };

/**
 * A boolean is one of three kinds: a 'checkbox' the person may tick or not; a 'yesno' question
 * answered Sí / No with nothing preselected (the decisions that route a process); an 'attestation',
 * a statement the person vouches for by ticking it, which starts unticked and must be ticked
 * (forms/meaning.ts). Neither of the last two takes a default: no answer is given for the person.
 */
export const FIELD_KINDS = [
  'text',
  'textarea',
  'number',
  'date',
  'datetime',
  'select',
  'multiselect',
  'checkbox',
  'yesno',
  'attestation',
  'email',
  'phone',
  'ipv4',
  'url',
  'file',
  'custom',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];
/** The kinds a designer adds; 'custom' only arrives with existing forms (nested objects, lists). */
export const NEW_FIELD_KINDS: readonly FieldKind[] = FIELD_KINDS.filter((k) => k !== 'custom');

export const FORM_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,199}$/;
/** The id in the address of a form not saved yet (/formularios/nuevo). */
export const NEW_FORM_ID = 'nuevo';
export const FIELD_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names a plain object treats specially: a field called so would vanish from the schema. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
/** The phone pattern of the manual's forms: optional +, digits, spaces, parentheses and hyphens. */
export const PHONE_PATTERN = '^\\+?[0-9][0-9 ()-]{6,18}[0-9]$';
export const JSON_SCHEMA_DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

export interface OptionModel {
  value: string;
  label: Bilingual;
}

/** "Mostrar solo si": the field exists (and is required, if so) only while another field equals a value. */
export interface Condition {
  /** The uid of the controlling field (a checkbox or a list), so a rename keeps the condition. */
  fieldUid: string;
  value: string | boolean;
}

export interface NestedTexts {
  labels: Record<string, Bilingual>;
  help: Record<string, Bilingual>;
  options: Record<string, Record<string, Bilingual>>;
}

export interface FieldModel {
  /** Stable identity in the editor; never saved. */
  uid: string;
  /** The property name in the data (camelCase). */
  name: string;
  /** While true the name follows the Spanish label; typing a name turns it off. */
  autoName: boolean;
  kind: FieldKind;
  label: Bilingual;
  help: Bilingual;
  required: boolean;
  // The limits, the pattern, the condition and the option texts may be present but undefined:
  // that is how the editor clears them (toDefinition then removes the keyword).
  minLength?: number | undefined;
  maxLength?: number | undefined;
  pattern?: string | undefined;
  minimum?: number | undefined;
  maximum?: number | undefined;
  integer: boolean;
  /** select / multiselect: the enum values and their names. */
  options: OptionModel[];
  minItems?: number | undefined;
  maxItems?: number | undefined;
  /** select shown as radio buttons. */
  radio: boolean;
  showIf?: Condition | undefined;
  /** The property's schema as loaded (or the kind's template): keywords the editor does not manage stay as they are. */
  schema: Json;
  /** The field's uiSchema node, kept as is apart from the keys the editor manages. */
  ui: Json;
  /** Texts of paths below this field ('ciudadano/nombre' → 'nombre'); they follow a rename. */
  nested: NestedTexts;
  /** Names of enum values the editor does not manage (a boolean's "Sí"/"No"). */
  optionTexts?: Record<string, Bilingual> | undefined;
  /** Position in the loaded schema's `required`, so an untouched form writes it back in the same order. */
  requiredRank?: number;
}

export interface FormModel {
  id: string;
  title: Bilingual;
  description: Bilingual;
  manualReference: string;
  fields: FieldModel[];
  /** The form accepts only its own fields (additionalProperties: false, or propertyNames when fields are conditional). */
  closed: boolean;
  /** The root schema as loaded; properties, required, allOf and closedness are rewritten over it. */
  schemaBase: Json;
  /** allOf entries that are not a field's "Mostrar solo si" (kept verbatim; edited in the JSON tab). */
  rules: unknown[];
  /** The root uiSchema without ui:order and the fields' nodes. */
  uiBase: Json;
  /** Where '*' stood in ui:order, if it did. */
  orderStar?: number;
  /** Names in the root `required` that are no field of the form. */
  extraRequired: string[];
  /** Texts whose path names no field. */
  extraTexts: NestedTexts;
  /** Top-level keys of the definition the designer does not edit (examples, …), kept as they are. */
  extra: Json;
  /** Which optional texts objects the loaded definition had, so they are written back even when empty. */
  had: { help: boolean; options: boolean };
}

// ————————————————————————————————————————————————————————— helpers

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function isText(value: unknown): value is Bilingual {
  return isObject(value) && typeof value.es === 'string' && typeof value.en === 'string';
}

const emptyText = (): Bilingual => ({ es: '', en: '' });
const hasText = (t: Bilingual | undefined): t is Bilingual => Boolean(t && (t.es.trim() || t.en.trim()));
const emptyNested = (): NestedTexts => ({ labels: {}, help: {}, options: {} });

let uidCounter = 0;
export function newUid(): string {
  uidCounter += 1;
  return `f${uidCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Sets a managed keyword, or removes it when the editor cleared it (a non-primitive value, e.g. {$data}, is never the editor's). */
function setManaged(schema: Json, key: string, value: number | string | boolean | undefined, kind: 'number' | 'string' | 'boolean'): void {
  if (value !== undefined && value !== '') schema[key] = value;
  else if (typeof schema[key] === kind) delete schema[key];
}

function uiOptions(ui: Json): Json {
  return isObject(ui['ui:options']) ? ui['ui:options'] : {};
}

// ————————————————————————————————————————————————————————— templates

const ATTACHMENT_SCHEMA: Json = {
  type: 'object',
  'x-oficio-attachment': {},
  required: ['id', 'nombre'],
  properties: {
    id: { type: 'string', minLength: 1 },
    nombre: { type: 'string', minLength: 1, maxLength: 255 },
    tipo: { type: 'string', maxLength: 255 },
    tamano: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
};

/** The schema and uiSchema a new field of each kind starts from. */
export function templateOf(kind: FieldKind): { schema: Json; ui: Json } {
  switch (kind) {
    case 'text':
      return { schema: { type: 'string' }, ui: {} };
    case 'textarea':
      return { schema: { type: 'string' }, ui: { 'ui:widget': 'textarea', 'ui:options': { rows: 4 } } };
    case 'number':
      return { schema: { type: 'number' }, ui: {} };
    case 'date':
      return { schema: { type: 'string', format: 'date' }, ui: {} };
    case 'datetime':
      return { schema: { type: 'string', format: 'date-time' }, ui: {} };
    case 'select':
      return { schema: { type: 'string', enum: [] }, ui: {} };
    case 'multiselect':
      return { schema: { type: 'array', items: { type: 'string', enum: [] }, uniqueItems: true }, ui: { 'ui:widget': 'checkboxes' } };
    case 'checkbox':
      return { schema: { type: 'boolean' }, ui: {} };
    case 'yesno':
      return { schema: { type: 'boolean' }, ui: { 'ui:widget': 'radio' } };
    case 'attestation':
      return { schema: { type: 'boolean', const: true, [ATTESTATION]: true }, ui: { 'ui:widget': 'checkbox' } };
    case 'email':
      return { schema: { type: 'string', format: 'email', maxLength: 254 }, ui: {} };
    case 'phone':
      return { schema: { type: 'string', pattern: PHONE_PATTERN }, ui: { 'ui:options': { inputType: 'tel' } } };
    case 'ipv4':
      return { schema: { type: 'string', format: 'ipv4' }, ui: {} };
    case 'url':
      return { schema: { type: 'string', format: 'uri', maxLength: 2000 }, ui: {} };
    case 'file':
      return { schema: clone(ATTACHMENT_SCHEMA), ui: {} };
    case 'custom':
      return { schema: { type: 'string' }, ui: {} };
  }
}

/** A new field of `kind`; texts start empty and the name follows the Spanish label. */
export function newField(kind: FieldKind, init: Partial<FieldModel> = {}): FieldModel {
  const { schema, ui } = templateOf(kind);
  const field: FieldModel = {
    uid: newUid(),
    name: '',
    autoName: true,
    kind,
    label: emptyText(),
    help: emptyText(),
    // A question the process routes on, or a statement to vouch for, is asked for by default.
    required: kind === 'yesno' || kind === 'attestation',
    integer: false,
    options: [],
    radio: false,
    schema,
    ui,
    nested: emptyNested(),
    ...(kind === 'text' ? { maxLength: 200 } : {}),
    ...(kind === 'textarea' ? { maxLength: 2000 } : {}),
  };
  return { ...readManaged(field), ...init };
}

/** Pulls the managed keywords of the field's schema into the model (what the editor shows). */
function readManaged(field: FieldModel): FieldModel {
  const s = field.schema;
  const f = { ...field };
  if (f.kind === 'text' || f.kind === 'textarea') {
    f.minLength = f.minLength ?? num(s.minLength);
    f.maxLength = f.maxLength ?? num(s.maxLength);
    f.pattern = f.pattern ?? str(s.pattern);
  }
  if (f.kind === 'number') {
    f.integer = s.type === 'integer';
    f.minimum = f.minimum ?? num(s.minimum);
    f.maximum = f.maximum ?? num(s.maximum);
  }
  if (f.kind === 'multiselect') {
    f.minItems = f.minItems ?? num(s.minItems);
    f.maxItems = f.maxItems ?? num(s.maxItems);
  }
  if (f.kind === 'select') f.radio = field.ui['ui:widget'] === 'radio';
  return f;
}

/** The field turned into another kind: texts, name, required and condition stay; the rest starts over. */
export function changeKind(field: FieldModel, kind: FieldKind): FieldModel {
  if (kind === field.kind) return field;
  const { schema, ui } = templateOf(kind);
  const keepsLength = (k: FieldKind) => k === 'text' || k === 'textarea';
  const keepsOptions = (k: FieldKind) => k === 'select' || k === 'multiselect';
  return readManaged({
    ...field,
    kind,
    schema,
    ui,
    minLength: keepsLength(kind) && keepsLength(field.kind) ? field.minLength : undefined,
    maxLength: keepsLength(kind) && keepsLength(field.kind) ? field.maxLength : kind === 'text' ? 200 : kind === 'textarea' ? 2000 : undefined,
    pattern: keepsLength(kind) && keepsLength(field.kind) ? field.pattern : undefined,
    minimum: undefined,
    maximum: undefined,
    integer: false,
    options: keepsOptions(kind) && keepsOptions(field.kind) ? field.options : [],
    minItems: undefined,
    maxItems: undefined,
    radio: false,
    optionTexts: undefined,
    nested: emptyNested(),
    ...(kind === 'attestation' ? { required: true } : {}),
  });
}

// ————————————————————————————————————————————————————————— reading a definition

function kindOf(schema: Json, ui: Json): FieldKind {
  const widget = ui['ui:widget'];
  const inputType = uiOptions(ui).inputType ?? ui['ui:inputType'];
  if (schema.type === 'object' && 'x-oficio-attachment' in schema) return 'file';
  if (schema.type === 'string') {
    if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string')) return 'select';
    if (schema.format === 'date') return 'date';
    if (schema.format === 'date-time') return 'datetime';
    if (schema.format === 'email') return 'email';
    if (schema.format === 'ipv4') return 'ipv4';
    if (schema.format === 'uri') return 'url';
    if (schema.format !== undefined) return 'custom';
    if (inputType === 'tel') return 'phone';
    if (widget === 'textarea') return 'textarea';
    return 'text';
  }
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'boolean') {
    // A boolean that can only be true is a statement to vouch for, marked or not (designed before the marker).
    if (schema[ATTESTATION] === true || schema.const === true) return 'attestation';
    return widget === 'radio' ? 'yesno' : 'checkbox';
  }
  if (schema.type === 'array' && isObject(schema.items) && schema.items.type === 'string' && Array.isArray(schema.items.enum) && schema.items.enum.every((v) => typeof v === 'string')) {
    return 'multiselect';
  }
  return 'custom';
}

/** `{ if: { required?: [X], properties: { X: { const: V } } }, then: { properties: { N: … }, required?: [N] } }`, as the designer writes it. */
function asOwnedCondition(rule: unknown): { controller: string; value: string | boolean; name: string; schema: Json; required: boolean } | undefined {
  if (!isObject(rule) || !sameKeys(rule, ['if', 'then'])) return undefined;
  const cond = rule.if;
  const then = rule.then;
  if (!isObject(cond) || !(sameKeys(cond, ['required', 'properties']) || sameKeys(cond, ['properties'])) || !isObject(then)) return undefined;
  // Without `required`, the condition also holds while the controller has no value (an unticked checkbox).
  const required = cond.required ?? (isObject(cond.properties) ? Object.keys(cond.properties) : undefined);
  if (!Array.isArray(required) || required.length !== 1 || typeof required[0] !== 'string') return undefined;
  const controller = required[0];
  if (!isObject(cond.properties) || !sameKeys(cond.properties, [controller])) return undefined;
  const test = cond.properties[controller];
  if (!isObject(test) || !sameKeys(test, ['const']) || (typeof test.const !== 'string' && typeof test.const !== 'boolean')) return undefined;
  if (!(sameKeys(then, ['properties']) || sameKeys(then, ['properties', 'required']))) return undefined;
  if (!isObject(then.properties) || Object.keys(then.properties).length !== 1) return undefined;
  const name = Object.keys(then.properties)[0]!;
  const schema = then.properties[name];
  if (!isObject(schema) || name === controller) return undefined;
  if ('required' in then && !(Array.isArray(then.required) && then.required.length === 1 && then.required[0] === name)) return undefined;
  return { controller, value: test.const, name, schema, required: 'required' in then };
}

function sameKeys(value: Json, keys: string[]): boolean {
  const have = Object.keys(value);
  return have.length === keys.length && keys.every((k) => k in value);
}

function isGeneratedPropertyNames(value: unknown): boolean {
  return isObject(value) && sameKeys(value, ['enum']) && Array.isArray(value.enum) && value.enum.every((v) => typeof v === 'string');
}

/** The working model of a definition. Nothing is dropped: what has no place in the editor is kept aside. */
export function fromDefinition(input: FormDefinitionJson): FormModel {
  const def = clone(input);
  const schema = isObject(def.schema) ? def.schema : {};
  const uiSchema = isObject(def.uiSchema) ? def.uiSchema : {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  const rootRequired = Array.isArray(schema.required) ? (schema.required as unknown[]).filter((r): r is string => typeof r === 'string') : [];
  const allOf = Array.isArray(schema.allOf) ? schema.allOf : [];

  // Fields: the root properties, then the fields that live in a "Mostrar solo si" rule.
  const byName = new Map<string, FieldModel>();
  const make = (name: string, propSchema: unknown, required: boolean, requiredRank?: number): FieldModel => {
    const ui = isObject(uiSchema[name]) ? clone(uiSchema[name] as Json) : {};
    const s = isObject(propSchema) ? propSchema : {};
    const kind = isObject(propSchema) ? kindOf(s, ui) : 'custom';
    const field: FieldModel = {
      uid: newUid(),
      name,
      autoName: false,
      kind,
      label: emptyText(),
      help: emptyText(),
      required,
      integer: false,
      options: [],
      radio: false,
      schema: isObject(propSchema) ? s : ({ __raw: propSchema } as Json),
      ui,
      nested: emptyNested(),
      ...(requiredRank !== undefined ? { requiredRank } : {}),
    };
    return readManaged(field);
  };
  for (const [name, propSchema] of Object.entries(properties)) {
    const rank = rootRequired.indexOf(name);
    byName.set(name, make(name, propSchema, rank !== -1, rank === -1 ? undefined : rank));
  }
  const rules: unknown[] = [];
  const pending: Array<{ field: FieldModel; controller: string; value: string | boolean }> = [];
  for (const rule of allOf) {
    const owned = asOwnedCondition(rule);
    if (owned && !byName.has(owned.name)) {
      const field = make(owned.name, owned.schema, owned.required);
      byName.set(owned.name, field);
      pending.push({ field, controller: owned.controller, value: owned.value });
    } else rules.push(rule);
  }
  for (const p of pending) {
    const controller = byName.get(p.controller);
    if (controller) p.field.showIf = { fieldUid: controller.uid, value: p.value };
    else {
      // A condition on a field that does not exist cannot be edited; keep it as written.
      byName.delete(p.field.name);
      const rule = allOf.find((r) => asOwnedCondition(r)?.name === p.field.name);
      rules.push(rule);
    }
  }

  // Order: ui:order first, the rest as the schema lists them.
  const order = Array.isArray(uiSchema['ui:order']) ? (uiSchema['ui:order'] as unknown[]).filter((o): o is string => typeof o === 'string') : [];
  const fields: FieldModel[] = [];
  let orderStar: number | undefined;
  for (const name of order) {
    if (name === '*') orderStar = fields.length;
    const field = byName.get(name);
    if (field && !fields.includes(field)) fields.push(field);
  }
  for (const field of byName.values()) if (!fields.includes(field)) fields.push(field);

  // Texts: a path's first segment names its field.
  const extraTexts = emptyNested();
  const place = (kind: 'labels' | 'help', texts: unknown) => {
    if (!isObject(texts)) return;
    for (const [path, text] of Object.entries(texts)) {
      if (!isText(text)) {
        (extraTexts[kind] as Record<string, unknown>)[path] = text;
        continue;
      }
      const [head, ...rest] = path.split('/');
      const field = byName.get(head!);
      if (!field) extraTexts[kind][path] = text;
      else if (rest.length === 0) field[kind === 'labels' ? 'label' : 'help'] = { ...text };
      else field.nested[kind][rest.join('/')] = text;
    }
  };
  place('labels', def.labels);
  place('help', def.help);
  if (isObject(def.options)) {
    for (const [path, names] of Object.entries(def.options)) {
      const [head, ...rest] = path.split('/');
      const field = byName.get(head!);
      if (!field || !isObject(names)) (extraTexts.options as Record<string, unknown>)[path] = names;
      else if (rest.length) field.nested.options[rest.join('/')] = names as Record<string, Bilingual>;
      else field.optionTexts = names as Record<string, Bilingual>;
    }
  }
  // Options of lists: the enum, named by their texts.
  for (const field of fields) {
    const values = field.kind === 'select' ? field.schema.enum : field.kind === 'multiselect' && isObject(field.schema.items) ? field.schema.items.enum : undefined;
    if (!Array.isArray(values)) continue;
    const texts = field.optionTexts ?? {};
    field.options = (values as string[]).map((value) => ({ value, label: isText(texts[value]) ? { ...texts[value] } : emptyText() }));
    const unknown = Object.fromEntries(Object.entries(texts).filter(([value]) => !(values as string[]).includes(value)));
    field.optionTexts = Object.keys(unknown).length ? unknown : undefined;
  }

  const { id, title, description, schema: _s, uiSchema: _u, labels: _l, help: _h, options: _o, manualReference, ...extra } = def;
  const uiBase = { ...uiSchema };
  delete uiBase['ui:order'];
  for (const name of byName.keys()) delete uiBase[name];
  return {
    id: typeof id === 'string' ? id : '',
    title: isText(title) ? { ...title } : emptyText(),
    description: isText(description) ? { ...description } : emptyText(),
    manualReference: typeof manualReference === 'string' ? manualReference : '',
    fields,
    closed: schema.additionalProperties === false || isGeneratedPropertyNames(schema.propertyNames),
    schemaBase: schema,
    rules,
    uiBase,
    ...(orderStar !== undefined ? { orderStar } : {}),
    extraRequired: rootRequired.filter((r) => !byName.has(r) || byName.get(r)!.showIf),
    extraTexts,
    extra,
    had: { help: 'help' in def, options: 'options' in def },
  };
}

/** A new, empty form. */
export function emptyModel(id = ''): FormModel {
  return {
    id,
    title: emptyText(),
    description: emptyText(),
    manualReference: '',
    fields: [],
    closed: true,
    schemaBase: { $schema: JSON_SCHEMA_DRAFT_07, type: 'object', properties: {} },
    rules: [],
    uiBase: {},
    extraRequired: [],
    extraTexts: emptyNested(),
    extra: {},
    had: { help: false, options: false },
  };
}

// ————————————————————————————————————————————————————————— writing a definition

/** The property schema the field stands for. */
export function fieldSchema(field: FieldModel): unknown {
  if ('__raw' in field.schema && Object.keys(field.schema).length === 1) return clone(field.schema.__raw);
  const s = clone(field.schema);
  switch (field.kind) {
    case 'text':
    case 'textarea':
      setManaged(s, 'minLength', field.minLength, 'number');
      setManaged(s, 'maxLength', field.maxLength, 'number');
      setManaged(s, 'pattern', field.pattern, 'string');
      break;
    case 'number':
      s.type = field.integer ? 'integer' : 'number';
      setManaged(s, 'minimum', field.minimum, 'number');
      setManaged(s, 'maximum', field.maximum, 'number');
      break;
    case 'select':
      s.enum = field.options.map((o) => o.value);
      break;
    case 'multiselect':
      s.items = { ...(isObject(s.items) ? s.items : { type: 'string' }), enum: field.options.map((o) => o.value) };
      setManaged(s, 'minItems', field.minItems, 'number');
      setManaged(s, 'maxItems', field.maxItems, 'number');
      break;
    case 'checkbox':
      if (s.const === true) delete s.const;
      delete s[ATTESTATION];
      break;
    case 'yesno':
      // Answered by the person, never in advance.
      delete s.default;
      delete s.const;
      delete s[ATTESTATION];
      break;
    case 'attestation':
      // Unticked until the person ticks it; a default would vouch for them.
      s.const = true;
      s[ATTESTATION] = true;
      delete s.default;
      break;
    default:
      break;
  }
  return s;
}

/** The field's uiSchema node with the keys the editor manages set. */
export function fieldUi(field: FieldModel): Json {
  const ui = clone(field.ui);
  if (field.kind === 'select') {
    if (field.radio) ui['ui:widget'] = 'radio';
    else if (ui['ui:widget'] === 'radio') delete ui['ui:widget'];
  }
  if (field.kind === 'yesno') ui['ui:widget'] = 'radio';
  if (field.kind === 'attestation') ui['ui:widget'] = 'checkbox';
  // Oficio's upload field is given by the form's root properties; a conditional file needs it named.
  if (field.kind === 'file') {
    if (field.showIf) ui['ui:field'] = 'oficioAttachment';
    else if (ui['ui:field'] === 'oficioAttachment') delete ui['ui:field'];
  }
  return ui;
}

/** The kinds whose value may decide whether another field is shown. */
export const CONTROLLER_KINDS: readonly FieldKind[] = ['checkbox', 'yesno', 'select'];

/** The controlling field of a condition, when it still exists and can control (a checkbox, a yes/no or a list). */
export function controllerOf(model: FormModel, field: FieldModel): FieldModel | undefined {
  if (!field.showIf) return undefined;
  const controller = model.fields.find((f) => f.uid === field.showIf!.fieldUid);
  return controller && controller !== field && CONTROLLER_KINDS.includes(controller.kind) ? controller : undefined;
}

/** Whether a field is asked for: as the designer says, and always for an attestation. */
export const isRequired = (field: FieldModel) => field.required || field.kind === 'attestation';

/**
 * The rule that shows `field` only while its controller has the value, and requires it then if it
 * is required. A field shown while a checkbox is unticked is shown while it was never touched too
 * (no value is what an unticked box sends), so that condition does not ask for a value; any other
 * — a ticked box, a yes/no, a list — holds only once the person chose it.
 */
export function conditionRule(controllerName: string, value: string | boolean, name: string, schema: unknown, required: boolean, controllerKind?: FieldKind): Json {
  const untouchedCounts = controllerKind === 'checkbox' && value === false;
  return {
    if: { ...(untouchedCounts ? {} : { required: [controllerName] }), properties: { [controllerName]: { const: value } } },
    then: { properties: { [name]: schema }, ...(required ? { required: [name] } : {}) },
  };
}

/** The definition the model stands for (fields without a usable name are left out). */
export function toDefinition(model: FormModel): FormDefinitionJson {
  const fields = model.fields.filter((f) => f.name.trim() !== '');
  const schema = clone(model.schemaBase);
  const properties: Json = {};
  const owned: Json[] = [];
  const required: FieldModel[] = [];
  let conditional = false;
  for (const field of fields) {
    const controller = controllerOf(model, field);
    if (controller && controller.name.trim()) {
      conditional = true;
      owned.push(conditionRule(controller.name, field.showIf!.value, field.name, fieldSchema(field), isRequired(field), controller.kind));
    } else {
      properties[field.name] = fieldSchema(field);
      if (isRequired(field)) required.push(field);
    }
  }
  schema.properties = properties;
  const ranked = required
    .map((field, index) => ({ field, index }))
    .sort((a, b) => (a.field.requiredRank ?? Infinity) - (b.field.requiredRank ?? Infinity) || a.index - b.index)
    .map((r) => r.field.name);
  const rootNames = new Set(fields.filter((f) => !controllerOf(model, f)).map((f) => f.name));
  const requiredNames = [...ranked, ...model.extraRequired.filter((r) => !rootNames.has(r))];
  if (requiredNames.length || Array.isArray(model.schemaBase.required)) schema.required = requiredNames;
  else delete schema.required;
  const allOf = [...clone(model.rules), ...owned];
  if (allOf.length) schema.allOf = allOf;
  else delete schema.allOf;
  if (model.closed) {
    if (conditional) {
      // additionalProperties sees only the root's properties, so a field that exists only under a
      // condition would be refused; propertyNames closes the form without that blind spot.
      delete schema.additionalProperties;
      schema.propertyNames = { enum: fields.map((f) => f.name) };
    } else {
      if (isGeneratedPropertyNames(schema.propertyNames)) delete schema.propertyNames;
      schema.additionalProperties = false;
    }
  }

  const uiSchema: Json = clone(model.uiBase);
  const order: string[] = fields.map((f) => f.name);
  if (model.orderStar !== undefined) order.splice(Math.min(model.orderStar, order.length), 0, '*');
  uiSchema['ui:order'] = order;
  for (const field of fields) {
    const ui = fieldUi(field);
    if (Object.keys(ui).length) uiSchema[field.name] = ui;
  }

  const labels: Record<string, Bilingual> = {};
  const help: Record<string, Bilingual> = {};
  const options: Record<string, Record<string, Bilingual>> = {};
  for (const field of fields) {
    if (hasText(field.label)) labels[field.name] = { ...field.label };
    for (const [path, text] of Object.entries(field.nested.labels)) labels[`${field.name}/${path}`] = clone(text);
    if (hasText(field.help)) help[field.name] = { ...field.help };
    for (const [path, text] of Object.entries(field.nested.help)) help[`${field.name}/${path}`] = clone(text);
    const names: Record<string, Bilingual> = { ...clone(field.optionTexts ?? {}) };
    if (field.kind === 'select' || field.kind === 'multiselect') for (const o of field.options) if (hasText(o.label)) names[o.value] = { ...o.label };
    if (Object.keys(names).length) options[field.name] = names;
    for (const [path, text] of Object.entries(field.nested.options)) options[`${field.name}/${path}`] = clone(text);
  }
  Object.assign(labels, clone(model.extraTexts.labels));
  Object.assign(help, clone(model.extraTexts.help));
  Object.assign(options, clone(model.extraTexts.options));

  const definition: FormDefinitionJson = {
    id: model.id,
    title: { ...model.title },
    ...(hasText(model.description) ? { description: { ...model.description } } : {}),
    schema,
    uiSchema,
    labels,
    ...(Object.keys(help).length || model.had.help ? { help } : {}),
    ...(Object.keys(options).length || model.had.options ? { options } : {}),
    manualReference: model.manualReference,
    ...clone(model.extra),
  };
  return definition;
}

/** What PUT /api/forms/:id takes: the definition without its id and the keys the server does not store. */
export function toSaveBody(definition: FormDefinitionJson): FormDesign {
  const body: FormDesign = { title: definition.title, schema: definition.schema, uiSchema: definition.uiSchema, labels: definition.labels, manualReference: definition.manualReference };
  if (definition.description) body.description = definition.description;
  if (definition.help) body.help = definition.help;
  if (definition.options) body.options = definition.options;
  return body;
}

/** Keywords of the field's schema the editor neither manages nor implies by its kind: kept, and named to the user. */
export function keptKeywords(field: FieldModel): string[] {
  if (field.kind === 'custom') return [];
  const known = new Set(['type', 'format', 'x-oficio-attachment']);
  const byKind: Partial<Record<FieldKind, string[]>> = {
    text: ['minLength', 'maxLength', 'pattern'],
    textarea: ['minLength', 'maxLength', 'pattern'],
    number: ['minimum', 'maximum'],
    select: ['enum'],
    multiselect: ['items', 'uniqueItems', 'minItems', 'maxItems'],
    // A default is dropped from these (toDefinition), not kept.
    yesno: ['default'],
    attestation: ['const', ATTESTATION, 'default'],
    phone: ['pattern'],
    email: ['maxLength'],
    url: ['maxLength'],
    file: ['required', 'properties', 'additionalProperties'],
  };
  for (const key of byKind[field.kind] ?? []) known.add(key);
  // A {$data} limit or a non-numeric value is not the editor's even under a managed name.
  const managedPrimitive = (key: string) => !['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems'].includes(key) || typeof field.schema[key] === 'number';
  return Object.keys(field.schema).filter((key) => !known.has(key) || !managedPrimitive(key));
}

// ————————————————————————————————————————————————————————— editing

/** Moves the field at `from` to `to` (indices in the list). */
export function moveField(model: FormModel, from: number, to: number): FormModel {
  if (from === to || from < 0 || to < 0 || from >= model.fields.length || to >= model.fields.length) return model;
  const fields = [...model.fields];
  const [moved] = fields.splice(from, 1);
  fields.splice(to, 0, moved!);
  return { ...model, fields };
}

/** Removes a field; fields shown only under its condition become always visible. */
export function removeField(model: FormModel, uid: string): FormModel {
  return {
    ...model,
    fields: model.fields.filter((f) => f.uid !== uid).map((f) => (f.showIf?.fieldUid === uid ? { ...f, showIf: undefined } : f)),
  };
}

export function updateField(model: FormModel, uid: string, change: (field: FieldModel) => FieldModel): FormModel {
  return { ...model, fields: model.fields.map((f) => (f.uid === uid ? change(f) : f)) };
}

const STOP_WORDS = new Set(['de', 'del', 'la', 'las', 'el', 'los', 'y', 'o', 'a', 'en', 'por', 'para', 'con', 'un', 'una', 'al', 'e', 'u']);

function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ñ/gi, 'n')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** camelCase from a Spanish label, without articles and prepositions ("Motivo de la solicitud" → motivoSolicitud), unique among `taken`. */
export function suggestName(label: string, taken: Iterable<string> = []): string {
  const all = words(label);
  const meaningful = all.filter((w) => !STOP_WORDS.has(w.toLowerCase()));
  const chosen = (meaningful.length ? meaningful : all).slice(0, 6);
  let name = chosen.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
  if (!name) return '';
  if (/^[0-9]/.test(name)) name = `campo${name}`;
  const used = new Set(taken);
  if (!used.has(name)) return name;
  for (let n = 2; ; n++) if (!used.has(`${name}${n}`)) return `${name}${n}`;
}

/** kebab-case option value from its label ("Nueva versión" → nueva-version). */
export function suggestValue(label: string): string {
  return words(label).join('-').toLowerCase().slice(0, 60);
}

// ————————————————————————————————————————————————————————— checks

export type IssueCode =
  | 'id.invalid'
  | 'id.reserved'
  | 'title.required'
  | 'manualReference.required'
  | 'fields.empty'
  | 'name.required'
  | 'name.invalid'
  | 'name.duplicate'
  | 'label.required'
  | 'options.empty'
  | 'options.valueRequired'
  | 'options.duplicate'
  | 'pattern.invalid'
  | 'pattern.backReference'
  | 'pattern.lookAround'
  | 'range.invalid'
  | 'condition.missing'
  | 'condition.cycle'
  | 'condition.value'
  | 'checkbox.required'
  | 'text.incomplete'
  | 'options.labelRequired';

export interface Issue {
  /** The field it belongs to; none for the form as a whole. */
  fieldUid?: string;
  /** Which input: 'name', 'label.es', 'options.1.value', 'minLength', 'showIf', 'title.en', … */
  at: string;
  code: IssueCode;
  params?: Record<string, string | number>;
}

/**
 * What keeps `pattern` from being used, as an issue: patterns are evaluated by RE2 (forms/pattern.ts)
 * in the browser and on the server, which runs in time linear in the text but has no
 * back-references nor look-around. Undefined when it can be used.
 */
export function patternIssue(pattern: string | undefined): { code: 'pattern.invalid' | 'pattern.backReference' | 'pattern.lookAround'; params: { error: string } } | undefined {
  if (!pattern) return undefined;
  const problem = patternProblem(pattern);
  if (!problem) return undefined;
  const code = problem.reason === 'backReference' ? 'pattern.backReference' : problem.reason === 'lookAround' ? 'pattern.lookAround' : 'pattern.invalid';
  return { code, params: { error: problem.detail } };
}

/** Why `pattern` cannot be used (the part at fault, or the engine's account of it); undefined when it can. */
export function patternError(pattern: string | undefined): string | undefined {
  return patternIssue(pattern)?.params.error;
}

/** Whether `text` matches `pattern` as the forms' validators evaluate it (RE2); undefined when the pattern cannot be used. */
export function patternMatches(pattern: string, text: string): boolean | undefined {
  return patternError(pattern) ? undefined : linearRegExp(pattern, 'u').test(text);
}

/** What keeps the model from being saved, each at the input it concerns. */
export function checkModel(model: FormModel, options: { checkId?: boolean } = {}): Issue[] {
  const issues: Issue[] = [];
  if (options.checkId && !FORM_ID_PATTERN.test(model.id)) issues.push({ at: 'id', code: 'id.invalid' });
  // The designer's address for a new form is /formularios/nuevo, so no form may take that key.
  else if (options.checkId && model.id === NEW_FORM_ID) issues.push({ at: 'id', code: 'id.reserved' });
  for (const lang of ['es', 'en'] as const) if (!model.title[lang].trim()) issues.push({ at: `title.${lang}`, code: 'title.required' });
  if (!model.manualReference.trim()) issues.push({ at: 'manualReference', code: 'manualReference.required' });
  // The server takes a text in both languages or in none.
  const pair = (text: Bilingual, at: string, fieldUid?: string) => {
    if (!hasText(text)) return;
    for (const lang of ['es', 'en'] as const) if (!text[lang].trim()) issues.push({ ...(fieldUid ? { fieldUid } : {}), at: `${at}.${lang}`, code: 'text.incomplete' });
  };
  pair(model.description, 'description');
  if (model.fields.length === 0) issues.push({ at: 'fields', code: 'fields.empty' });
  const counts = new Map<string, number>();
  for (const f of model.fields) counts.set(f.name, (counts.get(f.name) ?? 0) + 1);
  for (const field of model.fields) {
    const add = (at: string, code: IssueCode, params?: Issue['params']) => issues.push({ fieldUid: field.uid, at, code, ...(params ? { params } : {}) });
    if (!field.name.trim()) add('name', 'name.required');
    else if (!FIELD_NAME_PATTERN.test(field.name) || RESERVED_NAMES.has(field.name)) add('name', 'name.invalid');
    else if ((counts.get(field.name) ?? 0) > 1) add('name', 'name.duplicate');
    for (const lang of ['es', 'en'] as const) if (!field.label[lang].trim()) add(`label.${lang}`, 'label.required');
    pair(field.help, 'help', field.uid);
    if (field.kind === 'select' || field.kind === 'multiselect') {
      if (field.options.length === 0) add('options', 'options.empty');
      const seen = new Set<string>();
      field.options.forEach((o, i) => {
        if (!o.value.trim()) add(`options.${i}.value`, 'options.valueRequired');
        else if (seen.has(o.value)) add(`options.${i}.value`, 'options.duplicate');
        seen.add(o.value);
        for (const lang of ['es', 'en'] as const) if (!o.label[lang].trim()) add(`options.${i}.label.${lang}`, 'options.labelRequired');
      });
    }
    if (field.kind === 'text' || field.kind === 'textarea') {
      const issue = patternIssue(field.pattern);
      if (issue) add('pattern', issue.code, issue.params);
      if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) add('maxLength', 'range.invalid');
    }
    // Unticked, a checkbox sends nothing: asked for, it could only be ticked and unticked again to say no.
    if (field.kind === 'checkbox' && field.required) add('required', 'checkbox.required');
    if (field.kind === 'number' && field.minimum !== undefined && field.maximum !== undefined && field.minimum > field.maximum) add('maximum', 'range.invalid');
    if (field.kind === 'multiselect' && field.minItems !== undefined && field.maxItems !== undefined && field.minItems > field.maxItems) add('maxItems', 'range.invalid');
    if (field.showIf) {
      const controller = controllerOf(model, field);
      if (!controller) add('showIf', 'condition.missing');
      else {
        if (controller.kind === 'select' && !controller.options.some((o) => o.value === field.showIf!.value)) add('showIf.value', 'condition.value');
        if ((controller.kind === 'checkbox' || controller.kind === 'yesno') && typeof field.showIf.value !== 'boolean') add('showIf.value', 'condition.value');
        // A chain that comes back to the field would hide all of its members for good.
        const visited = new Set<string>([field.uid]);
        let next: FieldModel | undefined = controller;
        while (next) {
          if (visited.has(next.uid)) {
            add('showIf', 'condition.cycle');
            break;
          }
          visited.add(next.uid);
          next = controllerOf(model, next);
        }
      }
    }
  }
  return issues;
}

// ————————————————————————————————————————————————————————— preview and the JSON tab

/** The definition as a reader in `locale` receives it (Spanish where the English text is missing). */
export function toLocalizedForm(def: FormDefinitionJson, locale: Locale): LocalizedForm {
  const pick = (t: Bilingual | undefined) => (t ? (t[locale]?.trim() ? t[locale] : t.es) : '');
  const map = (texts: Record<string, Bilingual> | undefined) => Object.fromEntries(Object.entries(texts ?? {}).map(([k, v]) => [k, pick(v)]));
  const description = pick(def.description);
  return {
    id: def.id,
    title: pick(def.title),
    ...(description ? { description } : {}),
    schema: def.schema,
    uiSchema: def.uiSchema,
    labels: map(def.labels),
    help: map(def.help),
    options: Object.fromEntries(Object.entries(def.options ?? {}).map(([k, v]) => [k, map(v)])),
    manualReference: def.manualReference,
  };
}

export interface ShapeError {
  /** JSON pointer of the offending part ('/title/en'). */
  path: string;
  code: 'object' | 'string' | 'text' | 'id' | 'schemaType' | 'properties';
}

/** The basic shape a definition must have before the editor takes it. */
export function checkDefinitionShape(value: unknown): ShapeError[] {
  const errors: ShapeError[] = [];
  if (!isObject(value)) return [{ path: '', code: 'object' }];
  if (typeof value.id !== 'string') errors.push({ path: '/id', code: 'string' });
  else if (!FORM_ID_PATTERN.test(value.id)) errors.push({ path: '/id', code: 'id' });
  if (!isText(value.title)) errors.push({ path: '/title', code: 'text' });
  if (value.description !== undefined && !isText(value.description)) errors.push({ path: '/description', code: 'text' });
  if (typeof value.manualReference !== 'string') errors.push({ path: '/manualReference', code: 'string' });
  if (!isObject(value.schema)) errors.push({ path: '/schema', code: 'object' });
  else {
    if (value.schema.type !== 'object') errors.push({ path: '/schema/type', code: 'schemaType' });
    if (!isObject(value.schema.properties)) errors.push({ path: '/schema/properties', code: 'properties' });
  }
  if (!isObject(value.uiSchema)) errors.push({ path: '/uiSchema', code: 'object' });
  const textMap = (key: 'labels' | 'help', required: boolean) => {
    const map = value[key];
    if (map === undefined && !required) return;
    if (!isObject(map)) return errors.push({ path: `/${key}`, code: 'object' });
    for (const [path, text] of Object.entries(map)) if (!isText(text)) errors.push({ path: `/${key}/${pointerEscape(path)}`, code: 'text' });
  };
  textMap('labels', true);
  textMap('help', false);
  if (value.options !== undefined) {
    if (!isObject(value.options)) errors.push({ path: '/options', code: 'object' });
    else
      for (const [path, names] of Object.entries(value.options)) {
        if (!isObject(names)) errors.push({ path: `/options/${pointerEscape(path)}`, code: 'object' });
        else for (const [v, text] of Object.entries(names)) if (!isText(text)) errors.push({ path: `/options/${pointerEscape(path)}/${pointerEscape(v)}`, code: 'text' });
      }
  }
  return errors;
}

function pointerEscape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Where a JSON text stops being JSON (0-based offset, 1-based line and column); undefined when it parses. */
export function jsonErrorPosition(text: string): { offset: number; line: number; column: number } | undefined {
  let i = 0;
  const fail = (): never => {
    throw new JsonStop(i);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') return void i++;
      if (c < ' ') fail();
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            fail();
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          fail();
        }
      } else i++;
    }
    fail();
  };
  const number = () => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (e) {
    if (!(e instanceof JsonStop)) throw e;
    const offset = Math.min(e.offset, text.length);
    const before = text.slice(0, offset).split('\n');
    return { offset, line: before.length, column: before[before.length - 1]!.length + 1 };
  }
}

class JsonStop {
  constructor(readonly offset: number) {}
}

/** The field a server error path speaks of ('body/schema/properties/motivo/minLength', 'body/labels/motivo/en', 'params/id', …), or a form-level key. */
export function fieldOfServerPath(model: FormModel, path: string): { fieldUid?: string; form?: 'id' | 'title' | 'description' | 'manualReference' } {
  if (/^\/?params\/id$/.test(path)) return { form: 'id' };
  const segments = path
    .replace(/^\/+/, '')
    .replace(/^body\//, '')
    .split('/')
    .filter(Boolean);
  const first = segments[0];
  if (first === 'id' || first === 'title' || first === 'description' || first === 'manualReference') return { form: first };
  let name: string | undefined;
  if (first === 'uiSchema' && segments[1] === 'ui:order' && segments[2] !== undefined) {
    const order = toDefinition(model).uiSchema['ui:order'] as string[];
    name = order[Number(segments[2])];
  } else if ((first === 'labels' || first === 'help' || first === 'options' || first === 'uiSchema') && segments[1]) name = segments[1];
  else if (first === 'schema') {
    const at = segments.indexOf('properties');
    if (at !== -1 && segments[at + 1]) name = segments[at + 1];
  }
  const field = name ? model.fields.find((f) => f.name === name) : undefined;
  return field ? { fieldUid: field.uid } : {};
}
