// The port's filters, sorts and cursors as MongoDB queries: a pure module (no driver, no server)
// so that what the adapter asks of MongoDB can be checked anywhere.
//
// Meaning is the port's, as the SQLite adapter implements it: null matches a missing field too,
// $ne / $nin keep missing fields, $contains / $containsAny match arrays only ($elemMatch, never a
// scalar that happens to be equal), $like is a case-insensitive literal substring. Sorting puts
// null and missing first ascending and last descending (MongoDB's own order for them), then `_id`
// ascending breaks ties; a cursor holds the sort values of the last document returned and the next
// page asks for what sorts strictly after them. A sort field is expected to hold one type (plus
// null): MongoDB orders different types in brackets (numbers, then strings, then booleans) where
// SQLite would compare them, and a field holding arrays sorts by an element — paging by such a
// field is refused rather than answered wrongly.
import { StoreQueryError } from '../port.js';
import type { Filter, FindOptions, SortField } from '../port.js';
import { ESCAPED_ID } from './documents.js';
import { checkPaging, decodeCursor, encodeCursor, type CursorValue } from '../cursor.js';
import { parseTextQuery } from '../text.js';
import { noTextIndex, textFilter } from './text.js';

export type MongoFilter = Record<string, unknown>;
export type MongoSort = Array<[string, 1 | -1]>;

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const pathCache = new Map<string, string>();

/** The stored path of a port field: id is `_id`; a top-level user field `_id` is escaped. */
export function fieldPath(field: string): string {
  const cached = pathCache.get(field);
  if (cached !== undefined) return cached;
  let path: string;
  if (field === 'id') path = '_id';
  else if (field === 'version') path = 'version';
  else {
    if (typeof field !== 'string' || field === '') throw new StoreQueryError('empty field name');
    const segments = field.split('.');
    for (const segment of segments) {
      if (!SEGMENT.test(segment)) {
        throw new StoreQueryError(`invalid field path "${field}": segments may only hold letters, digits, '_' and '-'`);
      }
    }
    if (segments[0] === '_id') segments[0] = ESCAPED_ID;
    path = segments.join('.');
  }
  pathCache.set(field, path);
  return path;
}

const isMeta = (path: string) => path === '_id' || path === 'version';

// ---------------------------------------------------------------------------------------------
// Filters

function scalar(value: unknown, op: string, field: string): string | number | boolean | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new StoreQueryError(`${op} on ${field}: ${value} is not a finite number`);
      return value;
    default:
      if (value === null) return null;
      throw new StoreQueryError(`${op} on ${field}: expected a string, number, boolean or null`);
  }
}

function rangeValue(value: unknown, op: string, field: string): string | number {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new StoreQueryError(`${op} on ${field}: expected a string or a finite number`);
}

function scalarList(value: unknown, op: string, field: string): Array<string | number | boolean | null> {
  if (!Array.isArray(value)) throw new StoreQueryError(`${op} on ${field}: expected an array`);
  return value.map((item) => scalar(item, op, field));
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/-]/;

/**
 * A case-insensitive literal substring as a regular expression. Letters with a case become a
 * class of both ([áÁ]) so the match does not depend on the server's Unicode case folding.
 */
export function likePattern(text: string): string {
  let pattern = '';
  for (const ch of text.toLowerCase()) {
    const upper = ch.toUpperCase();
    if (upper !== ch && [...upper].length === 1) pattern += `[${ch}${upper}]`;
    else pattern += REGEX_SPECIAL.test(ch) ? `\\${ch}` : ch;
  }
  return pattern;
}

/** A filter that matches no document. */
const NOTHING: MongoFilter = { _id: { $in: [] } };

/** What a filter's `$text` needs to know of its collection. */
export interface TextContext {
  collection: string;
  /** The collection declares text fields (CollectionSpec.text). */
  indexed: boolean;
}

/** `text` says whether the collection has a text index; without it a `$text` is refused. */
export function compileFilter(filter: Filter | undefined, text?: TextContext, nested = false): MongoFilter {
  if (filter === undefined) return {};
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new StoreQueryError('a filter must be an object');
  }
  const out: MongoFilter = {};
  const and: MongoFilter[] = [];
  for (const key of Object.keys(filter)) {
    const condition = filter[key];
    if (condition === undefined) continue;
    if (key === '$or') out.$or = compileOr(condition, text);
    else if (key === '$text') and.push(compileText(condition, text, nested));
    else if (key.charCodeAt(0) === 36 /* $ */) throw new StoreQueryError(`unknown filter operator ${key}`);
    else compileField(key, condition, out, and);
  }
  if (and.length > 0) out.$and = and;
  return out;
}

function compileOr(alternatives: unknown, text: TextContext | undefined): MongoFilter[] {
  if (!Array.isArray(alternatives) || alternatives.length === 0) {
    throw new StoreQueryError('$or needs a non-empty array of filters');
  }
  // An empty alternative matches everything, as an empty filter does.
  return alternatives.map((alternative) => compileFilter(alternative as Filter, text, true));
}

function compileText(query: unknown, text: TextContext | undefined, nested: boolean): MongoFilter {
  if (nested) throw new StoreQueryError('$text is only allowed at the top level of a filter, not inside $or');
  if (!text?.indexed) throw noTextIndex(text?.collection);
  return textFilter(parseTextQuery(text.collection, query));
}

function compileField(field: string, condition: unknown, out: MongoFilter, and: MongoFilter[]): void {
  const path = fieldPath(field);
  if (condition === null || typeof condition !== 'object') {
    out[path] = scalar(condition, '$eq', field);
    return;
  }
  if (Array.isArray(condition)) {
    throw new StoreQueryError(`${field}: an array is not a condition; use $in, $contains or $containsAny`);
  }
  const ops = condition as Record<string, unknown>;
  const mongo: Record<string, unknown> = {};
  const elementMatches: MongoFilter[] = [];
  for (const op of Object.keys(ops)) {
    const value = ops[op];
    if (value === undefined) continue;
    switch (op) {
      case '$eq':
      case '$ne':
        mongo[op] = scalar(value, op, field);
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        mongo[op] = rangeValue(value, op, field);
        break;
      case '$in':
      case '$nin':
        mongo[op] = scalarList(value, op, field);
        break;
      case '$exists':
        if (typeof value !== 'boolean') throw new StoreQueryError(`$exists on ${field}: expected a boolean`);
        mongo.$exists = value;
        break;
      case '$contains':
        if (isMeta(path)) throw new StoreQueryError(`$contains on ${field}: not an array field`);
        elementMatches.push({ $eq: scalar(value, op, field) });
        break;
      case '$containsAny':
        if (isMeta(path)) throw new StoreQueryError(`$containsAny on ${field}: not an array field`);
        elementMatches.push({ $in: scalarList(value, op, field) });
        break;
      case '$like':
        if (typeof value !== 'string') throw new StoreQueryError(`$like on ${field}: expected a string`);
        mongo.$regex = likePattern(value);
        mongo.$options = 'i';
        break;
      default:
        throw new StoreQueryError(`unknown operator ${op} on field ${field}`);
    }
  }
  // $elemMatch only matches arrays, which is what $contains means; a second one needs its own clause.
  const [first, ...others] = elementMatches;
  if (first) mongo.$elemMatch = first;
  for (const other of others) and.push({ [path]: { $elemMatch: other } });
  if (Object.keys(mongo).length > 0) out[path] = mongo;
}

// ---------------------------------------------------------------------------------------------
// Sorting and cursors

export interface SortKey {
  field: string;
  path: string;
  desc: boolean;
  /** id and version always hold a value, which keeps their cursor conditions simple. */
  nullable: boolean;
}

export interface SortPlan {
  keys: SortKey[];
  sort: MongoSort;
  /** Identifies the sort inside a cursor so a cursor cannot silently be reused for another. */
  signature: string;
}

const DEFAULT_PLAN: SortPlan = {
  keys: [{ field: 'id', path: '_id', desc: false, nullable: false }],
  sort: [['_id', 1]],
  signature: 'id+',
};

export function sortPlan(sort: SortField[] | undefined): SortPlan {
  if (sort === undefined) return DEFAULT_PLAN;
  if (!Array.isArray(sort)) throw new StoreQueryError('sort must be an array');
  if (sort.length === 0) return DEFAULT_PLAN;
  const keys: SortKey[] = [];
  const mongo: MongoSort = [];
  let signature = '';
  let hasId = false;
  for (const { field, order } of sort) {
    if (order !== undefined && order !== 'asc' && order !== 'desc') {
      throw new StoreQueryError(`sort on ${field}: order must be 'asc' or 'desc'`);
    }
    const path = fieldPath(field);
    const desc = order === 'desc';
    keys.push({ field, path, desc, nullable: !isMeta(path) });
    mongo.push([path, desc ? -1 : 1]);
    signature += `${signature ? ',' : ''}${field}${desc ? '-' : '+'}`;
    if (path === '_id') {
      hasId = true;
      break; // ids are unique: later keys could never matter
    }
  }
  if (!hasId) {
    keys.push({ field: 'id', path: '_id', desc: false, nullable: false });
    mongo.push(['_id', 1]);
    signature += ',id+';
  }
  return { keys, sort: mongo, signature };
}

export function encodePageCursor(plan: SortPlan, values: CursorValue[]): string {
  return encodeCursor(plan.signature, values);
}

export function decodePageCursor(cursor: string, plan: SortPlan): CursorValue[] {
  return decodeCursor(cursor, plan.signature, plan.keys.length, { booleans: true });
}

/** The value at a stored path, as MongoDB sorts it for a scalar field: missing reads as null. */
export function valueAt(raw: Record<string, unknown>, path: string): unknown {
  let value: unknown = raw;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    // MongoDB sorts by an element of an array on the way: a cursor could not say where a page ends.
    if (Array.isArray(value)) throw new StoreQueryError(`cannot page by '${path}': it passes through a list`);
    value = (value as Record<string, unknown>)[segment];
  }
  return value === undefined ? null : value;
}

/** The cursor that continues after `raw`, the last document of a page. */
export function cursorAfter(plan: SortPlan, raw: Record<string, unknown>): string {
  const values = plan.keys.map((key) => {
    const value = valueAt(raw, key.path);
    if (value !== null && typeof value === 'object') {
      throw new StoreQueryError(`cannot page by ${key.field}: a document holds an array or an object there`);
    }
    return value as CursorValue;
  });
  return encodePageCursor(plan, values);
}

/**
 * Documents strictly after the cursor in the plan's order: (k1 after c1) OR (k1 = c1 AND k2 after
 * c2) OR …, where "after" and "=" know that null (and missing) sorts first.
 */
export function cursorFilter(plan: SortPlan, values: CursorValue[]): MongoFilter {
  const { keys } = plan;
  const alternatives: MongoFilter[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = values[i]!;
    let after: MongoFilter;
    if (!key.desc) after = value === null ? { [key.path]: { $ne: null } } : { [key.path]: { $gt: value } };
    else if (value === null)
      continue; // nothing sorts after null descending
    else if (key.nullable) after = { $or: [{ [key.path]: { $lt: value } }, { [key.path]: null }] };
    else after = { [key.path]: { $lt: value } };
    const equal: MongoFilter[] = [];
    for (let j = 0; j < i; j++) equal.push({ [keys[j]!.path]: values[j] === null ? null : { $eq: values[j] } });
    alternatives.push(equal.length === 0 ? after : { $and: [...equal, after] });
  }
  if (alternatives.length === 0) return NOTHING;
  // A bound on the first key as well, so the planner can read an index as a range.
  const first = keys[0]!;
  const c0 = values[0]!;
  let bound: MongoFilter | undefined;
  if (!first.desc && c0 !== null) bound = { [first.path]: { $gte: c0 } };
  else if (first.desc && c0 === null) bound = { [first.path]: null };
  else if (first.desc && !first.nullable) bound = { [first.path]: { $lte: c0 } };
  const or: MongoFilter = alternatives.length === 1 ? alternatives[0]! : { $or: alternatives };
  return bound ? { $and: [bound, or] } : or;
}

// ---------------------------------------------------------------------------------------------
// A whole find

export interface MongoFind {
  filter: MongoFilter;
  sort: MongoSort;
  skip: number | undefined;
  /** How many documents to fetch: one more than the page, to know whether another follows. */
  fetch: number | undefined;
  /** The page size asked for. */
  limit: number | undefined;
  plan: SortPlan;
}

export function buildFind(filter: Filter | undefined, options: FindOptions | undefined, text?: TextContext): MongoFind {
  let compiled = compileFilter(filter, text);
  const plan = sortPlan(options?.sort);
  const limit = options?.limit;
  const offset = options?.offset;
  checkPaging(limit, offset);
  if (options?.after !== undefined) {
    const after = cursorFilter(plan, decodePageCursor(options.after, plan));
    compiled = Object.keys(compiled).length === 0 ? after : { $and: [compiled, after] };
  }
  return {
    filter: compiled,
    sort: plan.sort,
    skip: offset ? offset : undefined,
    fetch: limit === undefined ? undefined : limit + 1,
    limit,
    plan,
  };
}
