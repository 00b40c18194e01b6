// Full-text search on SQLite (see server/store/text.ts for what a search means): an FTS5 table
// "<table>__text" per collection with a text spec, tokenizer `unicode61 remove_diacritics 2`, whose
// words are exactly the port's (runs of letters and digits, folded): `CAS-2026-000045` is indexed as
// cas · 2026 · 000045, and a query for the whole folio asks for those three words, so no tokenchars
// and no pre-tokenising are needed. Contentless with `contentless_delete`: the text stays in the
// documents, the index holds only words. A query is the folded words, each quoted, the last one a
// prefix (`"perez" "rodr" *`): implicit AND, no syntax of the user's ever reaches MATCH.
//
// Its rowids come from a map table "<table>__text_ids" (n INTEGER PRIMARY KEY, doc_id): the
// documents table's own rowids are no key to rely on, VACUUM may renumber them. Triggers on the
// documents table keep both in step inside the very statement that writes a document, so every
// insert, update, delete and deleteMany (and importDocuments) commits or rolls back with its index
// entries, in savepoints and group commits alike; an update that leaves the text as it was does not
// touch the index. Collections without a text spec have no trigger and pay nothing.
import type { CollectionState } from './collection.js';
import { fieldSql, type Param } from './filter.js';
import type { Db } from './store.js';
import { checkTextSpec, type TextQuery } from '../text.js';

export interface TextDef {
  /** The spec's fields, in its order. */
  fields: string[];
  /** The FTS5 table and the rowid map, unquoted and quoted. */
  rawTable: string;
  table: string;
  rawIds: string;
  ids: string;
}

/** The tokenizer: words are runs of letters and digits, folded without case or accents. */
const TOKENIZER = 'unicode61 remove_diacritics 2';

/** Declares (or replaces) the collection's text fields; the index is built on its next use. */
export function declareText(state: CollectionState, text: unknown): void {
  const fields = checkTextSpec(state.name, text, (field) => void fieldSql(field));
  if (state.text && state.text.fields.join('\u0000') === fields.join('\u0000')) return;
  const rawTable = `${state.name}__text`;
  const rawIds = `${state.name}__text_ids`;
  state.text = { fields, rawTable, table: `"${rawTable}"`, rawIds, ids: `"${rawIds}"` };
  state.ready = false;
}

/** The text of one field of `row` (NEW, OLD or an alias): a string or number, or those of a list. */
function fieldText(field: string, row: string): string {
  if (field === 'id' || field === 'version') return `${row}.${field}`;
  const path = fieldSql(field).path!;
  const value = `json_extract(${row}.doc, ${path})`;
  return (
    `CASE json_type(${row}.doc, ${path}) WHEN 'text' THEN ${value} WHEN 'integer' THEN ${value} WHEN 'real' THEN ${value} ` +
    `WHEN 'array' THEN (SELECT group_concat(j.value, ' ') FROM json_each(${row}.doc, ${path}) AS j WHERE j.type IN ('text', 'integer', 'real')) END`
  );
}

/** All text fields of `row` as one text (fields without text are left out). */
function bodyOf(def: TextDef, row: string): string {
  return `concat_ws(' ', ${def.fields.map((field) => fieldText(field, row)).join(', ')})`;
}

/** Every schema object of the index, as sqlite_master keeps its SQL: [type, name, sql]. */
function schemaOf(state: CollectionState, def: TextDef): Array<[string, string, string]> {
  const { table, ids, rawTable, rawIds } = def;
  const rowOf = (row: string) => `(SELECT n FROM ${ids} WHERE doc_id = ${row}.id)`;
  return [
    ['table', rawIds, `CREATE TABLE ${ids} (n INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE)`],
    ['table', rawTable, `CREATE VIRTUAL TABLE ${table} USING fts5(body, content='', contentless_delete=1, tokenize='${TOKENIZER}')`],
    [
      'trigger',
      `${rawTable}_ai`,
      `CREATE TRIGGER "${rawTable}_ai" AFTER INSERT ON ${state.table} BEGIN ` +
        `INSERT INTO ${ids} (doc_id) VALUES (NEW.id); ` +
        // Inside a trigger, last_insert_rowid() is the row the trigger itself just inserted.
        `INSERT INTO ${table} (rowid, body) VALUES (last_insert_rowid(), ${bodyOf(def, 'NEW')}); END`,
    ],
    [
      'trigger',
      `${rawTable}_au`,
      `CREATE TRIGGER "${rawTable}_au" AFTER UPDATE OF doc ON ${state.table} WHEN ${bodyOf(def, 'OLD')} IS NOT ${bodyOf(def, 'NEW')} BEGIN ` +
        `DELETE FROM ${table} WHERE rowid = ${rowOf('OLD')}; ` +
        `INSERT INTO ${table} (rowid, body) SELECT n, ${bodyOf(def, 'NEW')} FROM ${ids} WHERE doc_id = NEW.id; END`,
    ],
    [
      'trigger',
      `${rawTable}_ad`,
      `CREATE TRIGGER "${rawTable}_ad" AFTER DELETE ON ${state.table} BEGIN ` + `DELETE FROM ${table} WHERE rowid = ${rowOf('OLD')}; ` + `DELETE FROM ${ids} WHERE doc_id = OLD.id; END`,
    ],
  ];
}

/**
 * The index's tables and triggers. When any of them is missing or differs from what the spec asks
 * (a new spec, other fields), all are made anew and filled from the documents already stored; run
 * atomically, so the index never exists without its entries. Otherwise nothing is written.
 */
export function ensureText(db: Db, state: CollectionState, def: TextDef): void {
  const wanted = schemaOf(state, def);
  const current = db.prepare(`SELECT sql FROM sqlite_master WHERE type = ? AND name = ?`).pluck(true);
  if (wanted.every(([type, name, sql]) => current.get(type, name) === sql)) return;
  for (const [type, name] of [...wanted].reverse()) db.exec(`DROP ${type === 'trigger' ? 'TRIGGER' : 'TABLE'} IF EXISTS "${name}"`);
  for (const [, , sql] of wanted) db.exec(sql);
  db.exec(`INSERT INTO ${def.ids} (doc_id) SELECT id FROM ${state.table}`);
  db.exec(`INSERT INTO ${def.table} (rowid, body) SELECT m.n, ${bodyOf(def, 't')} FROM ${state.table} AS t JOIN ${def.ids} AS m ON m.doc_id = t.id`);
}

/** An FTS5 string: the word in double quotes, so nothing in it is query syntax. */
function quoted(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}

/**
 * The condition of a `$text` query: the ids the FTS index answers for it. The words are already
 * folded and split (letters and digits only); quoting each keeps even that from ever being syntax.
 */
export function textCondition(def: TextDef, query: TextQuery, params: Param[]): string {
  if (query.prefix === undefined) return '0';
  let match = '';
  for (const term of query.terms) match += `${quoted(term)} `;
  match += `${quoted(query.prefix)} *`;
  params.push(match);
  return `id IN (SELECT m.doc_id FROM ${def.table} JOIN ${def.ids} AS m ON m.n = ${def.table}.rowid WHERE ${def.table} MATCH ?)`;
}
