// Runs the store behaviour suite on the SQLite adapter (in memory and on disk), plus what only
// SQLite has: files that persist, WAL journaling, index use, schema rollback, closing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConflictError, StoreQueryError, StoreUnavailableError } from '../../server/store/port.js';
import { createSqliteStore, sqliteTestHooks } from '../../server/store/sqlite/index.js';
import { storeBehaviour } from './behaviour.js';

const tempRoot = mkdtempSync(join(tmpdir(), 'oficio-sqlite-'));
let fileSerial = 0;
/** A path inside directories that do not exist yet, so the adapter must create them. */
const tempPath = () => join(tempRoot, `run-${++fileSerial}`, 'nested', 'store.db');

afterAll(() => {
  rmSync(tempRoot, { recursive: true, force: true });
});

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
    const adapter = fileURLToPath(new URL('../../server/store/sqlite/index.ts', import.meta.url));
    const script = `
      import { createSqliteStore } from ${JSON.stringify(adapter)};
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

      await expect(
        things.find({}, { sort: [{ field: 'n', order: 'desc' }], limit: 1, after: page.nextCursor! }),
      ).rejects.toBeInstanceOf(StoreQueryError);
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
