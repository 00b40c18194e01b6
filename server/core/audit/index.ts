// The audit trail: an append-only, hash-chained record of every action — who, when, what, on
// which instance or task, with which data — that can be queried, exported as CSV and verified.
//
// The chain. Event n (n = 1, 2, … with no gaps) is stored as document `eventId(n)` of the
// `audit_events` collection, holding the event's fields plus `prevHash` (event n-1's hash, or
// GENESIS_HASH for n = 1) and
//
//     hash = hex(sha256(prevHash + canonicalJson(row without prevHash and hash)))
//
// where "row" is every stored field of the event (sequence, at, actor, actorId, action and the
// optional ones) and canonicalJson is defined in ./canonical.ts (sorted keys, no whitespace).
// A head document (`audit_head`/`head`) holds the last sequence and hash. Appending reads the
// head, inserts event n+1 and updates the head with its expected version, all in one store
// transaction: two appends racing for the same n cannot both commit (the insert's id or the
// head's version conflicts), so the chain stays linear; the loser retries.
//
// Verifying recomputes every hash from the rows, in sequence order and in pages, and compares the
// last with the head: an edited row breaks its own hash, a deleted row leaves a sequence gap, a
// deleted tail leaves the head ahead of the rows. (Someone able to rewrite every row after an
// edit and the head too is caught only by comparing `head()` with a copy kept elsewhere.)
//
// That nothing is missing — every command the engine carried out on request has its event — is
// checked by ./completeness.ts; ./commands.ts is how use cases make an action and its event commit
// together (or, on Camunda, an intent before and its confirmation after).
import { createHash } from 'node:crypto';
import { t, type Locale, type MessageKey } from '../../i18n/index.js';
import { DomainError } from '../../errors.js';
import { ConflictError } from '../../store/port.js';
import type { FieldCondition, Filter, Json, Store, Stored, Transaction } from '../../store/port.js';
import { canonicalJson, NotCanonicalJsonError, quote } from './canonical.js';
import { UTF8_BOM, csvField, csvLine, csvTextField } from './csv.js';

export { canonicalJson, NotCanonicalJsonError } from './canonical.js';

/** The collections the trail owns; nothing else writes them. */
export const AUDIT_EVENTS_COLLECTION = 'audit_events';
export const AUDIT_HEAD_COLLECTION = 'audit_head';
const HEAD_ID = 'head';

/** What event 1 chains from. */
export const GENESIS_HASH = '0'.repeat(64);

// ---------------------------------------------------------------------------------------------
// Types

/** A signed-in person, as the audit trail keeps them (only these fields are copied). */
export interface AuditUser {
  id: string;
  name: string;
  roles?: string[];
}

/** Who acted: a person, the platform itself (timers, workers, the engine), or nobody signed in. */
export type AuditActor = AuditUser | 'system' | 'anonymous';

/** What a caller records. `sequence`, `at` and the hashes are the trail's to assign. */
export interface AuditEventInput {
  actor: AuditActor;
  /** Dotted, lower camel case: 'instance.start', 'task.claim', 'task.complete', 'auth.login', … */
  action: string;
  processInstanceKey?: string;
  userTaskKey?: string;
  /** What else the action was about, when neither an instance nor a task: a model id, a user. */
  subject?: string;
  /** The action's data (form fields, the reason of a reassignment, …); must be plain JSON. */
  data?: Json;
  ip?: string;
}

/** A recorded event: exactly the stored row (its hash covers every field but the two hashes). */
export interface AuditEvent extends AuditEventInput {
  /** 1, 2, 3, … with no gaps. */
  sequence: number;
  /**
   * When it was recorded, ISO 8601 UTC with milliseconds (Date#toISOString). Never earlier than
   * the previous event's: should the clock step back, events keep the last time until it catches up.
   */
  at: string;
  /** The actor's user id, or 'system' / 'anonymous': what the `actor` filter matches. */
  actorId: string;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  /** A user id, or 'system' / 'anonymous'. */
  actor?: string;
  /** One action, or any of several. */
  action?: string | string[];
  processInstanceKey?: string;
  userTaskKey?: string;
  /** Recorded at or after (inclusive); an ISO date-time or a Date. */
  from?: string | Date;
  /** Recorded before (exclusive); an ISO date-time or a Date. */
  to?: string | Date;
}

export type AuditOrder = 'asc' | 'desc';

export interface AuditPageOptions {
  /** 1…1000, default 50. */
  limit?: number;
  /** The `nextCursor` of the previous page, asked with the same order. */
  after?: string;
  /** 'desc' (default): newest first; 'asc': oldest first. */
  order?: AuditOrder;
}

export interface AuditPage {
  items: AuditEvent[];
  /** Present when more events match after the last one returned. */
  nextCursor?: string;
}

export interface AuditCsvOptions {
  /** Language of the headers and of the system/anonymous actor labels; default 'es'. */
  locale?: Locale;
  /** Default 'asc': oldest first, as a ledger reads. */
  order?: AuditOrder;
  /** Events read per store query; default 1000. */
  pageSize?: number;
}

/**
 * Why verification stopped:
 * - 'hash mismatch': the row's content (or its recorded prevHash) no longer matches the chain —
 *   it was edited; `expectedHash` is the hash recomputed from the row and the previous event,
 *   `actualHash` the one stored (or, for an edited prevHash, the previous event's hash and the
 *   stored prevHash).
 * - 'sequence gap': the next row is not the next sequence — rows were deleted (`brokenAt` is the
 *   first missing one) or a row's sequence disagrees with its place (moved, renumbered);
 *   `expectedHash` is the hash of the last intact event, `actualHash` the prevHash found there.
 * - 'missing event': a row is there but holds no event (its sequence or hashes are gone).
 * - 'head mismatch': the rows end before (deleted tail) or after (rows added behind the trail's
 *   back) the head's sequence, or the last hash is not the head's; `expectedHash` is the head's
 *   hash, `actualHash` the last row's.
 */
export type AuditBreakReason = 'hash mismatch' | 'missing event' | 'sequence gap' | 'head mismatch';

export type AuditVerification =
  | {
      intact: true;
      events: number;
      /** The hash of the last event verified (GENESIS_HASH for an empty trail): worth keeping elsewhere. */
      lastHash: string;
    }
  | { intact: false; brokenAt: number; reason: AuditBreakReason; expectedHash: string; actualHash: string };

export interface AuditVerifyOptions {
  /** Events read per store query; default 5000. */
  pageSize?: number;
}

export interface AuditTrail {
  /**
   * Appends one event and answers it as stored. Without `tx` it runs in its own transaction and
   * retries by itself when a concurrent append wins the race. With the caller's `tx`, the event
   * commits or rolls back with the caller's action (a rollback leaves no event and no gap); a
   * ConflictError then reaches the caller, whose whole unit of work should be retried.
   * Invalid input is an InvalidAuditEventError (a programming error: retrying cannot help).
   */
  record(event: AuditEventInput, tx?: Transaction): Promise<AuditEvent>;
  /** One page of the matching events, newest first unless `order: 'asc'`. */
  query(filter?: AuditFilter, options?: AuditPageOptions): Promise<AuditPage>;
  count(filter?: AuditFilter): Promise<number>;
  /**
   * The matching events as CSV, one line per item (each ending in CRLF), the first being the
   * UTF-8 BOM and the header. Read page by page: memory stays flat whatever the size. Events
   * recorded after the export started are not included.
   */
  exportCsv(filter?: AuditFilter, options?: AuditCsvOptions): AsyncIterable<string>;
  /** Walks the whole chain in pages and says whether it is intact, or where and why not. */
  verify(options?: AuditVerifyOptions): Promise<AuditVerification>;
  /** The last sequence and hash: publish or print it to detect a wholesale rewrite later. */
  head(): Promise<{ sequence: number; hash: string }>;
}

export interface AuditTrailDeps {
  store: Store;
  /** The clock: epoch milliseconds or a Date; the system clock by default. */
  now?: () => number | Date;
}

/** The event given to record() is malformed; `field` names what is wrong. Do not retry. */
export class InvalidAuditEventError extends Error {
  readonly code = 'AUDIT_INVALID_EVENT';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`audit event ${field}: ${problem}`);
    this.name = 'InvalidAuditEventError';
  }
}

/** A filter, limit or cursor cannot be used; `field` names which. The caller must fix the query. */
export class InvalidAuditQueryError extends DomainError {
  readonly code = 'AUDIT_INVALID_QUERY';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    const message = `audit query ${field}: ${problem}`;
    super('invalid', 'http.validation', {}, { fields: [{ field, message }], message });
    this.name = 'InvalidAuditQueryError';
  }
}

// ---------------------------------------------------------------------------------------------
// Rows

interface HeadDoc {
  sequence: number;
  hash: string;
  /** The last event's time: the next one is never recorded earlier (see append). */
  at?: string;
}

/** Zero-padded so that id order is sequence order: paging and verifying walk the primary key. */
const ID_DIGITS = 12;
export function auditEventId(sequence: number): string {
  return String(sequence).padStart(ID_DIGITS, '0');
}
const ID_PATTERN = /^\d{12}$/;

/** The hash of a row: sha256 over the previous hash and the canonical JSON of the rest. */
export function auditEventHash(prevHash: string, row: object): string {
  // canonicalJson of the row without these four keys, without copying the row first.
  const record = row as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let content = '{';
  for (const key of keys) {
    const value = record[key];
    if (value === undefined || NOT_HASHED.has(key)) continue;
    content += (content.length === 1 ? '' : ',') + quote(key) + ':' + canonicalJson(value, key);
  }
  content += '}';
  return createHash('sha256').update(prevHash).update(content).digest('hex');
}

/** The store's own id and version, and the two hashes themselves. */
const NOT_HASHED = new Set(['id', 'version', 'prevHash', 'hash']);

function toEvent(doc: Stored<AuditEvent>): AuditEvent {
  const { id: _id, version: _version, ...event } = doc;
  return event;
}

// ---------------------------------------------------------------------------------------------
// Validation

const ACTION = /^[a-z][A-Za-z0-9_-]*(\.[a-z][A-Za-z0-9_-]*)*$/;
const MAX_ACTION = 100;
const HASH = /^[0-9a-f]{64}$/;

type EventFields = Omit<AuditEvent, 'sequence' | 'at' | 'prevHash' | 'hash'>;

function optionalString(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidAuditEventError(field, 'must be a string when present');
  return value;
}

/** A fresh copy of what is recorded: known fields only, data deep-copied as plain JSON. */
function normalizeEvent(input: AuditEventInput): EventFields {
  if (input === null || typeof input !== 'object') throw new InvalidAuditEventError('event', 'must be an object');
  const raw = input as unknown as Record<string, unknown>;
  let actor: AuditActor;
  let actorId: string;
  const givenActor = raw.actor;
  if (givenActor === 'system' || givenActor === 'anonymous') {
    actor = givenActor;
    actorId = givenActor;
  } else if (givenActor !== null && typeof givenActor === 'object' && !Array.isArray(givenActor)) {
    const { id, name, roles } = givenActor as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') throw new InvalidAuditEventError('actor.id', 'must be a non-empty string');
    if (typeof name !== 'string') throw new InvalidAuditEventError('actor.name', 'must be a string');
    // Only these three: a whole user record (with its password hash) must never land in the trail.
    const user: AuditUser = { id, name };
    if (roles !== undefined) {
      if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) {
        throw new InvalidAuditEventError('actor.roles', 'must be an array of strings');
      }
      user.roles = [...(roles as string[])];
    }
    actor = user;
    actorId = id;
  } else {
    throw new InvalidAuditEventError('actor', "must be a user { id, name, roles? }, 'system' or 'anonymous'");
  }
  const action = raw.action;
  if (typeof action !== 'string' || action.length > MAX_ACTION || !ACTION.test(action)) {
    throw new InvalidAuditEventError('action', "must be a dotted name such as 'task.complete'");
  }
  const fields: EventFields = { actor, actorId, action };
  const processInstanceKey = optionalString(raw, 'processInstanceKey');
  if (processInstanceKey !== undefined) fields.processInstanceKey = processInstanceKey;
  const userTaskKey = optionalString(raw, 'userTaskKey');
  if (userTaskKey !== undefined) fields.userTaskKey = userTaskKey;
  const subject = optionalString(raw, 'subject');
  if (subject !== undefined) fields.subject = subject;
  const ip = optionalString(raw, 'ip');
  if (ip !== undefined) fields.ip = ip;
  if (raw.data !== undefined) {
    try {
      // Copied now: the caller may change its object before the append's transaction runs.
      fields.data = JSON.parse(canonicalJson(raw.data, 'data')) as Json;
    } catch (e) {
      if (e instanceof NotCanonicalJsonError) throw new InvalidAuditEventError(e.path, e.problem);
      throw e;
    }
  }
  return fields;
}

function isoDate(value: unknown, field: string): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new InvalidAuditQueryError(field, 'must be an ISO 8601 date-time or a Date');
  }
  return date.toISOString();
}

function stringFilter(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new InvalidAuditQueryError(field, 'must be a non-empty string');
  return value;
}

/** A filter in store terms, the dates still to be turned into a sequence range. */
interface ParsedFilter {
  where: Filter;
  from: string | undefined;
  to: string | undefined;
}

function parseFilter(filter: AuditFilter | undefined): ParsedFilter {
  const where: Filter = {};
  if (filter === undefined) return { where, from: undefined, to: undefined };
  if (filter === null || typeof filter !== 'object') throw new InvalidAuditQueryError('filter', 'must be an object');
  if (filter.actor !== undefined) where.actorId = stringFilter(filter.actor, 'actor');
  if (filter.action !== undefined) {
    if (Array.isArray(filter.action)) {
      if (filter.action.length === 0) throw new InvalidAuditQueryError('action', 'must list at least one action');
      where.action = { $in: filter.action.map((a) => stringFilter(a, 'action')) };
    } else where.action = stringFilter(filter.action, 'action');
  }
  if (filter.processInstanceKey !== undefined) {
    where.processInstanceKey = stringFilter(filter.processInstanceKey, 'processInstanceKey');
  }
  if (filter.userTaskKey !== undefined) where.userTaskKey = stringFilter(filter.userTaskKey, 'userTaskKey');
  return {
    where,
    from: filter.from === undefined ? undefined : isoDate(filter.from, 'from'),
    to: filter.to === undefined ? undefined : isoDate(filter.to, 'to'),
  };
}

/** Sequences lo…hi inclusive (hi may be Infinity) as a condition on the id, the primary key. */
function idRange(lo: number, hi: number): FieldCondition {
  const range: FieldCondition = {};
  if (lo > 1) range.$gte = auditEventId(lo);
  if (hi !== Infinity) range.$lte = auditEventId(Math.max(0, hi));
  return range;
}

// Cursors carry the order and the last sequence returned; the next page continues by primary key.
function encodeCursor(order: AuditOrder, sequence: number): string {
  return Buffer.from(JSON.stringify({ o: order, s: sequence })).toString('base64url');
}

function decodeCursor(cursor: unknown, order: AuditOrder): number {
  let decoded: { o?: unknown; s?: unknown } | undefined;
  try {
    if (typeof cursor !== 'string') throw new Error('not a string');
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof decoded;
  } catch {
    throw new InvalidAuditQueryError('after', 'is not a cursor this trail issued');
  }
  if (decoded === null || typeof decoded !== 'object' || !Number.isSafeInteger(decoded.s) || (decoded.s as number) < 0) {
    throw new InvalidAuditQueryError('after', 'is not a cursor this trail issued');
  }
  if (decoded.o !== order) throw new InvalidAuditQueryError('after', `was issued for order '${String(decoded.o)}', not '${order}'`);
  return decoded.s as number;
}

function orderOf(order: unknown): AuditOrder {
  if (order === undefined) return 'desc';
  if (order !== 'asc' && order !== 'desc') throw new InvalidAuditQueryError('order', "must be 'asc' or 'desc'");
  return order;
}

function pageSizeOf(value: unknown, fallback: number, max: number, field: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidAuditQueryError(field, `must be an integer from 1 to ${max}`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// CSV

type CsvColumn = 'sequence' | 'at' | 'actor' | 'action' | 'instance' | 'task' | 'subject' | 'data' | 'ip' | 'hash';
const CSV_COLUMNS: CsvColumn[] = ['sequence', 'at', 'actor', 'action', 'instance', 'task', 'subject', 'data', 'ip', 'hash'];

function csvHeader(locale: Locale): string {
  return UTF8_BOM + csvLine(CSV_COLUMNS.map((column) => csvField(t(locale, `audit.csv.${column}` as MessageKey))));
}

function actorText(actor: AuditActor, locale: Locale): string {
  if (actor === 'system') return t(locale, 'audit.actor.system');
  if (actor === 'anonymous') return t(locale, 'audit.actor.anonymous');
  return actor.name ? `${actor.name} (${actor.id})` : actor.id;
}

function csvRow(event: AuditEvent, locale: Locale): string {
  return csvLine([
    String(event.sequence),
    csvField(event.at),
    csvTextField(actorText(event.actor, locale)),
    csvTextField(event.action),
    csvTextField(event.processInstanceKey ?? ''),
    csvTextField(event.userTaskKey ?? ''),
    csvTextField(event.subject ?? ''),
    csvTextField(event.data === undefined ? '' : canonicalJson(event.data)),
    csvTextField(event.ip ?? ''),
    csvField(event.hash),
  ]);
}

// ---------------------------------------------------------------------------------------------
// The trail

const MAX_APPEND_ATTEMPTS = 50;
const DEFAULT_QUERY_LIMIT = 50;
const MAX_QUERY_LIMIT = 1000;
const DEFAULT_CSV_PAGE = 1000;
const DEFAULT_VERIFY_PAGE = 5000;
const MAX_PAGE = 100_000;

const byId = (order: AuditOrder) => [{ field: 'id', order }];

export function createAuditTrail({ store, now = Date.now }: AuditTrailDeps): AuditTrail {
  // Declared here, on the store, so the indexes exist whichever transaction first writes.
  // Each filter the API offers, followed by id: equality plus sequence order is one index range.
  const events = store.collection<AuditEvent>(AUDIT_EVENTS_COLLECTION, {
    indexes: [{ fields: ['actorId', 'id'] }, { fields: ['action', 'id'] }, { fields: ['processInstanceKey', 'id'] }, { fields: ['userTaskKey', 'id'] }, { fields: ['at', 'id'] }],
  });
  const heads = store.collection<HeadDoc>(AUDIT_HEAD_COLLECTION);

  const nowIso = (): string => {
    const value = now();
    const date = value instanceof Date ? value : new Date(value);
    return date.toISOString();
  };

  /**
   * Times never go down along the chain, so a date range is a sequence range: two index lookups
   * on `at` turn it into bounds on the primary key, and every filter then reads its own index in
   * sequence order, with no sort step, however many events the dates cover.
   */
  async function firstSequenceAtOrAfter(at: string): Promise<number | undefined> {
    const { items } = await events.find({ at: { $gte: at } }, { sort: [{ field: 'at' }, { field: 'id' }], limit: 1 });
    return items[0] === undefined ? undefined : Number(items[0].id);
  }

  /** The store filter and the sequences lo…hi it is confined to (empty when lo > hi). */
  async function resolve(filter: AuditFilter | undefined): Promise<{ where: Filter; lo: number; hi: number }> {
    const { where, from, to } = parseFilter(filter);
    let lo = 1;
    let hi = Infinity;
    if (from !== undefined) lo = (await firstSequenceAtOrAfter(from)) ?? Infinity;
    if (to !== undefined) {
      const first = await firstSequenceAtOrAfter(to);
      if (first !== undefined) hi = first - 1;
    }
    return { where, lo, hi };
  }

  async function append(tx: Transaction, fields: EventFields): Promise<AuditEvent> {
    const headCollection = tx.collection<HeadDoc>(AUDIT_HEAD_COLLECTION);
    const head = await headCollection.get(HEAD_ID);
    const sequence = (head?.sequence ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    // A clock stepped back (NTP) must not make time run backwards along the chain.
    const clock = nowIso();
    const at = head?.at !== undefined && head.at > clock ? head.at : clock;
    const row = { sequence, at, ...fields } as AuditEvent;
    row.prevHash = prevHash;
    row.hash = auditEventHash(prevHash, row);
    // The id is the sequence: a racing append for the same sequence fails here or on the head.
    await tx.collection<AuditEvent>(AUDIT_EVENTS_COLLECTION).insert({ ...row, id: auditEventId(sequence) });
    const next: HeadDoc = { sequence, hash: row.hash, at };
    if (head) await headCollection.update(HEAD_ID, next, head.version);
    else await headCollection.insert({ ...next, id: HEAD_ID });
    return row;
  }

  async function record(input: AuditEventInput, tx?: Transaction): Promise<AuditEvent> {
    const fields = normalizeEvent(input);
    if (tx !== undefined) return append(tx, fields);
    for (let attempt = 1; ; attempt++) {
      try {
        return await store.transaction((own) => append(own, fields));
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= MAX_APPEND_ATTEMPTS) throw error;
        // Another append took this sequence; a little jitter keeps racers from colliding again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10)));
      }
    }
  }

  async function query(filter?: AuditFilter, options: AuditPageOptions = {}): Promise<AuditPage> {
    const order = orderOf(options.order);
    const limit = pageSizeOf(options.limit, DEFAULT_QUERY_LIMIT, MAX_QUERY_LIMIT, 'limit');
    const after = options.after === undefined ? undefined : decodeCursor(options.after, order);
    const range = await resolve(filter);
    const { where } = range;
    let { lo, hi } = range;
    if (after !== undefined) {
      if (order === 'asc') lo = Math.max(lo, after + 1);
      else hi = Math.min(hi, after - 1);
    }
    if (lo > hi) return { items: [] };
    const page = await events.find({ ...where, id: idRange(lo, hi) }, { sort: byId(order), limit });
    const last = page.items[page.items.length - 1];
    const items = page.items.map(toEvent);
    return page.nextCursor !== undefined && last ? { items, nextCursor: encodeCursor(order, Number(last.id)) } : { items };
  }

  async function* exportCsv(filter?: AuditFilter, options: AuditCsvOptions = {}): AsyncGenerator<string> {
    const locale: Locale = options.locale ?? 'es';
    if (locale !== 'es' && locale !== 'en') throw new InvalidAuditQueryError('locale', "must be 'es' or 'en'");
    const order: AuditOrder = options.order ?? 'asc';
    if (order !== 'asc' && order !== 'desc') throw new InvalidAuditQueryError('order', "must be 'asc' or 'desc'");
    const pageSize = pageSizeOf(options.pageSize, DEFAULT_CSV_PAGE, MAX_PAGE, 'pageSize');
    // Bounded by the head at the start: a busy trail cannot keep an ascending export running.
    const end = (await heads.get(HEAD_ID))?.sequence ?? 0;
    const range = await resolve(filter);
    const { where } = range;
    let { lo } = range;
    let hi = Math.min(range.hi, end);
    yield csvHeader(locale);
    while (lo <= hi) {
      const page = await events.find({ ...where, id: idRange(lo, hi) }, { sort: byId(order), limit: pageSize });
      for (const doc of page.items) yield csvRow(toEvent(doc), locale);
      const last = page.items[page.items.length - 1];
      if (page.nextCursor === undefined || last === undefined) return;
      // Paged by id, the row's place, whatever a tampered row claims as its sequence.
      if (order === 'asc') lo = Number(last.id) + 1;
      else hi = Number(last.id) - 1;
    }
  }

  async function verify(options: AuditVerifyOptions = {}): Promise<AuditVerification> {
    const pageSize = pageSizeOf(options.pageSize, DEFAULT_VERIFY_PAGE, MAX_PAGE, 'pageSize');
    let last = 0;
    let lastId = '';
    let prevHash = GENESIS_HASH;
    const broken = (brokenAt: number, reason: AuditBreakReason, expectedHash: string, actualHash: string): AuditVerification => ({
      intact: false,
      brokenAt,
      reason,
      expectedHash,
      actualHash,
    });
    for (;;) {
      // Walk every row present now, by primary key.
      for (;;) {
        const page = await events.find(lastId ? { id: { $gt: lastId } } : {}, { sort: byId('asc'), limit: pageSize });
        for (const row of page.items) {
          const expected = last + 1;
          const position = ID_PATTERN.test(row.id) ? Number(row.id) : Number.NaN;
          // Ids are unique and walked in order, so a higher one means rows before it are gone.
          if (position !== expected) return broken(expected, 'sequence gap', prevHash, String(row.prevHash ?? ''));
          if (typeof row.hash !== 'string' || typeof row.prevHash !== 'string' || typeof row.sequence !== 'number') {
            return broken(expected, 'missing event', prevHash, String(row.prevHash ?? ''));
          }
          if (row.sequence !== expected) return broken(expected, 'sequence gap', prevHash, row.prevHash);
          if (row.prevHash !== prevHash) return broken(expected, 'hash mismatch', prevHash, row.prevHash);
          let hash: string;
          try {
            hash = auditEventHash(prevHash, row);
          } catch {
            // A value no canonical form exists for cannot have been hashed by record().
            return broken(expected, 'hash mismatch', '', row.hash);
          }
          if (hash !== row.hash) return broken(expected, 'hash mismatch', hash, row.hash);
          prevHash = hash;
          last = expected;
          lastId = row.id;
        }
        if (page.nextCursor === undefined) break;
      }
      // The head is read after the rows: an append commits its row and the head together, so a
      // head ahead of the rows means events appended meanwhile — or a deleted tail.
      const head = await heads.get(HEAD_ID);
      const headSequence = head?.sequence ?? 0;
      const headHash = head?.hash ?? GENESIS_HASH;
      if (!Number.isSafeInteger(headSequence) || typeof headHash !== 'string' || !HASH.test(headHash)) {
        return broken(last, 'head mismatch', String(headHash), prevHash);
      }
      if (headSequence > last) {
        const more = await events.find(lastId ? { id: { $gt: lastId } } : {}, { sort: byId('asc'), limit: 1 });
        if (more.items.length > 0) continue;
        return broken(last + 1, 'head mismatch', headHash, prevHash);
      }
      if (headSequence < last) return broken(headSequence + 1, 'head mismatch', headHash, prevHash);
      if (headHash !== prevHash) return broken(last, 'head mismatch', headHash, prevHash);
      return { intact: true, events: last, lastHash: prevHash };
    }
  }

  return {
    record,
    query,
    async count(filter) {
      const { where, lo, hi } = await resolve(filter);
      return lo > hi ? 0 : events.count({ ...where, id: idRange(lo, hi) });
    },
    exportCsv,
    verify,
    async head() {
      const head = await heads.get(HEAD_ID);
      return { sequence: head?.sequence ?? 0, hash: head?.hash ?? GENESIS_HASH };
    },
  };
}

/** The catalogue key explaining a break reason, for the CLI and the API. */
export function auditReasonKey(reason: AuditBreakReason): MessageKey {
  switch (reason) {
    case 'hash mismatch':
      return 'audit.reason.hashMismatch';
    case 'missing event':
      return 'audit.reason.missingEvent';
    case 'sequence gap':
      return 'audit.reason.sequenceGap';
    case 'head mismatch':
      return 'audit.reason.headMismatch';
  }
}
