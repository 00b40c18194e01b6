// What the store adapters share of paging and naming: the checks on a find's limit and offset,
// the opaque page cursor (the sort it was issued for plus the last row's sort values) and the
// short hash that keeps index names unique.
import { StoreQueryError } from './port.js';

export type CursorValue = string | number | boolean | null;

/** Refuses a `limit` that is not a positive integer and an `offset` that is not a non-negative one. */
export function checkPaging(limit: number | undefined, offset: number | undefined): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new StoreQueryError(`limit must be a positive integer, got ${limit}`);
  }
  if (offset !== undefined && (!Number.isInteger(offset) || offset < 0)) {
    throw new StoreQueryError(`offset must be a non-negative integer, got ${offset}`);
  }
}

/** An opaque cursor: the sort's signature and the last row's values under it. */
export function encodeCursor(signature: string, values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify({ s: signature, v: values })).toString('base64url');
}

/**
 * The values of a cursor issued for the sort with this `signature` and number of keys; a cursor
 * that is not one, or was issued for another sort, is refused naming why.
 */
export function decodeCursor(cursor: string, signature: string, keys: number, { booleans = false } = {}): CursorValue[] {
  let decoded: unknown;
  try {
    if (typeof cursor !== 'string') throw new Error('not a string');
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new StoreQueryError('malformed cursor');
  }
  const { s, v } = (decoded ?? {}) as { s?: unknown; v?: unknown };
  if (!Array.isArray(v) || typeof s !== 'string') throw new StoreQueryError('malformed cursor');
  if (s !== signature || v.length !== keys) throw new StoreQueryError('cursor was issued for a different sort');
  for (const value of v) {
    const scalar = value === null || typeof value === 'string' || typeof value === 'number' || (booleans && typeof value === 'boolean');
    if (!scalar) throw new StoreQueryError('malformed cursor');
  }
  return v as CursorValue[];
}

/** FNV-1a of a text in base 36: a short, stable suffix for generated names. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
