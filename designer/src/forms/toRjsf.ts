// A form as the server hands it (schema without titles; labels, help and option names beside it)
// turned into what rjsf renders: the texts folded into the uiSchema at each field's path, and
// attachment fields given Oficio's upload field.
import type { FieldProblem } from '../api/client';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The uiSchema node of a '/'-joined field path, created on the way ('contacto/correo' → ui.contacto.correo). */
function nodeAt(ui: Json, path: string): Json {
  let node = ui;
  for (const segment of path.split('/').filter(Boolean)) {
    const next = node[segment];
    node = (node[segment] = isObject(next) ? { ...next } : {}) as Json;
  }
  return node;
}

function deepCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value ?? {})) as T;
}

/** The nodes that may define properties at the level of `schema`: itself and its conditional branches (allOf → then …). */
function levels(schema: Json): Json[] {
  const nested: Json[] = [];
  for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(schema[key])) nested.push(...(schema[key] as unknown[]).filter(isObject));
  for (const key of ['then', 'else']) if (isObject(schema[key])) nested.push(schema[key]);
  return [schema, ...nested.flatMap(levels)];
}

/** Every property path of the schema whose node carries `x-oficio-attachment`, conditional fields included. */
export function attachmentPaths(schema: Json, prefix = ''): string[] {
  const found = new Set<string>();
  for (const level of levels(schema)) {
    const properties = isObject(level.properties) ? level.properties : {};
    for (const [name, child] of Object.entries(properties)) {
      if (!isObject(child)) continue;
      const path = prefix ? `${prefix}/${name}` : name;
      if ('x-oficio-attachment' in child) found.add(path);
      else if (child.type === 'object') for (const inner of attachmentPaths(child, path)) found.add(inner);
    }
  }
  return [...found];
}

export interface FormTexts {
  labels: Record<string, string>;
  help: Record<string, string>;
  options: Record<string, Record<string, string>>;
}

export function toRjsfUiSchema(schema: Json, uiSchema: Json, texts: FormTexts): Json {
  const ui = deepCopy(uiSchema);
  for (const [path, label] of Object.entries(texts.labels)) nodeAt(ui, path)['ui:title'] = label;
  for (const [path, help] of Object.entries(texts.help)) nodeAt(ui, path)['ui:help'] = help;
  for (const [path, names] of Object.entries(texts.options)) nodeAt(ui, path)['ui:enumNames'] = names;
  for (const path of attachmentPaths(schema)) {
    const node = nodeAt(ui, path);
    delete node['ui:widget'];
    node['ui:field'] = 'oficioAttachment';
  }
  return ui;
}

/** rjsf's ".contacto.correo" / "['contacto']['correo']" property as our 'contacto/correo' path. */
export function pathOfProperty(property: string | undefined): string {
  if (!property) return '';
  return property
    .replace(/\['([^']*)'\]/g, '.$1')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .join('/');
}

/** Field errors given as paths ('contacto/correo') as rjsf's nested error schema. */
export function toErrorSchema(errors: readonly FieldProblem[]): Json {
  const root: Json = {};
  for (const error of errors) {
    const path = error.field.replace(/^body\/(data\/)?/, '');
    let node = root;
    for (const segment of path.split('/').filter(Boolean)) node = (node[segment] ??= {}) as Json;
    ((node.__errors ??= []) as string[]).push(error.message);
  }
  return root;
}
