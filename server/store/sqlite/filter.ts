// The filter compiler: the port's filters as SQL text plus positional parameters, appended in text
// order, and field paths as SQL expressions. Index definitions and queries must produce
// byte-identical expressions or SQLite's planner will not match them, so fieldSql is their one
// producer.
import { StoreQueryError } from '../port.js';
import type { Filter } from '../port.js';

export interface FieldSql {
  /** Expression for the field's value: a column for id/version, json_extract otherwise. */
  expr: string;
  /** The quoted JSON path literal, e.g. '$.a.b'; undefined for columns. */
  path: string | undefined;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const INDEX_SEGMENT = /^[0-9]+$/;
const fieldCache = new Map<string, FieldSql>();

export function fieldSql(field: string): FieldSql {
  const cached = fieldCache.get(field);
  if (cached) return cached;
  let result: FieldSql;
  if (field === 'id' || field === 'version') result = { expr: field, path: undefined };
  else {
    if (typeof field !== 'string' || field === '') throw new StoreQueryError('empty field name');
    let path = '$';
    for (const segment of field.split('.')) {
      if (!SEGMENT.test(segment)) {
        throw new StoreQueryError(`invalid field path "${field}": segments may only hold letters, digits, '_' and '-'`);
      }
      // Numeric segments index into arrays, as they do in MongoDB.
      path += INDEX_SEGMENT.test(segment) ? `[${segment}]` : `.${segment}`;
    }
    const literal = `'${path}'`;
    result = { expr: `json_extract(doc, ${literal})`, path: literal };
  }
  fieldCache.set(field, result);
  return result;
}

export type Param = string | number | null;

export function bindScalar(value: unknown, op: string, field: string): Param {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new StoreQueryError(`${op} on ${field}: ${value} is not a finite number`);
      return value;
    // json_extract answers JSON booleans as 1/0, so compare against those.
    case 'boolean':
      return value ? 1 : 0;
    default:
      if (value === null) return null;
      throw new StoreQueryError(`${op} on ${field}: expected a string, number, boolean or null`);
  }
}

function bindRange(value: unknown, op: string, field: string): Param {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new StoreQueryError(`${op} on ${field}: expected a string or a finite number`);
}

export function scalarList(value: unknown, op: string, field: string): { values: Param[]; hasNull: boolean } {
  if (!Array.isArray(value)) throw new StoreQueryError(`${op} on ${field}: expected an array`);
  const values: Param[] = [];
  let hasNull = false;
  for (const item of value) {
    const bound = bindScalar(item, op, field);
    if (bound === null) hasNull = true;
    else values.push(bound);
  }
  return { values, hasNull };
}

export function placeholders(count: number): string {
  return count === 1 ? '?' : '?' + ', ?'.repeat(count - 1);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

export function compileFilter(filter: Filter, params: Param[]): string {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new StoreQueryError('a filter must be an object');
  }
  let sql = '';
  for (const key of Object.keys(filter)) {
    const condition = filter[key];
    if (condition === undefined) continue;
    let part: string;
    if (key === '$or') part = compileOr(condition, params);
    else if (key === '$text') throw new StoreQueryError('$text is only allowed at the top level of a filter, not inside $or');
    else if (key.charCodeAt(0) === 36 /* $ */) throw new StoreQueryError(`unknown filter operator ${key}`);
    else part = compileField(key, condition, params);
    sql = sql === '' ? part : `${sql} AND ${part}`;
  }
  return sql;
}

function compileOr(alternatives: unknown, params: Param[]): string {
  if (!Array.isArray(alternatives) || alternatives.length === 0) {
    throw new StoreQueryError('$or needs a non-empty array of filters');
  }
  let sql = '';
  for (const alternative of alternatives) {
    const part = compileFilter(alternative as Filter, params) || '1';
    sql = sql === '' ? part : `${sql} OR ${part}`;
  }
  return `(${sql})`;
}

/** `target` compiles the condition against another expression (a multikey side table's column). */
export function compileField(field: string, condition: unknown, params: Param[], target?: FieldSql): string {
  const { expr, path } = target ?? fieldSql(field);
  if (condition === null) return `${expr} IS NULL`;
  if (typeof condition !== 'object') {
    params.push(bindScalar(condition, '$eq', field));
    return `${expr} = ?`;
  }
  if (Array.isArray(condition)) {
    throw new StoreQueryError(`${field}: an array is not a condition; use $in, $contains or $containsAny`);
  }
  let sql = '';
  const ops = condition as Record<string, unknown>;
  for (const op of Object.keys(ops)) {
    const value = ops[op];
    if (value === undefined) continue;
    let part: string;
    switch (op) {
      case '$eq': {
        const bound = bindScalar(value, op, field);
        if (bound === null) part = `${expr} IS NULL`;
        else {
          params.push(bound);
          part = `${expr} = ?`;
        }
        break;
      }
      case '$ne': {
        const bound = bindScalar(value, op, field);
        if (bound === null) part = `${expr} IS NOT NULL`;
        else {
          // IS NOT keeps missing fields (NULL) among the matches, as MongoDB does.
          params.push(bound);
          part = `${expr} IS NOT ?`;
        }
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        params.push(bindRange(value, op, field));
        part = `${expr} ${op === '$gt' ? '>' : op === '$gte' ? '>=' : op === '$lt' ? '<' : '<='} ?`;
        break;
      case '$in': {
        const { values, hasNull } = scalarList(value, op, field);
        if (values.length === 0) part = hasNull ? `${expr} IS NULL` : '0';
        else {
          for (const v of values) params.push(v);
          const inList = `${expr} IN (${placeholders(values.length)})`;
          part = hasNull ? `(${inList} OR ${expr} IS NULL)` : inList;
        }
        break;
      }
      case '$nin': {
        const { values, hasNull } = scalarList(value, op, field);
        if (values.length === 0) part = hasNull ? `${expr} IS NOT NULL` : '1';
        else {
          for (const v of values) params.push(v);
          const notIn = `${expr} NOT IN (${placeholders(values.length)})`;
          // NULL NOT IN (...) is NULL, so a missing field needs saying explicitly.
          part = hasNull ? `(${expr} IS NOT NULL AND ${notIn})` : `(${expr} IS NULL OR ${notIn})`;
        }
        break;
      }
      case '$exists':
        if (typeof value !== 'boolean') throw new StoreQueryError(`$exists on ${field}: expected a boolean`);
        // json_type tells an explicit null ('null') from a missing key (NULL).
        if (path === undefined) part = value ? '1' : '0';
        else part = `json_type(doc, ${path}) IS ${value ? 'NOT NULL' : 'NULL'}`;
        break;
      case '$contains': {
        if (path === undefined) throw new StoreQueryError(`$contains on ${field}: not an array field`);
        const bound = bindScalar(value, op, field);
        let match = 'value IS NULL';
        if (bound !== null) {
          params.push(bound);
          match = 'value = ?';
        }
        // Integer keys restrict json_each to array elements (objects have text keys, scalars none).
        part = `EXISTS (SELECT 1 FROM json_each(doc, ${path}) WHERE typeof(key) = 'integer' AND ${match})`;
        break;
      }
      case '$containsAny': {
        if (path === undefined) throw new StoreQueryError(`$containsAny on ${field}: not an array field`);
        const { values, hasNull } = scalarList(value, op, field);
        if (values.length === 0 && !hasNull) {
          part = '0';
          break;
        }
        for (const v of values) params.push(v);
        const inList = values.length > 0 ? `value IN (${placeholders(values.length)})` : '';
        const match = inList && hasNull ? `(${inList} OR value IS NULL)` : inList ? inList : 'value IS NULL';
        part = `EXISTS (SELECT 1 FROM json_each(doc, ${path}) WHERE typeof(key) = 'integer' AND ${match})`;
        break;
      }
      case '$like':
        if (typeof value !== 'string') throw new StoreQueryError(`$like on ${field}: expected a string`);
        // SQLite's LIKE folds ASCII only; folding both sides in JS makes it Unicode-aware.
        params.push(`%${escapeLike(value.toLowerCase())}%`);
        part = `ofi_fold(${expr}) LIKE ? ESCAPE '\\'`;
        break;
      default:
        throw new StoreQueryError(`unknown operator ${op} on field ${field}`);
    }
    sql = sql === '' ? part : `${sql} AND ${part}`;
  }
  return sql === '' ? '1' : sql;
}
