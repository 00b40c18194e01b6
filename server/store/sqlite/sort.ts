// Sorting and cursor paging as SQL. SQLite orders NULL before every value, so NULLs come first
// ascending and last descending; the cursor predicate below encodes exactly that order.
import { StoreQueryError } from '../port.js';
import type { SortField } from '../port.js';
import { decodeCursor } from '../cursor.js';
import { fieldSql, type Param } from './filter.js';

export interface SortKey {
  field: string;
  expr: string;
  desc: boolean;
  /** Columns (id, version) are never NULL, which keeps their predicates index-friendly. */
  nullable: boolean;
}

export interface SortPlan {
  keys: SortKey[];
  orderBy: string;
  /** Identifies the sort inside a cursor so a cursor cannot silently be reused for another. */
  signature: string;
}

const DEFAULT_SORT: SortPlan = {
  keys: [{ field: 'id', expr: 'id', desc: false, nullable: false }],
  orderBy: 'id ASC',
  signature: 'id+',
};

export function sortPlan(sort: SortField[] | undefined): SortPlan {
  if (sort === undefined) return DEFAULT_SORT;
  if (!Array.isArray(sort)) throw new StoreQueryError('sort must be an array');
  if (sort.length === 0) return DEFAULT_SORT;
  const keys: SortKey[] = [];
  let orderBy = '';
  let signature = '';
  let hasId = false;
  for (const { field, order } of sort) {
    if (order !== undefined && order !== 'asc' && order !== 'desc') {
      throw new StoreQueryError(`sort on ${field}: order must be 'asc' or 'desc'`);
    }
    const { expr, path } = fieldSql(field);
    const desc = order === 'desc';
    keys.push({ field, expr, desc, nullable: path !== undefined });
    orderBy += `${orderBy ? ', ' : ''}${expr} ${desc ? 'DESC' : 'ASC'}`;
    signature += `${signature ? ',' : ''}${field}${desc ? '-' : '+'}`;
    if (field === 'id') {
      hasId = true;
      break; // ids are unique: later keys could never matter
    }
  }
  if (!hasId) {
    keys.push({ field: 'id', expr: 'id', desc: false, nullable: false });
    orderBy += ', id ASC';
    signature += ',id+';
  }
  return { keys, orderBy, signature };
}

export function decodeSqliteCursor(cursor: string, plan: SortPlan): Param[] {
  return decodeCursor(cursor, plan.signature, plan.keys.length) as Param[];
}

/**
 * Rows strictly after the cursor in the plan's order: the lexicographic expansion
 * (k1 after c1) OR (k1 = c1 AND k2 after c2) OR ..., with "after" and "=" NULL-aware.
 */
export function cursorPredicate(plan: SortPlan, values: Param[], params: Param[]): string {
  const { keys } = plan;
  let sql = '';
  // A leading bound on the first key lets the planner turn this into an index range scan.
  const first = keys[0]!;
  const c0 = values[0]!;
  if (!first.desc && c0 !== null) {
    params.push(c0);
    sql = `${first.expr} >= ? AND `;
  } else if (first.desc && c0 === null) {
    sql = `${first.expr} IS NULL AND `;
  } else if (first.desc && !first.nullable) {
    params.push(c0);
    sql = `${first.expr} <= ? AND `;
  }
  let alternatives = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = values[i]!;
    let after: string;
    if (!key.desc) after = value === null ? `${key.expr} IS NOT NULL` : `${key.expr} > ?`;
    else if (value === null)
      continue; // nothing sorts after NULL descending
    else after = key.nullable ? `(${key.expr} < ? OR ${key.expr} IS NULL)` : `${key.expr} < ?`;
    let term = '';
    for (let j = 0; j < i; j++) {
      const prior = values[j]!;
      if (prior === null) term += `${keys[j]!.expr} IS NULL AND `;
      else {
        params.push(prior);
        term += `${keys[j]!.expr} = ? AND `;
      }
    }
    if (value !== null) params.push(value);
    term += after;
    alternatives = alternatives ? `${alternatives} OR (${term})` : `(${term})`;
  }
  return `${sql}(${alternatives || '0'})`;
}
