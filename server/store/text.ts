// Full-text search as both adapters understand it: how a document's text and a `$text` query split
// into words, and what a query means. One definition here, so SQLite (FTS5) and MongoDB (a word
// index) answer the same documents; the behaviour suite holds them to it.
//
// Words are the runs of letters and digits (any script); every other character separates them, so
// `CAS-2026-000045` is the words cas · 2026 · 000045 and `ana.lopez@aguascalientes.gob.mx` is
// ana · lopez · aguascalientes · gob · mx. Case and accents do not count: «Pérez» is perez, «Muñoz»
// is munoz (what FTS5's `unicode61 remove_diacritics 2` tokenizer does). There is no stemming and
// no stop word: a folio, a name, an e-mail or a kiosk is not prose, and «de» must stay findable.
import { MAX_TEXT_QUERY_LENGTH, MAX_TEXT_QUERY_WORDS, StoreQueryError } from './port.js';

/** A parsed `$text` query: every term must be a word of the document, and some word must start with `prefix`. */
export interface TextQuery {
  /** Whole words, folded, without duplicates. */
  terms: string[];
  /** The last word typed, folded: it matches as the beginning of a word. Undefined: the query has no word at all. */
  prefix: string | undefined;
}

const MARKS = /\p{M}+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/** The folded words of a text: lower case, accents removed, split at everything but letters and digits. */
export function textWords(text: string): string[] {
  // Lower case first: some capitals (İ) lower-case into a letter plus a combining mark.
  return text.toLowerCase().normalize('NFD').replace(MARKS, '').match(WORD) ?? [];
}

/**
 * Checks and parses a `$text` query (user input: bounded, and never read as syntax). Quotes, `*`,
 * `-`, `:`, parentheses, `NEAR` or `OR` are plain text: punctuation separates words and `or` is a
 * word like any other. A query with no letter or digit matches no document.
 */
export function parseTextQuery(collection: string, query: unknown): TextQuery {
  if (typeof query !== 'string') throw new StoreQueryError(`$text on ${collection}: expected a string`);
  if (query.length > MAX_TEXT_QUERY_LENGTH) {
    throw new StoreQueryError(`$text on ${collection}: a search holds at most ${MAX_TEXT_QUERY_LENGTH} characters, got ${query.length}`);
  }
  const typed = query.split(/\s+/).filter((word) => word !== '');
  if (typed.length > MAX_TEXT_QUERY_WORDS) {
    throw new StoreQueryError(`$text on ${collection}: a search holds at most ${MAX_TEXT_QUERY_WORDS} words, got ${typed.length}`);
  }
  const words = textWords(query);
  const prefix = words.pop();
  return { terms: [...new Set(words)], prefix };
}

/** The values at a port field path of a document's fields: scalars only, as json_extract reads them. */
function valueAt(fields: Record<string, unknown>, field: string): unknown {
  let value: unknown = fields;
  for (const segment of field.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function pushText(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' && Number.isFinite(value)) out.push(String(value));
}

/**
 * The text a document offers to its collection's text fields: a string or a number, or the strings
 * and numbers of a list; anything else (objects, booleans, null) holds no text. `id` is the document id.
 */
export function documentText(id: string, fields: Record<string, unknown>, textFields: readonly string[]): string[] {
  const out: string[] = [];
  for (const field of textFields) {
    const value = field === 'id' ? id : valueAt(fields, field);
    if (Array.isArray(value)) for (const item of value) pushText(item, out);
    else pushText(value, out);
  }
  return out;
}

/** Checks a CollectionSpec's `text`: a non-empty list of field paths (`check` validates one path). */
export function checkTextSpec(collection: string, text: unknown, check: (field: string) => void): string[] {
  if (!Array.isArray(text) || text.length === 0 || text.some((field) => typeof field !== 'string')) {
    throw new StoreQueryError(`text index on ${collection}: text must be a non-empty array of field paths`);
  }
  const fields = [...new Set(text as string[])];
  for (const field of fields) {
    if (field === 'version') throw new StoreQueryError(`text index on ${collection}: version holds no text`);
    check(field);
  }
  return fields;
}
