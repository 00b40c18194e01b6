// A form accepts only the fields it declares: every object of its schema — the form itself, a
// nested object, the items of a list — is closed, by `additionalProperties: false` or, when some of
// its members are declared only under a condition (allOf → if/then, as the form designer writes
// "show only if"), by `propertyNames` listing them. Otherwise anything could ride along with a
// submission and become a process variable (a ticket number that skips the help desk). The files of
// forms/ are closed (test/security/forms.test.ts), a designed form is refused unless it is
// (server/core/forms/check.ts), and the registry closes whatever it compiles (versions saved before).
// Browser-safe: no Node imports.

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schemas that describe the same value as `node`: itself and its combinators' branches, however deep, each with its path. */
function branches(node: Schema, path: string): Array<[Schema, string]> {
  const found: Array<[Schema, string]> = [[node, path]];
  for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(node[key])) (node[key] as unknown[]).forEach((b, i) => isSchema(b) && found.push(...branches(b, `${path}/${key}/${i}`)));
  for (const key of ['then', 'else']) if (isSchema(node[key])) found.push(...branches(node[key], `${path}/${key}`));
  for (const key of ['dependentSchemas', 'dependencies'])
    if (isSchema(node[key])) for (const [name, b] of Object.entries(node[key])) if (isSchema(b)) found.push(...branches(b, `${path}/${key}/${name}`));
  return found;
}

/** Whether `node` describes objects: its type says so, or it has object keywords and no type. */
function describesObjects(node: Schema): boolean {
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes('object')) return true;
  return node.type === undefined && ['properties', 'patternProperties', 'additionalProperties', 'propertyNames'].some((key) => key in node);
}

/** Whether `node` (or an allOf it always applies) refuses the members it does not declare. */
function isClosed(node: Schema): boolean {
  if (node.additionalProperties === false) return true;
  if (isSchema(node.propertyNames) && (Array.isArray(node.propertyNames.enum) || 'const' in node.propertyNames)) return true;
  return Array.isArray(node.allOf) && node.allOf.some((b) => isSchema(b) && isClosed(b));
}

/** Every object level below `node`'s branches: the schemas of its properties, items and maps' values. */
function levelsBelow(node: Schema, path: string): Array<[Schema, string]> {
  const levels: Array<[Schema, string]> = [];
  for (const [branch, at] of branches(node, path)) {
    if (isSchema(branch.properties)) for (const [name, child] of Object.entries(branch.properties)) if (isSchema(child)) levels.push([child, `${at}/properties/${name}`]);
    if (isSchema(branch.patternProperties))
      for (const [name, child] of Object.entries(branch.patternProperties)) if (isSchema(child)) levels.push([child, `${at}/patternProperties/${name}`]);
    if (isSchema(branch.additionalProperties)) levels.push([branch.additionalProperties, `${at}/additionalProperties`]);
    if (isSchema(branch.items)) levels.push([branch.items, `${at}/items`]);
    if (Array.isArray(branch.items)) branch.items.forEach((item, i) => isSchema(item) && levels.push([item, `${at}/items/${i}`]));
    if (isSchema(branch.additionalItems)) levels.push([branch.additionalItems, `${at}/additionalItems`]);
  }
  return levels;
}

function visit(node: Schema, path: string, each: (node: Schema, path: string) => void): void {
  each(node, path);
  for (const [child, at] of levelsBelow(node, path)) visit(child, at, each);
}

/**
 * The objects of `schema` that accept members they do not declare, as paths from the schema
 * ('' for the form itself, '/properties/contacto', '/properties/equipos/items'); empty when it is closed.
 */
export function openObjects(schema: Schema): string[] {
  const open: string[] = [];
  visit(schema, '', (node, path) => {
    if (describesObjects(node) && !isClosed(node)) open.push(path);
  });
  return open;
}

/**
 * `schema` with every open object closed (a copy; the argument is left as it is): by
 * `additionalProperties: false` when the object's own `properties` declare all its members, else
 * by `propertyNames` naming every member its branches declare. An object whose
 * `additionalProperties` is a schema (a map with free keys) is left as it is, as is one with
 * `patternProperties` whose members are partly declared under a condition.
 */
export function closeSchema(schema: Schema): Schema {
  const copy = structuredClone(schema);
  visit(copy, '', (node) => {
    if (!describesObjects(node) || isClosed(node)) return;
    if (node.additionalProperties !== undefined && node.additionalProperties !== true) return;
    const own = new Set(Object.keys(isSchema(node.properties) ? node.properties : {}));
    const declared = new Set(own);
    for (const [branch] of branches(node, '')) if (isSchema(branch.properties)) for (const name of Object.keys(branch.properties)) declared.add(name);
    if (declared.size === own.size) node.additionalProperties = false;
    // Names a pattern allows cannot be listed: such an object stays as its author left it.
    else if (node.patternProperties !== undefined) return;
    else if (node.propertyNames === undefined) node.propertyNames = { enum: [...declared] };
    else node.allOf = [...(Array.isArray(node.allOf) ? node.allOf : []), { propertyNames: { enum: [...declared] } }];
  });
  return copy;
}
