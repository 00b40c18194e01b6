// The MongoDB store adapter. Without a server (always): the port's filters, sorts and cursors as
// MongoDB queries — run over stored documents by a small evaluator of MongoDB's documented query
// semantics, so paging is checked end to end —, documents, indexes, the driver's errors and
// connecting. With MONGODB_URI (a replica set): the store behaviour suite, what only MongoDB has
// (GridFS, indexes, aborted transactions) and `oficio migrate` from SQLite into MongoDB.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GridFSBucket, MongoBulkWriteError, MongoClient, MongoNetworkError, MongoParseError, MongoServerError, MongoServerSelectionError, type ObjectId } from 'mongodb';
import { runCli } from '../../server/cli.js';
import { createAttachments } from '../../server/core/attachments/index.js';
import { createAuditTrail } from '../../server/core/audit/index.js';
import { createEmbeddedEngine, createManualClock } from '../../server/engine/embedded/index.js';
import { fromRawDoc, toRawDoc, type RawDoc } from '../../server/store/mongodb/documents.js';
import { conflictFor, connectError, databaseOf, deploymentError, deploymentOf, describeUri, duplicateKeyOf, isTransient, unavailable } from '../../server/store/mongodb/errors.js';
import { indexFor } from '../../server/store/mongodb/indexes.js';
import { MongoStoreError, openMongoStore } from '../../server/store/mongodb/index.js';
import { buildFind, compileFilter, cursorAfter, fieldPath, likePattern, type MongoFilter, type MongoFind, type MongoSort, type TextContext } from '../../server/store/mongodb/query.js';
import { TEXT_KEY, textEntry, textSpec } from '../../server/store/mongodb/text.js';
import { ConflictError, StoreQueryError, StoreUnavailableError } from '../../server/store/port.js';
import type { Filter, FindOptions, SortField } from '../../server/store/port.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import { instanceState } from '../engine/harness.js';
import { waitFor } from '../support/wait-for.js';
import { TEXT_CASES, TEXT_SEARCHES, TEXT_SPEC, portOrder, storeBehaviour, type Case } from './behaviour.js';
import { MONGODB_URI, closeAdmin, describeOnMongo, freshDatabase, openTestStore } from './on-mongodb.js';
import { POPULATED_START, populate } from './populated.js';

// ---------------------------------------------------------------------------------------------
// An evaluator of MongoDB's query semantics for the operators the adapter emits, as the MongoDB
// manual defines them: equality matches an array holding the value, null matches missing fields,
// comparisons only within one type (numbers, strings, booleans), $elemMatch only arrays; sorting
// puts null/missing first, then numbers, strings, objects, arrays, booleans. It stands in for the
// server only to run the translated queries, which are the thing under test here.

type Doc = Record<string, unknown>;

function get(doc: Doc, path: string): unknown {
  let value: unknown = doc;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Doc)[segment];
  }
  return value;
}

function rank(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  if (Array.isArray(value)) return 4;
  if (typeof value === 'object') return 3;
  return 5; // boolean
}

function compare(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
}

const candidates = (value: unknown): unknown[] => (Array.isArray(value) ? [value, ...value] : [value]);

function equal(value: unknown, arg: unknown): boolean {
  if (arg === null) return value === undefined || value === null || (Array.isArray(value) && value.includes(null));
  return candidates(value).some((c) => c === arg);
}

function ordered(value: unknown, arg: unknown, test: (order: number) => boolean): boolean {
  return candidates(value).some((c) => c !== undefined && c !== null && rank(c) === rank(arg) && test(compare(c, arg)));
}

function holds(value: unknown, condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return equal(value, condition);
  const ops = condition as Record<string, unknown>;
  return Object.entries(ops).every(([op, arg]) => {
    switch (op) {
      case '$eq':
        return equal(value, arg);
      case '$ne':
        return !equal(value, arg);
      case '$gt':
        return ordered(value, arg, (o) => o > 0);
      case '$gte':
        return ordered(value, arg, (o) => o >= 0);
      case '$lt':
        return ordered(value, arg, (o) => o < 0);
      case '$lte':
        return ordered(value, arg, (o) => o <= 0);
      case '$in':
        return (arg as unknown[]).some((a) => equal(value, a));
      case '$nin':
        return !(arg as unknown[]).some((a) => equal(value, a));
      case '$exists':
        return (value !== undefined) === arg;
      case '$elemMatch':
        return Array.isArray(value) && value.some((element) => holds(element, arg));
      case '$all':
        return (arg as unknown[]).every((a) => equal(value, a));
      case '$regex':
        return candidates(value).some((c) => typeof c === 'string' && new RegExp(arg as string, (ops.$options as string) ?? '').test(c));
      case '$options':
        return true;
      default:
        throw new Error(`the evaluator does not know ${op}`);
    }
  });
}

function matches(doc: Doc, filter: MongoFilter): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$or') return (condition as MongoFilter[]).some((f) => matches(doc, f));
    if (key === '$and') return (condition as MongoFilter[]).every((f) => matches(doc, f));
    return holds(get(doc, key), condition);
  });
}

function sorted(docs: RawDoc[], sort: MongoSort): RawDoc[] {
  return [...docs].sort((a, b) => {
    for (const [path, direction] of sort) {
      const order = compare(get(a, path) ?? null, get(b, path) ?? null);
      if (order !== 0) return order * direction;
    }
    return 0;
  });
}

/** What MongoDB answers for the find the adapter builds, as the adapter turns it into a page. */
function findPage(raws: RawDoc[], filter: Filter | undefined, options?: FindOptions, text?: TextContext): { ids: string[]; nextCursor?: string } {
  const query: MongoFind = buildFind(filter, options, text);
  let found = sorted(
    raws.filter((doc) => matches(doc, query.filter)),
    query.sort,
  );
  if (query.skip) found = found.slice(query.skip);
  if (query.fetch) found = found.slice(0, query.fetch);
  const more = query.limit !== undefined && found.length > query.limit;
  const items = more ? found.slice(0, query.limit) : found;
  return { ids: items.map((doc) => doc._id), ...(more ? { nextCursor: cursorAfter(query.plan, items[items.length - 1]!) } : {}) };
}

function allPages(raws: RawDoc[], filter: Filter, sort: SortField[], limit: number): string[] {
  const ids: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = findPage(raws, filter, { sort, limit, ...(after === undefined ? {} : { after }) });
    ids.push(...result.ids);
    if (result.nextCursor === undefined) return ids;
    after = result.nextCursor;
  }
  throw new Error('paging did not terminate');
}

const stored = (docs: Array<Record<string, unknown> & { id: string }>): RawDoc[] => docs.map(({ id, ...fields }) => toRawDoc(id, 1, fields, 'test'));

// ---------------------------------------------------------------------------------------------

const TASKS = [
  {
    id: 't1',
    title: 'Approve Invoice',
    status: 'open',
    priority: 3,
    done: false,
    tags: ['finance', 'urgent'],
    due: '2024-03-01T10:00:00.000Z',
    assignee: { name: 'Ana', team: 'ops' },
    note: 'call first',
    score: 1.5,
  },
  {
    id: 't2',
    title: 'Review contract',
    status: 'closed',
    priority: 1,
    done: true,
    tags: ['legal'],
    due: '2024-01-15T09:00:00.000Z',
    assignee: { name: 'Luis', team: 'legal' },
    note: null,
    score: 0.5,
  },
  { id: 't3', title: 'Pay 100% of_fee', status: 'open', priority: 2, done: false, tags: [], due: '2024-02-10T00:00:00.000Z', assignee: { name: 'Ana', team: 'finance' } },
  { id: 't4', title: 'Archive files', status: 'waiting', priority: 5, done: true, tags: ['ops', 'urgent'], assignee: null },
  { id: 't5', title: 'ÁRBOL review', status: 'open', priority: 4, done: false, due: '2024-12-31T23:59:59.000Z', assignee: { name: 'Eva', team: 'ops' } },
];

describe('the port’s filters as MongoDB queries', () => {
  const raws = stored(TASKS);
  const ids = (filter: Filter) => findPage(raws, filter).ids;

  it.each<[string, Filter, string[]]>([
    ['equality', { status: 'open' }, ['t1', 't3', 't5']],
    ['a nested path', { 'assignee.name': 'Ana' }, ['t1', 't3']],
    ['booleans', { done: { $ne: true } }, ['t1', 't3', 't5']],
    ['null matching missing and null', { note: null }, ['t2', 't3', 't4', 't5']],
    ['null through a null parent', { 'assignee.team': { $eq: null } }, ['t4']],
    ['$ne null', { note: { $ne: null } }, ['t1']],
    ['$exists with an explicit null', { note: { $exists: true } }, ['t1', 't2']],
    ['$ne keeping missing fields', { 'assignee.team': { $ne: 'ops' } }, ['t2', 't3', 't4']],
    ['$in with null', { due: { $in: [null, '2024-01-15T09:00:00.000Z'] } }, ['t2', 't4']],
    ['an empty $in', { status: { $in: [] } }, []],
    ['$nin keeping missing fields', { note: { $nin: ['call first'] } }, ['t2', 't3', 't4', 't5']],
    ['$nin with null', { due: { $nin: [null] } }, ['t1', 't2', 't3', 't5']],
    ['ranges', { priority: { $gt: 2, $lte: 4 } }, ['t1', 't5']],
    ['date ranges never matching missing dates', { due: { $lt: '2024-02-10T00:00:00.000Z' } }, ['t2']],
    ['$contains', { tags: { $contains: 'urgent' } }, ['t1', 't4']],
    ['$containsAny', { tags: { $containsAny: ['legal', 'ops'] } }, ['t2', 't4']],
    ['an empty $containsAny', { tags: { $containsAny: [] } }, []],
    ['$like, case-insensitive', { title: { $like: 'INVOICE' } }, ['t1']],
    ['$like on accented capitals', { title: { $like: 'árbol' } }, ['t5']],
    ['$like with % literal', { title: { $like: '100%' } }, ['t3']],
    ['$like with _ literal', { title: { $like: 'pay_' } }, []],
    ['$or with other fields', { done: false, $or: [{ 'assignee.name': 'Eva' }, { tags: { $contains: 'finance' } }] }, ['t1', 't5']],
    ['nested $or', { $or: [{ $or: [{ priority: 1 }, { priority: 2 }] }, { status: 'waiting', done: true }] }, ['t2', 't3', 't4']],
    ['id and version', { id: { $in: ['t1', 't3', 'zz'] }, version: 1 }, ['t1', 't3']],
  ])('given %s, then exactly the port’s matches come back', (_label, filter, expected) => {
    expect(ids(filter)).toEqual(expected);
  });

  it('given $contains, then it is an $elemMatch, which an array field’s multikey index serves and a scalar never matches', () => {
    const docs = stored([{ id: 'a', groups: ['g1', 'g1', null] }, { id: 'b', groups: 'g1' }, { id: 'c', groups: [] }, { id: 'd' }, { id: 'e', groups: ['g2', 'g1'] }]);

    expect(compileFilter({ groups: { $contains: 'g1' }, state: 'open' })).toEqual({ groups: { $elemMatch: { $eq: 'g1' } }, state: 'open' });
    expect(findPage(docs, { groups: { $contains: 'g1' } }).ids).toEqual(['a', 'e']);
    expect(findPage(docs, { groups: { $contains: null } }).ids).toEqual(['a']);
    expect(findPage(docs, { groups: { $containsAny: ['g2', null] } }).ids).toEqual(['a', 'e']);
    expect(findPage(docs, { groups: { $contains: 'g1', $containsAny: ['g2'] } }).ids).toEqual(['e']);
  });

  it('given $like, then the pattern is literal and gives every cased letter both cases', () => {
    expect(likePattern('Árbol 100%.*')).toBe('[áÁ][rR][bB][oO][lL] 100%\\.\\*');
    expect(likePattern('(a)|[b]')).toBe('\\([aA]\\)\\|\\[[bB]\\]');
  });

  it('given what the port refuses, then it is a StoreQueryError naming it', () => {
    expect(() => compileFilter({ priority: { $regex: 'x' } } as unknown as Filter)).toThrow(/\$regex.*priority|priority.*\$regex/);
    expect(() => compileFilter({ $and: [] } as unknown as Filter)).toThrow(StoreQueryError);
    expect(() => compileFilter({ tags: ['a'] } as unknown as Filter)).toThrow(StoreQueryError);
    expect(() => compileFilter({ 'a b': 1 })).toThrow(StoreQueryError);
    expect(() => compileFilter({ id: { $contains: 'x' } })).toThrow(/not an array field/);
    expect(() => compileFilter({ priority: { $gt: Number.NaN } })).toThrow(StoreQueryError);
    expect(() => buildFind({}, { limit: 0 })).toThrow(StoreQueryError);
    expect(() => buildFind({}, { limit: 2, after: 'not a cursor' })).toThrow(StoreQueryError);
  });

  it('given a user field called _id, then it is stored and queried apart from the document id', () => {
    const docs = stored([{ id: 'x', _id: 'inner' } as unknown as { id: string }]);

    expect(docs[0]).toEqual({ _id: 'x', version: 1, '%5Fid': 'inner' });
    expect(findPage(docs, { _id: 'inner' }).ids).toEqual(['x']);
    expect(findPage(docs, { id: 'inner' }).ids).toEqual([]);
  });
});

describe('the port’s sorting and cursors as MongoDB queries', () => {
  interface Row {
    id: string;
    group: string | null;
    rank?: number | null;
    at: string;
    flag: boolean;
  }
  const rows: Row[] = [];
  for (let i = 0; i < 60; i++) {
    const row: Row = {
      id: `r${String((i * 37) % 60).padStart(2, '0')}`,
      group: i % 7 === 0 ? null : ['a', 'b', 'c'][i % 3]!,
      rank: i % 5 === 0 ? null : i % 4,
      at: `2024-01-${String(1 + (i % 9)).padStart(2, '0')}T00:00:00.000Z`,
      flag: i % 2 === 0,
    };
    if (row.rank === null && i % 10 === 0) delete row.rank;
    rows.push(row);
  }
  const raws = stored(rows as unknown as Array<Record<string, unknown> & { id: string }>);

  const sorts: Array<[string, SortField[]]> = [
    ['id only (default)', []],
    ['one field ascending', [{ field: 'rank' }]],
    ['one field descending', [{ field: 'rank', order: 'desc' }]],
    [
      'mixed directions with nulls',
      [
        { field: 'group', order: 'desc' },
        { field: 'rank', order: 'asc' },
      ],
    ],
    [
      'mixed directions, nulls on both keys',
      [
        { field: 'rank', order: 'asc' },
        { field: 'group', order: 'desc' },
      ],
    ],
    ['three keys, a boolean first', [{ field: 'flag' }, { field: 'at', order: 'desc' }, { field: 'rank', order: 'desc' }]],
    ['explicit id descending', [{ field: 'group' }, { field: 'id', order: 'desc' }]],
  ];

  it.each(sorts)('given a sort by %s, when paged 7 at a time, then every document comes once in the port’s order', (_label, sort) => {
    const expected = [...rows].sort(portOrder(sort)).map((row) => row.id);

    expect(findPage(raws, {}, { sort }).ids).toEqual(expected);
    expect(allPages(raws, {}, sort, 7)).toEqual(expected);
    expect(allPages(raws, {}, sort, 1)).toEqual(expected);
  });

  it('given a filter, when paged, then only its matches come, once each, in order', () => {
    const sort: SortField[] = [{ field: 'rank', order: 'desc' }, { field: 'group' }];
    const expected = rows
      .filter((row) => row.flag && row.group !== 'b')
      .sort(portOrder(sort))
      .map((row) => row.id);

    expect(allPages(raws, { flag: true, group: { $ne: 'b' } }, sort, 4)).toEqual(expected);
  });

  it('given an offset, then that many matches are skipped in sort order', () => {
    const expected = [...rows].sort(portOrder([{ field: 'at' }])).map((row) => row.id);

    expect(findPage(raws, {}, { sort: [{ field: 'at' }], offset: 5, limit: 3 }).ids).toEqual(expected.slice(5, 8));
  });

  it('given the sort MongoDB is asked for, then id ends it and nothing follows an id key', () => {
    expect(buildFind({}, { sort: [{ field: 'at', order: 'desc' }] }).sort).toEqual([
      ['at', -1],
      ['_id', 1],
    ]);
    expect(buildFind({}, { sort: [{ field: 'id', order: 'desc' }, { field: 'at' }] }).sort).toEqual([['_id', -1]]);
  });

  it('given a cursor from another sort, or paging by a field holding arrays, then it is a StoreQueryError', () => {
    const page = findPage(raws, {}, { sort: [{ field: 'at' }], limit: 5 });
    const arrays = stored([
      { id: 'a', tags: ['x'] },
      { id: 'b', tags: ['y'] },
    ]);

    expect(() => buildFind({}, { sort: [{ field: 'rank' }], limit: 5, after: page.nextCursor! })).toThrow('cursor was issued for a different sort');
    expect(() => findPage(arrays, {}, { sort: [{ field: 'tags' }], limit: 1 })).toThrow(/cannot page by tags/);
  });
});

describe('the port’s $text as MongoDB queries', () => {
  const spec = textSpec('cases', TEXT_SPEC.text, fieldPath);
  const context: TextContext = { collection: 'cases', indexed: true };
  /** The cases as the adapter writes them: each with its words. */
  const raws = TEXT_CASES.map(({ id, ...fields }) => {
    const raw = toRawDoc(id, 1, fields, 'cases');
    raw[TEXT_KEY] = textEntry(spec, raw);
    return raw;
  });

  it.each(Object.entries(TEXT_SEARCHES))('given the behaviour suite’s %s searches, then MongoDB is asked for exactly the documents SQLite finds', (_group, searches) => {
    for (const [text, ids] of searches) expect({ text, ids: findPage(raws, { $text: text }, undefined, context).ids }).toEqual({ text, ids });
  });

  it('given a search, then whole words are an $all of folded words and the last word an anchored prefix, both on the indexed words', () => {
    expect(compileFilter({ $text: 'Pérez  RODR', status: 'open' }, context)).toEqual({ status: 'open', $and: [{ '%text.w': { $all: ['perez'], $regex: '^rodr' } }] });
    expect(compileFilter({ $text: 'CAS-2026-0000' }, context)).toEqual({ $and: [{ '%text.w': { $all: ['cas', '2026'], $regex: '^0000' } }] });
    // Nothing to search for: nothing matches, as on SQLite.
    expect(findPage(raws, { $text: ' "*" ' }, undefined, context).ids).toEqual([]);
    const sort: SortField[] = [{ field: 'at', order: 'desc' }];
    expect(findPage(raws, { $text: 'kiosco', $or: [{ status: 'closed' }, { 'requester.name': { $like: 'luis' } }] }, { sort }, context).ids).toEqual(['c4', 'c2']);
  });

  it('given a document, then its words are stored folded and distinct with the spec they were made for, and never read back', () => {
    const c1 = raws[0]!;

    expect(c1[TEXT_KEY]).toEqual({
      s: spec.signature,
      w: expect.arrayContaining(['cas', '2026', '000045', '2026031510000123', 'jose', 'perez', 'rodriguez', 'example', 'com', 'kiosco', 'atencion', 'maquina', '500']),
    });
    expect(new Set((c1[TEXT_KEY] as { w: string[] }).w).size).toBe((c1[TEXT_KEY] as { w: string[] }).w.length);
    const { id, version, ...fields } = fromRawDoc<Case>(structuredClone(c1));
    expect({ id, version, fields }).toEqual({ id: 'c1', version: 1, fields: (({ id: _id, ...rest }) => rest)(TEXT_CASES[0]!) });
  });

  it('given a user field called %text, then it is stored escaped, apart from the words', () => {
    const raw = toRawDoc('x', 1, { '%text': 'mine' }, 'cases');
    raw[TEXT_KEY] = textEntry(textSpec('cases', ['folio'], fieldPath), raw);

    expect(raw['%25text']).toBe('mine');
    expect(fromRawDoc(raw)).toEqual({ id: 'x', version: 1, '%text': 'mine' });
  });

  it('given $text where MongoDB could not answer it as the port says, then it is a StoreQueryError naming why', () => {
    expect(() => compileFilter({ $text: 'perez' }, { collection: 'plain', indexed: false })).toThrow(/plain/);
    expect(() => compileFilter({ $text: 'perez' })).toThrow(StoreQueryError);
    expect(() => compileFilter({ $or: [{ $text: 'perez' }, { status: 'open' }] }, context)).toThrow(/top level/);
    expect(() => compileFilter({ $text: 'x'.repeat(201) }, context)).toThrow(/200/);
    expect(() => compileFilter({ $text: 'a b c d e f g h i j k' }, context)).toThrow(/10 words/);
    expect(() => textSpec('cases', [], fieldPath)).toThrow(StoreQueryError);
    expect(() => textSpec('cases', ['a.$b'], fieldPath)).toThrow(StoreQueryError);
  });
});

describe('documents as MongoDB holds them', () => {
  it('given field names MongoDB treats specially, then they are stored escaped and read back as they were', () => {
    const fields = { 'a.b': 1, $set: { 'x.y': ['%', { $in: 2 }] }, '50%': true, nested: { _id: 'kept', 'dot.ted': null }, _id: 'user' };

    const raw = toRawDoc('d1', 3, fields, 'c');

    expect(Object.keys(raw).sort()).toEqual(['%24set', '%5Fid', '50%25', '_id', 'a%2Eb', 'nested', 'version']);
    expect(raw).toMatchObject({ _id: 'd1', version: 3, nested: { _id: 'kept', 'dot%2Eted': null } });
    expect(fromRawDoc(structuredClone(raw))).toEqual({ ...fields, id: 'd1', version: 3 });
  });

  it('given what JSON would change, then the store keeps what JSON keeps, as the SQLite store does', () => {
    const raw = toRawDoc('d1', 1, { at: new Date('2026-01-05T09:00:00.000Z'), gone: undefined, list: [1, undefined] }, 'c');

    expect(fromRawDoc(raw)).toEqual({ id: 'd1', version: 1, at: '2026-01-05T09:00:00.000Z', list: [1, null] });
    expect(() => toRawDoc('d2', 1, { big: 1n }, 'c')).toThrow(StoreQueryError);
  });
});

describe('index specs as MongoDB indexes', () => {
  it('given a multikey spec, then it is a compound index over the array, the next fields and _id', () => {
    const index = indexFor('engine_userTasks', { fields: ['candidateGroups', 'state', 'creationDate'], multikey: 'candidateGroups' })!;

    expect([...index.key]).toEqual([
      ['candidateGroups', 1],
      ['state', 1],
      ['creationDate', 1],
      ['_id', 1],
    ]);
    expect(index.unique).toBe(false);
    expect(indexFor('engine_userTasks', { fields: ['candidateGroups', 'state', 'creationDate'], multikey: 'candidateGroups' })!.name).toBe(index.name);
  });

  it('given a unique spec, then it covers only documents holding every field, as SQLite lets NULLs repeat', () => {
    const index = indexFor('engine_variables', { fields: ['scopeKey', 'name'], unique: true })!;

    expect([...index.key]).toEqual([
      ['scopeKey', 1],
      ['name', 1],
    ]);
    expect(index.partialFilterExpression).toEqual({ scopeKey: { $exists: true }, name: { $exists: true } });
    expect(index.name).not.toBe(indexFor('engine_variables', { fields: ['scopeKey', 'name'] })!.name);
  });

  it('given an index led by id, then none is made (the _id index is it); a wrong multikey is a StoreQueryError', () => {
    expect(indexFor('x', { fields: ['id', 'state'] })).toBeUndefined();
    expect(() => indexFor('x', { fields: ['groups'], multikey: 'tags' })).toThrow(StoreQueryError);
    expect(() => indexFor('x', { fields: ['groups'], multikey: 'groups', unique: true })).toThrow(StoreQueryError);
  });
});

// ---------------------------------------------------------------------------------------------

const { WriteError } = createRequire(import.meta.url)('mongodb/lib/bulk/common.js') as { WriteError: new (err: object) => object };

describe('the driver’s errors in the port’s terms', () => {
  const users = indexFor('identity_users', { fields: ['username'], unique: true })!;
  const uniques = [{ name: users.name, paths: [...users.key.keys()], fields: users.fields }];

  it('given a duplicate _id, as insertOne reports it, then it is a ConflictError on that document with none of the server’s text', () => {
    const error = new MongoServerError({
      index: 0,
      code: 11000,
      errmsg: 'E11000 duplicate key error collection: oficio.identity_users index: _id_ dup key: { _id: "u1" }',
      keyPattern: { _id: 1 },
      keyValue: { _id: 'u1' },
    });

    const conflict = conflictFor(error, duplicateKeyOf(error)!, 'identity_users', 'u1', uniques);

    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ code: 'STORE_CONFLICT', collection: 'identity_users', id: 'u1' });
    expect(conflict.message).toBe('conflict on identity_users/u1: a document with this id already exists');
    expect(conflict.cause).toBe(error);
  });

  it('given a unique index refusing a value, then the conflict names the index’s fields', () => {
    const error = new MongoServerError({
      index: 0,
      code: 11000,
      errmsg: `E11000 duplicate key error collection: oficio.identity_users index: ${users.name} dup key: { username: "ana" }`,
      keyPattern: { username: 1 },
      keyValue: { username: 'ana' },
    });

    const conflict = conflictFor(error, duplicateKeyOf(error)!, 'identity_users', 'u2', uniques);

    expect(conflict.message).toBe('conflict on identity_users/u2: unique index on (username) already holds this value');
    expect(conflict.message).not.toMatch(/E11000|ana/);
  });

  it('given a bulk insert whose second document collides, then duplicateKeyOf says which one', () => {
    const writeError = new WriteError({
      index: 1,
      code: 11000,
      errmsg: 'E11000 duplicate key error collection: oficio.things index: _id_ dup key: { _id: "t2" }',
      errInfo: {},
      op: { _id: 't2' },
      keyPattern: { _id: 1 },
      keyValue: { _id: 't2' },
    });
    const error = new MongoBulkWriteError({ message: 'E11000 duplicate key error', code: 11000, writeErrors: [writeError] as never }, {} as never);

    expect(duplicateKeyOf(error)).toEqual({ keyPattern: { _id: 1 }, indexName: '_id_', position: 1 });
  });

  it('given a write conflict inside a transaction, then it is transient (run again), and only that', () => {
    const conflict = new MongoServerError({ code: 112, codeName: 'WriteConflict', errmsg: 'Write conflict during plan execution', errorLabels: ['TransientTransactionError'] });
    const duplicate = new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key error' });

    expect(isTransient(conflict)).toBe(true);
    expect(isTransient(duplicate)).toBe(false);
    expect(isTransient(new Error('TransientTransactionError'))).toBe(false);
    expect(duplicateKeyOf(conflict)).toBeUndefined();
  });

  it('given anything else, then it is a StoreUnavailableError naming the operation and the code, never the server’s text', () => {
    const shutdown = unavailable(new MongoServerError({ code: 91, codeName: 'ShutdownInProgress', errmsg: 'The server is in quiesce mode and will shut down' }), 'find on jobs', false);
    const network = unavailable(new MongoNetworkError('connect ECONNREFUSED 10.0.0.5:27017'), 'find on jobs', false);
    const closed = unavailable(new MongoNetworkError('client closed'), 'find on jobs', true);
    const conflict = new ConflictError('c', 'x', 'taken');

    expect(shutdown).toBeInstanceOf(StoreUnavailableError);
    expect(shutdown.message).toBe('mongodb find on jobs failed (ShutdownInProgress)');
    expect(network.message).toBe('mongodb find on jobs failed: no server could be reached');
    expect(closed.message).toBe('find on jobs: the store is closed');
    expect(unavailable(conflict, 'x', false)).toBe(conflict);
  });
});

describe('connecting', () => {
  const address = 'mongodb://db1:27017,db2:27017';

  it.each<[string, string, Record<string, unknown>]>([
    ['a standalone mongod', 'standalone', { isWritablePrimary: true, topologyVersion: {}, maxBsonObjectSize: 16777216, maxWireVersion: 21, readOnly: false, ok: 1 }],
    ['a replica set primary', 'replicaSet', { isWritablePrimary: true, setName: 'rs0', hosts: ['db1:27017'], primary: 'db1:27017', maxWireVersion: 21, ok: 1 }],
    ['a replica set secondary', 'replicaSet', { isWritablePrimary: false, secondary: true, setName: 'rs0', hosts: ['db1:27017', 'db2:27017'], ok: 1 }],
    ['a mongos', 'sharded', { isWritablePrimary: true, msg: 'isdbgrid', maxWireVersion: 21, ok: 1 }],
    ['a member whose set was never initiated', 'uninitiated', { isWritablePrimary: false, secondary: false, isreplicaset: true, info: 'Does not have a valid replica set config', ok: 1 }],
  ])('given the hello of %s, then the deployment is %s', (_label, deployment, hello) => {
    expect(deploymentOf(hello)).toBe(deployment);
  });

  it('given a standalone server, then the error says a replica set is needed, why, and how to make one, in both languages', () => {
    const es = deploymentError('standalone', address, 'es')!;
    const en = deploymentError('standalone', address, 'en')!;

    expect(es).toBeInstanceOf(StoreUnavailableError);
    expect(es.message).toContain(`MongoDB en ${address} es un servidor independiente`);
    expect(es.message).toContain('conjunto de réplicas');
    expect(es.message).toContain('transacción');
    for (const error of [es, en]) {
      expect(error.message).toContain('mongod --replSet rs0');
      expect(error.message).toContain('rs.initiate()');
      expect(error.message).toContain('?replicaSet=rs0');
    }
    expect(en.message).toContain('needs a replica set');
    expect(deploymentError('replicaSet', address, 'es')).toBeUndefined();
    expect(deploymentError('sharded', address, 'es')).toBeUndefined();
  });

  it('given the driver’s connect failures, then each is the catalogue’s message for it', () => {
    const ghosts = new MongoServerSelectionError('Server selection timed out after 300 ms', { servers: new Map([['db1:27017', { type: 'RSGhost' }]]) } as never);
    const nobody = new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017', { servers: new Map([['db1:27017', { type: 'Unknown' }]]) } as never);
    const auth = new MongoServerError({ code: 18, codeName: 'AuthenticationFailed', errmsg: 'Authentication failed.' });
    const rights = new MongoServerError({ code: 13, codeName: 'Unauthorized', errmsg: 'not authorized on oficio to execute command' });

    expect(connectError(ghosts, address, 'oficio', 'es').messageKey).toBe('store.mongodb.notInitiated');
    expect(connectError(nobody, address, 'oficio', 'es').message).toBe(
      `No se pudo conectar con MongoDB en ${address}: ningún servidor respondió a tiempo. Revise MONGODB_URI y que el servidor esté en marcha y accesible desde esta máquina.`,
    );
    expect(connectError(auth, address, 'oficio', 'en').message).toContain('rejected the user name and password of MONGODB_URI');
    expect(connectError(rights, address, 'oficio', 'es').message).toContain('readWrite');
    expect(connectError(new MongoParseError('Invalid scheme'), address, 'oficio', 'es').messageKey).toBe('store.mongodb.invalidUri');
  });

  it('given connection strings with credentials, then messages show scheme and hosts only, and the path names the database', () => {
    expect(describeUri('mongodb://ofi:s3cr3t@db1:27017,db2:27017/oficio?replicaSet=rs0&authSource=admin')).toBe(address);
    expect(describeUri('mongodb+srv://ofi:s3cr3t@cluster0.example.net/prod')).toBe('mongodb+srv://cluster0.example.net');
    expect(databaseOf('mongodb://db1/prod?replicaSet=rs0')).toBe('prod');
    expect(databaseOf('mongodb://db1/?replicaSet=rs0')).toBeUndefined();
  });

  it('given a server nobody answers at on this machine, then opening fails with the catalogue message and closes its client', async () => {
    const port = await closedPort();

    const error = await openMongoStore({ uri: `mongodb://127.0.0.1:${port}/oficio`, serverSelectionTimeoutMS: 300, locale: 'en' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MongoStoreError);
    expect((error as MongoStoreError).message).toBe(
      `Could not connect to MongoDB at mongodb://127.0.0.1:${port}: no server answered in time. Check MONGODB_URI and that the server is running and reachable from this machine.`,
    );
    expect((error as Error).cause).toBeInstanceOf(MongoServerSelectionError);
  });

  it('given a malformed connection string or database name, then opening fails before connecting, saying which', async () => {
    const uri = await openMongoStore({ uri: 'mongodb://db1:notaport/oficio' }).catch((e: unknown) => e);
    const db = await openMongoStore({ uri: 'mongodb://127.0.0.1:1/', dbName: 'mi base' }).catch((e: unknown) => e);

    expect(uri).toMatchObject({ messageKey: 'store.mongodb.invalidUri' });
    expect(db).toMatchObject({ messageKey: 'store.mongodb.invalidDatabase' });
    expect((db as Error).message).toContain('«mi base»');
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------------------------------------
// On a real MongoDB (MONGODB_URI)

describeOnMongo('MongoDB store (MONGODB_URI)', () => {
  afterAll(() => closeAdmin());

  storeBehaviour('mongodb', () => openTestStore());

  describe('what only MongoDB has', () => {
    it('given declared indexes, then they exist in MongoDB as soon as the collection is declared, multikey and unique ones included', async () => {
      const store = await openTestStore();
      const client = new MongoClient(MONGODB_URI!);
      try {
        const tasks = store.collection<{ groups: string[]; state: string; at: string }>('tasks', {
          indexes: [
            { fields: ['groups', 'state', 'at'], multikey: 'groups' },
            { fields: ['code'], unique: true },
          ],
        });
        await tasks.count();
        const indexes = await client.db(store.databaseName).collection('tasks').indexes();

        const multikey = indexes.find((index) => index.key.groups === 1)!;
        const unique = indexes.find((index) => index.key.code === 1)!;
        expect(Object.keys(multikey.key)).toEqual(['groups', 'state', 'at', '_id']);
        expect(unique).toMatchObject({ unique: true, partialFilterExpression: { code: { $exists: true } } });
        await tasks.insert({ id: 'a', groups: ['g1', 'g2'], state: 'open', at: '1' });
        await tasks.insert({ id: 'b', groups: ['g2'], state: 'open', at: '2' });
        expect((await tasks.find({ groups: { $contains: 'g2' }, state: 'open' }, { sort: [{ field: 'at' }] })).items.map((d) => d.id)).toEqual(['a', 'b']);
      } finally {
        await client.close();
        await store.close();
      }
    });

    it('given bytes put into a bucket inside a transaction, then GridFS itself reads them; a rolled back one leaves nothing; a deleted one is gone', async () => {
      const store = await openTestStore();
      const client = new MongoClient(MONGODB_URI!);
      try {
        const bytes = Buffer.alloc(600 * 1024, 7);
        await store.transaction(async (tx) => tx.blobs!('files').put('f1', bytes));
        await expect(
          store.transaction(async (tx) => {
            await tx.blobs!('files').put('f2', Buffer.from('x'));
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');

        const parts: Buffer[] = [];
        for await (const chunk of new GridFSBucket(client.db(store.databaseName), { bucketName: 'files' }).openDownloadStream('f1' as unknown as ObjectId)) parts.push(chunk as Buffer);
        const viaStore: Buffer[] = [];
        for await (const chunk of store.blobs!('files').read('f1')) viaStore.push(chunk);
        const missing: Buffer[] = [];
        for await (const chunk of store.blobs!('files').read('f2')) missing.push(chunk);

        expect(Buffer.concat(parts).equals(bytes)).toBe(true);
        expect(Buffer.concat(viaStore).equals(bytes)).toBe(true);
        expect(missing).toEqual([]);
        await expect(store.blobs!('files').put('f1', bytes)).rejects.toBeInstanceOf(ConflictError);

        // Deleted within a transaction: the file and every chunk of it are gone, for GridFS too.
        expect(await store.transaction(async (tx) => tx.blobs!('files').delete('f1'))).toBe(true);
        const gone: Buffer[] = [];
        for await (const chunk of store.blobs!('files').read('f1')) gone.push(chunk);
        expect(gone).toEqual([]);
        expect(await client.db(store.databaseName).collection('files.chunks').countDocuments({ files_id: 'f1' })).toBe(0);
        expect(await store.blobs!('files').delete('f1')).toBe(false);
      } finally {
        await client.close();
        await store.close();
      }
    });

    it('given a transaction that catches a duplicate key and goes on, then it fails with that conflict and commits nothing', async () => {
      const store = await openTestStore();
      try {
        const things = store.collection<{ n: number }>('things');
        await things.insert({ id: 'a', n: 1 });

        const error = await store
          .transaction(async (tx) => {
            const c = tx.collection<{ n: number }>('things');
            await c.insert({ id: 'b', n: 2 });
            await c.insert({ id: 'a', n: 3 }).catch(() => undefined);
            await c.insert({ id: 'c', n: 4 }).catch(() => undefined);
          })
          .catch((e: unknown) => e);

        expect(error).toBeInstanceOf(ConflictError);
        expect((await things.find()).items.map((d) => d.id)).toEqual(['a']);
      } finally {
        await store.close();
      }
    });

    it('given field names MongoDB treats specially, then they go through the server and back unchanged', async () => {
      const store = await openTestStore();
      try {
        const fields = { 'a.b': 1, $set: { 'x.y': ['%'] }, nested: { _id: 'kept' }, _id: 'user' };
        await store.collection('odd').insert({ id: 'o1', ...fields });

        expect(await store.collection('odd').get('o1')).toEqual({ ...fields, id: 'o1', version: 1 });
        expect(store.description).not.toMatch(/@/);
      } finally {
        await store.close();
      }
    });
  });

  describe('oficio migrate from SQLite into MongoDB', () => {
    let scratch: string;
    beforeAll(() => {
      scratch = mkdtempSync(join(tmpdir(), 'oficio-migrate-mongo-'));
    });
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('given a populated SQLite store, then everything arrives, the attachments in GridFS, the chain intact, and Oficio goes on there', async () => {
      const path = join(scratch, 'origen.sqlite');
      const source = createSqliteStore({ path });
      const populated = await populate(source).finally(() => source.close());
      const dbName = freshDatabase();
      let out = '';

      const code = await runCli(['migrate', '--from', path, '--to', MONGODB_URI!, '--db', dbName, '--batch', '5'], {
        stdout: (s) => (out += s),
        stderr: (s) => (out += s),
        env: { OFICIO_DATA_DIR: scratch },
      });

      expect(out).toContain('Migración completa y verificada');
      expect(code).toBe(0);
      expect(out).toContain('(2 con sus bytes en el almacenamiento de archivos del destino: GridFS en MongoDB)');
      expect(out).not.toContain('attachment_chunks');
      const store = await openTestStore(dbName);
      try {
        const original = createSqliteStore({ path });
        const [before, after] = [await createAuditTrail({ store: original }).verify(), await createAuditTrail({ store }).verify()];
        const sqliteInstances = (await original.collection('engine_processInstances').find()).items;
        await original.close();
        expect(after).toEqual(before);
        expect((await store.collection('engine_processInstances').find()).items).toEqual(sqliteInstances);

        const attachments = createAttachments({ store, audit: createAuditTrail({ store }) });
        for (const { id, sha256 } of populated.attachments) {
          const parts: Buffer[] = [];
          for await (const chunk of attachments.read(id)) parts.push(chunk);
          expect(createHash('sha256').update(Buffer.concat(parts)).digest('hex')).toBe(sha256);
        }

        const clock = createManualClock(POPULATED_START);
        const engine = createEmbeddedEngine({ store, clock });
        try {
          const worker = engine.createJobWorker({ jobType: 'migracion.notificar', maxParallelJobs: 4, jobTimeoutMs: 60_000, jobHandler: (job) => job.complete({}) });
          const task = await waitFor(async () => (await engine.searchUserTasks({ filter: { processInstanceKey: populated.atTask, state: 'CREATED' } })).items[0]);
          await engine.completeUserTask({ userTaskKey: task.userTaskKey! });
          await clock.advance('PT2H');
          for (const key of [populated.atTask, populated.atTimer, populated.atJob]) {
            await waitFor(async () => (await instanceState(engine, key)) === 'COMPLETED', 10_000, `instance ${key} on MongoDB`);
          }
          await worker.stopGracefully({ waitUpToMs: 1000 });
        } finally {
          await engine.close();
        }
      } finally {
        await store.close();
      }
    });
  });
});
