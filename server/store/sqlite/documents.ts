// How a port document is kept in SQLite: one row of its collection's table
// (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL), the fields as JSON text
// without id and version; reads answer the parsed fields with both put back.
import { StoreQueryError } from '../port.js';
import type { Stored } from '../port.js';

export function checkId(id: unknown): string {
  if (typeof id !== 'string' || id === '') throw new StoreQueryError('a document id must be a non-empty string');
  return id;
}

export function toJson(fields: Record<string, unknown>, collection: string, id: string): string {
  try {
    return JSON.stringify(fields);
  } catch (e) {
    throw new StoreQueryError(`${collection}/${id}: the document is not JSON-serializable (${(e as Error).message})`);
  }
}

export function rowToDoc<T>(row: unknown[]): Stored<T> {
  const doc = JSON.parse(row[2] as string) as Record<string, unknown>;
  doc.id = row[0];
  doc.version = row[1];
  return doc as Stored<T>;
}
