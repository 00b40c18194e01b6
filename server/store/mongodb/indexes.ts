// The port's index specs as MongoDB indexes (a pure module). MongoDB indexes arrays natively, so a
// multikey spec is an ordinary compound index; non-unique indexes end with `_id`, the implicit last
// sort key, so a sort on the indexed fields pages as an index range, as the SQLite indexes do.
import { StoreQueryError } from '../port.js';
import type { IndexSpec } from '../port.js';
import { fieldPath } from './query.js';
import { fnv1a } from '../cursor.js';

export interface MongoIndex {
  /** Deterministic, so declaring the same spec again finds the index already there. */
  name: string;
  key: Map<string, 1>;
  unique: boolean;
  /** The port's field names, for naming a unique index in a conflict. */
  fields: string[];
  /**
   * Unique indexes cover only documents that hold every field: SQLite (NULLs are distinct) lets
   * any number of documents lack a unique value, and so does this.
   */
  partialFilterExpression?: Record<string, { $exists: true }>;
}

/** The MongoDB index for a spec, or undefined when `_id`'s own index already is it. */
export function indexFor(collection: string, spec: IndexSpec): MongoIndex | undefined {
  if (!Array.isArray(spec.fields) || spec.fields.length === 0) {
    throw new StoreQueryError(`index on ${collection}: fields must be a non-empty array`);
  }
  const unique = spec.unique === true;
  if (spec.multikey !== undefined) {
    if (typeof spec.multikey !== 'string' || !spec.fields.includes(spec.multikey)) {
      throw new StoreQueryError(`index on ${collection}: multikey must name one of the index's fields`);
    }
    if (unique) throw new StoreQueryError(`index on ${collection}: a multikey index cannot be unique`);
    if (spec.multikey === 'id' || spec.multikey === 'version') {
      throw new StoreQueryError(`index on ${collection}: ${spec.multikey} is not an array field`);
    }
  }
  const paths = spec.fields.map((field) => fieldPath(field));
  if (paths[0] === '_id') return undefined;
  const key = new Map<string, 1>();
  for (const path of paths) key.set(path, 1);
  if (!unique) key.set('_id', 1);
  const readable = spec.fields.join('_').replace(/[^A-Za-z0-9_]/g, '_');
  // The hash separates field lists that read the same once sanitized (a.b vs a_b).
  const name = `ix_${readable}${unique ? '_u' : ''}_${fnv1a(spec.fields.join(',') + (unique ? '!' : ''))}`;
  const index: MongoIndex = { name, key, unique, fields: [...spec.fields] };
  if (unique) {
    index.partialFilterExpression = {};
    for (const path of paths) index.partialFilterExpression[path] = { $exists: true };
  }
  return index;
}
