// Person fields: a form field that names a user (a dispatch's technician, the colleague a report
// is handed to) marked `"x-oficio-person"`, with the group whose ACTIVE members it may name:
//
//   "tecnicoAsignado": { "type": "string", "x-oficio-person": { "group": "soporte-tecnico" } }
//   "tecnicoAsignado": { "type": "string", "x-oficio-person": { "groupFrom": "categoria", "groups": { "red-voz": "red-voz", … } } }
//
// `group` fixes the group; `groupFrom` names a sibling field whose value chooses it — through
// `groups` (the field's value → a group id; a value not listed means nobody may be named), or, without
// `groups`, the value is the group id. The browser offers those members by display name
// (designer/src/forms/PersonField.tsx, fed by GET /api/tasks/:key/people?group=…); completing the
// task, the server refuses a name that is not an active member of the group (server/core/tasks/people.ts).
//
// Browser-safe: no Node imports.
import type { KeywordDefinition } from 'ajv';

type Schema = Record<string, unknown>;

export const PERSON = 'x-oficio-person';

export interface PersonRule {
  /** The group whose active members the field may name. */
  group?: string;
  /** Or: the sibling field whose value chooses the group. */
  groupFrom?: string;
  /** With `groupFrom`: its value → the group id (a value not listed: nobody may be named). */
  groups?: Record<string, string>;
}

/** A person field of a form: where it is, its rule, and the schema of the field that chooses its group. */
export interface PersonField {
  /** The field's path, names joined by '/' ('tecnicoAsignado', 'atencion/tecnico'). */
  field: string;
  rule: PersonRule;
  /** The path of the `groupFrom` field, when the rule has one. */
  from?: string;
  /** The `groupFrom` field's schema (its enum, whether it is readOnly), when the form declares it. */
  fromSchema?: Schema;
}

const GROUP_ID = { type: 'string', minLength: 1, maxLength: 64 } as const;

/** The keyword every form validator knows; it only annotates (the check needs the users: the server makes it). */
export const PERSON_KEYWORD: KeywordDefinition = {
  keyword: PERSON,
  schemaType: 'object',
  // A designed form with a malformed rule is refused when it is saved, not when a task is worked.
  metaSchema: {
    type: 'object',
    properties: { group: GROUP_ID, groupFrom: { type: 'string', minLength: 1 }, groups: { type: 'object', additionalProperties: GROUP_ID } },
    additionalProperties: false,
    oneOf: [
      { required: ['group'], not: { anyOf: [{ required: ['groupFrom'] }, { required: ['groups'] }] } },
      { required: ['groupFrom'], not: { required: ['group'] } },
    ],
  },
};

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The nodes that may define the properties of one object: itself and its combinators' and conditions' branches. */
function levels(node: Schema): Schema[] {
  const found: Schema[] = [node];
  for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(node[key])) for (const b of node[key] as unknown[]) if (isSchema(b)) found.push(...levels(b));
  for (const key of ['then', 'else']) if (isSchema(node[key])) found.push(...levels(node[key]));
  return found;
}

/** The properties one object declares, across its branches (the first declaration of a name wins). */
function propertiesOf(node: Schema): Map<string, Schema> {
  const found = new Map<string, Schema>();
  for (const level of levels(node)) {
    if (!isSchema(level.properties)) continue;
    for (const [name, child] of Object.entries(level.properties)) if (isSchema(child) && !found.has(name)) found.set(name, child);
  }
  return found;
}

/** Every person field of a form's schema, nested objects included (not the items of lists). */
export function personFields(schema: Schema, prefix = ''): PersonField[] {
  const fields: PersonField[] = [];
  const properties = propertiesOf(schema);
  for (const [name, child] of properties) {
    const path = prefix ? `${prefix}/${name}` : name;
    const rule = child[PERSON];
    if (isSchema(rule)) {
      const from = typeof rule.groupFrom === 'string' ? rule.groupFrom : undefined;
      const fromSchema = from ? properties.get(from) : undefined;
      fields.push({
        field: path,
        rule: rule as PersonRule,
        ...(from ? { from: prefix ? `${prefix}/${from}` : from } : {}),
        ...(fromSchema ? { fromSchema } : {}),
      });
    } else if (child.type === 'object' || isSchema(child.properties)) {
      fields.push(...personFields(child, path));
    }
  }
  return fields;
}

/** The value at a '/'-joined path of `data`. */
export function valueAt(data: unknown, path: string): unknown {
  let node = data;
  for (const segment of path.split('/').filter(Boolean)) {
    if (!isSchema(node)) return undefined;
    node = node[segment];
  }
  return node;
}

/** The group a person field draws from, given the value of its `groupFrom` field; undefined: nobody may be named. */
export function groupOf(rule: PersonRule, fromValue: unknown): string | undefined {
  if (typeof rule.group === 'string') return rule.group;
  if (typeof fromValue !== 'string' || fromValue === '') return undefined;
  if (rule.groups) return Object.hasOwn(rule.groups, fromValue) ? rule.groups[fromValue] : undefined;
  return fromValue;
}

/**
 * The groups a person field may ever draw from: its fixed group, the groups of its map, or the
 * values its `groupFrom` field may take (its enum) — else the value `current` holds now.
 */
export function groupsOffered(person: PersonField, currentFromValue: unknown): string[] {
  const { rule } = person;
  if (typeof rule.group === 'string') return [rule.group];
  if (rule.groups) return [...new Set(Object.values(rule.groups))];
  const options = person.fromSchema?.enum;
  if (Array.isArray(options)) return options.filter((o): o is string => typeof o === 'string');
  const group = groupOf(rule, currentFromValue);
  return group ? [group] : [];
}

/** Whether the `groupFrom` field is shown, not filled in: its value is the instance's, never the submission's. */
export const fromIsReadOnly = (person: PersonField): boolean => person.fromSchema?.readOnly === true;
