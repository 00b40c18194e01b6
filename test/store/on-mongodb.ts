// Running suites on MongoDB: only when MONGODB_URI names a deployment (a replica set), each store in
// a database of its own that is dropped when the store closes; without it the suites are skipped
// with a banner saying so, since no MongoDB server can be installed on these machines.
import { MongoClient } from 'mongodb';
import { openMongoStore, type MongoStore } from '../../server/store/mongodb/index.js';
import type { CollectionSpec, Transaction } from '../../server/store/port.js';
import { describeWhen } from '../support/skip.js';

export const MONGODB_URI = process.env.MONGODB_URI || undefined;

export const describeOnMongo: jest.Describe = describeWhen(Boolean(MONGODB_URI), 'MONGODB TESTS SKIPPED', [
  'MONGODB_URI is not set. Point it at a replica set to run them, e.g.',
  "  mongod --replSet rs0 --dbpath /tmp/rs0 && mongosh --eval 'rs.initiate()'",
  "  MONGODB_URI='mongodb://127.0.0.1:27017/?replicaSet=rs0' npm test",
]);

let admin: MongoClient | undefined;
let serial = 0;

/** A database name no other test (nor another run) uses. */
export function freshDatabase(): string {
  return `oficio_t_${process.pid}_${Date.now().toString(36)}_${++serial}`;
}

export async function dropDatabase(name: string): Promise<void> {
  admin ??= new MongoClient(MONGODB_URI!);
  await admin.db(name).dropDatabase();
}

/** Closes the client that drops databases (call it in afterAll). */
export async function closeAdmin(): Promise<void> {
  const client = admin;
  admin = undefined;
  await client?.close();
}

/** A MongoDB store in a fresh database, dropped when the store closes. */
export async function openTestStore(dbName = freshDatabase()): Promise<MongoStore> {
  const store = await openMongoStore({ uri: MONGODB_URI!, dbName });
  let closing: Promise<void> | undefined;
  return {
    get description() {
      return store.description;
    },
    databaseName: store.databaseName,
    ...(store.copying !== undefined ? { copying: store.copying } : {}),
    collection<T extends object>(name: string, spec?: CollectionSpec) {
      return store.collection<T>(name, spec);
    },
    transaction<R>(work: (tx: Transaction) => Promise<R>) {
      return store.transaction(work);
    },
    blobs: (bucket: string) => store.blobs!(bucket),
    close: () =>
      (closing ??= (async () => {
        await store.close();
        await dropDatabase(dbName);
      })()),
  };
}
