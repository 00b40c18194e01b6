// Issue 12, item 8 — uploads and per-user quotas. An upload's bytes go to the store chunk by chunk as
// they arrive (no upload holds more than one chunk in memory), its description is written only once
// the last byte is in, and an upload that is refused or abandoned leaves nothing behind; one user has
// a few uploads in progress at most; uploads made for a start form and never used are deleted once
// their 24 hours are over; and uploads, drafts and instance starts are limited per user and minute (or
// hour), with a 429 that names the limit and says when to try again — including the public CAS
// complaint started by a signed-in user, which shares the public form's limit.
import { request as httpRequest, type ClientRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { loadForms } from '../../forms/index.js';
import { ATTACHMENT_CHUNKS_COLLECTION, ATTACHMENT_UPLOADS_COLLECTION, ATTACHMENTS_COLLECTION, createAttachments } from '../../server/core/attachments/index.js';
import { createAuditTrail } from '../../server/core/audit/index.js';
import type { createApp } from '../../server/http/app.js';
import type { HttpSettings } from '../../server/http/deps.js';
import type { BlobWriter, Filter, Store, Transaction } from '../../server/store/port.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import { PUBLIC_SUBMISSIONS } from '../../server/http/routes/public.js';
import { bpmn } from '../engine/harness.js';
import { createHttpHarness, DEMO_PASSWORD, type HttpHarness } from '../http/harness.js';
import { waitFor } from '../support/wait-for.js';

/** The raw bytes of one stored chunk (server/core/attachments): what an upload may hold in memory. */
const CHUNK = 256 * 1024;
const PROCESSES = fileURLToPath(new URL('../../processes/', import.meta.url));
const CAS_QUEJA = 'dgsti-p01-pr01-cas-queja';
const FORMS = loadForms();
const queja = FORMS.get('dgsti-p01-pr01-cas-queja-registro')!.examples.valid[0]!;

const REVISION = bpmn(
  'revision-adjuntos',
  `<bpmn:startEvent id="inicio"/><bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="revisar"/>
   <bpmn:userTask id="revisar" name="Revisar"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>
   <bpmn:sequenceFlow id="f2" sourceRef="revisar" targetRef="fin"/><bpmn:endEvent id="fin"/>`,
);

let h: HttpHarness;
let servers: Server[];
let clients: ClientRequest[];

beforeEach(async () => {
  h = await createHttpHarness();
  servers = [];
  clients = [];
});
afterEach(async () => {
  for (const client of clients) client.destroy();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await h.close();
});

/** An app of the harness's Oficio with these per-user limits (the rest as configured by default). */
const appWith = (quotas: HttpSettings['quotas'] = {}) => h.appWith({ http: { quotas } });

/** `app` on loopback: uploads sent a piece at a time need a real connection. */
async function listen(app: ReturnType<typeof createApp>): Promise<number> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(app: ReturnType<typeof createApp>, username: string): Promise<Session> {
  const res = await request(app).post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`cannot sign in as ${username}: ${res.status}`);
  const cookie = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: res.body.csrfToken as string };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** An upload whose body the test sends piece by piece; `answer` settles once the server has answered (or the connection closed). */
function openUpload(port: number, session: Session, path: string, name: string, type: string) {
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': type, 'x-file-name': encodeURIComponent(name), 'transfer-encoding': 'chunked' },
  });
  clients.push(req);
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: res.statusCode!, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      });
    });
    req.on('error', reject);
  });
  answer.catch(() => undefined);
  return {
    answer,
    send: (bytes: Buffer) => new Promise<void>((resolve, reject) => req.write(bytes, (error) => (error ? reject(error) : resolve()))),
    end: () => req.end(),
    abort: () => req.destroy(),
  };
}

/** A whole upload in one request (supertest), for the cases where nothing is held open. */
const upload = (app: ReturnType<typeof createApp>, session: Session, path: string, name: string, type: string, bytes: Buffer) =>
  request(app).post(path).set('cookie', session.cookie).set('x-csrf-token', session.csrf).set('Content-Type', type).set('X-File-Name', encodeURIComponent(name)).send(bytes);

const count = (collection: string, filter: Filter = {}) => h.store.collection(collection).count(filter);
const inProgress = () => h.oficio.attachments.uploadsInProgress();

async function openTask(): Promise<{ processInstanceKey: string; userTaskKey: string }> {
  await h.engine.createDeployment({ resources: [{ name: 'revision-adjuntos.bpmn', content: REVISION }] });
  const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'revision-adjuntos', variables: {} });
  const task = await waitFor(async () => (await h.engine.searchUserTasks({ filter: { processInstanceKey, state: 'CREATED' } })).items[0], 5000, 'the review task');
  return { processInstanceKey, userTaskKey: task.userTaskKey! };
}

describe('uploads stream to the store', () => {
  test('the chunks of an upload land in the store while it is still arriving, no upload holds more than one chunk, and the file is whole at the end', async () => {
    const app = appWith();
    const port = await listen(app);
    const requester = await signIn(app, 'solicitante');
    const piece = Buffer.alloc(64 * 1024, 0x41);
    const file = Buffer.concat([Buffer.from('%PDF-1.7\n'), ...Array.from({ length: 20 }, () => piece), Buffer.from('\n%%EOF\n')]);

    const up = openUpload(port, requester, '/api/attachments', 'expediente.pdf', 'application/pdf');
    await up.send(file.subarray(0, 18 * 64 * 1024));
    // Over a megabyte sent and the request still open: its chunks are in the store already, and the
    // bytes it holds in memory are at most one chunk.
    await waitFor(async () => (await count(ATTACHMENT_CHUNKS_COLLECTION)) >= 4, 5000, 'four chunks stored while the upload is open');
    const during = inProgress();
    expect(during.count).toBe(1);
    expect(during.bufferedBytes).toBeLessThanOrEqual(CHUNK);
    // Nothing describes it yet: the attachment exists only once its last byte is in.
    expect(await count(ATTACHMENTS_COLLECTION)).toBe(0);

    await up.send(file.subarray(18 * 64 * 1024));
    up.end();
    const done = await up.answer;
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ tamano: file.length, sha256: createHash('sha256').update(file).digest('hex') });
    expect(await count(ATTACHMENT_CHUNKS_COLLECTION, { attachmentId: done.body.id as string })).toBe(Math.ceil(file.length / CHUNK));
    expect(await count(ATTACHMENT_UPLOADS_COLLECTION)).toBe(0);
    const download = await request(app)
      .get(`/api/attachments/${done.body.id as string}`)
      .set('cookie', requester.cookie)
      .buffer(true)
      .parse((res, callback) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => callback(null, Buffer.concat(parts)));
      });
    expect(Buffer.compare(download.body as Buffer, file)).toBe(0);
    expect(inProgress()).toEqual({ count: 0, bufferedBytes: 0 });
  });

  test('an upload over the size limit is refused with 413 once it passes it, and its chunks are removed at once', async () => {
    const app = h.appWith({ http: { attachmentMaxBytes: 3 * CHUNK } });
    const port = await listen(app);
    const requester = await signIn(app, 'solicitante');
    const up = openUpload(port, requester, '/api/attachments', 'respaldo.mdf', 'application/octet-stream');
    for (let i = 0; i < 4; i++) await up.send(Buffer.alloc(CHUNK, i));
    up.end();
    const refused = await up.answer;
    expect(refused.status).toBe(413);
    expect(refused.body.type).toBe('urn:oficio:problem:http.attachment.tooLarge');
    expect(await count(ATTACHMENT_CHUNKS_COLLECTION)).toBe(0);
    expect(await count(ATTACHMENT_UPLOADS_COLLECTION)).toBe(0);
    expect(await count(ATTACHMENTS_COLLECTION)).toBe(0);
  });
});

describe('stalled uploads', () => {
  test('one user holds at most OFICIO_QUOTA_CONCURRENT_UPLOADS uploads open; the next is refused 429 naming the limit; memory stays bounded; abandoned ones leave nothing', async () => {
    const app = appWith({ concurrentUploads: 3 });
    const port = await listen(app);
    const requester = await signIn(app, 'solicitante');
    // Each sends a chunk and a half, then waits — as a client on a dead connection, or an attacker, would.
    const stalled = Array.from({ length: 3 }, (_, i) => openUpload(port, requester, '/api/attachments', `respaldo-${i}.mdf`, 'application/octet-stream'));
    for (const up of stalled) await up.send(Buffer.alloc(CHUNK + CHUNK / 2, 7));
    await waitFor(() => inProgress().count === 3, 5000, 'three uploads in progress');
    await waitFor(async () => (await count(ATTACHMENT_CHUNKS_COLLECTION)) === 3, 5000, 'one chunk of each stored');
    expect(inProgress().bufferedBytes).toBeLessThanOrEqual(3 * CHUNK);

    const fourth = await upload(app, requester, '/api/attachments', 'otro.txt', 'text/plain', Buffer.from('hola'));
    expect(fourth.status).toBe(429);
    expect(fourth.body).toMatchObject({ type: 'urn:oficio:problem:http.quota.concurrentUploads', limit: 'concurrentUploads', max: 3 });
    expect(fourth.body.title).toMatch(/3 cargas de archivos en curso/);
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
    const english = await upload(app, requester, '/api/attachments', 'otro.txt', 'text/plain', Buffer.from('hola')).set('Accept-Language', 'en');
    expect(english.body.title).toMatch(/3 uploads in progress/);
    // The limit is the user's: somebody else uploads as usual.
    const other = await signIn(app, 'mesa-ayuda');
    expect((await upload(app, other, '/api/attachments', 'inventario.csv', 'text/csv', Buffer.from('equipo\r\nswitch\r\n'))).status).toBe(201);

    for (const up of stalled) up.abort();
    await waitFor(() => inProgress().count === 0, 5000, 'the abandoned uploads to end');
    expect(inProgress().bufferedBytes).toBe(0);
    // Nothing of them stays: no chunk, no mark of an upload in progress, no attachment.
    await waitFor(async () => (await count(ATTACHMENT_CHUNKS_COLLECTION)) === 1, 5000, 'only the finished upload stored');
    expect(await count(ATTACHMENT_UPLOADS_COLLECTION)).toBe(0);
    expect(await count(ATTACHMENTS_COLLECTION)).toBe(1);
    // Their slots are free again.
    expect((await upload(app, requester, '/api/attachments', 'otro.txt', 'text/plain', Buffer.from('hola'))).status).toBe(201);
  });
});

describe('unbound uploads past their window', () => {
  test('are deleted by the sweep — bytes, description and all — with an audit event; bound ones and young ones stay', async () => {
    const app = appWith();
    const requester = await signIn(app, 'solicitante');
    const { processInstanceKey } = await openTask();
    const forStartForm = await upload(app, requester, '/api/attachments', 'oficio.txt', 'text/plain', Buffer.from('Oficio de solicitud'));
    const onInstance = await upload(app, await signIn(app, 'admin'), `/api/instances/${processInstanceKey}/attachments`, 'acta.txt', 'text/plain', Buffer.from('Acta'));
    expect([forStartForm.status, onInstance.status]).toEqual([201, 201]);

    await h.clock.advance('PT23H');
    const young = await upload(app, await signIn(app, 'solicitante'), '/api/attachments', 'nuevo.txt', 'text/plain', Buffer.from('Reciente'));
    await h.clock.advance('PT1H1M');
    const swept = await h.oficio.attachments.sweep();
    expect(swept).toEqual({ expired: 1, abandoned: 0 });

    // Signed in again: the sessions of a day ago have ended.
    const again = await signIn(app, 'solicitante');
    const get = (id: string) => request(app).get(`/api/attachments/${id}`).set('cookie', again.cookie);
    expect((await get(forStartForm.body.id as string)).status).toBe(404);
    expect(await count(ATTACHMENT_CHUNKS_COLLECTION, { attachmentId: forStartForm.body.id as string })).toBe(0);
    expect((await get(young.body.id as string)).status).toBe(200);
    expect(
      (
        await request(app)
          .get(`/api/attachments/${onInstance.body.id as string}`)
          .set('cookie', (await signIn(app, 'admin')).cookie)
      ).status,
    ).toBe(200);
    const events = (await h.audit.query({ action: 'attachment.expire' })).items;
    expect(events).toEqual([expect.objectContaining({ actor: 'system', subject: forStartForm.body.id, data: expect.objectContaining({ nombre: 'oficio.txt' }) })]);
  });

  test('the chunks of an upload that never finished (the server stopped midway) are removed by the sweep once it is stale', async () => {
    // What a crash midway leaves: the mark of an upload in progress and its first chunk.
    const startedAt = h.oficio.now().toISOString();
    await h.store.collection<{ uploadedBy: string; startedAt: string }>(ATTACHMENT_UPLOADS_COLLECTION).insert({ id: 'adj_000000000000000000000abc', uploadedBy: 'u1', startedAt });
    await h.store
      .collection<{ attachmentId: string; n: number; data: string }>(ATTACHMENT_CHUNKS_COLLECTION)
      .insert({ id: 'adj_000000000000000000000abc:000000', attachmentId: 'adj_000000000000000000000abc', n: 0, data: 'AAAA' });
    expect(await h.oficio.attachments.sweep()).toEqual({ expired: 0, abandoned: 0 });
    await h.clock.advance('PT2H');
    expect(await h.oficio.attachments.sweep()).toEqual({ expired: 0, abandoned: 1 });
    expect(await count(ATTACHMENT_CHUNKS_COLLECTION)).toBe(0);
    expect(await count(ATTACHMENT_UPLOADS_COLLECTION)).toBe(0);
  });
});

describe('per-user quotas answer 429 naming the limit, with Retry-After', () => {
  test('uploads per hour', async () => {
    const app = appWith({ uploadsPerHour: 2 });
    const requester = await signIn(app, 'solicitante');
    for (let i = 0; i < 2; i++) expect((await upload(app, requester, '/api/attachments', `n${i}.txt`, 'text/plain', Buffer.from('x'))).status).toBe(201);
    const refused = await upload(app, requester, '/api/attachments', 'n3.txt', 'text/plain', Buffer.from('x'));
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ type: 'urn:oficio:problem:http.quota.uploadsPerHour', limit: 'uploadsPerHour', max: 2, retryAfterSeconds: 3600 });
    expect(refused.headers['retry-after']).toBe('3600');
    expect(refused.body.title).toMatch(/2 archivos por hora/);
    await h.clock.advance('PT1H');
    // Signed in again (the session ended meanwhile): the hour has slid.
    expect((await upload(app, await signIn(app, 'solicitante'), '/api/attachments', 'n4.txt', 'text/plain', Buffer.from('x'))).status).toBe(201);
  });

  test('task drafts per minute', async () => {
    const app = appWith({ draftsPerMinute: 3 });
    const { userTaskKey } = await openTask();
    const mesa = await signIn(app, 'mesa-ayuda');
    const save = () =>
      request(app)
        .put(`/api/tasks/${userTaskKey}/draft`)
        .set('cookie', mesa.cookie)
        .set('x-csrf-token', mesa.csrf)
        .send({ data: { nota: 'x' } });
    for (let i = 0; i < 3; i++) expect((await save()).status).toBe(200);
    const refused = await save();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ type: 'urn:oficio:problem:http.quota.draftsPerMinute', limit: 'draftsPerMinute', max: 3, retryAfterSeconds: 60 });
    expect(refused.headers['retry-after']).toBe('60');
    expect((await h.audit.query({ action: 'task.draftSave' })).items).toHaveLength(3);
    await h.clock.advance('PT1M');
    expect((await save()).status).toBe(200);
  });

  test('instance starts per minute, on /api and /v2 alike', async () => {
    const app = appWith({ startsPerMinute: 2 });
    // A technical support report (PR03): open to every signed-in user, with a start form.
    await h.engine.deployResourcesFromFiles([`${PROCESSES}dgsti-p01-pr03-soporte-tecnico.bpmn`]);
    const data = FORMS.get('dgsti-p01-pr03-reporte')!.examples.valid[0]!;
    const requester = await signIn(app, 'solicitante');
    const start = () => request(app).post('/api/processes/dgsti-p01-pr03-soporte-tecnico/instances').set('cookie', requester.cookie).set('x-csrf-token', requester.csrf).send({ data });
    const v2 = () => request(app).post('/v2/process-instances').auth('solicitante', DEMO_PASSWORD).send({ processDefinitionId: 'dgsti-p01-pr03-soporte-tecnico', variables: data });
    expect((await start()).status).toBe(201);
    expect((await v2()).status).toBe(200);
    const refused = await start();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ type: 'urn:oficio:problem:http.quota.startsPerMinute', limit: 'startsPerMinute', max: 2 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const overV2 = await v2();
    expect(overV2.status).toBe(429);
    expect(overV2.headers['retry-after']).toBeDefined();
    await h.clock.advance('PT1M');
    expect((await start()).status).toBe(201);
  });
});

describe('the public CAS complaint started by a signed-in user', () => {
  beforeEach(() => h.engine.deployResourcesFromFiles([`${PROCESSES}${CAS_QUEJA}.bpmn`]));

  test('shares the public form limit of the address: once the address used it up, the signed-in route is refused 429 too', async () => {
    const app = appWith();
    for (let i = 0; i < PUBLIC_SUBMISSIONS; i++) expect((await request(app).post(`/api/public/forms/${CAS_QUEJA}/instances`).send({ data: queja })).status).toBe(201);
    const mesa = await signIn(app, 'mesa-ayuda');
    const refused = await request(app).post(`/api/processes/${CAS_QUEJA}/instances`).set('cookie', mesa.cookie).set('x-csrf-token', mesa.csrf).send({ data: queja });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ type: 'urn:oficio:problem:http.quota.publicStarts', limit: 'publicStarts', max: PUBLIC_SUBMISSIONS });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  test(`a signed-in user cannot file more than ${PUBLIC_SUBMISSIONS} in the window through /api/processes either`, async () => {
    const app = appWith({ startsPerMinute: 1000 });
    const mesa = await signIn(app, 'mesa-ayuda');
    const file = () => request(app).post(`/api/processes/${CAS_QUEJA}/instances`).set('cookie', mesa.cookie).set('x-csrf-token', mesa.csrf).send({ data: queja });
    for (let i = 0; i < PUBLIC_SUBMISSIONS; i++) expect((await file()).status).toBe(201);
    const refused = await file();
    expect(refused.status).toBe(429);
    expect(refused.body.type).toBe('urn:oficio:problem:http.quota.publicStarts');
    // The limit is the public form's: it shuts the public form of that address as well, and slides the same way.
    expect((await request(app).post(`/api/public/forms/${CAS_QUEJA}/instances`).send({ data: queja })).status).toBe(429);
    await h.clock.advance('PT10M');
    expect((await file()).status).toBe(201);
  });
});

/**
 * A store with file storage of its own, as MongoDB has GridFS: the files are documents of one more
 * collection here, written in the caller's transaction like GridFS's.
 */
function withFileStorage(store: Store): Store {
  const FILES = 'test_files';
  store.collection(FILES);
  const writer = (tx: Pick<Transaction, 'collection'>): BlobWriter => ({
    put: async (id, bytes) => void (await tx.collection<{ data: string }>(FILES).insert({ id, data: bytes.toString('base64') })),
    delete: (id) => tx.collection(FILES).delete(id),
  });
  return {
    description: store.description,
    collection: (name, spec) => store.collection(name, spec),
    transaction: (work) => store.transaction((tx) => work({ collection: (name) => tx.collection(name), blobs: () => writer(tx) })),
    close: () => store.close(),
    blobs: () => ({
      put: (id, bytes) => store.transaction((tx) => writer(tx).put(id, bytes)),
      delete: (id) => store.transaction((tx) => writer(tx).delete(id)),
      async *read(id) {
        const doc = await store.collection<{ data: string }>(FILES).get(id);
        if (doc) yield Buffer.from(doc.data, 'base64');
      },
    }),
  };
}

describe('on a store that keeps files in storage of its own (MongoDB: GridFS)', () => {
  test('the upload streams as chunk documents, its last transaction moves them into the file storage, and the sweep deletes the file', async () => {
    const store = withFileStorage(createSqliteStore({ path: ':memory:' }));
    let at = Date.parse('2026-03-02T15:00:00.000Z');
    const now = () => new Date(at);
    const attachments = createAttachments({ store, audit: createAuditTrail({ store, now }), now });
    try {
      const file = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2 * CHUNK, 9)]);
      let stagedMidway = 0;
      async function* body() {
        yield file.subarray(0, CHUNK + 10);
        yield file.subarray(CHUNK + 10, 2 * CHUNK);
        stagedMidway = await store.collection(ATTACHMENT_CHUNKS_COLLECTION).count();
        yield file.subarray(2 * CHUNK);
      }
      const saved = await attachments.upload({ nombre: 'expediente.pdf', tipo: 'application/pdf', uploadedBy: { id: 'u1', name: 'Solicitante' } }, body(), { maxBytes: 10 * CHUNK });
      expect(stagedMidway).toBe(2);
      expect(await store.collection(ATTACHMENT_CHUNKS_COLLECTION).count()).toBe(0);
      expect(await store.collection(ATTACHMENT_UPLOADS_COLLECTION).count()).toBe(0);
      const parts: Buffer[] = [];
      for await (const part of attachments.read(saved.id)) parts.push(part);
      expect(Buffer.concat(parts).equals(file)).toBe(true);
      expect(saved.sha256).toBe(createHash('sha256').update(file).digest('hex'));

      at += 25 * 60 * 60 * 1000;
      expect(await attachments.sweep()).toEqual({ expired: 1, abandoned: 0 });
      const left: Buffer[] = [];
      for await (const part of attachments.read(saved.id)) left.push(part);
      expect(left).toEqual([]);
      expect(await attachments.get(saved.id)).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
