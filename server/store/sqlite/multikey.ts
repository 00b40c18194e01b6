// Multikey indexes, as MongoDB indexes arrays. An index whose `multikey` field holds an array gets
// a side table "<table>__mk_<field>" with one row per distinct element of each document's array:
// (doc_id, value, and the index's other fields as columns), indexed (value, other fields…, doc_id)
// like the spec orders them. Triggers on the collection's table keep it: every insert, update,
// delete and deleteMany changes it inside the same statement, so savepoints, group commit and
// rollbacks treat both as one. `$contains` / `$containsAny` on the field then read the side index
// instead of every document's array; the document filter is still applied on top of it, so
// results are exactly those of the generic path.
import { StoreQueryError } from '../port.js';
import type { Filter } from '../port.js';
import { fnv1a } from '../cursor.js';
import type { CollectionState } from './collection.js';
import { bindScalar, compileField, fieldSql, placeholders, scalarList, type Param } from './filter.js';
import type { SortPlan } from './sort.js';
import type { Db } from './store.js';

export interface MultikeyIndexDef {
  name: string;
  /** The spec's fields, in its order. */
  fields: string[];
  sql: string;
}

export interface MultikeyDef {
  /** The array field. */
  field: string;
  /** Its JSON path literal. */
  path: string;
  /** The side table, unquoted and quoted. */
  rawTable: string;
  table: string;
  /** The other indexed fields → their quoted column in the side table (id is doc_id). */
  columns: Map<string, string>;
  indexes: MultikeyIndexDef[];
}

/** Operators whose meaning on a side column equals their meaning on the document. */
const SIDE_OPS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin']);

export function sideColumn(mk: MultikeyDef, field: string): string | undefined {
  return field === 'id' ? 'doc_id' : mk.columns.get(field);
}

/** The value a side column takes from a row of the collection's table (`NEW`, `OLD` or an alias). */
function sideSource(field: string, row: string): string {
  if (field === 'id' || field === 'version') return `${row}.${field}`;
  return `json_extract(${row}.doc, ${fieldSql(field).path!})`;
}

/** INSERT … SELECT of the side rows of `row`: one per distinct array element (json_each's integer keys). */
export function sideInsert(mk: MultikeyDef, row: string, from: string): string {
  let columns = '';
  let values = '';
  for (const [field, column] of mk.columns) {
    columns += `, ${column}`;
    values += `, ${sideSource(field, row)}`;
  }
  return (
    `INSERT INTO ${mk.table} (doc_id, value${columns}) SELECT DISTINCT ${row}.id, j.value${values} ` + `FROM ${from}json_each(${row}.doc, ${mk.path}) AS j WHERE typeof(j.key) = 'integer'`
  );
}

/** Declares a multikey index (see IndexSpec.multikey) on `fields`, `field` its array field. */
export function declareMultikey(state: CollectionState, fields: string[], field: unknown, unique: boolean): void {
  if (typeof field !== 'string' || !fields.includes(field)) {
    throw new StoreQueryError(`index on ${state.name}: multikey must name one of the index's fields`);
  }
  if (unique) throw new StoreQueryError(`index on ${state.name}: a multikey index cannot be unique`);
  if (field === 'id' || field === 'version') throw new StoreQueryError(`index on ${state.name}: ${field} is not an array field`);
  const { path } = fieldSql(field);
  for (const other of fields) fieldSql(other);
  let mk = state.multikeys.get(field);
  if (mk === undefined) {
    const readable = field.replace(/[^A-Za-z0-9_]/g, '_');
    // The hash separates fields that read the same once sanitized (a.b vs a_b).
    const rawTable = `${state.name}__mk_${readable}${readable === field ? '' : `_${fnv1a(field)}`}`;
    mk = { field, path: path!, rawTable, table: `"${rawTable}"`, columns: new Map(), indexes: [] };
    state.multikeys.set(field, mk);
  }
  for (const other of fields) {
    if (other !== field && other !== 'id' && !mk.columns.has(other)) {
      mk.columns.set(other, `"f_${other}"`);
      state.ready = false;
    }
  }
  const name = `ix_${mk.rawTable}_${fields.join('_').replace(/[^A-Za-z0-9_]/g, '_')}_${fnv1a(fields.join(','))}`;
  if (mk.indexes.some((existing) => existing.name === name)) return;
  const columns = fields.map((f) => (f === field ? 'value' : sideColumn(mk, f)!));
  mk.indexes.push({
    name,
    fields: [...fields],
    sql: `CREATE INDEX IF NOT EXISTS "${name}" ON ${mk.table} (${columns.join(', ')}${fields.includes('id') ? '' : ', doc_id'})`,
  });
  state.ready = false;
}

/**
 * The side table of a multikey index, its indexes and its triggers. A side table that is new
 * (or whose columns no longer fit the declared indexes) is filled once from the documents
 * already stored; run atomically, so a crash never leaves a side table without its rows.
 */
export function ensureMultikey(db: Db, state: CollectionState, mk: MultikeyDef): void {
  const wanted = ['doc_id', 'value', ...[...mk.columns.values()].map((column) => column.slice(1, -1))];
  const existing = (db.pragma(`table_info(${mk.table})`) as Array<{ name: string }>).map((c) => c.name);
  if (existing.join('\u0000') !== wanted.join('\u0000')) {
    if (existing.length > 0) db.exec(`DROP TABLE ${mk.table}`);
    db.exec(`CREATE TABLE ${mk.table} (${wanted.map((name) => `"${name}"`).join(', ')})`);
    db.exec(sideInsert(mk, 't', `${state.table} AS t, `));
  }
  db.exec(`CREATE INDEX IF NOT EXISTS "ix_${mk.rawTable}_doc" ON ${mk.table} (doc_id)`);
  for (const index of mk.indexes) db.exec(index.sql);
  const triggers: Array<[string, string]> = [
    [`${mk.rawTable}_ai`, `AFTER INSERT ON ${state.table} BEGIN ${sideInsert(mk, 'NEW', '')}; END`],
    [`${mk.rawTable}_au`, `AFTER UPDATE ON ${state.table} BEGIN DELETE FROM ${mk.table} WHERE doc_id = OLD.id; ${sideInsert(mk, 'NEW', '')}; END`],
    [`${mk.rawTable}_ad`, `AFTER DELETE ON ${state.table} BEGIN DELETE FROM ${mk.table} WHERE doc_id = OLD.id; END`],
  ];
  const current = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`).pluck(true);
  for (const [name, body] of triggers) {
    const sql = `CREATE TRIGGER "${name}" ${body}`;
    if (current.get(name) === sql) continue;
    db.exec(`DROP TRIGGER IF EXISTS "${name}"`);
    db.exec(sql);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading through a side table: the part of a filter its index answers, and the sorts it yields.

function isEquality(condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return true;
  if (Array.isArray(condition)) return false;
  const ops = Object.keys(condition).filter((op) => (condition as Record<string, unknown>)[op] !== undefined);
  return ops.length === 1 && ops[0] === '$eq';
}

function isSideSafe(condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return true;
  if (Array.isArray(condition)) return false;
  const ops = condition as Record<string, unknown>;
  return Object.keys(ops).every((op) => ops[op] === undefined || SIDE_OPS.has(op));
}

export interface SideQuery {
  mk: MultikeyDef;
  /** Conditions on the side table (alias `s`); params in their text order. */
  where: string;
  params: Param[];
  /** One element value is looked up: each document has at most one side row that matches. */
  single: boolean;
  /** The side conditions say everything the filter says: counting needs no document. */
  covered: boolean;
  /** Fields bound by equality (side columns). */
  equal: Set<string>;
  /** An equality on the primary key or on another index's leading field: let the planner choose. */
  otherIndex: boolean;
}

/** The side-table part of a filter with $contains/$containsAny on a multikey field, if any. */
export function sideQuery(state: CollectionState, filter: Filter | undefined): SideQuery | undefined {
  if (state.multikeys.size === 0 || filter === undefined || filter === null || typeof filter !== 'object') return undefined;
  let mk: MultikeyDef | undefined;
  for (const key of Object.keys(filter)) {
    const def = state.multikeys.get(key);
    const condition = filter[key] as Record<string, unknown> | undefined;
    if (def && condition !== null && typeof condition === 'object' && !Array.isArray(condition)) {
      if (condition.$contains !== undefined || condition.$containsAny !== undefined) {
        mk = def;
        break;
      }
    }
  }
  if (mk === undefined) return undefined;
  const params: Param[] = [];
  const condition = filter[mk.field] as Record<string, unknown>;
  let covered = true;
  let single = true;
  let where: string;
  if (condition.$contains !== undefined) {
    const bound = bindScalar(condition.$contains, '$contains', mk.field);
    if (bound === null) where = 's.value IS NULL';
    else {
      params.push(bound);
      where = 's.value = ?';
    }
    if (condition.$containsAny !== undefined) covered = false;
  } else {
    const { values, hasNull } = scalarList(condition.$containsAny, '$containsAny', mk.field);
    const distinct = [...new Set(values)];
    if (distinct.length === 0) where = hasNull ? 's.value IS NULL' : '0';
    else if (distinct.length === 1 && !hasNull) {
      params.push(distinct[0]!);
      where = 's.value = ?';
    } else {
      single = false;
      for (const v of distinct) params.push(v);
      const inList = `s.value IN (${placeholders(distinct.length)})`;
      where = hasNull ? `(${inList} OR s.value IS NULL)` : inList;
    }
  }
  for (const op of Object.keys(condition)) {
    if (condition[op] !== undefined && op !== '$contains' && op !== '$containsAny') covered = false;
  }
  const equal = new Set<string>();
  let otherIndex = false;
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (key === mk.field || value === undefined) continue;
    if (key === '$or') {
      covered = false;
      continue;
    }
    const column = sideColumn(mk, key);
    const selective = isEquality(value) || (value !== null && typeof value === 'object' && !Array.isArray(value) && (value as { $in?: unknown }).$in !== undefined);
    if (selective && (key === 'id' || (!mk.columns.has(key) && [...state.indexes.values()].some((index) => index.fields[0] === key)))) {
      otherIndex = true;
    }
    if (column === undefined || !isSideSafe(value)) {
      covered = false;
      continue;
    }
    where += ` AND ${compileField(key, value, params, { expr: `s.${column}`, path: undefined })}`;
    if (isEquality(value)) equal.add(key);
  }
  return { mk, where, params, single, covered, equal, otherIndex };
}

/**
 * The sort with its keys read from the side table, when one of its indexes yields exactly that
 * order after the equalities: then the side index drives the query and a page stops after
 * `limit` rows instead of sorting every match.
 */
export function sideOrder(side: SideQuery, plan: SortPlan): SortPlan | undefined {
  const keys = plan.keys.filter((key) => key.field === 'id' || !side.equal.has(key.field));
  const desc = keys[0]!.desc;
  if (keys.some((key) => key.desc !== desc)) return undefined;
  const wanted = keys.map((key) => key.field).join('\u0000');
  for (const index of side.mk.indexes) {
    const fields = index.fields.includes('id') ? index.fields.slice(0, index.fields.indexOf('id') + 1) : [...index.fields, 'id'];
    let p = 0;
    while (p < fields.length && (fields[p] === side.mk.field || side.equal.has(fields[p]!))) p++;
    if (fields.slice(p).includes(side.mk.field)) continue;
    if (fields.slice(p).join('\u0000') !== wanted) continue;
    // Every sort key is a side column here; equality-bound ones are constant, so ORDER BY skips them.
    const mapped = plan.keys.map((key) => ({ ...key, expr: `s.${sideColumn(side.mk, key.field)!}`, nullable: key.field !== 'id' }));
    return {
      keys: mapped,
      orderBy: mapped
        .filter((key) => key.field === 'id' || !side.equal.has(key.field))
        .map((key) => `${key.expr} ${key.desc ? 'DESC' : 'ASC'}`)
        .join(', '),
      signature: plan.signature,
    };
  }
  return undefined;
}

/** `id IN (side rows)` ahead of the generic filter: the planner may drive from either. */
export function sideInWhere(side: SideQuery, generic: string): string {
  const lookup = `id IN (SELECT s.doc_id FROM ${side.mk.table} AS s WHERE ${side.where})`;
  return generic ? `${lookup} AND ${generic}` : lookup;
}
