// The port's index specs as SQLite indexes: expression indexes over the documents' JSON (the same
// expressions queries compare, from fieldSql), and side tables for multikey specs (multikey.ts).
// Non-unique indexes end with id, the implicit last sort key, as the MongoDB indexes end with _id.
import { StoreQueryError } from '../port.js';
import type { CollectionSpec } from '../port.js';
import { fnv1a } from '../cursor.js';
import type { CollectionState } from './collection.js';
import { fieldSql } from './filter.js';
import { declareMultikey } from './multikey.js';

export interface IndexDef {
  name: string;
  fields: string[];
  sql: string;
}

/** Adds the spec's indexes to what the collection declares; they are created on its next use. */
export function declareIndexes(state: CollectionState, spec: CollectionSpec): void {
  for (const index of spec.indexes ?? []) {
    if (!Array.isArray(index.fields) || index.fields.length === 0) {
      throw new StoreQueryError(`index on ${state.name}: fields must be a non-empty array`);
    }
    const unique = index.unique === true;
    if (index.multikey !== undefined) {
      declareMultikey(state, index.fields, index.multikey, unique);
      continue;
    }
    const exprs = index.fields.map((field) => fieldSql(field).expr);
    const readable = index.fields.join('_').replace(/[^A-Za-z0-9_]/g, '_');
    // The hash separates field lists that read the same once sanitized (a.b vs a_b).
    const name = `ix_${state.name}_${readable}${unique ? '_u' : ''}_${fnv1a(index.fields.join(',') + (unique ? '!' : ''))}`;
    if (state.indexes.has(name)) continue;
    state.indexes.set(name, {
      name,
      fields: [...index.fields],
      // Non-unique indexes end with id, the implicit last sort key: a sort on the indexed fields
      // then needs no temp b-tree and cursor pages become index range scans.
      sql: `CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${name}" ON ${state.table} (${exprs.join(', ')}${unique || index.fields.includes('id') ? '' : ', id'})`,
    });
    state.ready = false;
  }
}
