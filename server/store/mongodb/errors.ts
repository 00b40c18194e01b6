// What the MongoDB driver throws, in the port's terms (a pure module): duplicate keys become
// ConflictErrors naming the collection and the unique index, anything else a StoreUnavailableError
// whose message names the operation and the server's error code, never the server's text; and at
// connect, catalogue errors an operator can act on — including the one saying that a standalone
// server is not enough, with how to turn it into a replica set.
import { MongoBulkWriteError, MongoError, MongoNetworkError, MongoParseError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import type { Document } from 'mongodb';
import { t, type Locale, type MessageKey, type MessageParams } from '../../i18n/index.js';
import { ConflictError, StoreQueryError, StoreUnavailableError } from '../port.js';

/** A store failure at connect whose text comes from the catalogue, in the operator's language. */
export class MongoStoreError extends StoreUnavailableError {
  constructor(
    readonly locale: Locale,
    messageKey: MessageKey,
    params: MessageParams,
    options: { cause?: unknown } = {},
  ) {
    super(t(locale, messageKey, params), { ...options, messageKey, params });
    this.name = 'MongoStoreError';
  }
}

function withCause<E extends Error>(error: E, cause: unknown): E {
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false, configurable: true, writable: true });
  return error;
}

const isPortError = (error: unknown) => error instanceof ConflictError || error instanceof StoreQueryError || error instanceof StoreUnavailableError;

/** MongoDB aborted the transaction and asks for the whole of it to be run again. */
export function isTransient(error: unknown): boolean {
  return error instanceof MongoError && error.hasErrorLabel('TransientTransactionError');
}

export interface DuplicateKey {
  /** The unique index's key, as the server reports it ({ _id: 1 }, { username: 1 }). */
  keyPattern: Record<string, unknown> | undefined;
  /** The index's name, read from the server's message when the key pattern is missing. */
  indexName: string | undefined;
  /** For a bulk insert: the position of the document that collided. */
  position: number | undefined;
}

const DUPLICATE_KEY = new Set([11000, 11001]);
const INDEX_NAME = /index: (\S+) dup key/;

/** The duplicate-key details of a driver error, or undefined when it is something else. */
export function duplicateKeyOf(error: unknown): DuplicateKey | undefined {
  if (!(error instanceof MongoServerError)) return undefined;
  if (error instanceof MongoBulkWriteError) {
    const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    for (const writeError of writeErrors as Array<{ code?: number; index?: number; errmsg?: string; err?: Document }>) {
      if (writeError === undefined || !DUPLICATE_KEY.has(Number(writeError.code ?? writeError.err?.code))) continue;
      return {
        keyPattern: (writeError.err?.keyPattern as Record<string, unknown> | undefined) ?? undefined,
        indexName: INDEX_NAME.exec(String(writeError.errmsg ?? writeError.err?.errmsg ?? ''))?.[1],
        position: typeof writeError.index === 'number' ? writeError.index : undefined,
      };
    }
    if (!DUPLICATE_KEY.has(Number(error.code))) return undefined;
  } else if (!DUPLICATE_KEY.has(Number(error.code))) return undefined;
  return {
    keyPattern: (error.keyPattern as Record<string, unknown> | undefined) ?? undefined,
    indexName: INDEX_NAME.exec(error.message)?.[1],
    position: undefined,
  };
}

/** A unique index of the collection, as the adapter created it. */
export interface UniqueIndexInfo {
  name: string;
  /** Stored paths, in key order. */
  paths: string[];
  /** The port's field names. */
  fields: string[];
}

/** The ConflictError for a duplicate key: which document, and which unique index refused it. */
export function conflictFor(error: unknown, duplicate: DuplicateKey, collection: string, id: string, indexes: UniqueIndexInfo[]): ConflictError {
  const pattern = duplicate.keyPattern ? Object.keys(duplicate.keyPattern) : [];
  if (duplicate.indexName === '_id_' || (pattern.length === 1 && pattern[0] === '_id')) {
    return withCause(new ConflictError(collection, id, 'a document with this id already exists'), error);
  }
  const index =
    indexes.find((candidate) => candidate.name === duplicate.indexName) ?? indexes.find((candidate) => pattern.length > 0 && candidate.paths.join('\u0000') === pattern.join('\u0000'));
  const detail = index ? `unique index on (${index.fields.join(', ')}) already holds this value` : 'a unique value is already taken';
  return withCause(new ConflictError(collection, id, detail), error);
}

const UNREACHABLE = new Set(['MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoServerSelectionError', 'MongoTopologyClosedError', 'MongoNotConnectedError', 'MongoClientClosedError']);

/** Port errors pass through; everything else the driver throws becomes a StoreUnavailableError. */
export function unavailable(error: unknown, what: string, closed: boolean): Error {
  if (isPortError(error)) return error as Error;
  if (closed) return new StoreUnavailableError(`${what}: the store is closed`, { cause: error });
  if (error instanceof MongoError && UNREACHABLE.has(error.name)) {
    return new StoreUnavailableError(`mongodb ${what} failed: no server could be reached`, { cause: error });
  }
  if (error instanceof MongoServerError) {
    const code = error.codeName ?? (error.code === undefined ? undefined : String(error.code));
    return new StoreUnavailableError(`mongodb ${what} failed${code ? ` (${code})` : ''}`, { cause: error });
  }
  return new StoreUnavailableError(`mongodb ${what} failed`, { cause: error });
}

// ---------------------------------------------------------------------------------------------
// Connecting

export type Deployment = 'replicaSet' | 'sharded' | 'standalone' | 'uninitiated';

/**
 * What kind of deployment answered `hello`: a replica set member names its set, a mongos says
 * 'isdbgrid', a member started with --replSet whose set was never initiated says `isreplicaset`;
 * anything else is a standalone server, which has no transactions.
 */
export function deploymentOf(hello: Document): Deployment {
  if (hello.msg === 'isdbgrid') return 'sharded';
  if (typeof hello.setName === 'string' && hello.setName !== '') return 'replicaSet';
  if (hello.isreplicaset === true) return 'uninitiated';
  return 'standalone';
}

/** Only these deployments run multi-document transactions. */
export function supportsTransactions(deployment: Deployment): boolean {
  return deployment === 'replicaSet' || deployment === 'sharded';
}

/** The catalogue error for a deployment that cannot hold Oficio's store, if it cannot. */
export function deploymentError(deployment: Deployment, address: string, locale: Locale): MongoStoreError | undefined {
  if (deployment === 'standalone') return new MongoStoreError(locale, 'store.mongodb.standalone', { address });
  if (deployment === 'uninitiated') return new MongoStoreError(locale, 'store.mongodb.notInitiated', { address });
  return undefined;
}

/** The server error with `code` somewhere along the cause chain (the driver wraps handshake errors). */
function serverCode(error: unknown, code: number): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof MongoServerError && Number(e.code) === code) return true;
  }
  return false;
}

const AUTHENTICATION_FAILED = 18;
const UNAUTHORIZED = 13;

/** Whether a server selection timed out while the only servers found were uninitiated set members. */
function onlyGhosts(error: MongoServerSelectionError): boolean {
  const servers = (error.reason as { servers?: Map<string, { type?: string }> } | undefined)?.servers;
  if (!(servers instanceof Map) || servers.size === 0) return false;
  return [...servers.values()].every((server) => server.type === 'RSGhost');
}

/** The catalogue error for a failure to connect (the driver's own text stays in `cause`). */
export function connectError(error: unknown, address: string, database: string, locale: Locale): MongoStoreError {
  if (error instanceof MongoStoreError) return error;
  const cause = { cause: error };
  if (error instanceof MongoParseError) return new MongoStoreError(locale, 'store.mongodb.invalidUri', {}, cause);
  if (serverCode(error, AUTHENTICATION_FAILED)) return new MongoStoreError(locale, 'store.mongodb.authFailed', { address }, cause);
  if (serverCode(error, UNAUTHORIZED)) return new MongoStoreError(locale, 'store.mongodb.notAuthorized', { address, database }, cause);
  if (error instanceof MongoServerSelectionError && onlyGhosts(error)) {
    return new MongoStoreError(locale, 'store.mongodb.notInitiated', { address }, cause);
  }
  if (error instanceof MongoServerSelectionError || error instanceof MongoNetworkError) {
    return new MongoStoreError(locale, 'store.mongodb.unreachable', { address }, cause);
  }
  const code = error instanceof MongoServerError ? (error.codeName ?? String(error.code ?? '')) : error instanceof MongoError ? error.name : '';
  return new MongoStoreError(locale, 'store.mongodb.connectFailed', { address, code: code || '?' }, cause);
}

// ---------------------------------------------------------------------------------------------
// Connection strings

const URI = /^(mongodb(?:\+srv)?):\/\/(?:[^@/?#]*@)?([^/?#]*)(?:\/([^?#]*))?/;

/** Scheme and hosts of a connection string, for messages and logs: never the credentials. */
export function describeUri(uri: string): string {
  const match = URI.exec(uri);
  return match ? `${match[1]}://${match[2]}` : 'mongodb://?';
}

/** The database a connection string names in its path, if any. */
export function databaseOf(uri: string): string | undefined {
  const path = URI.exec(uri)?.[3];
  if (!path) return undefined;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** MongoDB's rules for database names (on every platform it runs on). */
export function isValidDatabaseName(name: string): boolean {
  // eslint-disable-next-line no-control-regex -- NUL is one of the characters MongoDB refuses in a database name
  return /^[^/\\. "$*<>:|?\u0000]{1,63}$/.test(name);
}
