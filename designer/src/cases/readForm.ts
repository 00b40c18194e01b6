// A filed form read back as people wrote it: its JSON schema and uiSchema walked into label/value
// rows — the form's own labels, dates and amounts in the reader's language, options by their names,
// people by their names, files as files, nested objects as groups, lists as lists. Never raw JSON:
// a value the form does not describe is still turned into words, not dumped.
import type { LocalizedForm } from '../../../contracts/api/index.js';

type Json = Record<string, unknown>;

/** A stored file as a form field keeps it (an Adjunto; older fields may lack tipo, tamano, sha256). */
export interface FileRef {
  id: string;
  nombre: string;
  tipo?: string;
  tamano?: number;
}

/** What one field holds, ready to show. */
export type Cell = { kind: 'text'; text: string; multiline?: boolean } | { kind: 'file'; file: FileRef } | { kind: 'list'; items: Cell[] } | { kind: 'group'; rows: Row[] };

export interface Row {
  /** The field's '/'-joined path ('ciudadano/nombre', 'bienes/0/cantidad'). */
  path: string;
  label: string;
  cell: Cell;
}

/** How the reader reads: their locale for Intl, the words for yes and no, and people's names. */
export interface Reading {
  /** es-MX or en-US. */
  intlLocale: string;
  yes: string;
  no: string;
  /** A user's display name by user name, when known. */
  personName?(username: string): string | undefined;
  /** For tests: the time zone dates are shown in (the browser's own otherwise). */
  timeZone?: string;
}

/** The parts of a localized form the reading needs. */
export type ReadableForm = Pick<LocalizedForm, 'schema' | 'uiSchema' | 'labels' | 'options'>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property name as words, for fields the form gives no label: 'costoEstimado' → 'Costo estimado'. */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : name;
}

/** The nodes that may define properties at one level: the node and its conditional branches. */
function levels(schema: Json): Json[] {
  const nested: Json[] = [];
  for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(schema[key])) nested.push(...(schema[key] as unknown[]).filter(isObject));
  for (const key of ['then', 'else']) if (isObject(schema[key])) nested.push(schema[key]);
  return [schema, ...nested.flatMap(levels)];
}

/** Every property declared at this level (a conditional branch's too), the first declaration with a type winning. */
function propertiesOf(schema: Json): Map<string, Json> {
  const found = new Map<string, Json>();
  for (const level of levels(schema)) {
    if (!isObject(level.properties)) continue;
    for (const [name, child] of Object.entries(level.properties)) {
      if (!isObject(child)) continue;
      const known = found.get(name);
      if (!known || (!('type' in known) && 'type' in child)) found.set(name, { ...known, ...child });
    }
  }
  return found;
}

/** The names in the uiSchema's order ('*' standing for the rest), then the rest as declared. */
function ordered(names: string[], ui: Json): string[] {
  const order = Array.isArray(ui['ui:order']) ? (ui['ui:order'] as unknown[]).filter((n): n is string => typeof n === 'string') : [];
  if (!order.length) return names;
  const rest = names.filter((n) => !order.includes(n));
  const result: string[] = [];
  for (const name of order) {
    if (name === '*') result.push(...rest);
    else if (names.includes(name)) result.push(name);
  }
  if (!order.includes('*')) result.push(...rest);
  return result;
}

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

/** A form's path without list positions: the key its labels and options are given under. */
const textPath = (path: string) =>
  path
    .split('/')
    .filter((s) => !/^\d+$/.test(s))
    .join('/');

function asFile(value: unknown): FileRef | undefined {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.nombre !== 'string') return undefined;
  return {
    id: value.id,
    nombre: value.nombre,
    ...(typeof value.tipo === 'string' ? { tipo: value.tipo } : {}),
    ...(typeof value.tamano === 'number' ? { tamano: value.tamano } : {}),
  };
}

const MONEY_NAME = /(^|[a-z])(monto|importe|costo|precio)/i;

/**
 * A field holding an amount of money: declared so (`x-oficio-money`, or format money/currency), or,
 * as the manual's forms say it, named for it (monto…, importe…, costo…, precio…).
 */
export function isMoney(name: string, schema: Json): boolean {
  if ('x-oficio-money' in schema || schema.format === 'money' || schema.format === 'currency') return true;
  return MONEY_NAME.test(name);
}

/** A field holding a person (a user name): the people picker's field, or declared so. */
function isPerson(schema: Json, ui: Json): boolean {
  const widget = ui['ui:widget'] ?? ui['ui:field'];
  return 'x-oficio-person' in schema || widget === 'person' || widget === 'oficioPerson' || widget === 'PersonField';
}

export function formatters(reading: Reading) {
  const zone = reading.timeZone ? { timeZone: reading.timeZone } : {};
  const spanish = reading.intlLocale.startsWith('es');
  const day = new Intl.DateTimeFormat(reading.intlLocale, { day: 'numeric', month: 'long', year: 'numeric', ...zone });
  // A date given without a time is a calendar day: it must not move with the reader's time zone.
  const calendarDay = new Intl.DateTimeFormat(reading.intlLocale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(reading.intlLocale, { hour: 'numeric', minute: '2-digit', ...(spanish ? { hourCycle: 'h23' as const } : {}), ...zone });
  const money = new Intl.NumberFormat(reading.intlLocale, { style: 'currency', currency: 'MXN', currencyDisplay: 'narrowSymbol' });
  const number = new Intl.NumberFormat(reading.intlLocale, { maximumFractionDigits: 6 });
  return {
    /** «3 de marzo de 2026» from 2026-03-03. */
    date(value: string): string {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!m) return value;
      return calendarDay.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
    },
    /** «3 de marzo de 2026, 10:30» from an ISO instant. */
    dateTime(value: string): string {
      const at = new Date(value);
      if (Number.isNaN(at.getTime())) return value;
      return `${day.format(at)}, ${time.format(at)}`;
    },
    money: (value: number) => money.format(value),
    number: (value: number) => number.format(value),
  };
}

type Formatters = ReturnType<typeof formatters>;

interface Walk {
  form: ReadableForm;
  reading: Reading;
  format: Formatters;
}

/** An option's name: the form's own option texts, the uiSchema's enumNames, a oneOf/anyOf title; else the value. */
function optionName(walk: Walk, path: string, schema: Json, ui: Json, value: unknown): string | undefined {
  const key = String(value);
  const named = walk.form.options[textPath(path)]?.[key];
  if (named) return named;
  const values = Array.isArray(schema.enum) ? (schema.enum as unknown[]) : undefined;
  const names = Array.isArray(ui['ui:enumNames']) ? (ui['ui:enumNames'] as unknown[]) : undefined;
  if (values && names) {
    const at = values.indexOf(value);
    if (at >= 0 && typeof names[at] === 'string') return names[at] as string;
  }
  for (const branch of [schema.oneOf, schema.anyOf]) {
    if (!Array.isArray(branch)) continue;
    for (const option of branch) if (isObject(option) && option.const === value && typeof option.title === 'string') return option.title;
  }
  return values ? key : undefined;
}

function scalar(walk: Walk, name: string, path: string, schema: Json, ui: Json, value: unknown): Cell {
  const { format, reading } = walk;
  if (typeof value === 'boolean') return { kind: 'text', text: value ? reading.yes : reading.no };
  const option = schema.enum || schema.oneOf || schema.anyOf || walk.form.options[textPath(path)] ? optionName(walk, path, schema, ui, value) : undefined;
  if (option !== undefined) return { kind: 'text', text: option };
  if (typeof value === 'number') return { kind: 'text', text: isMoney(name, schema) ? format.money(value) : format.number(value) };
  if (typeof value === 'string') {
    if (isPerson(schema, ui)) return { kind: 'text', text: reading.personName?.(value) ?? value };
    if (schema.format === 'date') return { kind: 'text', text: format.date(value) };
    if (schema.format === 'date-time') return { kind: 'text', text: format.dateTime(value) };
    const multiline = ui['ui:widget'] === 'textarea' || value.includes('\n');
    return multiline ? { kind: 'text', text: value, multiline } : { kind: 'text', text: value };
  }
  return loose(walk, name, path, value);
}

/** A value the form does not describe (or describes as something else): still words, never JSON. */
function loose(walk: Walk, name: string, path: string, value: unknown): Cell {
  const { format, reading } = walk;
  if (typeof value === 'boolean') return { kind: 'text', text: value ? reading.yes : reading.no };
  if (typeof value === 'number') return { kind: 'text', text: isMoney(name, {}) ? format.money(value) : format.number(value) };
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { kind: 'text', text: format.date(value) };
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return { kind: 'text', text: format.dateTime(value) };
    return value.includes('\n') ? { kind: 'text', text: value, multiline: true } : { kind: 'text', text: value };
  }
  const file = asFile(value);
  if (file) return { kind: 'file', file };
  if (Array.isArray(value)) {
    return { kind: 'list', items: value.filter((v) => !isEmpty(v)).map((item, i) => loose(walk, name, `${path}/${i}`, item)) };
  }
  if (isObject(value)) return { kind: 'group', rows: objectRows(walk, {}, {}, value, path) };
  return { kind: 'text', text: String(value) };
}

function cellOf(walk: Walk, name: string, path: string, schema: Json, ui: Json, value: unknown): Cell | undefined {
  if (isEmpty(value)) return undefined;
  if ('x-oficio-attachment' in schema) {
    const file = asFile(value);
    if (file) return { kind: 'file', file };
  }
  if (Array.isArray(value)) {
    const items = isObject(schema.items) ? schema.items : {};
    const itemUi = isObject(ui.items) ? ui.items : {};
    const cells: Cell[] = [];
    value.forEach((item, i) => {
      // Options of a multiple choice are named under the list's own path (permisos → Impresión).
      const cell = isObject(item) && !asFile(item) ? cellOf(walk, name, `${path}/${i}`, items, itemUi, item) : cellOf(walk, name, path, items, itemUi, item);
      if (cell) cells.push(cell);
    });
    return cells.length ? { kind: 'list', items: cells } : undefined;
  }
  if (isObject(value)) {
    if (isPerson(schema, ui)) {
      const name = [value.displayName, value.nombre, value.name, value.username].find((v): v is string => typeof v === 'string' && v !== '');
      if (name) return { kind: 'text', text: typeof value.username === 'string' ? (walk.reading.personName?.(value.username) ?? name) : name };
    }
    const file = asFile(value);
    if (file && (!schema.properties || ('id' in (schema.properties as Json) && 'nombre' in (schema.properties as Json)))) return { kind: 'file', file };
    const rows = objectRows(walk, schema, ui, value, path);
    return rows.length ? { kind: 'group', rows } : undefined;
  }
  return scalar(walk, name, path, schema, ui, value);
}

function objectRows(walk: Walk, schema: Json, ui: Json, data: Json, prefix: string): Row[] {
  const declared = propertiesOf(schema);
  // Fields the form declares, in its order; then whatever the data holds beyond them (an older version's field).
  const names = ordered([...declared.keys(), ...Object.keys(data).filter((n) => !declared.has(n))], ui);
  const rows: Row[] = [];
  for (const name of names) {
    const child = declared.get(name) ?? {};
    const childUi = isObject(ui[name]) ? ui[name] : {};
    if (childUi['ui:widget'] === 'hidden') continue;
    const path = prefix ? `${prefix}/${name}` : name;
    const cell = declared.has(name) ? cellOf(walk, name, path, child, childUi, data[name]) : isEmpty(data[name]) ? undefined : loose(walk, name, path, data[name]);
    if (!cell) continue;
    const label = walk.form.labels[textPath(path)] ?? (typeof child.title === 'string' ? child.title : humanize(name));
    rows.push({ path, label, cell });
  }
  return rows;
}

/** The rows of a filed form: one per field with a value, in the form's order, labelled as the form labels it. */
export function readForm(form: ReadableForm, data: Record<string, unknown>, reading: Reading): Row[] {
  return objectRows({ form, reading, format: formatters(reading) }, form.schema, form.uiSchema, data, '');
}

/** Values without their form (a form since removed): the same reading, labels from the names. */
export function readValues(data: Record<string, unknown>, reading: Reading): Row[] {
  return readForm({ schema: {}, uiSchema: {}, labels: {}, options: {} }, data, reading);
}
