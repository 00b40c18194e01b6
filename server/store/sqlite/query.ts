// A whole query as SQL: the WHERE of count, findOne and deleteMany, and the SELECT of a find page
// (filter, sort, cursor, limit and offset), each reading a multikey side table when one applies
// and the full-text index for a `$text`. Its pieces: filter.ts (conditions), sort.ts (order, cursor
// predicates), multikey.ts (side tables), text.ts (the full-text index).
import { StoreQueryError } from '../port.js';
import type { Filter, FindOptions } from '../port.js';
import { checkPaging } from '../cursor.js';
import { parseTextQuery } from '../text.js';
import type { CollectionState } from './collection.js';
import { compileFilter, type Param } from './filter.js';
import { sideInWhere, sideOrder, sideQuery } from './multikey.js';
import { cursorPredicate, decodeSqliteCursor, sortPlan, type SortPlan } from './sort.js';
import { textCondition } from './text.js';

interface TextPart {
  /** The filter without its `$text`. */
  rest: Filter;
  sql: string;
  params: Param[];
}

/** A filter's top-level `$text` as a condition on the full-text index, when it has one. */
function textPart(state: CollectionState, filter: Filter | undefined): TextPart | undefined {
  if (filter === null || typeof filter !== 'object' || filter.$text === undefined) return undefined;
  if (state.text === undefined) {
    throw new StoreQueryError(`$text on ${state.name}: the collection has no text index (declare CollectionSpec.text)`);
  }
  const { $text: query, ...rest } = filter;
  const params: Param[] = [];
  const sql = textCondition(state.text, parseTextQuery(state.name, query), params);
  return { rest, sql, params };
}

/** WHERE text for count/findOne/deleteMany: generic, plus the side lookup and the text condition when they apply. */
export function compileWhere(state: CollectionState, filter: Filter | undefined, params: Param[]): string {
  if (filter === undefined) return '';
  const text = textPart(state, filter);
  const where = compileGeneric(state, text ? text.rest : filter, params);
  if (text === undefined) return where;
  for (const p of text.params) params.push(p);
  return where ? `${where} AND ${text.sql}` : text.sql;
}

function compileGeneric(state: CollectionState, filter: Filter, params: Param[]): string {
  const own: Param[] = [];
  const generic = compileFilter(filter ?? {}, own);
  const side = sideQuery(state, filter);
  if (side === undefined) {
    for (const p of own) params.push(p);
    return generic;
  }
  for (const p of side.params) params.push(p);
  for (const p of own) params.push(p);
  return sideInWhere(side, generic);
}

export interface FindSql {
  sql: string;
  params: Param[];
  plan: SortPlan;
  limit: number | undefined;
}

/** The SELECT of one page: `limit + 1` rows, so the collection knows whether another page follows. */
export function buildFind(state: CollectionState, full: Filter | undefined, options: FindOptions | undefined): FindSql {
  const text = textPart(state, full);
  const filter = text ? text.rest : full;
  const own: Param[] = [];
  let where = filter ? compileFilter(filter, own) : '';
  let plan = sortPlan(options?.sort);
  const side = filter ? sideQuery(state, filter) : undefined;
  const params: Param[] = side ? [...side.params] : [];
  for (const p of own) params.push(p);
  let from = state.table;
  let columns = 'id, version, doc';
  if (side !== undefined) {
    const ordered = side.single && !side.otherIndex ? sideOrder(side, plan) : undefined;
    if (ordered !== undefined) {
      // The side index drives (CROSS JOIN keeps it the outer loop) in the sort's order.
      plan = ordered;
      from = `${side.mk.table} AS s CROSS JOIN ${state.table} AS t ON t.id = s.doc_id`;
      columns = 't.id, t.version, t.doc';
      where = where ? `${side.where} AND ${where}` : side.where;
    } else {
      where = sideInWhere(side, where);
    }
  }
  if (text !== undefined) {
    // The FTS index answers the matching ids; the documents' own conditions and the sort apply to those.
    where = where ? `${where} AND ${text.sql}` : text.sql;
    for (const p of text.params) params.push(p);
  }
  const limit = options?.limit;
  const offset = options?.offset;
  checkPaging(limit, offset);
  if (options?.after !== undefined) {
    const predicate = cursorPredicate(plan, decodeSqliteCursor(options.after, plan), params);
    where = where ? `${where} AND ${predicate}` : predicate;
  }
  let select = `SELECT ${columns}`;
  // The sort values of the last row become the next cursor; only paged reads need them.
  if (limit !== undefined) for (const key of plan.keys) select += `, ${key.expr}`;
  let sql = `${select} FROM ${from}${where ? ` WHERE ${where}` : ''} ORDER BY ${plan.orderBy}`;
  if (limit !== undefined) {
    sql += ' LIMIT ?';
    params.push(limit + 1);
  }
  if (offset) {
    if (limit === undefined) sql += ' LIMIT -1';
    sql += ' OFFSET ?';
    params.push(offset);
  }
  return { sql, params, plan, limit };
}

/** The count of a filter; a covering multikey side table answers it without reading documents. */
export function buildCount(state: CollectionState, filter: Filter | undefined): { sql: string; params: Param[] } {
  const params: Param[] = [];
  const where = compileWhere(state, filter, params);
  const side = filter && filter.$text === undefined ? sideQuery(state, filter) : undefined;
  if (side?.covered) {
    // The side table alone answers: its index holds every condition (one row per document and value).
    return {
      sql: `SELECT ${side.single ? 'count(*)' : 'count(DISTINCT s.doc_id)'} FROM ${side.mk.table} AS s WHERE ${side.where}`,
      params: side.params,
    };
  }
  return { sql: `SELECT count(*) FROM ${state.table}${where ? ` WHERE ${where}` : ''}`, params };
}
