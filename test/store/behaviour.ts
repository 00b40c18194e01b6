// The store port's behaviour suite: every adapter (SQLite, MongoDB, ...) must pass it unchanged.
// Call storeBehaviour(name, makeStore) from an adapter's *.test.ts; each test gets a fresh store.
import { ConflictError, StoreQueryError } from '../../server/store/port.js';
import type { Collection, Filter, FindOptions, SortField, Store, Stored } from '../../server/store/port.js';

interface Task {
  title: string;
  status: string;
  priority: number;
  done: boolean;
  tags?: string[];
  due?: string;
  assignee?: { name: string; team: string } | null;
  note?: string | null;
  score?: number;
}

/** Five tasks covering nested objects, arrays, booleans, explicit nulls and missing fields. */
const TASKS: Array<Task & { id: string }> = [
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
  {
    id: 't3',
    title: 'Pay 100% of_fee',
    status: 'open',
    priority: 2,
    done: false,
    tags: [],
    due: '2024-02-10T00:00:00.000Z',
    assignee: { name: 'Ana', team: 'finance' },
  },
  {
    id: 't4',
    title: 'Archive files',
    status: 'waiting',
    priority: 5,
    done: true,
    tags: ['ops', 'urgent'],
    assignee: null,
  },
  {
    id: 't5',
    title: 'ÁRBOL review',
    status: 'open',
    priority: 4,
    done: false,
    due: '2024-12-31T23:59:59.000Z',
    assignee: { name: 'Eva', team: 'ops' },
  },
];

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = (ms = 20) => new Promise<void>((r) => setTimeout(r, ms));

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Reads every page through cursors, failing on a page loop instead of hanging. */
async function readAllPages<T extends object>(collection: Collection<T>, filter: Filter, sort: SortField[], limit: number): Promise<Array<Stored<T>>> {
  const all: Array<Stored<T>> = [];
  let after: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await collection.find(filter, { sort, limit, ...(after === undefined ? {} : { after }) });
    expect(result.items.length).toBeLessThanOrEqual(limit);
    all.push(...result.items);
    if (result.nextCursor === undefined) return all;
    expect(result.items.length).toBe(limit);
    after = result.nextCursor;
  }
  throw new Error('paging did not terminate');
}

/** The port's order: NULL/missing first ascending (last descending), then id ascending. */
export function portOrder<T extends { id: string }>(sort: SortField[]) {
  const valueAt = (doc: T, field: string): unknown => field.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | null | undefined)?.[k], doc) ?? null;
  return (a: T, b: T): number => {
    for (const { field, order } of sort) {
      const x = valueAt(a, field);
      const y = valueAt(b, field);
      let c = 0;
      if (x === null && y !== null) c = -1;
      else if (x !== null && y === null) c = 1;
      else if (x !== null && y !== null) c = (x as string | number) < (y as string | number) ? -1 : x === y ? 0 : 1;
      if (c !== 0) return order === 'desc' ? -c : c;
    }
    return a.id < b.id ? -1 : a.id === b.id ? 0 : 1;
  };
}

/** A case as the full-text tests store it: folio, ticket, requester, kiosk, description. */
export interface Case {
  folio: string;
  ticket?: string | number | null;
  requester: { name: string; email: string };
  kiosk?: string;
  description: string;
  tags?: unknown;
  status: string;
  at: string;
}

export const TEXT_SPEC = { text: ['folio', 'ticket', 'requester.name', 'requester.email', 'kiosk', 'description', 'tags'], indexes: [{ fields: ['status', 'at'] }] };

/** Accents, capitals, folios, e-mails, a list field, query syntax as text, a name holding another («Superez»). */
export const TEXT_CASES: Array<Case & { id: string }> = [
  {
    id: 'c1',
    folio: 'CAS-2026-000045',
    ticket: '2026031510000123',
    requester: { name: 'José Pérez Rodríguez', email: 'jose.perez@example.com' },
    kiosk: 'Kiosco Plaza Patria',
    description: 'La máquina retuvo el billete de $500; solicito atención urgente',
    status: 'open',
    at: '2026-03-01T10:00:00.000Z',
  },
  {
    id: 'c2',
    folio: 'CAS-2026-000046',
    ticket: null,
    requester: { name: 'Ana López', email: 'ana.lopez@aguascalientes.gob.mx' },
    kiosk: 'Kiosco Centro',
    description: 'Atención deficiente en la ventanilla',
    status: 'closed',
    at: '2026-03-02T10:00:00.000Z',
  },
  {
    id: 'c3',
    folio: 'SOP-2026-000123',
    ticket: 2026031510000777,
    requester: { name: 'Rodrigo PÉREZ', email: 'rperez@example.com' },
    description: 'No imprime el recibo',
    tags: ['impresora', 'Recepción', 7, true, { hidden: 'objeto' }],
    status: 'open',
    at: '2026-03-03T10:00:00.000Z',
  },
  {
    id: 'c4',
    folio: 'CAS-2026-000047',
    requester: { name: 'Luis Rodríguez', email: 'luis.rodriguez@example.com' },
    kiosk: 'Kiosco Plaza Patria',
    description: 'Cobro duplicado, "urgente" (NEAR plaza) OR -x col:x * ^',
    status: 'open',
    at: '2026-03-04T10:00:00.000Z',
  },
  {
    id: 'c5',
    folio: 'CAS-2026-000048',
    requester: { name: 'Marta Superez', email: 'marta@example.com' },
    description: 'Sin texto relevante',
    status: 'closed',
    at: '2026-03-05T10:00:00.000Z',
  },
];

/** Searches of TEXT_CASES and the ids each finds, in id order; every adapter answers exactly these. */
export const TEXT_SEARCHES = {
  accents: [
    ['perez', ['c1', 'c3']],
    ['PÉREZ', ['c1', 'c3']],
    ['atencion', ['c1', 'c2']],
    ['ATENCIÓN', ['c1', 'c2']],
    ['maquina', ['c1']],
    ['recepcion', ['c3']],
  ],
  prefix: [
    ['Rodr', ['c1', 'c3', 'c4']],
    ['perez rodr', ['c1', 'c3']],
    ['pére', ['c1', 'c3']],
    // «rodr» is not a word, and a prefix matches at the beginning of a word only («Superez»).
    ['rodr perez', []],
    ['erez', []],
  ],
  everyWord: [
    ['ana atencion', ['c2']],
    ['kiosco plaza luis', ['c4']],
    ['ana urgente', []],
    ['  jose   plaza  billete ', ['c1']],
  ],
  parts: [
    ['CAS-2026-000045', ['c1']],
    ['cas-2026-000045', ['c1']],
    ['000045', ['c1']],
    ['CAS-2026-00004', ['c1', 'c2', 'c4', 'c5']],
    ['SOP-2026', ['c3']],
    ['2026031510000123', ['c1']],
    ['2026031510000777', ['c3']],
    ['ana.lopez@aguascalientes.gob.mx', ['c2']],
    ['lopez', ['c2']],
    ['aguascalientes.gob.mx', ['c2']],
    ['ana.lopez@aguas', ['c2']],
    ['example.com luis', ['c4']],
  ],
  lists: [
    ['impresora', ['c3']],
    ['7', ['c3']],
    ['objeto', []],
    ['true', []],
  ],
  syntax: [
    ['"', []],
    ['*', []],
    ['^', []],
    ['"urgente', ['c1', 'c4']],
    ['urgente"', ['c1', 'c4']],
    ['NEAR(', ['c4']],
    // Words near, plaza, patria and a word starting with 2 (its folio's 2026): no proximity operator.
    ['NEAR(plaza patria, 2)', ['c4']],
    ['NEAR(plaza patria, 3)', []],
    ['OR', ['c4']],
    ['perez OR ana', []],
    ['-x', ['c4']],
    ['col:x', ['c4']],
    ['folio:CAS', []],
    ['kiosco:patria', ['c1', 'c4']],
    ['(perez', ['c1', 'c3']],
    ['perez)', ['c1', 'c3']],
    ['((( )))', []],
    ["'; DROP TABLE x; --", []],
    ['\\\\ % _ $ {} [] .* |', []],
    ['pérez AND', []],
  ],
} satisfies Record<string, Array<[string, string[]]>>;

export function storeBehaviour(name: string, makeStore: () => Promise<Store>): void {
  describe(`${name}: store port behaviour`, () => {
    let store: Store;
    let serial = 0;
    /** A collection name unique to the test, so shared backends never see another test's data. */
    const fresh = (base: string) => `${base}_${Date.now().toString(36)}_${++serial}`;

    beforeEach(async () => {
      store = await makeStore();
    });

    afterEach(async () => {
      await store.close();
    });

    async function seededTasks(): Promise<Collection<Task>> {
      const tasks = store.collection<Task>(fresh('tasks'));
      await tasks.insertMany(TASKS);
      return tasks;
    }

    async function idsOf(collection: Collection<Task>, filter?: Filter, options?: FindOptions): Promise<string[]> {
      const page = await collection.find(filter, options);
      return page.items.map((item) => item.id);
    }

    describe('documents', () => {
      it('given an inserted document, when it is read back, then all fields come back at version 1', async () => {
        const tasks = store.collection<Task>(fresh('tasks'));

        const inserted = await tasks.insert(TASKS[0]!);
        const read = await tasks.get('t1');

        expect(inserted).toEqual({ ...TASKS[0], version: 1 });
        expect(read).toEqual({ ...TASKS[0], version: 1 });
      });

      it('given an empty collection, when an unknown id is read, then the answer is undefined', async () => {
        const tasks = store.collection<Task>(fresh('tasks'));

        expect(await tasks.get('nope')).toBeUndefined();
      });

      it('given a stored document, when the returned object is mutated, then the stored document is unchanged', async () => {
        const tasks = await seededTasks();

        const read = (await tasks.get('t1'))!;
        read.title = 'changed';
        read.tags!.push('mutated');

        expect((await tasks.get('t1'))!.title).toBe('Approve Invoice');
        expect((await tasks.get('t1'))!.tags).toEqual(['finance', 'urgent']);
      });

      it('given a stored id, when another document with that id is inserted, then it is a ConflictError and the original stays', async () => {
        const tasks = await seededTasks();

        const error = await caught(tasks.insert({ ...TASKS[1]!, id: 't1' }));

        expect(error).toBeInstanceOf(ConflictError);
        expect(error).toMatchObject({ code: 'STORE_CONFLICT', collection: tasks.name, id: 't1' });
        expect((await tasks.get('t1'))!.title).toBe('Approve Invoice');
      });

      it('given a batch, when it is inserted with insertMany, then every document is stored at version 1', async () => {
        const tasks = await seededTasks();

        const all = await tasks.find();

        expect(all.items).toHaveLength(5);
        expect(all.items.every((item) => item.version === 1)).toBe(true);
      });

      it('given a stored id, when insertMany repeats it, then it is a ConflictError', async () => {
        const tasks = await seededTasks();

        const error = await caught(
          tasks.insertMany([
            { ...TASKS[0]!, id: 'new' },
            { ...TASKS[1]!, id: 't2' },
          ]),
        );

        expect(error).toBeInstanceOf(ConflictError);
      });

      it('given version 1, when updated with expected version 1, then fields are replaced and the version is 2', async () => {
        const tasks = await seededTasks();
        const { id: _id, version: _v, note: _dropped, ...rest } = (await tasks.get('t1'))!;

        const updated = await tasks.update('t1', { ...rest, status: 'closed' }, 1);
        const read = await tasks.get('t1');

        expect(updated).toMatchObject({ id: 't1', version: 2, status: 'closed' });
        expect(read).toEqual({ ...rest, status: 'closed', id: 't1', version: 2 });
        expect(read).not.toHaveProperty('note');
      });

      it('given a read document, when it is passed back whole to update, then the store assigns id and version', async () => {
        const tasks = await seededTasks();
        const read = (await tasks.get('t2'))!;

        const updated = await tasks.update('t2', { ...read, version: 99, priority: 9 } as Task, read.version);

        expect(updated.version).toBe(2);
        expect(await tasks.get('t2')).toMatchObject({ id: 't2', version: 2, priority: 9 });
      });

      it('given version 2, when updated with expected version 1, then it is a ConflictError and nothing changes', async () => {
        const tasks = await seededTasks();
        await tasks.update('t1', { ...TASKS[0]!, priority: 7 }, 1);

        const error = await caught(tasks.update('t1', { ...TASKS[0]!, priority: 8 }, 1));

        expect(error).toBeInstanceOf(ConflictError);
        expect(await tasks.get('t1')).toMatchObject({ version: 2, priority: 7 });
      });

      it('given a missing document, when it is updated, then it is a ConflictError that reads differently from a version mismatch', async () => {
        const tasks = await seededTasks();
        const mismatch = await caught(tasks.update('t1', TASKS[0]!, 5));
        await tasks.delete('t1');

        const missing = await caught(tasks.update('t1', TASKS[0]!, 1));

        expect(missing).toBeInstanceOf(ConflictError);
        expect(mismatch).toBeInstanceOf(ConflictError);
        expect((missing as Error).message).not.toBe((mismatch as Error).message);
        expect(await tasks.get('t1')).toBeUndefined();
      });

      it('given version 1, when deleted with expected version 1, then it is gone', async () => {
        const tasks = await seededTasks();

        expect(await tasks.delete('t1', 1)).toBe(true);
        expect(await tasks.get('t1')).toBeUndefined();
      });

      it('given version 2, when deleted with expected version 1, then nothing is deleted', async () => {
        const tasks = await seededTasks();
        await tasks.update('t1', TASKS[0]!, 1);

        expect(await tasks.delete('t1', 1)).toBe(false);
        expect(await tasks.get('t1')).toMatchObject({ version: 2 });
      });

      it('given a document, when deleted without a version, then it is gone; deleting again answers false', async () => {
        const tasks = await seededTasks();

        expect(await tasks.delete('t3')).toBe(true);
        expect(await tasks.delete('t3')).toBe(false);
        expect(await tasks.count()).toBe(4);
      });
    });

    describe('filters', () => {
      let tasks: Collection<Task>;
      beforeEach(async () => {
        tasks = await seededTasks();
      });
      const ids = (filter?: Filter, options?: FindOptions) => idsOf(tasks, filter, options);

      it('given no filter, then every document matches in id order', async () => {
        expect(await ids()).toEqual(['t1', 't2', 't3', 't4', 't5']);
        expect(await ids({})).toEqual(['t1', 't2', 't3', 't4', 't5']);
      });

      it('given scalar equality on strings and numbers, then only equal values match', async () => {
        expect(await ids({ status: 'open' })).toEqual(['t1', 't3', 't5']);
        expect(await ids({ priority: 2 })).toEqual(['t3']);
        expect(await ids({ score: 1.5 })).toEqual(['t1']);
        expect(await ids({ status: { $eq: 'closed' } })).toEqual(['t2']);
      });

      it('given several fields, then all conditions must hold', async () => {
        expect(await ids({ status: 'open', 'assignee.name': 'Ana' })).toEqual(['t1', 't3']);
        expect(await ids({ status: 'open', priority: { $gte: 3, $lt: 5 } })).toEqual(['t1', 't5']);
      });

      it('given a dot path, then nested fields are compared', async () => {
        expect(await ids({ 'assignee.name': 'Ana' })).toEqual(['t1', 't3']);
        expect(await ids({ 'assignee.team': { $in: ['ops'] } })).toEqual(['t1', 't5']);
      });

      it('given booleans, then true and false match exactly', async () => {
        expect(await ids({ done: true })).toEqual(['t2', 't4']);
        expect(await ids({ done: false })).toEqual(['t1', 't3', 't5']);
        expect(await ids({ done: { $ne: true } })).toEqual(['t1', 't3', 't5']);
        expect(await ids({ done: { $in: [true] } })).toEqual(['t2', 't4']);
      });

      it('given null, then it matches explicit nulls and missing fields alike', async () => {
        expect(await ids({ note: null })).toEqual(['t2', 't3', 't4', 't5']);
        expect(await ids({ due: null })).toEqual(['t4']);
        expect(await ids({ assignee: null })).toEqual(['t4']);
        expect(await ids({ 'assignee.team': { $eq: null } })).toEqual(['t4']);
        expect(await ids({ note: { $ne: null } })).toEqual(['t1']);
      });

      it('given $exists, then presence of the key decides (an explicit null exists)', async () => {
        expect(await ids({ due: { $exists: false } })).toEqual(['t4']);
        expect(await ids({ due: { $exists: true } })).toEqual(['t1', 't2', 't3', 't5']);
        expect(await ids({ note: { $exists: true } })).toEqual(['t1', 't2']);
        expect(await ids({ note: { $exists: false } })).toEqual(['t3', 't4', 't5']);
      });

      it('given $ne, then missing fields count as different', async () => {
        expect(await ids({ 'assignee.team': { $ne: 'ops' } })).toEqual(['t2', 't3', 't4']);
        expect(await ids({ note: { $ne: 'call first' } })).toEqual(['t2', 't3', 't4', 't5']);
      });

      it('given $in, then any listed value matches, null included', async () => {
        expect(await ids({ status: { $in: ['closed', 'waiting'] } })).toEqual(['t2', 't4']);
        expect(await ids({ priority: { $in: [1, 5, 42] } })).toEqual(['t2', 't4']);
        expect(await ids({ due: { $in: [null, '2024-01-15T09:00:00.000Z'] } })).toEqual(['t2', 't4']);
        expect(await ids({ status: { $in: [] } })).toEqual([]);
      });

      it('given $nin, then listed values are excluded and missing fields stay', async () => {
        expect(await ids({ status: { $nin: ['open'] } })).toEqual(['t2', 't4']);
        expect(await ids({ note: { $nin: ['call first'] } })).toEqual(['t2', 't3', 't4', 't5']);
        expect(await ids({ due: { $nin: [null] } })).toEqual(['t1', 't2', 't3', 't5']);
        expect(await ids({ status: { $nin: [] } })).toHaveLength(5);
      });

      it('given number ranges, then bounds are honoured inclusively and exclusively', async () => {
        expect(await ids({ priority: { $gt: 2, $lte: 4 } })).toEqual(['t1', 't5']);
        expect(await ids({ priority: { $gte: 2, $lt: 4 } })).toEqual(['t1', 't3']);
        expect(await ids({ score: { $gt: 1 } })).toEqual(['t1']);
        expect(await ids({ score: { $lt: 1 } })).toEqual(['t2']);
      });

      it('given ISO date ranges, then dates compare chronologically and missing dates never match', async () => {
        expect(await ids({ due: { $gte: '2024-02-01T00:00:00.000Z', $lt: '2024-06-01T00:00:00.000Z' } })).toEqual(['t1', 't3']);
        expect(await ids({ due: { $lt: '2024-02-10T00:00:00.000Z' } })).toEqual(['t2']);
        expect(await ids({ due: { $lte: '2024-02-10T00:00:00.000Z' } })).toEqual(['t2', 't3']);
        expect(await ids({ due: { $gt: '2024-06-01T00:00:00.000Z' } })).toEqual(['t5']);
      });

      it('given $contains, then arrays holding the value match and missing or empty arrays do not', async () => {
        expect(await ids({ tags: { $contains: 'urgent' } })).toEqual(['t1', 't4']);
        expect(await ids({ tags: { $contains: 'legal' } })).toEqual(['t2']);
        expect(await ids({ tags: { $contains: 'nothing' } })).toEqual([]);
      });

      it('given $containsAny, then arrays sharing any value match', async () => {
        expect(await ids({ tags: { $containsAny: ['legal', 'ops'] } })).toEqual(['t2', 't4']);
        expect(await ids({ tags: { $containsAny: ['finance', 'urgent'] } })).toEqual(['t1', 't4']);
        expect(await ids({ tags: { $containsAny: [] } })).toEqual([]);
      });

      it('given $like, then it is a case-insensitive substring match', async () => {
        expect(await ids({ title: { $like: 'review' } })).toEqual(['t2', 't5']);
        expect(await ids({ title: { $like: 'INVOICE' } })).toEqual(['t1']);
        expect(await ids({ title: { $like: 'árbol' } })).toEqual(['t5']);
        expect(await ids({ 'assignee.name': { $like: 'an' } })).toEqual(['t1', 't3']);
      });

      it('given $like with wildcard characters, then they match literally', async () => {
        expect(await ids({ title: { $like: '100%' } })).toEqual(['t3']);
        expect(await ids({ title: { $like: '%' } })).toEqual(['t3']);
        expect(await ids({ title: { $like: '_' } })).toEqual(['t3']);
        expect(await ids({ title: { $like: 'pay_' } })).toEqual([]);
      });

      it('given $or, then any alternative matches, combined with the other fields', async () => {
        expect(await ids({ $or: [{ status: 'closed' }, { priority: { $gte: 5 } }] })).toEqual(['t2', 't4']);
        expect(await ids({ done: false, $or: [{ 'assignee.name': 'Eva' }, { tags: { $contains: 'finance' } }] })).toEqual(['t1', 't5']);
        expect(await ids({ $or: [{ $or: [{ priority: 1 }, { priority: 2 }] }, { status: 'waiting', done: true }] })).toEqual(['t2', 't3', 't4']);
      });

      it('given id and version as fields, then they filter like any other field', async () => {
        await tasks.update('t3', TASKS[2]!, 1);

        expect(await ids({ id: { $in: ['t1', 't3', 'zz'] } })).toEqual(['t1', 't3']);
        expect(await ids({ id: 't2' })).toEqual(['t2']);
        expect(await ids({ version: { $gt: 1 } })).toEqual(['t3']);
      });

      it('given an unknown operator, then it is a StoreQueryError naming the operator and the field', async () => {
        const error = await caught(tasks.find({ priority: { $regex: 'x' } } as unknown as Filter));

        expect(error).toBeInstanceOf(StoreQueryError);
        expect((error as Error).message).toContain('$regex');
        expect((error as Error).message).toContain('priority');
      });

      it('given an unknown top-level operator, then it is a StoreQueryError', async () => {
        const error = await caught(tasks.find({ $and: [{ status: 'open' }] } as unknown as Filter));

        expect(error).toBeInstanceOf(StoreQueryError);
        expect((error as Error).message).toContain('$and');
      });

      it('given a filter, then count and findOne agree with find', async () => {
        expect(await tasks.count()).toBe(5);
        expect(await tasks.count({ status: 'open' })).toBe(3);
        expect(await tasks.count({ status: 'nope' })).toBe(0);
        expect((await tasks.findOne({ 'assignee.name': 'Eva' }))?.id).toBe('t5');
        expect(await tasks.findOne({ status: 'nope' })).toBeUndefined();
      });

      it('given deleteMany with a filter, then exactly the matches are deleted and counted', async () => {
        const deleted = await tasks.deleteMany({ tags: { $contains: 'urgent' } });

        expect(deleted).toBe(2);
        expect(await ids()).toEqual(['t2', 't3', 't5']);
        expect(await tasks.deleteMany({ status: 'nope' })).toBe(0);
      });
    });

    describe('sorting and paging', () => {
      let tasks: Collection<Task>;
      beforeEach(async () => {
        tasks = await seededTasks();
      });
      const ids = (filter?: Filter, options?: FindOptions) => idsOf(tasks, filter, options);

      it('given a sort ascending and descending, then documents come in that order', async () => {
        expect(await ids({}, { sort: [{ field: 'priority' }] })).toEqual(['t2', 't3', 't1', 't5', 't4']);
        expect(await ids({}, { sort: [{ field: 'priority', order: 'desc' }] })).toEqual(['t4', 't5', 't1', 't3', 't2']);
      });

      it('given several sort fields with mixed directions, then later fields break ties', async () => {
        expect(
          await ids(
            {},
            {
              sort: [
                { field: 'status', order: 'asc' },
                { field: 'priority', order: 'desc' },
              ],
            },
          ),
        ).toEqual(['t2', 't5', 't1', 't3', 't4']);
      });

      it('given equal sort values, then id ascending breaks the tie', async () => {
        expect(await ids({}, { sort: [{ field: 'done', order: 'desc' }] })).toEqual(['t2', 't4', 't1', 't3', 't5']);
        expect(await ids({}, { sort: [{ field: 'assignee.name' }] })).toEqual(['t4', 't1', 't3', 't5', 't2']);
      });

      it('given missing values, then they sort first ascending and last descending', async () => {
        expect(await ids({}, { sort: [{ field: 'due' }] })).toEqual(['t4', 't2', 't3', 't1', 't5']);
        expect(await ids({}, { sort: [{ field: 'due', order: 'desc' }] })).toEqual(['t5', 't1', 't3', 't2', 't4']);
      });

      it('given a limit, then only that many come back, with a cursor only when more follow', async () => {
        const first = await tasks.find({}, { sort: [{ field: 'priority' }], limit: 2 });
        const exact = await tasks.find({}, { limit: 5 });
        const over = await tasks.find({ status: 'open' }, { limit: 10 });

        expect(first.items.map((t) => t.id)).toEqual(['t2', 't3']);
        expect(first.nextCursor).toEqual(expect.any(String));
        expect(exact.items).toHaveLength(5);
        expect(exact.nextCursor).toBeUndefined();
        expect(over.items).toHaveLength(3);
        expect(over.nextCursor).toBeUndefined();
      });

      it('given an offset, then that many matches are skipped in sort order', async () => {
        expect(await ids({}, { sort: [{ field: 'priority' }], offset: 2, limit: 2 })).toEqual(['t1', 't5']);
        expect(await ids({}, { sort: [{ field: 'priority' }], offset: 3 })).toEqual(['t5', 't4']);
        expect(await ids({}, { offset: 10 })).toEqual([]);
      });

      it('given a cursor, then the next page continues right after the previous one with the same filter', async () => {
        const first = await tasks.find({ done: false }, { sort: [{ field: 'priority', order: 'desc' }], limit: 2 });
        const second = await tasks.find({ done: false }, { sort: [{ field: 'priority', order: 'desc' }], limit: 2, after: first.nextCursor! });

        expect(first.items.map((t) => t.id)).toEqual(['t5', 't1']);
        expect(second.items.map((t) => t.id)).toEqual(['t3']);
        expect(second.nextCursor).toBeUndefined();
      });

      it('given a malformed cursor, then it is a StoreQueryError', async () => {
        const error = await caught(tasks.find({}, { limit: 2, after: 'not a cursor' }));

        expect(error).toBeInstanceOf(StoreQueryError);
      });

      describe('given 60 documents with duplicate sort values and nulls', () => {
        interface Row {
          group: string | null;
          rank: number | null;
          at: string;
          flag: boolean;
        }
        let rows: Collection<Row>;
        let docs: Array<Row & { id: string }>;

        beforeEach(async () => {
          rows = store.collection<Row>(fresh('rows'));
          docs = [];
          for (let i = 0; i < 60; i++) {
            const doc: Row & { id: string } = {
              id: `r${String((i * 37) % 60).padStart(2, '0')}`,
              group: i % 7 === 0 ? null : ['a', 'b', 'c'][i % 3]!,
              rank: i % 5 === 0 ? null : i % 4,
              at: `2024-01-${String(1 + (i % 9)).padStart(2, '0')}T00:00:00.000Z`,
              flag: i % 2 === 0,
            };
            // Missing (not just null) values must page the same way as nulls.
            if (doc.rank === null && i % 10 === 0) delete (doc as Partial<Row>).rank;
            docs.push(doc);
          }
          await rows.insertMany(docs);
        });

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
          ['three keys', [{ field: 'flag' }, { field: 'at', order: 'desc' }, { field: 'rank', order: 'desc' }]],
          ['explicit id descending', [{ field: 'group' }, { field: 'id', order: 'desc' }]],
        ];

        for (const [label, sort] of sorts) {
          it(`when paged by ${label} in pages of 7, then every document comes exactly once in order`, async () => {
            const paged = await readAllPages(rows, {}, sort, 7);
            const whole = await rows.find({}, { sort });
            const expected = [...docs].sort(portOrder(sort)).map((d) => d.id);

            expect(paged.map((d) => d.id)).toEqual(expected);
            expect(whole.items.map((d) => d.id)).toEqual(expected);
            expect(new Set(paged.map((d) => d.id)).size).toBe(60);
          });
        }

        it('when paged with a filter, then only matches come, each once, in order', async () => {
          const sort: SortField[] = [{ field: 'rank', order: 'desc' }, { field: 'group' }];
          const filter: Filter = { flag: true, group: { $ne: 'b' } };

          const paged = await readAllPages(rows, filter, sort, 4);

          const expected = docs
            .filter((d) => d.flag && d.group !== 'b')
            .sort(portOrder(sort))
            .map((d) => d.id);
          expect(expected.length).toBeGreaterThan(8);
          expect(paged.map((d) => d.id)).toEqual(expected);
        });

        it('when paged with a page size of 1, then paging still ends with every document once', async () => {
          const paged = await readAllPages(rows, {}, [{ field: 'group' }], 1);

          expect(paged.map((d) => d.id)).toEqual([...docs].sort(portOrder([{ field: 'group' }])).map((d) => d.id));
        });
      });
    });

    describe('unique indexes', () => {
      interface User {
        email: string | null;
        tenant: string;
        login: string;
      }

      it('given a unique index, when a second document takes the value, then it is a ConflictError', async () => {
        const users = store.collection<User>(fresh('users'), { indexes: [{ fields: ['email'], unique: true }] });
        await users.insert({ id: 'u1', email: 'ana@example.com', tenant: 'x', login: 'ana' });

        const error = await caught(users.insert({ id: 'u2', email: 'ana@example.com', tenant: 'x', login: 'ana2' }));

        expect(error).toBeInstanceOf(ConflictError);
        expect(error).toMatchObject({ id: 'u2' });
        expect(await users.get('u2')).toBeUndefined();
      });

      it('given a unique index, when an update takes a used value, then it is a ConflictError and nothing changes', async () => {
        const users = store.collection<User>(fresh('users'), { indexes: [{ fields: ['email'], unique: true }] });
        await users.insert({ id: 'u1', email: 'ana@example.com', tenant: 'x', login: 'ana' });
        await users.insert({ id: 'u2', email: 'eva@example.com', tenant: 'x', login: 'eva' });

        const error = await caught(users.update('u2', { email: 'ana@example.com', tenant: 'x', login: 'eva' }, 1));

        expect(error).toBeInstanceOf(ConflictError);
        expect(await users.get('u2')).toMatchObject({ email: 'eva@example.com', version: 1 });
      });

      it('given a unique value was freed by a delete, then it can be taken again', async () => {
        const users = store.collection<User>(fresh('users'), { indexes: [{ fields: ['email'], unique: true }] });
        await users.insert({ id: 'u1', email: 'ana@example.com', tenant: 'x', login: 'ana' });
        await users.delete('u1');

        const taken = await users.insert({ id: 'u2', email: 'ana@example.com', tenant: 'x', login: 'ana' });

        expect(taken.version).toBe(1);
      });

      it('given a compound unique index, then only the combination must be unique', async () => {
        const users = store.collection<User>(fresh('users'), {
          indexes: [{ fields: ['tenant', 'login'], unique: true }],
        });
        await users.insert({ id: 'u1', email: null, tenant: 'a', login: 'ana' });
        await users.insert({ id: 'u2', email: null, tenant: 'b', login: 'ana' });

        const error = await caught(users.insert({ id: 'u3', email: null, tenant: 'a', login: 'ana' }));

        expect(error).toBeInstanceOf(ConflictError);
        expect(await users.count()).toBe(2);
      });

      it('given a non-unique index declared twice, then duplicates are allowed and queries still work', async () => {
        const collectionName = fresh('users');
        store.collection<User>(collectionName, { indexes: [{ fields: ['tenant'] }] });
        const users = store.collection<User>(collectionName, { indexes: [{ fields: ['tenant'] }] });
        await users.insert({ id: 'u1', email: 'a@x', tenant: 'a', login: 'ana' });
        await users.insert({ id: 'u2', email: 'b@x', tenant: 'a', login: 'eva' });

        expect(await users.count({ tenant: 'a' })).toBe(2);
      });
    });

    describe('transactions', () => {
      interface Account {
        owner: string;
        balance: number;
      }

      it('given several writes across collections, when the work succeeds, then all of them are committed', async () => {
        const accounts = store.collection<Account>(fresh('accounts'));
        const audit = store.collection<{ text: string }>(fresh('audit'));
        await accounts.insert({ id: 'a', owner: 'ana', balance: 10 });
        await accounts.insert({ id: 'b', owner: 'eva', balance: 0 });

        const result = await store.transaction(async (tx) => {
          const txAccounts = tx.collection<Account>(accounts.name);
          await txAccounts.update('a', { owner: 'ana', balance: 5 }, 1);
          await txAccounts.update('b', { owner: 'eva', balance: 5 }, 1);
          await tx.collection<{ text: string }>(audit.name).insert({ id: 'e1', text: 'moved 5' });
          await txAccounts.insert({ id: 'c', owner: 'luis', balance: 0 });
          await txAccounts.delete('c');
          return 'done';
        });

        expect(result).toBe('done');
        expect(await accounts.get('a')).toMatchObject({ balance: 5, version: 2 });
        expect(await accounts.get('b')).toMatchObject({ balance: 5, version: 2 });
        expect(await accounts.get('c')).toBeUndefined();
        expect(await audit.get('e1')).toMatchObject({ text: 'moved 5' });
      });

      it('given a transaction, when it reads its own writes, then it sees them before commit', async () => {
        const accounts = store.collection<Account>(fresh('accounts'));

        const seen = await store.transaction(async (tx) => {
          const txAccounts = tx.collection<Account>(accounts.name);
          await txAccounts.insert({ id: 'a', owner: 'ana', balance: 1 });
          return {
            get: await txAccounts.get('a'),
            count: await txAccounts.count({ owner: 'ana' }),
            find: (await txAccounts.find({ balance: { $gte: 1 } })).items.length,
          };
        });

        expect(seen).toEqual({ get: { id: 'a', owner: 'ana', balance: 1, version: 1 }, count: 1, find: 1 });
      });

      it('given writes that succeeded, when the work then throws, then every write is rolled back and the error rethrown', async () => {
        const accounts = store.collection<Account>(fresh('accounts'));
        const audit = store.collection<{ text: string }>(fresh('audit'));
        await accounts.insert({ id: 'a', owner: 'ana', balance: 10 });
        const boom = new Error('boom');

        const error = await caught(
          store.transaction(async (tx) => {
            await tx.collection<Account>(accounts.name).update('a', { owner: 'ana', balance: 0 }, 1);
            await tx.collection<Account>(accounts.name).insert({ id: 'b', owner: 'eva', balance: 10 });
            await tx.collection<{ text: string }>(audit.name).insert({ id: 'e1', text: 'moved' });
            await tx.collection<Account>(accounts.name).delete('a');
            throw boom;
          }),
        );

        expect(error).toBe(boom);
        expect(await accounts.get('a')).toEqual({ id: 'a', owner: 'ana', balance: 10, version: 1 });
        expect(await accounts.get('b')).toBeUndefined();
        expect(await audit.count()).toBe(0);
      });

      it('given a version conflict inside the work, when it escapes, then the earlier writes are rolled back', async () => {
        const accounts = store.collection<Account>(fresh('accounts'));
        await accounts.insert({ id: 'a', owner: 'ana', balance: 10 });
        await accounts.insert({ id: 'b', owner: 'eva', balance: 0 });

        const error = await caught(
          store.transaction(async (tx) => {
            const txAccounts = tx.collection<Account>(accounts.name);
            await txAccounts.update('a', { owner: 'ana', balance: 0 }, 1);
            await txAccounts.update('b', { owner: 'eva', balance: 10 }, 7);
          }),
        );

        expect(error).toBeInstanceOf(ConflictError);
        expect(await accounts.get('a')).toMatchObject({ balance: 10, version: 1 });
        expect(await accounts.get('b')).toMatchObject({ balance: 0, version: 1 });
      });

      it('given a unique-index conflict inside the work, then the whole transaction rolls back', async () => {
        const users = store.collection<{ email: string }>(fresh('users'), {
          indexes: [{ fields: ['email'], unique: true }],
        });
        await users.insert({ id: 'u1', email: 'ana@x' });

        const error = await caught(
          store.transaction(async (tx) => {
            await tx.collection<{ email: string }>(users.name).insert({ id: 'u2', email: 'eva@x' });
            await tx.collection<{ email: string }>(users.name).insert({ id: 'u3', email: 'ana@x' });
          }),
        );

        expect(error).toBeInstanceOf(ConflictError);
        expect(await users.count()).toBe(1);
      });

      it('given two concurrent transactions updating one document with the same expected version, then exactly one wins', async () => {
        const accounts = store.collection<Account>(fresh('accounts'));
        await accounts.insert({ id: 'a', owner: 'ana', balance: 10 });
        const read = (await accounts.get('a'))!;

        const outcomes = await Promise.allSettled(
          [1, 2].map((n) =>
            store.transaction(async (tx) => {
              await tick(1);
              return tx.collection<Account>(accounts.name).update('a', { owner: 'ana', balance: read.balance + n }, read.version);
            }),
          ),
        );

        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
        const final = (await accounts.get('a'))!;
        expect(final.version).toBe(2);
        expect(final.balance).toBe((won[0] as PromiseFulfilledResult<Stored<Account>>).value.balance);
      });

      it('given concurrent read-modify-write transactions, then no increment is lost', async () => {
        const counters = store.collection<{ n: number }>(fresh('counters'));
        await counters.insert({ id: 'c', n: 0 });

        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, () =>
            store.transaction(async (tx) => {
              const txCounters = tx.collection<{ n: number }>(counters.name);
              const current = (await txCounters.get('c'))!;
              await tick(1);
              await txCounters.update('c', { n: current.n + 1 }, current.version);
            }),
          ),
        );

        const succeeded = outcomes.filter((o) => o.status === 'fulfilled').length;
        for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConflictError);
        expect(succeeded).toBeGreaterThan(0);
        expect(await counters.get('c')).toMatchObject({ n: succeeded, version: succeeded + 1 });
      });

      it('given a running transaction with uncommitted writes, then reads outside it never see them', async () => {
        const accounts = store.collection<Account>(fresh('accounts'));
        await accounts.insert({ id: 'a', owner: 'ana', balance: 10 });
        const written = deferred();
        const finish = deferred();

        const running = store.transaction(async (tx) => {
          await tx.collection<Account>(accounts.name).insert({ id: 'b', owner: 'eva', balance: 1 });
          await tx.collection<Account>(accounts.name).update('a', { owner: 'ana', balance: 0 }, 1);
          written.resolve();
          await finish.promise;
          throw new Error('abandon');
        });
        await written.promise;
        // Started while the transaction is open; an adapter may answer now or after it ends.
        const outside = Promise.all([accounts.get('b'), accounts.get('a'), accounts.count(), accounts.find()]);
        await tick();
        finish.resolve();
        await expect(running).rejects.toThrow('abandon');
        const [b, a, count, all] = await outside;

        expect(b).toBeUndefined();
        expect(a).toMatchObject({ balance: 10, version: 1 });
        expect(count).toBe(1);
        expect(all.items.map((d) => d.id)).toEqual(['a']);
      });

      it('given a running transaction, when another caller writes outside it, then a rollback does not undo that write', async () => {
        const accounts = store.collection<Account>(fresh('accounts'));
        const written = deferred();
        const finish = deferred();

        const running = store.transaction(async (tx) => {
          await tx.collection<Account>(accounts.name).insert({ id: 'in', owner: 'ana', balance: 1 });
          written.resolve();
          await finish.promise;
          throw new Error('abandon');
        });
        await written.promise;
        const outside = accounts.insert({ id: 'out', owner: 'eva', balance: 2 });
        await tick();
        finish.resolve();
        await expect(running).rejects.toThrow('abandon');
        await outside;

        expect(await accounts.get('in')).toBeUndefined();
        expect(await accounts.get('out')).toMatchObject({ balance: 2 });
      });

      it('given a finished transaction, when its handle is used again, then it is a StoreQueryError', async () => {
        const accounts = store.collection<Account>(fresh('accounts'));
        let leaked: Collection<Account> | undefined;
        await store.transaction(async (tx) => {
          leaked = tx.collection<Account>(accounts.name);
        });

        const error = await caught(
          (async () => {
            await leaked!.insert({ id: 'late', owner: 'ana', balance: 1 });
          })(),
        );

        expect(error).toBeInstanceOf(StoreQueryError);
        expect((error as Error).message).toContain('transaction already finished');
        expect(await accounts.get('late')).toBeUndefined();
      });

      it('given many transactions in a row, then each commits and the store stays usable', async () => {
        const counters = store.collection<{ n: number }>(fresh('counters'));
        await counters.insert({ id: 'c', n: 0 });

        for (let i = 0; i < 100; i++) {
          await store.transaction(async (tx) => {
            const c = tx.collection<{ n: number }>(counters.name);
            const current = (await c.get('c'))!;
            await c.update('c', { n: current.n + 1 }, current.version);
          });
        }

        expect(await counters.get('c')).toMatchObject({ n: 100, version: 101 });
      });
    });

    describe('multikey indexes', () => {
      interface Item {
        groups?: unknown;
        state: string;
        at: string;
        due?: string | null;
        n: number;
      }
      const SPEC = {
        indexes: [
          { fields: ['groups', 'state', 'at'], multikey: 'groups' },
          { fields: ['groups', 'state', 'due'], multikey: 'groups' },
        ],
      };
      const GROUPS = ['g0', 'g1', 'g2', 'g3'];
      const pad = (n: number) => String(n).padStart(2, '0');

      /** Arrays with duplicates and nulls, empty and missing arrays, a scalar where an array was expected. */
      function items(count: number): Array<Item & { id: string }> {
        return Array.from({ length: count }, (_, i) => {
          const doc: Item & { id: string } = {
            id: `m${pad((i * 31) % count)}`,
            state: i % 3 ? 'open' : 'done',
            at: `2024-01-${pad(1 + (i % 20))}T00:00:00.000Z`,
            due: i % 7 === 0 ? null : `2024-03-${pad(1 + ((i * 5) % 28))}T00:00:00.000Z`,
            n: i,
            groups: i % 19 === 0 ? ['g1', 'g1', null] : [GROUPS[i % 4]!, GROUPS[(i * 3 + 1) % 4]!],
          };
          if (i % 5 === 0) delete doc.due;
          if (i % 11 === 0) delete doc.groups;
          else if (i % 13 === 0) doc.groups = [];
          else if (i % 17 === 0) doc.groups = 'g1';
          return doc;
        });
      }

      /** The same documents with the multikey index and without any index: the generic path. */
      async function pair(docs = items(80)): Promise<{ indexed: Collection<Item>; plain: Collection<Item> }> {
        const indexed = store.collection<Item>(fresh('mk'), SPEC);
        const plain = store.collection<Item>(fresh('plain'));
        await indexed.insertMany(docs);
        await plain.insertMany(docs);
        return { indexed, plain };
      }

      const FILTERS: Filter[] = [
        { groups: { $contains: 'g1' } },
        { groups: { $contains: 'g2' }, state: 'open' },
        { groups: { $contains: null } },
        { groups: { $contains: 'nobody' }, state: 'open' },
        { groups: { $containsAny: ['g1', 'g3'] }, state: 'open' },
        { groups: { $containsAny: ['g2', 'g2'] }, state: { $in: ['open', 'done'] } },
        { groups: { $containsAny: ['g0', null] } },
        { groups: { $containsAny: [] } },
        { groups: { $contains: 'g3' }, state: 'open', at: { $gte: '2024-01-05T00:00:00.000Z' } },
        { groups: { $contains: 'g0' }, n: { $lt: 50 } },
        { groups: { $contains: 'g1' }, due: null },
        { groups: { $contains: 'g1', $exists: true }, state: { $ne: 'done' } },
        { groups: { $contains: 'g1' }, $or: [{ state: 'done' }, { n: 1 }] },
      ];
      const SORTS: SortField[][] = [
        [],
        [{ field: 'at' }],
        [{ field: 'due' }],
        [{ field: 'at', order: 'desc' }],
        [{ field: 'state' }, { field: 'at' }],
        [
          { field: 'at', order: 'desc' },
          { field: 'id', order: 'desc' },
        ],
        [{ field: 'n', order: 'desc' }],
      ];

      async function expectSame(indexed: Collection<Item>, plain: Collection<Item>, filter: Filter, sort: SortField[] = [{ field: 'at' }]) {
        const expected = (await plain.find(filter, { sort })).items;
        expect((await indexed.find(filter, { sort })).items).toEqual(expected);
        expect(await indexed.count(filter)).toBe(expected.length);
        const one = await indexed.findOne(filter);
        if (expected.length === 0) expect(one).toBeUndefined();
        else expect(expected.map((d) => d.id)).toContain(one?.id);
      }

      it('given $contains and $containsAny with equalities and sorts, then find, count and findOne answer as without the index', async () => {
        const { indexed, plain } = await pair();
        for (const filter of FILTERS) {
          for (const sort of SORTS) {
            const expected = (await plain.find(filter, { sort })).items.map((d) => d.id);
            const actual = (await indexed.find(filter, { sort })).items.map((d) => d.id);
            expect({ filter, sort, ids: actual }).toEqual({ filter, sort, ids: expected });
          }
          expect({ filter, count: await indexed.count(filter) }).toEqual({ filter, count: await plain.count(filter) });
        }
        // The generic path is itself right: spelled out for the common query.
        const docs = items(80);
        const open = (g: string) => docs.filter((d) => Array.isArray(d.groups) && d.groups.includes(g) && d.state === 'open').sort(portOrder([{ field: 'at' }]));
        expect((await indexed.find({ groups: { $contains: 'g2' }, state: 'open' }, { sort: [{ field: 'at' }] })).items.map((d) => d.id)).toEqual(open('g2').map((d) => d.id));
        expect(await indexed.count({ groups: { $contains: 'g2' }, state: 'open' })).toBe(open('g2').length);
      });

      it('given a multikey filter, when paged by cursor, then every match comes once in order, as without the index', async () => {
        const { indexed, plain } = await pair();
        for (const filter of FILTERS) {
          for (const sort of SORTS) {
            const expected = (await plain.find(filter, { sort })).items.map((d) => d.id);
            const paged = (await readAllPages(indexed, filter, sort, 3)).map((d) => d.id);
            expect({ filter, sort, ids: paged }).toEqual({ filter, sort, ids: expected });
          }
        }
        const offset = await indexed.find({ groups: { $contains: 'g1' } }, { sort: [{ field: 'at' }], offset: 2, limit: 4 });
        expect(offset.items).toEqual((await plain.find({ groups: { $contains: 'g1' } }, { sort: [{ field: 'at' }], offset: 2, limit: 4 })).items);
      });

      it('given updates that change the array and other indexed fields, then queries follow them', async () => {
        const docs = items(30);
        const { indexed, plain } = await pair(docs);
        const [a, b, d, e] = [docs[1]!.id, docs[2]!.id, docs[4]!.id, docs[3]!.id];
        for (const c of [indexed, plain]) {
          const da = (await c.get(a))!;
          await c.update(a, { ...da, groups: ['g9', 'g1'] }, da.version);
          const db = (await c.get(b))!;
          await c.update(b, { ...db, groups: [], state: 'done' }, db.version);
          const dd = (await c.get(d))!;
          await c.update(d, { ...dd, groups: ['g2'], state: 'open', at: '2023-12-31T00:00:00.000Z' }, dd.version);
          const de = (await c.get(e))!;
          const { groups: _dropped, ...rest } = de;
          await c.update(e, rest, de.version);
        }
        for (const filter of [...FILTERS, { groups: { $contains: 'g9' } }]) await expectSame(indexed, plain, filter);
        expect((await indexed.find({ groups: { $contains: 'g9' } })).items.map((x) => x.id)).toEqual([a]);
        expect((await indexed.find({ groups: { $contains: 'g2' }, state: 'open' }, { sort: [{ field: 'at' }], limit: 1 })).items[0]?.id).toBe(d);
      });

      it('given deletes and deleteMany, then deleted documents are gone from multikey queries', async () => {
        const docs = items(40);
        const { indexed, plain } = await pair(docs);
        for (const c of [indexed, plain]) {
          expect(await c.delete(docs[1]!.id)).toBe(true);
          expect(await c.deleteMany({ groups: { $contains: 'g3' }, state: 'done' })).toBeGreaterThan(0);
          await c.deleteMany({ n: { $gte: 35 } });
        }
        for (const filter of FILTERS) await expectSame(indexed, plain, filter);
        expect(await indexed.count({ groups: { $contains: 'g3' }, state: 'done' })).toBe(0);
        expect(await indexed.count()).toBe(await plain.count());
      });

      it('given a transaction that changed arrays, when it rolls back, then multikey queries see the old arrays', async () => {
        const docs = items(30);
        const { indexed, plain } = await pair(docs);
        const before = await indexed.count({ groups: { $contains: 'g1' } });
        const error = await caught(
          store.transaction(async (tx) => {
            const c = tx.collection<Item>(indexed.name);
            const a = (await c.get(docs[1]!.id))!;
            await c.update(a.id, { ...a, groups: ['g7'] }, a.version);
            await c.insert({ id: 'new', state: 'open', at: '2024-01-01T00:00:00.000Z', n: 99, groups: ['g1', 'g7'] });
            expect(await c.delete(docs[2]!.id)).toBe(true);
            await c.deleteMany({ groups: { $contains: 'g1' } });
            expect(await c.count({ groups: { $contains: 'g7' } })).toBe(1);
            expect(await c.count({ groups: { $contains: 'g1' } })).toBe(0);
            throw new Error('changed my mind');
          }),
        );

        expect((error as Error).message).toBe('changed my mind');
        expect(await indexed.count({ groups: { $contains: 'g7' } })).toBe(0);
        expect(await indexed.count({ groups: { $contains: 'g1' } })).toBe(before);
        for (const filter of FILTERS) await expectSame(indexed, plain, filter);
      });

      it('given concurrent transactions changing arrays, when one of them fails, then only its changes are undone', async () => {
        const docs = items(30);
        const { indexed } = await pair(docs);
        const [a, b, d] = [docs[1]!.id, docs[2]!.id, docs[4]!.id];
        const move = (id: string, groups: string[], fail: boolean) =>
          store.transaction(async (tx) => {
            const c = tx.collection<Item>(indexed.name);
            const doc = (await c.get(id))!;
            await c.update(id, { ...doc, groups }, doc.version);
            if (fail) throw new Error(`fail ${id}`);
          });

        const results = await Promise.allSettled([move(a, ['x1'], false), move(b, ['x2'], true), move(d, ['x3'], false)]);

        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((await indexed.find({ groups: { $containsAny: ['x1', 'x2', 'x3'] } }, { sort: [{ field: 'n' }] })).items.map((x) => x.id)).toEqual([a, d]);
        expect(await indexed.count({ groups: { $contains: 'x2' } })).toBe(0);
      });

      it('given documents stored before the multikey index was declared, then queries through it find them', async () => {
        const name = fresh('mk_late');
        const docs = items(50);
        await store.collection<Item>(name).insertMany(docs);
        const plain = store.collection<Item>(fresh('plain'));
        await plain.insertMany(docs);

        const indexed = store.collection<Item>(name, SPEC);

        for (const filter of FILTERS) await expectSame(indexed, plain, filter);
        await indexed.insert({ id: 'later', state: 'open', at: '2024-01-01T00:00:00.000Z', n: 100, groups: ['g1'] });
        expect((await indexed.find({ groups: { $contains: 'g1' } })).items.map((d) => d.id)).toContain('later');
      });
    });

    describe('full-text search', () => {
      async function seededCases(): Promise<Collection<Case>> {
        const cases = store.collection<Case>(fresh('cases'), TEXT_SPEC);
        await cases.insertMany(TEXT_CASES);
        return cases;
      }

      /** The ids a search finds (in id order), checked against count and findOne. */
      async function search(cases: Collection<Case>, text: string, filter: Filter = {}): Promise<string[]> {
        const found = (await cases.find({ ...filter, $text: text })).items.map((c) => c.id);
        expect({ text, count: await cases.count({ ...filter, $text: text }) }).toEqual({ text, count: found.length });
        const one = await cases.findOne({ ...filter, $text: text });
        if (found.length === 0) expect(one).toBeUndefined();
        else expect(found).toContain(one?.id);
        return found;
      }

      async function expectSearches(searches: Array<[string, string[]]>): Promise<void> {
        const cases = await seededCases();
        for (const [text, ids] of searches) expect({ text, ids: await search(cases, text) }).toEqual({ text, ids });
        expect(await cases.count()).toBe(TEXT_CASES.length);
      }

      it('given accented, capitalised text, when searched without accents or in other case, then it is found', async () => {
        await expectSearches(TEXT_SEARCHES.accents);
      });

      it('given the last word typed in part, then it matches the beginning of a word; earlier words must be whole', async () => {
        await expectSearches(TEXT_SEARCHES.prefix);
      });

      it('given several words, then every one of them must be in the document, in any of its text fields', async () => {
        await expectSearches(TEXT_SEARCHES.everyWord);
      });

      it('given folios, ticket numbers and e-mails, then they are found whole and by their parts', async () => {
        await expectSearches(TEXT_SEARCHES.parts);
      });

      it('given a list field, then its strings and numbers are text and its other values are not', async () => {
        await expectSearches(TEXT_SEARCHES.lists);
      });

      it('given query syntax in the search, then it is plain text and never an error', async () => {
        await expectSearches(TEXT_SEARCHES.syntax);
      });

      it('given a search with other conditions, $or, a sort and cursor paging, then the matches come in the sort asked for', async () => {
        const cases = store.collection<Case>(fresh('cases'), TEXT_SPEC);
        const docs = Array.from({ length: 40 }, (_, i) => ({
          id: `p${String(i).padStart(2, '0')}`,
          folio: `CAS-2026-${String(100 + i).padStart(6, '0')}`,
          requester: { name: i % 3 === 0 ? 'Ana Pérez' : 'Luis Gómez', email: `u${i}@example.com` },
          kiosk: `Kiosco ${i % 4}`,
          description: i % 2 === 0 ? 'Atención en ventanilla' : 'Cobro duplicado',
          status: i % 5 === 0 ? 'closed' : 'open',
          // Repeated values, so the id breaks ties across pages.
          at: `2026-03-${String(1 + (i % 7)).padStart(2, '0')}T00:00:00.000Z`,
        }));
        await cases.insertMany(docs);
        const sort: SortField[] = [{ field: 'at', order: 'desc' }];
        const expected = (keep: (d: (typeof docs)[number]) => boolean, order = sort) =>
          docs
            .filter(keep)
            .sort(portOrder(order))
            .map((d) => d.id);

        const open = expected((d) => d.description.startsWith('Aten') && d.status === 'open');
        expect((await readAllPages(cases, { $text: 'atencion', status: 'open' }, sort, 3)).map((d) => d.id)).toEqual(open);
        expect(await cases.count({ $text: 'atencion', status: 'open' })).toBe(open.length);

        const either = expected((d) => d.requester.name === 'Ana Pérez' && (d.kiosk === 'Kiosco 1' || d.status === 'closed'));
        const filter: Filter = { $text: 'ana pe', $or: [{ kiosk: 'Kiosco 1' }, { status: 'closed' }] };
        expect((await readAllPages(cases, filter, sort, 2)).map((d) => d.id)).toEqual(either);
        expect(either.length).toBeGreaterThan(1);

        const offset = await cases.find({ $text: 'cobro' }, { sort: [{ field: 'folio' }], offset: 3, limit: 4 });
        expect(offset.items.map((d) => d.id)).toEqual(expected((d) => d.description === 'Cobro duplicado', [{ field: 'folio' }]).slice(3, 7));
      });

      it('given a search in a collection with a multikey index, then it combines with $contains through the side index', async () => {
        const items = store.collection<{ groups: string[]; at: string; name: string }>(fresh('mk_text'), {
          indexes: [{ fields: ['groups', 'at'], multikey: 'groups' }],
          text: ['name'],
        });
        const docs = Array.from({ length: 30 }, (_, i) => ({
          id: `d${String(i).padStart(2, '0')}`,
          groups: [`g${i % 3}`, 'all'],
          at: String(100 - i),
          name: i % 2 ? 'José Pérez' : 'Ana López',
        }));
        await items.insertMany(docs);
        const filter: Filter = { groups: { $contains: 'g1' }, $text: 'jose pe' };
        const expected = docs
          .filter((d) => d.groups.includes('g1') && d.name === 'José Pérez')
          .sort(portOrder([{ field: 'at' }]))
          .map((d) => d.id);

        expect((await readAllPages(items, filter, [{ field: 'at' }], 2)).map((d) => d.id)).toEqual(expected);
        expect(await items.count(filter)).toBe(expected.length);
        expect(expected.length).toBeGreaterThan(2);
      });

      it('given a transaction that writes searchable text and then fails, then the index holds none of it', async () => {
        const cases = await seededCases();

        const error = await caught(
          store.transaction(async (tx) => {
            const c = tx.collection<Case>(cases.name);
            await c.insert({ ...TEXT_CASES[0]!, id: 'c9', folio: 'CAS-2026-000099', description: 'Zanahoria' });
            const c2 = (await c.get('c2'))!;
            await c.update('c2', { ...c2, description: 'Zanahoria morada' }, c2.version);
            expect(await c.delete('c3')).toBe(true);
            expect(await c.count({ $text: 'zanahoria' })).toBe(2);
            expect(await c.count({ $text: 'imprime' })).toBe(0);
            throw new Error('changed my mind');
          }),
        );

        expect((error as Error).message).toBe('changed my mind');
        expect(await search(cases, 'zanahoria')).toEqual([]);
        expect(await search(cases, 'CAS-2026-000099')).toEqual([]);
        expect(await search(cases, 'deficiente')).toEqual(['c2']);
        expect(await search(cases, 'imprime')).toEqual(['c3']);
      });

      it('given an update, then the new words find the document and the old ones no longer do', async () => {
        const cases = await seededCases();
        const c2 = (await cases.get('c2'))!;

        await cases.update('c2', { ...c2, description: 'Problema resuelto', requester: { ...c2.requester, name: 'Ana María López' } }, c2.version);
        const c1 = (await cases.get('c1'))!;
        await cases.update('c1', { ...c1, status: 'closed' }, c1.version);

        expect(await search(cases, 'deficiente')).toEqual([]);
        expect(await search(cases, 'ventanilla')).toEqual([]);
        expect(await search(cases, 'resuelto maria')).toEqual(['c2']);
        expect(await search(cases, 'billete', { status: 'closed' })).toEqual(['c1']);
      });

      it('given delete and deleteMany, then deleted documents are no longer found, and deleteMany may itself search', async () => {
        const cases = await seededCases();

        expect(await cases.delete('c1')).toBe(true);
        expect(await search(cases, 'perez')).toEqual(['c3']);
        expect(await cases.deleteMany({ $text: 'kiosco', status: 'open' })).toBe(1);
        expect(await search(cases, 'kiosco')).toEqual(['c2']);
        expect(await cases.deleteMany({ status: 'closed' })).toBe(2);
        expect(await search(cases, 'lopez')).toEqual([]);
        expect(await cases.count()).toBe(1);
      });

      it('given a search longer than the bounds, then it is a StoreQueryError; at the bounds it is answered', async () => {
        const cases = await seededCases();

        expect(await caught(cases.find({ $text: 'a'.repeat(201) }))).toBeInstanceOf(StoreQueryError);
        expect(await caught(cases.count({ $text: 'uno dos tres cuatro cinco seis siete ocho nueve diez once' }))).toBeInstanceOf(StoreQueryError);
        expect(await search(cases, 'a'.repeat(200))).toEqual([]);
        expect(await search(cases, 'kiosco plaza patria kiosco plaza patria kiosco plaza patria luis')).toEqual(['c4']);
      });

      it('given $text where it cannot be answered, then it is a StoreQueryError naming why', async () => {
        const cases = await seededCases();
        const plain = store.collection<Case>(fresh('plain'));
        await plain.insertMany(TEXT_CASES);

        const noIndex = await caught(plain.find({ $text: 'perez' }));
        expect(noIndex).toBeInstanceOf(StoreQueryError);
        expect((noIndex as Error).message).toContain(plain.name);
        const nested = await caught(cases.find({ $or: [{ $text: 'perez' }, { status: 'open' }] }));
        expect(nested).toBeInstanceOf(StoreQueryError);
        expect((nested as Error).message).toContain('$text');
        expect(await caught(cases.find({ $text: 42 as unknown as string }))).toBeInstanceOf(StoreQueryError);
        expect(() => store.collection(fresh('bad'), { text: [] })).toThrow(StoreQueryError);
        expect(() => store.collection(fresh('bad'), { text: ['a b'] })).toThrow(StoreQueryError);
      });

      it('given documents stored before the text spec was declared, then the spec indexes them and later writes', async () => {
        const name = fresh('cases_late');
        await store.collection<Case>(name).insertMany(TEXT_CASES);

        const cases = store.collection<Case>(name, TEXT_SPEC);

        expect(await search(cases, 'perez rodr')).toEqual(['c1', 'c3']);
        await cases.insert({ ...TEXT_CASES[1]!, id: 'c6', requester: { name: 'Pedro Páramo', email: 'pp@example.com' } });
        expect(await search(cases, 'paramo')).toEqual(['c6']);
        expect(await search(cases, 'kiosco centro')).toEqual(['c2', 'c6']);
      });

      it('given a text spec naming other fields, then the index follows the new fields', async () => {
        const name = fresh('cases_spec');
        const first = store.collection<Case>(name, { text: ['folio'] });
        await first.insertMany(TEXT_CASES);
        expect(await search(first, 'perez')).toEqual([]);

        const second = store.collection<Case>(name, TEXT_SPEC);

        expect(await search(second, 'perez')).toEqual(['c1', 'c3']);
        expect(await search(second, '000045')).toEqual(['c1']);
      });

      it('given a store that can be copied, then a text collection is listed alone and its copy is searchable', async () => {
        const copying = store.copying;
        if (copying === undefined) return;
        const cases = await seededCases();
        const listed = await copying.listCollections();
        expect(listed).toContain(cases.name);
        expect(listed.filter((name) => name.startsWith(cases.name))).toEqual([cases.name]);

        const docs = (await cases.find()).items;
        expect(docs.map((d) => Object.keys(d).sort())).toEqual(TEXT_CASES.map((c) => Object.keys({ ...c, version: 1 }).sort()));
        const target = store.collection<Case>(fresh('cases_copy'), TEXT_SPEC);
        await copying.importDocuments(target.name, docs);

        expect((await target.find()).items).toEqual(docs);
        expect(await search(target, 'perez rodr')).toEqual(['c1', 'c3']);
      });
    });
  });
}
