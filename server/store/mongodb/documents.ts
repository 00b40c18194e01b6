// How a port document is kept in MongoDB: `{ _id: id, version, ...fields }`, the fields exactly as
// JSON would carry them (the SQLite adapter keeps JSON text, so both answer the same values), with
// the few field names MongoDB treats specially escaped so any JSON object can be stored.
//
// Escaped, reversibly: '%' (the escape itself) as %25, '.' as %2E, a leading '$' as %24, NUL as
// %00, and a top-level '_id' (the document's own key here) as %5Fid. Field paths in filters only
// hold letters, digits, '_' and '-', so queries never meet an escaped name except a top-level
// '_id', which query.ts maps the same way.
import { StoreQueryError } from '../port.js';
import type { Stored } from '../port.js';
import { TEXT_KEY } from './text.js';

/** A document as MongoDB holds it. */
export interface RawDoc {
  _id: string;
  version: number;
  [field: string]: unknown;
}

/** What a user field named `_id` at the top level is stored as. */
export const ESCAPED_ID = '%5Fid';

// eslint-disable-next-line no-control-regex -- NUL is one of the characters MongoDB refuses in a field name
const NEEDS_ESCAPE = /[%.\u0000]|^\$/;
const ESCAPES = /%(25|2E|24|00|5F)/g;
const DECODED: Record<string, string> = { '25': '%', '2E': '.', '24': '$', '00': '\u0000', '5F': '_' };

export function escapeKey(key: string): string {
  if (!NEEDS_ESCAPE.test(key)) return key;
  return (
    key
      .replace(/%/g, '%25')
      .replace(/\./g, '%2E')
      // eslint-disable-next-line no-control-regex -- NUL, escaped as the other refused characters
      .replace(/\u0000/g, '%00')
      .replace(/^\$/, '%24')
  );
}

export function unescapeKey(key: string): string {
  return key.includes('%') ? key.replace(ESCAPES, (_whole, code: string) => DECODED[code]!) : key;
}

/** Rebuilds an object whose keys need escaping (children were handled by the reviver already). */
function escapeObject(value: Record<string, unknown>): Record<string, unknown> {
  let needs = false;
  for (const key of Object.keys(value)) {
    if (NEEDS_ESCAPE.test(key)) {
      needs = true;
      break;
    }
  }
  if (!needs) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[escapeKey(key)] = value[key];
  return out;
}

const escapingReviver = (_key: string, value: unknown): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? escapeObject(value as Record<string, unknown>) : value;

/**
 * The stored form of a document. Going through JSON text drops undefined fields, turns Dates into
 * their ISO strings and refuses what JSON cannot carry — exactly what the SQLite adapter does.
 */
export function toRawDoc(id: string, version: number, fields: Record<string, unknown>, collection: string): RawDoc {
  let text: string;
  try {
    text = JSON.stringify(fields);
  } catch (e) {
    throw new StoreQueryError(`${collection}/${id}: the document is not JSON-serializable (${(e as Error).message})`);
  }
  const body = JSON.parse(text, escapingReviver) as Record<string, unknown>;
  const raw: RawDoc = { _id: id, version };
  for (const key of Object.keys(body)) raw[key === '_id' ? ESCAPED_ID : key] = body[key];
  return raw;
}

function unescapeValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = unescapeValue(value[i]);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  let renamed = false;
  for (const key of Object.keys(record)) {
    record[key] = unescapeValue(record[key]);
    if (key.includes('%')) renamed = true;
  }
  if (!renamed) return record;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) out[unescapeKey(key)] = record[key];
  return out;
}

/** The port's view of a stored document (the driver hands over fresh objects, reused here); its words (text.ts) stay behind. */
export function fromRawDoc<T>(raw: RawDoc): Stored<T> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (key === '_id' || key === 'version' || key === TEXT_KEY) continue;
    out[key === ESCAPED_ID ? '_id' : unescapeKey(key)] = unescapeValue(raw[key]);
  }
  out.id = raw._id;
  out.version = raw.version;
  return out as Stored<T>;
}
