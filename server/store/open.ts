// Opens the store the configuration names (STORE): the SQLite file in the data directory, or the
// MongoDB replica set of MONGODB_URI. For the composition roots only (server/main.ts, server/cli.ts).
import type { Config } from '../config.js';
import { openMongoStore } from './mongodb/index.js';
import type { Store } from './port.js';
import { createSqliteStore } from './sqlite/index.js';

export async function openStore(config: Config): Promise<Store> {
  if (config.store === 'mongodb') {
    return openMongoStore({ uri: config.mongodbUri!, ...(config.mongodbDb ? { dbName: config.mongodbDb } : {}), locale: config.locale });
  }
  return createSqliteStore({ path: config.sqlitePath, synchronous: config.sqliteSynchronous });
}
