// Runs the store behaviour suite on the SQLite adapter (in memory and on disk), plus what only
// SQLite has: files that persist, WAL journaling, index use, schema rollback, closing.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConflictError, StoreQueryError, StoreUnavailableError } from '../../server/store/port.js';
import type { Filter, FindOptions } from '../../server/store/port.js';
import { createSqliteStore, sqliteTestHooks } from '../../server/store/sqlite/index.js';
import { TEXT_CASES, TEXT_SPEC, storeBehaviour, type Case } from './behaviour.js';
import { waitFor } from '../support/wait-for.js';

const tempRoot = mkdtempSync(join(tmpdir(), 'oficio-sqlite-'));
let fileSerial = 0;
/** A path inside directories that do not exist yet, so the adapter must create them. */
const tempPath = () => join(tempRoot, `run-${++fileSerial}`, 'nested', 'store.db');

afterAll(() => {
  rmSync(tempRoot, { recursive: true, force: true });
});

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = (ms = 5) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits up to 10 s for what a store's checkpoint worker does; on timeout closes the store, then fails. */
async function waitForWorker(store: { close(): Promise<void> }, check: () => boolean, what: string): Promise<void> {
  try {
    await waitFor(check, 10_000, what, { intervalMs: 10 });
  } catch (error) {
    await store.close();
    throw error;
  }
}

const adapterPath = fileURLToPath(new URL('../../server/store/sqlite/index.ts', import.meta.url));

storeBehaviour('sqlite :memory:', async () => createSqliteStore({ path: ':memory:' }));
storeBehaviour('sqlite file', async () => createSqliteStore({ path: tempPath() }));

describe('sqlite adapter specifics', () => {
  it('given a file store, when it is closed and reopened, then the documents and versions are still there', async () => {
    const path = tempPath();
    const first = createSqliteStore({ path });
    await first.collection<{ n: number }>('things').insert({ id: 'a', n: 1 });
    await first.collection<{ n: number }>('things').update('a', { n: 2 }, 1);
    await first.close();

    const second = createSqliteStore({ path });
    const read = await second.collection<{ n: number }>('things').get('a');
    await second.close();

    expect(read).toEqual({ id: 'a', n: 2, version: 2 });
  });

  it('given a file store, then it journals in WAL mode with synchronous NORMAL by default', async () => {
    const path = tempPath();
    const store = createSqliteStore({ path });
    await store.collection<{ n: number }>('things').insert({ id: 'a', n: 1 });

    const hooks = sqliteTestHooks(store);
    const journal = await hooks.pragma('journal_mode');
    const synchronous = await hooks.pragma('synchronous');
    const walExists = existsSync(`${path}-wal`);
    await store.close();

    expect(journal).toBe('wal');
    expect(synchronous).toBe(1); // NORMAL
    expect(walExists).toBe(true);
  });

  it('given synchronous FULL, then the pragma says so', async () => {
    const store = createSqliteStore({ path: tempPath(), synchronous: 'FULL' });

    const synchronous = await sqliteTestHooks(store).pragma('synchronous');
    await store.close();

    expect(synchronous).toBe(2); // FULL
  });

  it('given a file store, then its description names the adapter and the absolute path', async () => {
    const path = tempPath();
    const store = createSqliteStore({ path });
    const memory = createSqliteStore({ path: ':memory:' });

    expect(store.description).toBe(`sqlite:${path}`);
    expect(memory.description).toBe('sqlite::memory:');
    await store.close();
    await memory.close();
  });

  it('given a writer killed with SIGKILL right after a commit, then the commit survives', async () => {
    const path = tempPath();
    const script = `
      import { createSqliteStore } from ${JSON.stringify(adapterPath)};
      const store = createSqliteStore({ path: ${JSON.stringify(path)} });
      await store.transaction(async (tx) => { await tx.collection('things').insert({ id: 'a', n: 1 }); });
      await store.collection('things').insert({ id: 'b', n: 2 });
      process.kill(process.pid, 'SIGKILL');
    `;

    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const store = createSqliteStore({ path });
    const count = await store.collection('things').count();
    await store.close();

    expect(child.signal).toBe('SIGKILL');
    expect(count).toBe(2);
  });

  describe('given a collection with indexes', () => {
    const store = createSqliteStore({ path: ':memory:' });
    const hooks = sqliteTestHooks(store);
    beforeAll(async () => {
      const tasks = store.collection<{ status: string; due: string; owner: { team: string } }>('tasks', {
        indexes: [{ fields: ['status'] }, { fields: ['owner.team', 'due'] }, { fields: ['due'], unique: true }],
      });
      await tasks.insertMany(
        Array.from({ length: 50 }, (_, i) => ({
          id: `t${i}`,
          status: ['open', 'closed'][i % 2]!,
          due: `2024-01-01T00:00:${String(i).padStart(2, '0')}.000Z`,
          owner: { team: ['ops', 'legal', 'hr'][i % 3]! },
        })),
      );
    });
    afterAll(() => store.close());

    it('when filtering on an indexed field, then the plan searches that index', async () => {
      const plan = await hooks.explain('tasks', { status: 'open' });

      expect(plan.join('\n')).toMatch(/SEARCH tasks USING INDEX ix_tasks_status_\w+ \(<expr>=\?\)/);
    });

    it('when filtering and sorting a range on an indexed field, then the plan searches that index', async () => {
      // Without a sort the planner may rather walk the primary key to skip sorting by id.
      const plan = await hooks.explain('tasks', { due: { $gte: '2024-01-01T00:00:10.000Z' } }, { sort: [{ field: 'due' }] });

      expect(plan.join('\n')).toMatch(/SEARCH tasks USING INDEX ix_tasks_due_u_\w+ \(<expr>>\?\)/);
    });

    it('when filtering on a compound index prefix with a nested path, then the plan uses it', async () => {
      const plan = await hooks.explain('tasks', { 'owner.team': 'ops', due: { $lt: '2024-02-01' } });

      expect(plan.join('\n')).toMatch(/USING INDEX ix_tasks_owner_team_due_\w+ \(<expr>=\? AND <expr><\?\)/);
    });

    it('when paging by an indexed field after a cursor, then the index serves both order and range', async () => {
      const first = await store.collection('tasks').find({}, { sort: [{ field: 'status' }], limit: 5 });
      const plan = await hooks.explain('tasks', {}, { sort: [{ field: 'status' }], limit: 5, after: first.nextCursor! });

      expect(plan.join('\n')).toMatch(/SEARCH tasks USING INDEX ix_tasks_status_\w+ \(<expr>>\?\)/);
      expect(plan.join('\n')).not.toContain('TEMP B-TREE');
    });

    it('when filtering on an unindexed field, then the plan scans (the test can tell the difference)', async () => {
      const plan = await hooks.explain('tasks', { title: 'x' });

      expect(plan.join('\n')).toMatch(/SCAN tasks/);
    });

    it('when filtering by id, then the primary key is used', async () => {
      const plan = await hooks.explain('tasks', { id: { $in: ['t1', 't2'] } });

      expect(plan.join('\n')).toMatch(/USING INDEX sqlite_autoindex_tasks_1 \(id=\?\)/);
    });
  });

  describe('given a multikey index on an array field', () => {
    interface Task {
      groups: string[];
      state: string;
      created: string;
      due?: string;
      owner?: string;
    }
    const SPEC = {
      indexes: [
        { fields: ['state', 'created'] },
        { fields: ['owner'] },
        { fields: ['groups', 'state', 'created'], multikey: 'groups' },
        { fields: ['groups', 'state', 'due'], multikey: 'groups' },
      ],
    };
    const GROUPS = ['mesa-ayuda', 'red-datos', 'red-voz', 'calidad'];
    const docs = (count: number, from = 0) =>
      Array.from({ length: count }, (_, k) => {
        const i = from + k;
        return {
          id: `t${String(i).padStart(5, '0')}`,
          groups: [GROUPS[i % 4]!, GROUPS[(i * 7 + 1) % 4]!],
          state: i % 5 ? 'CREATED' : 'COMPLETED',
          created: new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % count) * 60_000).toISOString(),
          ...(i % 3 ? { due: new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString() } : {}),
          owner: `u${i % 50}`,
        };
      });
    const store = createSqliteStore({ path: ':memory:' });
    const hooks = sqliteTestHooks(store);
    const tasks = store.collection<Task>('mk_tasks', SPEC);
    const filter = { groups: { $contains: 'red-datos' }, state: 'CREATED' };
    beforeAll(() => tasks.insertMany(docs(2000)));
    afterAll(() => store.close());

    it('when a page of a group is sorted by the next indexed field, then the side index drives it with no sort step', async () => {
      for (const [field, index] of [
        ['created', /ix_mk_tasks__mk_groups_groups_state_created_\w+ \(value=\? AND f_state=\?\)/],
        ['due', /ix_mk_tasks__mk_groups_groups_state_due_\w+ \(value=\? AND f_state=\?\)/],
      ] as const) {
        const plan = (await hooks.explain('mk_tasks', filter, { sort: [{ field }], limit: 50 })).join('\n');

        expect(plan).toMatch(new RegExp(`^SEARCH s USING COVERING INDEX ${index.source}`, 'm'));
        expect(plan).toMatch(/SEARCH t USING INDEX sqlite_autoindex_mk_tasks_1 \(id=\?\)/);
        expect(plan).not.toContain('TEMP B-TREE');
        expect(plan).not.toMatch(/SCAN (mk_tasks|t)\b/);
      }
    });

    it('when the next page is read by cursor, then it is a range of the side index', async () => {
      const first = await tasks.find(filter, { sort: [{ field: 'created' }], limit: 50 });
      const plan = (await hooks.explain('mk_tasks', filter, { sort: [{ field: 'created' }], limit: 50, after: first.nextCursor! })).join('\n');

      expect(plan).toMatch(/SEARCH s USING COVERING INDEX ix_mk_tasks__mk_groups_\w+ \(value=\? AND f_state=\? AND f_created>\?\)/);
      expect(plan).not.toContain('TEMP B-TREE');
    });

    it('when a group is counted, then only the side index is read', async () => {
      const plan = (await hooks.explainCount('mk_tasks', filter)).join('\n');

      expect(plan).toMatch(/^SEARCH s USING COVERING INDEX ix_mk_tasks__mk_groups_\w+ \(value=\? AND f_state=\?\)$/);
      expect(await tasks.count(filter)).toBe(docs(2000).filter((d) => d.groups.includes('red-datos') && d.state === 'CREATED').length);
    });

    it('when the filter holds a condition the side table lacks, then it is applied to the documents and counted through them', async () => {
      const narrow = { ...filter, due: { $exists: false } };
      const plan = (await hooks.explainCount('mk_tasks', narrow)).join('\n');

      expect(plan).toMatch(/LIST SUBQUERY|SEARCH s USING/);
      expect(plan).not.toMatch(/^SCAN mk_tasks$/m);
      expect(await tasks.count(narrow)).toBe(docs(2000).filter((d) => d.groups.includes('red-datos') && d.state === 'CREATED' && d.due === undefined).length);
    });

    it('when an equality on another index is more selective, then the planner is free to use that index', async () => {
      const plan = (await hooks.explain('mk_tasks', { groups: { $contains: 'red-datos' }, owner: 'u7' }, { sort: [{ field: 'created' }], limit: 50 })).join('\n');

      expect(plan).toMatch(/USING INDEX ix_mk_tasks_owner_\w+/);
    });

    it('when $containsAny names several groups, then the side index answers without scanning the documents', async () => {
      const any = { groups: { $containsAny: ['red-datos', 'red-voz'] }, state: 'CREATED' };
      const plan = (await hooks.explain('mk_tasks', any, { sort: [{ field: 'created' }], limit: 50 })).join('\n');
      const countPlan = (await hooks.explainCount('mk_tasks', any)).join('\n');

      expect(plan).toMatch(/SEARCH s USING COVERING INDEX ix_mk_tasks__mk_groups_\w+ \(value=\? AND f_state=\?\)/);
      expect(plan).not.toMatch(/^SCAN mk_tasks$/m);
      expect(countPlan).toMatch(/SEARCH s USING COVERING INDEX/);
      expect(await tasks.count(any)).toBe(docs(2000).filter((d) => d.state === 'CREATED' && d.groups.some((g) => g === 'red-datos' || g === 'red-voz')).length);
    });

    it('given a multikey index declared wrongly, then it is a StoreQueryError', () => {
      expect(() => store.collection('mk_bad1', { indexes: [{ fields: ['groups'], multikey: 'tags' }] })).toThrow(StoreQueryError);
      expect(() => store.collection('mk_bad2', { indexes: [{ fields: ['groups'], multikey: 'groups', unique: true }] })).toThrow(StoreQueryError);
      expect(() => store.collection('mk_bad3', { indexes: [{ fields: ['id', 'state'], multikey: 'id' }] })).toThrow(StoreQueryError);
    });

    it('given a file with documents, when it is reopened with a multikey index declared, then the side table is filled once and kept', async () => {
      const path = tempPath();
      const first = createSqliteStore({ path });
      await first.collection<Task>('things').insertMany(docs(300));
      await first.close();

      const second = createSqliteStore({ path });
      const things = second.collection<Task>('things', SPEC);
      const expected = docs(300).filter((d) => d.groups.includes('red-datos') && d.state === 'CREATED');
      expect(await things.count(filter)).toBe(expected.length);
      await things.insert(docs(1, 300)[0]!);
      await second.close();

      const raw = new Database(path, { readonly: true });
      const sideRows = raw.prepare('SELECT count(*) FROM "things__mk_groups"').pluck().get() as number;
      const triggers = raw.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'things'`).pluck().get() as number;
      const distinctPairs = raw.prepare(`SELECT count(*) FROM (SELECT DISTINCT t.id, j.value FROM things t, json_each(t.doc, '$.groups') j)`).pluck().get() as number;
      raw.close();
      expect(sideRows).toBe(distinctPairs);
      expect(triggers).toBe(3);

      const third = createSqliteStore({ path });
      const again = third.collection<Task>('things', SPEC);
      const page = await again.find(filter, { sort: [{ field: 'created' }], limit: 500 });
      await third.close();
      expect(page.items.map((d) => d.id)).toEqual(
        [...expected, ...docs(1, 300).filter((d) => d.groups.includes('red-datos') && d.state === 'CREATED')]
          .sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1))
          .map((d) => d.id),
      );
    });

    it('given a side table, when a later multikey index needs another column, then it is rebuilt with every row', async () => {
      const local = createSqliteStore({ path: ':memory:' });
      const c = local.collection<Task>('grow', { indexes: [{ fields: ['groups', 'state'], multikey: 'groups' }] });
      await c.insertMany(docs(100));
      expect(await c.count(filter)).toBe(docs(100).filter((d) => d.groups.includes('red-datos') && d.state === 'CREATED').length);

      const grown = local.collection<Task>('grow', { indexes: [{ fields: ['groups', 'owner'], multikey: 'groups' }] });
      const byOwner = { groups: { $contains: 'red-datos' }, owner: 'u1' };
      const plan = (await sqliteTestHooks(local).explainCount('grow', byOwner)).join('\n');
      const count = await grown.count(byOwner);
      await local.close();

      expect(plan).toMatch(/SEARCH s USING COVERING INDEX ix_grow__mk_groups_groups_owner_\w+ \(value=\? AND f_owner=\?\)/);
      expect(count).toBe(docs(100).filter((d) => d.groups.includes('red-datos') && d.owner === 'u1').length);
    });

    it('given a batch member that created the multikey schema and then threw, then later members and calls still use the index', async () => {
      const local = createSqliteStore({ path: ':memory:' });
      local.collection<Task>('batch_mk', SPEC);
      const results = await Promise.allSettled([
        local.transaction(async (tx) => {
          await tx.collection<Task>('other').insert({ id: 'x', groups: [], state: 'CREATED', created: '' });
        }),
        local.transaction(async (tx) => {
          await tx.collection<Task>('batch_mk').insertMany(docs(20));
          throw new Error('undo');
        }),
        local.transaction(async (tx) => {
          await tx.collection<Task>('batch_mk').insertMany(docs(10, 100));
        }),
      ]);
      const count = await local.collection<Task>('batch_mk').count({ groups: { $contains: 'red-datos' } });
      const plan = (await sqliteTestHooks(local).explainCount('batch_mk', { groups: { $contains: 'red-datos' } })).join('\n');
      await local.close();

      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(count).toBe(docs(10, 100).filter((d) => d.groups.includes('red-datos')).length);
      expect(plan).toMatch(/SEARCH s USING COVERING INDEX/);
    });
  });

  describe('given a full-text index', () => {
    const ids = async (store: ReturnType<typeof createSqliteStore>, name: string, text: string) => (await store.collection<Case>(name).find({ $text: text })).items.map((c) => c.id);
    /** Rows of the index's tables, read by another connection. */
    function indexRows(path: string, name: string): { words: number; ids: number; keys: string; triggers: number } {
      const raw = new Database(path, { readonly: true });
      try {
        return {
          // A contentless FTS5 table keeps one docsize row per indexed document.
          words: raw.prepare(`SELECT count(*) FROM "${name}__text_docsize"`).pluck().get() as number,
          ids: raw.prepare(`SELECT count(*) FROM "${name}__text_ids"`).pluck().get() as number,
          // The index's own row numbers: an index built anew would number its rows from 1 again.
          keys: raw.prepare(`SELECT group_concat(n, ',') FROM (SELECT n FROM "${name}__text_ids" ORDER BY n)`).pluck().get() as string,
          triggers: raw.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`).pluck().get(name) as number,
        };
      } finally {
        raw.close();
      }
    }

    it('when a search is planned, then the FTS index answers it and no document is scanned, with other conditions and sorts too', async () => {
      const store = createSqliteStore({ path: ':memory:' });
      const hooks = sqliteTestHooks(store);
      try {
        const cases = store.collection<Case>('cases', TEXT_SPEC);
        await cases.insertMany(Array.from({ length: 200 }, (_, i) => ({ ...TEXT_CASES[i % TEXT_CASES.length]!, id: `k${i}` })));
        const searches: Array<[Filter, FindOptions | undefined]> = [
          [{ $text: 'perez rodr' }, undefined],
          [
            { $text: 'kiosco', status: 'open' },
            { sort: [{ field: 'at', order: 'desc' }], limit: 20 },
          ],
          [
            { $text: 'CAS-2026-000045', $or: [{ status: 'open' }, { 'requester.name': { $like: 'ana' } }] },
            { sort: [{ field: 'folio' }], limit: 5 },
          ],
        ];
        for (const [filter, options] of searches) {
          for (const plan of [(await hooks.explain('cases', filter, options)).join('\n'), (await hooks.explainCount('cases', filter)).join('\n')]) {
            expect(plan).toMatch(/SCAN cases__text VIRTUAL TABLE INDEX \d+:M/);
            expect(plan).not.toMatch(/SCAN cases(?!__text)/);
          }
        }
      } finally {
        await store.close();
      }
    });

    it('given a file, when it is reopened, then the index is kept as it was, and a process that does not declare the spec keeps it in step', async () => {
      const path = tempPath();
      const first = createSqliteStore({ path });
      await first.collection<Case>('cases', TEXT_SPEC).insertMany(TEXT_CASES);
      await first.collection<Case>('cases').delete('c1');
      await first.close();
      const before = indexRows(path, 'cases');
      expect(before).toEqual({ words: 4, ids: 4, keys: '2,3,4,5', triggers: 3 });

      const second = createSqliteStore({ path });
      second.collection<Case>('cases', TEXT_SPEC);
      expect(await ids(second, 'cases', 'perez rodr')).toEqual(['c3']);
      await second.close();
      expect(indexRows(path, 'cases')).toEqual(before);

      // A command that opens the store without the spec (a script, `oficio migrate`) still writes through the triggers.
      const bare = createSqliteStore({ path });
      await bare.collection<Case>('cases').insert({ ...TEXT_CASES[1]!, id: 'c6', requester: { name: 'Pedro Páramo', email: 'pp@example.com' } });
      await bare.collection<Case>('cases').delete('c2');
      await bare.close();

      const third = createSqliteStore({ path });
      third.collection<Case>('cases', TEXT_SPEC);
      expect(await ids(third, 'cases', 'paramo')).toEqual(['c6']);
      expect(await ids(third, 'cases', 'ana')).toEqual([]);
      expect(await ids(third, 'cases', 'kiosco centro')).toEqual(['c6']);
      await third.close();
      expect(indexRows(path, 'cases')).toEqual({ words: 4, ids: 4, keys: '3,4,5,6', triggers: 3 });
    });

    it('given a file whose documents predate the spec, when it is opened with the spec, then they are indexed once', async () => {
      const path = tempPath();
      const old = createSqliteStore({ path });
      await old.collection<Case>('cases').insertMany(TEXT_CASES);
      await old.close();

      const upgraded = createSqliteStore({ path });
      upgraded.collection<Case>('cases', TEXT_SPEC);
      expect(await ids(upgraded, 'cases', 'ana.lopez@aguascalientes.gob.mx')).toEqual(['c2']);
      await upgraded.close();

      expect(indexRows(path, 'cases')).toEqual({ words: TEXT_CASES.length, ids: TEXT_CASES.length, keys: '1,2,3,4,5', triggers: 3 });
    });

    it('given a store copied table by table, then only the documents table is listed and the copy is indexed in the target', async () => {
      const source = createSqliteStore({ path: ':memory:' });
      const target = createSqliteStore({ path: ':memory:' });
      try {
        await source.collection<Case>('cases', TEXT_SPEC).insertMany(TEXT_CASES);
        expect(await source.copying!.listCollections()).toEqual(['cases']);
        await target.copying!.importDocuments('cases', (await source.collection('cases').find()).items);

        // The target has no index until its collection is declared with the spec, as the application does.
        await expect(ids(target, 'cases', 'perez')).rejects.toThrow(/\$text on cases/);
        target.collection<Case>('cases', TEXT_SPEC);
        expect(await ids(target, 'cases', 'perez rodr')).toEqual(['c1', 'c3']);
        expect(await target.copying!.listCollections()).toEqual(['cases']);
      } finally {
        await source.close();
        await target.close();
      }
    });

    it('given a batch of transactions writing text, when the middle one fails, then only its words are gone', async () => {
      const store = createSqliteStore({ path: ':memory:' });
      try {
        const cases = store.collection<Case>('cases', TEXT_SPEC);
        await cases.insertMany(TEXT_CASES);
        const write = (id: string, word: string, fail: boolean) =>
          store.transaction(async (tx) => {
            const c = tx.collection<Case>('cases');
            const doc = (await c.get(id))!;
            await c.update(id, { ...doc, description: word }, doc.version);
            await c.insert({ ...doc, id: `${id}-${word}`, description: word });
            if (fail) throw new Error(`fail ${id}`);
          });

        const results = await Promise.allSettled([write('c1', 'alfa', false), write('c2', 'beta', true), write('c3', 'gamma', false)]);

        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(sqliteTestHooks(store).stats().commits).toBeLessThan(sqliteTestHooks(store).stats().transactions);
        expect(await ids(store, 'cases', 'alfa')).toEqual(['c1', 'c1-alfa']);
        expect(await ids(store, 'cases', 'beta')).toEqual([]);
        expect(await ids(store, 'cases', 'deficiente')).toEqual(['c2']);
        expect(await ids(store, 'cases', 'gamma')).toEqual(['c3', 'c3-gamma']);
      } finally {
        await store.close();
      }
    });
  });

  describe('given a memory store', () => {
    let store: ReturnType<typeof createSqliteStore>;
    beforeEach(() => {
      store = createSqliteStore({ path: ':memory:' });
    });
    afterEach(() => store.close());

    it('when a transaction that first created a collection rolls back, then the collection works afterwards', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.collection<{ n: number }>('fresh_one').insert({ id: 'a', n: 1 });
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');

      const things = store.collection<{ n: number }>('fresh_one');
      await things.insert({ id: 'b', n: 2 });

      expect(await things.find()).toEqual({ items: [{ id: 'b', n: 2, version: 1 }] });
    });

    it('when an index is declared inside a rolled-back transaction, then it is still enforced afterwards', async () => {
      const name = 'late_index';
      await expect(
        store.transaction(async (tx) => {
          store.collection<{ email: string }>(name, { indexes: [{ fields: ['email'], unique: true }] });
          await tx.collection<{ email: string }>(name).insert({ id: 'a', email: 'x' });
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      const users = store.collection<{ email: string }>(name);
      await users.insert({ id: 'a', email: 'x' });

      await expect(users.insert({ id: 'b', email: 'x' })).rejects.toBeInstanceOf(ConflictError);
    });

    it('when a conflict happens, then the driver text is only in the cause', async () => {
      const users = store.collection<{ email: string }>('users', { indexes: [{ fields: ['email'], unique: true }] });
      await users.insert({ id: 'a', email: 'x' });

      const duplicateId = (await users.insert({ id: 'a', email: 'y' }).catch((e: unknown) => e)) as Error;
      const duplicateValue = (await users.insert({ id: 'b', email: 'x' }).catch((e: unknown) => e)) as Error;

      for (const error of [duplicateId, duplicateValue]) {
        expect(error).toBeInstanceOf(ConflictError);
        expect(error.message).not.toMatch(/constraint|sqlite/i);
        expect(String((error.cause as Error).message)).toMatch(/UNIQUE constraint failed/);
      }
      expect(duplicateValue.message).toContain('email');
    });

    it('when a collection name is not [a-zA-Z0-9_], then it is a StoreQueryError', () => {
      expect(() => store.collection('bad-name')).toThrow(StoreQueryError);
      expect(() => store.collection('x"; DROP TABLE y; --')).toThrow(StoreQueryError);
      expect(() => store.collection('sqlite_master')).toThrow(StoreQueryError);
    });

    it('when a field path holds quotes or brackets, then it is a StoreQueryError', async () => {
      const things = store.collection('things');

      await expect(things.find({ "a') OR 1=1 --": 1 })).rejects.toBeInstanceOf(StoreQueryError);
      await expect(things.find({}, { sort: [{ field: 'a[0]' }] })).rejects.toBeInstanceOf(StoreQueryError);
    });

    it('when a cursor from another sort is reused, then it is a StoreQueryError', async () => {
      const things = store.collection<{ n: number }>('things');
      await things.insertMany([1, 2, 3].map((n) => ({ id: `t${n}`, n })));
      const page = await things.find({}, { sort: [{ field: 'n' }], limit: 1 });

      await expect(things.find({}, { sort: [{ field: 'n', order: 'desc' }], limit: 1, after: page.nextCursor! })).rejects.toBeInstanceOf(StoreQueryError);
    });

    it('when a limit is not a positive integer, then it is a StoreQueryError', async () => {
      const things = store.collection('things');

      await expect(things.find({}, { limit: 0 })).rejects.toBeInstanceOf(StoreQueryError);
      await expect(things.find({}, { limit: 1.5 })).rejects.toBeInstanceOf(StoreQueryError);
    });

    it('when insertMany hits a duplicate, then none of the batch is stored', async () => {
      const things = store.collection<{ n: number }>('things');
      await things.insert({ id: 'b', n: 0 });

      await expect(
        things.insertMany([
          { id: 'a', n: 1 },
          { id: 'b', n: 2 },
          { id: 'c', n: 3 },
        ]),
      ).rejects.toBeInstanceOf(ConflictError);

      expect(await things.count()).toBe(1);
    });

    it('when close is called during a transaction, then it waits for the commit', async () => {
      const path = tempPath();
      const fileStore = createSqliteStore({ path });
      const running = fileStore.transaction(async (tx) => {
        await new Promise((r) => setTimeout(r, 20));
        await tx.collection<{ n: number }>('things').insert({ id: 'a', n: 1 });
      });
      await fileStore.close();
      await running;

      const reopened = createSqliteStore({ path });
      expect(await reopened.collection('things').count()).toBe(1);
      await reopened.close();
    });

    it('when the store is closed, then operations reject with StoreUnavailableError', async () => {
      const things = store.collection('things');
      await store.close();

      await expect(things.get('a')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.transaction(async () => 1)).rejects.toBeInstanceOf(StoreUnavailableError);
    });

    it('when operations are issued while a transaction runs, then they run after it in arrival order', async () => {
      const things = store.collection<{ n: number }>('things');
      await things.insert({ id: 'c', n: 0 });
      const order: string[] = [];

      const tx1 = store.transaction(async (tx) => {
        await new Promise((r) => setTimeout(r, 10));
        await tx.collection<{ n: number }>('things').update('c', { n: 1 }, 1);
        order.push('tx1');
      });
      const read = things.get('c').then((d) => order.push(`read n=${d!.n}`));
      const tx2 = store.transaction(async (tx) => {
        const current = (await tx.collection<{ n: number }>('things').get('c'))!;
        await tx.collection<{ n: number }>('things').update('c', { n: current.n + 1 }, current.version);
        order.push('tx2');
      });
      await Promise.all([tx1, read, tx2]);

      expect(order).toEqual(['tx1', 'read n=1', 'tx2']);
      expect(await things.get('c')).toMatchObject({ n: 2, version: 3 });
    });
  });
});

describe('sqlite group commit', () => {
  interface Thing {
    n: number;
  }
  let path: string;
  let store: ReturnType<typeof createSqliteStore>;
  beforeEach(() => {
    path = tempPath();
    store = createSqliteStore({ path });
  });
  afterEach(() => store.close());

  /** Runs `work` as a transaction that stays open until the answer's `open` is resolved. */
  function heldOpen(work: (tx: Parameters<Parameters<typeof store.transaction>[0]>[0]) => Promise<void>) {
    const open = deferred();
    const started = deferred();
    const done = store.transaction(async (tx) => {
      started.resolve();
      await open.promise;
      await work(tx);
    });
    return { done, started: started.promise, release: () => open.resolve() };
  }

  it('given a batch whose middle transaction throws, then the others commit, its writes are absent and it rejects with its own error', async () => {
    const things = store.collection<Thing>('things');
    await things.insert({ id: 'seed', n: 0 });
    const before = sqliteTestHooks(store).stats();
    const settled: string[] = [];
    const boom = new Error('boom');

    // The first transaction holds the connection, so the next two queue up and join its batch.
    const first = heldOpen(async (tx) => {
      await tx.collection<Thing>('things').insert({ id: 'a', n: 1 });
    });
    await first.started;
    const second = store.transaction(async (tx) => {
      await tx.collection<Thing>('things').insert({ id: 'b', n: 2 });
      await tx.collection<Thing>('things').update('seed', { n: 99 }, 1);
      throw boom;
    });
    const third = store.transaction(async (tx) => {
      const c = tx.collection<Thing>('things');
      // Serializable in queue order: the first's write is visible, the second's undone.
      const seen = { a: await c.get('a'), b: await c.get('b'), seed: await c.get('seed') };
      await c.insert({ id: 'c', n: 3 });
      return seen;
    });
    for (const [name, p] of [
      ['first', first.done],
      ['second', second],
      ['third', third],
    ] as const) {
      p.then(
        () => settled.push(`${name} resolved`),
        () => settled.push(`${name} rejected`),
      );
    }
    first.release();

    await first.done;
    expect(await second.catch((e: unknown) => e)).toBe(boom);
    const seen = await third;

    expect(seen).toEqual({ a: { id: 'a', n: 1, version: 1 }, b: undefined, seed: { id: 'seed', n: 0, version: 1 } });
    expect((await things.find()).items.map((d) => d.id)).toEqual(['a', 'c', 'seed']);
    expect(await things.get('seed')).toMatchObject({ n: 0, version: 1 });
    // The failure is reported at once; the successes only after the shared COMMIT.
    expect(settled).toEqual(['second rejected', 'first resolved', 'third resolved']);
    const after = sqliteTestHooks(store).stats();
    expect(after.commits - before.commits).toBe(1);
    expect(after.transactions - before.transactions).toBe(2);
  });

  it('given many concurrent read-modify-write transactions on one counter, then all serialize and none conflicts', async () => {
    const counters = store.collection<Thing>('counters');
    await counters.insert({ id: 'c', n: 0 });
    const before = sqliteTestHooks(store).stats();

    const results = await Promise.allSettled(
      Array.from({ length: 300 }, (_, i) =>
        store.transaction(async (tx) => {
          const c = tx.collection<Thing>('counters');
          const current = (await c.get('c'))!;
          if (i % 7 === 0) await tick(0);
          return c.update('c', { n: current.n + 1 }, current.version);
        }),
      ),
    );

    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    // Queue order: the i-th transaction saw i increments before its own.
    expect(results.map((r) => (r as PromiseFulfilledResult<{ n: number }>).value.n)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(await counters.get('c')).toMatchObject({ n: 300, version: 301 });
    const after = sqliteTestHooks(store).stats();
    expect(after.transactions - before.transactions).toBe(300);
    expect(after.commits - before.commits).toBeLessThan(300); // they were batched
  });

  it('given a resolved transaction promise, then another connection already sees its writes; before that it does not', async () => {
    await store.collection('things').count(); // creates the table
    const reader = new Database(path, { readonly: true });
    const visible = reader.prepare('SELECT count(*) FROM things WHERE id = ?').pluck();
    try {
      let seenDuringBatch: unknown;
      const first = heldOpen(async (tx) => {
        await tx.collection('things').insert({ id: 'first' });
      });
      await first.started;
      const all = Array.from({ length: 40 }, (_, i) =>
        store
          .transaction(async (tx) => {
            await tx.collection('things').insert({ id: `d${i}` });
            // Later members run after the first's writes, but its COMMIT has not happened yet.
            if (i === 39) seenDuringBatch = visible.get('first');
          })
          .then(() => visible.get(`d${i}`)),
      );
      first.release();
      const firstVisible = await first.done.then(() => visible.get('first'));

      expect(await Promise.all(all)).toEqual(Array.from({ length: 40 }, () => 1));
      expect(firstVisible).toBe(1);
      expect(seenDuringBatch).toBe(0);
    } finally {
      reader.close();
    }
  });

  it('given a batch member that first created a collection and then threw, then later members and later calls can use it', async () => {
    const first = heldOpen(async (tx) => {
      await tx.collection('kept').insert({ id: 'k' });
    });
    await first.started;
    const failing = store.transaction(async (tx) => {
      store.collection<{ email: string }>('fresh_sp', { indexes: [{ fields: ['email'], unique: true }] });
      await tx.collection<{ email: string }>('fresh_sp').insert({ id: 'x', email: 'e' });
      throw new Error('undo');
    });
    const later = store.transaction(async (tx) => {
      await tx.collection<{ email: string }>('fresh_sp').insert({ id: 'y', email: 'e' });
    });
    first.release();
    await first.done;
    await expect(failing).rejects.toThrow('undo');
    await later;

    const fresh = store.collection<{ email: string }>('fresh_sp');
    expect((await fresh.find()).items.map((d) => d.id)).toEqual(['y']);
    await expect(fresh.insert({ id: 'z', email: 'e' })).rejects.toBeInstanceOf(ConflictError);
    expect(await store.collection('kept').count()).toBe(1);
  });

  it('given a COMMIT that fails, then every member of the batch rejects, nothing is stored and the store goes on', async () => {
    const hooks = sqliteTestHooks(store);
    const first = heldOpen(async (tx) => {
      await tx.collection('lost').insert({ id: 'a' });
    });
    await first.started;
    const second = store.transaction(async (tx) => {
      await tx.collection('lost').insert({ id: 'b' });
      return 'b';
    });
    hooks.failNextCommit(new Error('disk on fire'));
    first.release();

    const errors = await Promise.all(
      [first.done, second].map((p) =>
        p.then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );

    for (const error of errors) {
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(((error as Error).cause as Error).message).toBe('disk on fire');
    }
    // The collection created by the lost batch is created again on next use.
    const lost = store.collection('lost');
    expect(await lost.count()).toBe(0);
    await store.transaction(async (tx) => {
      await tx.collection('lost').insert({ id: 'c' });
    });
    expect((await lost.find()).items.map((d) => d.id)).toEqual(['c']);
  });

  it('given a non-transactional read queued between transactions, then it sees only what committed before it', async () => {
    const things = store.collection<Thing>('things');
    await things.insert({ id: 'a', n: 0 });
    const first = heldOpen(async (tx) => {
      await tx.collection<Thing>('things').update('a', { n: 1 }, 1);
    });
    await first.started;
    const read = things.get('a');
    const second = store.transaction(async (tx) => {
      await tx.collection<Thing>('things').update('a', { n: 2 }, 2);
      throw new Error('undo');
    });
    first.release();

    await first.done;
    expect(await read).toMatchObject({ n: 1 });
    await expect(second).rejects.toThrow('undo');
    expect(await things.get('a')).toMatchObject({ n: 1, version: 2 });
  });

  it('given groupCommit false, then every transaction commits on its own', async () => {
    const single = createSqliteStore({ path: ':memory:', groupCommit: false });
    await single.collection('things').count();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        single.transaction(async (tx) => {
          await tx.collection('things').insert({ id: `d${i}` });
        }),
      ),
    );
    const stats = sqliteTestHooks(single).stats();
    await single.close();

    expect(stats).toMatchObject({ transactions: 20, commits: 20 });
  });
});

describe('sqlite background checkpoints', () => {
  it('given a file store, then the main connection does not autocheckpoint and a worker does', async () => {
    const path = tempPath();
    const store = createSqliteStore({ path, checkpointIntervalMs: 20 });
    const hooks = sqliteTestHooks(store);
    await store.collection('things').insert({ id: 'a' });

    const autocheckpoint = await hooks.pragma('wal_autocheckpoint');
    await waitForWorker(store, () => hooks.stats().checkpoints > 0, 'a checkpoint by the worker');
    await store.close();

    expect(autocheckpoint).toBe(0);
    expect(hooks.stats().backgroundCheckpoints).toBe(false); // stopped by close
  });

  it('given sustained writes, then the WAL is restarted and stays near its bound; close leaves no WAL', async () => {
    const path = tempPath();
    const limit = 256 * 1024;
    const store = createSqliteStore({ path, checkpointIntervalMs: 10, walLimitBytes: limit });
    const hooks = sqliteTestHooks(store);
    const payload = 'x'.repeat(2000);
    let biggest = 0;
    // ~8 MB of documents, in rounds that let the worker's messages through.
    for (let round = 0; round < 100; round++) {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.collection<{ payload: string }>('things').insert({ id: `r${round}-${i}`, payload });
          }),
        ),
      );
      biggest = Math.max(biggest, statSync(`${path}-wal`).size);
      await tick(2);
    }
    await waitForWorker(store, () => hooks.stats().walRestarts > 0, 'a WAL restart');
    const stats = hooks.stats();
    const count = await store.collection('things').count();
    await store.close();

    expect(count).toBe(4000);
    expect(stats.walRestarts).toBeGreaterThan(0);
    expect(stats.checkpoints).toBeGreaterThan(0);
    expect(stats.backgroundCheckpoints).toBe(true);
    // Without restarts the WAL would have grown past 8 MB.
    expect(biggest).toBeLessThan(4 * 1024 * 1024);
    expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);

    const reopened = createSqliteStore({ path, checkpoints: 'auto' });
    expect(await reopened.collection('things').count()).toBe(4000);
    await reopened.close();
  });

  it('given the checkpoint worker crashes, then the store falls back to autocheckpoints and keeps working', async () => {
    const path = tempPath();
    const store = createSqliteStore({ path });
    const hooks = sqliteTestHooks(store);
    await store.collection('things').insert({ id: 'a' });
    await waitForWorker(store, () => hooks.stats().backgroundCheckpoints, 'the checkpoint worker to start');

    await hooks.crashCheckpointer();
    await store.transaction(async (tx) => {
      await tx.collection('things').insert({ id: 'b' });
    });
    const stats = hooks.stats();
    const autocheckpoint = await hooks.pragma('wal_autocheckpoint');
    const count = await store.collection('things').count();
    await store.close();

    expect(stats.backgroundCheckpoints).toBe(false);
    expect(stats.checkpointFailure).toMatch(/exited/);
    expect(autocheckpoint).toBe(1000);
    expect(count).toBe(2);
  });

  it("given checkpoints 'auto', then SQLite checkpoints inside COMMIT as before and no worker runs", async () => {
    const store = createSqliteStore({ path: tempPath(), checkpoints: 'auto' });
    const hooks = sqliteTestHooks(store);

    const autocheckpoint = await hooks.pragma('wal_autocheckpoint');
    const stats = hooks.stats();
    await store.close();

    expect(autocheckpoint).toBe(1000);
    expect(stats.backgroundCheckpoints).toBe(false);
  });

  it('given a writer killed with SIGKILL during heavy writes while the checkpointer runs, then every acknowledged transaction is there', async () => {
    const path = tempPath();
    const acks = join(tempRoot, `acks-${++fileSerial}.log`);
    const script = `
      import { createSqliteStore, sqliteTestHooks } from ${JSON.stringify(adapterPath)};
      import { openSync, writeSync } from 'node:fs';
      const store = createSqliteStore({ path: ${JSON.stringify(path)}, checkpointIntervalMs: 5, walLimitBytes: 512 * 1024 });
      const hooks = sqliteTestHooks(store);
      const out = openSync(${JSON.stringify(acks)}, 'a');
      const payload = 'p'.repeat(1500);
      let next = 0;
      async function lane(i) {
        for (;;) {
          const id = 'd' + next++;
          await store.transaction(async (tx) => {
            const things = tx.collection('things');
            await things.insert({ id, lane: i, payload });
            const counter = await things.get('lane' + i);
            if (counter) await things.update('lane' + i, { n: counter.n + 1 }, counter.version);
            else await things.insert({ id: 'lane' + i, n: 1 });
          });
          // Acknowledged: the transaction's promise resolved.
          writeSync(out, 'ack ' + id + ' ' + i + '\\n');
          if (next % 100 === 0) {
            await new Promise((r) => setImmediate(r));
            writeSync(out, 'stats ' + JSON.stringify(hooks.stats()) + '\\n');
          }
        }
      }
      await Promise.all(Array.from({ length: 16 }, (_, i) => lane(i)));
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const log = () => (existsSync(acks) ? readFileSync(acks, 'utf8') : '');
    const busy = () => {
      const text = log();
      const stats = text.match(/^stats (.*)$/gm);
      const last = stats ? (JSON.parse(stats[stats.length - 1]!.slice(6)) as { checkpoints: number; walRestarts: number }) : undefined;
      return text.length > 200_000 && last !== undefined && last.checkpoints > 3 && last.walRestarts > 1;
    };
    try {
      await waitFor(() => busy() || child.exitCode !== null, 30_000, 'the writer to be checkpointing and restarting the WAL', {
        intervalMs: 10,
        explain: () => `its stderr: ${stderr}`,
      });
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    // Somewhere in the middle of whatever it is doing (committing, checkpointing, restarting).
    await tick(Math.floor(Math.random() * 20));
    child.kill('SIGKILL');
    const signal = await exited;

    const text = log();
    const acked = [...text.matchAll(/^ack (d\d+) (\d+)$/gm)].map((m) => ({ id: m[1]!, lane: Number(m[2]) }));
    const db = new Database(path);
    const ids = new Set(db.prepare('SELECT id FROM things').pluck().all() as string[]);
    const lanes = db.prepare(`SELECT json_extract(doc, '$.lane') AS lane, count(*) AS docs FROM things WHERE id LIKE 'd%' GROUP BY lane`).all() as Array<{ lane: number; docs: number }>;
    const counters = new Map((db.prepare(`SELECT id, json_extract(doc, '$.n') AS n FROM things WHERE id LIKE 'lane%'`).all() as Array<{ id: string; n: number }>).map((r) => [r.id, r.n]));
    db.close();

    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThan(100);
    expect(acked.filter((a) => !ids.has(a.id))).toEqual([]);
    // Atomic too: each lane's counter counts exactly the documents its transactions inserted.
    for (const { lane, docs } of lanes) expect(counters.get(`lane${lane}`)).toBe(docs);
  });
});
