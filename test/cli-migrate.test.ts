// `oficio migrate`, from one SQLite file to another (the same port-level copy that fills MongoDB:
// that run is in test/store/mongodb.test.ts, with MONGODB_URI): a store populated by the engine,
// the identity, the attachments and the audit trail is copied whole, verified, and keeps working.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../server/cli.js';
import { createAttachments } from '../server/core/attachments/index.js';
import { createAuditTrail } from '../server/core/audit/index.js';
import { createIdentity } from '../server/core/identity/index.js';
import { createEmbeddedEngine, createManualClock } from '../server/engine/embedded/index.js';
import type { Store } from '../server/store/port.js';
import { createSqliteStore } from '../server/store/sqlite/index.js';
import { instanceState } from './engine/harness.js';
import { waitFor } from './support/wait-for.js';
import { DEMO_PASSWORD, POPULATED_START, populate, type Populated } from './store/populated.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let scratch: string;
let source: string;
let populated: Populated;
let serial = 0;
const freshPath = () => join(scratch, `destino-${++serial}.sqlite`);

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'oficio-migrate-'));
  source = join(scratch, 'origen.sqlite');
  const store = createSqliteStore({ path: source });
  try {
    populated = await populate(store);
  } finally {
    await store.close();
  }
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function oficio(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: { OFICIO_DATA_DIR: scratch, ...env } });
  return { code, stdout, stderr };
}

async function withStore<R>(path: string, work: (store: Store) => Promise<R>): Promise<R> {
  const store = createSqliteStore({ path });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Every collection with every document, as the port reads them. */
async function everything(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of await store.copying!.listCollections()) out[name] = (await store.collection(name).find()).items;
  return out;
}

describe('oficio migrate (SQLite file to SQLite file)', () => {
  it('given a populated store, when it is migrated, then every document arrives with its id and version and the report says verified', async () => {
    const target = freshPath();

    const run = await oficio(['migrate', '--from', source, '--to', target, '--batch', '7']);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Copiando sqlite:${source} → sqlite:${target}`);
    expect(run.stdout).toContain('✓ engine_processInstances: 4 documento(s)');
    expect(run.stdout).toContain('✓ adjuntos: los 2 conservan su tamaño y su sha256 en el destino');
    expect(run.stdout).toMatch(/✓ bitácora de auditoría: cadena íntegra en el destino, \d+ evento\(s\), último hash [0-9a-f]{64} \(el mismo que en el origen\)/);
    expect(run.stdout).toMatch(/Migración completa y verificada: \d+ colecciones, \d+ documentos\./);
    expect(run.stdout).not.toContain('✗');

    const [before, after] = [await withStore(source, everything), await withStore(target, everything)];
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after).toEqual(before);
    for (const name of [
      'engine_processInstances',
      'engine_userTasks',
      'engine_timers',
      'engine_jobs',
      'engine_variables',
      'engine_variableHistory',
      'identity_users',
      'identity_sessions',
      'attachments',
      'attachment_chunks',
      'audit_events',
      'audit_head',
    ]) {
      expect({ name, copied: (after[name] ?? []).length > 0 }).toEqual({ name, copied: true });
    }
    // Versions are kept, not restarted at 1.
    expect((after.engine_processInstances as Array<{ version: number }>).some((doc) => doc.version > 1)).toBe(true);
    const chains = await Promise.all([source, target].map((path) => withStore(path, (store) => createAuditTrail({ store }).verify())));
    expect(chains[1]).toEqual(chains[0]);
    expect(chains[1]).toMatchObject({ intact: true });
  });

  it('given the copy, when Oficio starts on it, then the waiting work goes on: the task completes, the timers fire, the unanswered job is handed out again, the files and users are there', async () => {
    const target = freshPath();
    expect((await oficio(['migrate', '--from', source, '--to', target])).code).toBe(0);

    await withStore(target, async (store) => {
      const clock = createManualClock(POPULATED_START);
      const engine = createEmbeddedEngine({ store, clock });
      try {
        const worker = engine.createJobWorker({ jobType: 'migracion.notificar', maxParallelJobs: 4, jobTimeoutMs: 60_000, jobHandler: (job) => job.complete({ notificado: true }) });
        const task = await waitFor(async () => (await engine.searchUserTasks({ filter: { processInstanceKey: populated.atTask, state: 'CREATED' } })).items[0]);
        await engine.completeUserTask({ userTaskKey: task.userTaskKey!, variables: { dictamen: 'procede' } });
        await clock.advance('PT2H');
        for (const key of [populated.atTask, populated.atTimer, populated.atJob, populated.completed]) {
          await waitFor(async () => (await instanceState(engine, key)) === 'COMPLETED', 5000, `instance ${key} completed on the copy`);
        }
        await worker.stopGracefully({ waitUpToMs: 1000 });
      } finally {
        await engine.close();
      }

      const attachments = createAttachments({ store, audit: createAuditTrail({ store }) });
      for (const { id, sha256, size } of populated.attachments) {
        const parts: Buffer[] = [];
        for await (const chunk of attachments.read(id)) parts.push(chunk);
        const bytes = Buffer.concat(parts);
        expect({ id, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual({ id, size, sha256 });
      }
      const identity = createIdentity({ store, passwordCost: { ln: 10, r: 8, p: 1 } });
      expect((await identity.login('mesa-ayuda', DEMO_PASSWORD, { ip: '10.0.0.9' })).user.groups).toEqual(['mesa-ayuda']);
    });
  });

  it('given a target that already holds documents, then nothing is written, the collections are named and the exit code is 1', async () => {
    const target = freshPath();
    expect((await oficio(['migrate', '--from', source, '--to', target])).code).toBe(0);
    const before = await withStore(target, everything);

    const run = await oficio(['migrate', '--from', source, '--to', target]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`El destino sqlite:${target} ya tiene documentos en:`);
    expect(run.stderr).toContain('engine_processInstances');
    expect(await withStore(target, everything)).toEqual(before);
  });

  it('given a source whose audit trail was edited, then the copy reports where the chain breaks and the exit code is 1', async () => {
    const tampered = join(scratch, `alterado-${++serial}.sqlite`);
    await withStore(tampered, async (store) => {
      await populate(store);
    });
    const db = new Database(tampered);
    const second = db.prepare('SELECT id FROM audit_events ORDER BY id LIMIT 1 OFFSET 1').pluck().get() as string;
    db.prepare(`UPDATE audit_events SET doc = json_set(doc, '$.action', 'task.delete') WHERE id = ?`).run(second);
    db.close();

    const run = await oficio(['migrate', '--from', tampered, '--to', freshPath()]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ bitácora de auditoría: la cadena del destino se rompe en el evento 2');
    expect(run.stdout).toContain('la del origen ya estaba rota en el evento 2');
    expect(run.stderr).toContain('La verificación encontró diferencias');
    expect(run.stdout).not.toContain('Migración completa');
  });

  it('given OFICIO_LANG=en, then the report is in English', async () => {
    const run = await oficio(['migrate', '--from', source, '--to', freshPath()], { OFICIO_LANG: 'en' });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ attachments: all 2 keep their size and sha256 in the target');
    expect(run.stdout).toMatch(/Migration complete and verified: \d+ collections, \d+ documents\./);
  });

  it('given a missing source, no target, a bad batch or the same file twice, then it is a usage error (exit 2) saying which', async () => {
    const missing = await oficio(['migrate', '--from', join(scratch, 'no-existe.sqlite'), '--to', freshPath()]);
    const noTarget = await oficio(['migrate', '--from', source]);
    const batch = await oficio(['migrate', '--from', source, '--to', freshPath(), '--batch', '0']);
    const same = await oficio(['migrate', '--from', source, '--to', source]);

    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toContain('No existe el almacén de origen');
    expect(noTarget).toMatchObject({ code: 2 });
    expect(noTarget.stderr).toContain('Uso: oficio migrate');
    expect(batch).toMatchObject({ code: 2 });
    expect(batch.stderr).toContain('--batch');
    expect(same).toMatchObject({ code: 2 });
    expect(same.stderr).toContain('son el mismo archivo');
  });

  it('given a MongoDB target nobody answers at, then it fails (exit 1) with the catalogue message and no driver text', async () => {
    const port = await closedPort();

    const run = await oficio(['migrate', '--from', source, '--to', `mongodb://127.0.0.1:${port}/oficio?serverSelectionTimeoutMS=300`]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`No se pudo conectar con MongoDB en mongodb://127.0.0.1:${port}`);
    expect(run.stderr).not.toMatch(/ECONNREFUSED|MongoServerSelectionError/);
  });
});

describe('the STORE setting', () => {
  it('given STORE=mongodb without MONGODB_URI, then every command stops with a configuration error naming MONGODB_URI', async () => {
    const run = await oficio(['instances'], { STORE: 'mongodb' });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('MONGODB_URI');
  });

  it('given STORE=mongodb and a server nobody answers at, then a command fails with the catalogue message', async () => {
    const port = await closedPort();

    const run = await oficio(['audit', 'verify'], { STORE: 'mongodb', MONGODB_URI: `mongodb://127.0.0.1:${port}/?serverSelectionTimeoutMS=300`, OFICIO_LANG: 'en' });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Could not connect to MongoDB at mongodb://127.0.0.1:${port}`);
  });

  it('given an unknown STORE, then it is a configuration error naming the choices', async () => {
    const run = await oficio(['instances'], { STORE: 'postgres' });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('STORE must be sqlite or mongodb');
  });
});

/** A loopback port with nothing listening on it (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
