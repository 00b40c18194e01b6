// What better-sqlite3 throws, in the port's terms: a taken primary key or unique value becomes a
// ConflictError naming the collection (and the unique index), anything else a StoreUnavailableError
// whose message names the operation and SQLite's error code, never SQLite's text (kept in `cause`).
import { ConflictError, StoreQueryError, StoreUnavailableError } from '../port.js';
import type { CollectionState } from './collection.js';

/** A failed insert/update: unique violations are conflicts, anything else the backend's. */
export function writeFailure(error: unknown, state: CollectionState, id: string, closed: boolean): Error {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return withCause(new ConflictError(state.name, id, 'a document with this id already exists'), error);
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
    const message = String((error as Error).message);
    let fields = '';
    for (const index of state.indexes.values()) {
      if (message.includes(`'${index.name}'`)) fields = index.fields.join(', ');
    }
    const detail = fields ? `unique index on (${fields}) already holds this value` : 'a unique value is already taken';
    return withCause(new ConflictError(state.name, id, detail), error);
  }
  return unavailable(error, `write ${state.name}/${id}`, closed);
}

/** Port errors pass through; everything else the driver throws becomes StoreUnavailableError. */
export function unavailable(error: unknown, what: string, closed: boolean): Error {
  if (error instanceof ConflictError || error instanceof StoreQueryError || error instanceof StoreUnavailableError) {
    return error;
  }
  if (closed) return new StoreUnavailableError(`${what}: the store is closed`, { cause: error });
  const code = (error as { code?: unknown } | undefined)?.code;
  return new StoreUnavailableError(`sqlite ${what} failed${typeof code === 'string' ? ` (${code})` : ''}`, { cause: error });
}

function withCause<E extends Error>(error: E, cause: unknown): E {
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false, configurable: true, writable: true });
  return error;
}
