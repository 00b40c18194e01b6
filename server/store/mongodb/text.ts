// Full-text search on MongoDB (see server/store/text.ts for what a search means), a pure module.
//
// Each document of a collection with a text spec carries its words: `%text: { s, w }`, `w` the
// distinct folded words of its text fields (server/store/text.ts folds them, as SQLite's tokenizer
// does) and `s` the spec they were computed for. An ordinary index on `%text.w` (multikey: one entry
// per word) answers a search: every whole word is an `$all` element, the last one an anchored,
// case-sensitive `^prefix` regular expression, which MongoDB reads as a range of that index. The
// field is written with the document by every insert and replace, so it commits with it; no user
// field can be stored under that name (documents.ts escapes a user's '%' as %25), and reads leave it
// out.
//
// Why not MongoDB's own text index and `$text`: it cannot match the beginning of a word, so «Rodr»
// would never find «Rodríguez»; its quoted phrases match as substrings of the field, so «perez»
// would find «Superez»; a query may hold one `$text` only, never inside `$or` unless every other
// branch is indexed; and its tokenizer and folding are not FTS5's. Words folded here, by the code
// that folds the query, answer exactly what the SQLite adapter answers. Language: none — no stemming,
// no stop words (folios, names, e-mails and kiosks are not prose, and SQLite has no Spanish stemmer).
import { StoreQueryError } from '../port.js';
import { checkTextSpec, documentText, textWords, type TextQuery } from '../text.js';
import type { MongoIndex } from './indexes.js';

/** The stored field holding a document's words; a name no escaped user field can take. */
export const TEXT_KEY = '%text';
const WORDS_PATH = `${TEXT_KEY}.w`;

export interface MongoText {
  fields: string[];
  /** The stored paths of the fields (`id` is `_id`). */
  paths: string[];
  /** Names the fields and the way words are folded: documents with another one are indexed again. */
  signature: string;
}

export interface TextEntry {
  s: string;
  w: string[];
}

/** The collection's text spec, checked; `pathOf` is query.ts's fieldPath (which checks a path). */
export function textSpec(collection: string, text: unknown, pathOf: (field: string) => string): MongoText {
  const fields = checkTextSpec(collection, text, (field) => void pathOf(field));
  return { fields, paths: fields.map(pathOf), signature: `words-1:${fields.join(',')}` };
}

/** The words a stored document (as MongoDB holds it) offers to the text spec. */
export function textEntry(def: MongoText, raw: Record<string, unknown>): TextEntry {
  const words = new Set<string>();
  for (const text of documentText(String(raw._id), raw, def.paths)) for (const word of textWords(text)) words.add(word);
  return { s: def.signature, w: [...words] };
}

/** The index of the words: one entry per word of each document. */
export const TEXT_INDEX: MongoIndex = { name: 'ix__text_words', key: new Map([[WORDS_PATH, 1]]), unique: false, fields: [TEXT_KEY] };

/** Documents whose words were computed for another spec (or never): the ones to index again. */
export function staleText(def: MongoText): Record<string, unknown> {
  return { [`${TEXT_KEY}.s`]: { $ne: def.signature } };
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/-]/g;

/** A parsed `$text` as a MongoDB condition on the words. */
export function textFilter(query: TextQuery): Record<string, unknown> {
  // No word at all: nothing matches.
  if (query.prefix === undefined) return { _id: { $in: [] } };
  const condition: Record<string, unknown> = {};
  if (query.terms.length > 0) condition.$all = query.terms;
  // Anchored and case-sensitive over folded words: a range of the index, not a scan.
  condition.$regex = `^${query.prefix.replace(REGEX_SPECIAL, '\\$&')}`;
  return { [WORDS_PATH]: condition };
}

/** Refuses a `$text` where MongoDB could not serve it the same way. */
export function noTextIndex(collection: string | undefined): StoreQueryError {
  return new StoreQueryError(`$text on ${collection ?? 'this collection'}: the collection has no text index (declare CollectionSpec.text)`);
}
