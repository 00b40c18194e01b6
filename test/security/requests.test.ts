// Requests a hostile or broken client sends (issue 12, items 2 and 12), on /api and /v2: values
// nested deeper than the limit or bodies larger than it are refused before anything is applied; a
// malformed cookie, broken gzip and forged page cursors are 4xx, never a 500; a client that goes
// away is not logged as a failure; /v2 refuses credentials before it reads a body; and reassigning
// a task never tells whether a user name exists.
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { createApp } from '../../server/http/app.js';
import type { HttpSettings } from '../../server/http/deps.js';
import { readConfig } from '../../server/config.js';
import { bpmn } from '../engine/harness.js';
import { TEST_HTTP } from '../http/harness.js';
import { captureLog, type CapturedLog } from '../support/log.js';
import { createTestOficio, type TestOficio } from '../support/oficio.js';
import { waitFor } from '../support/wait-for.js';

const PASSWORD = 'Oficio#2026demo';
const START = '2026-03-02T15:00:00.000Z';

// A help-desk task: what the drafts, the reassignments and the cursors are about.
const REVISION = bpmn(
  'revision-mesa',
  `
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="revisar"/>
    <bpmn:userTask id="revisar" name="Revisar reporte">
      <bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="revisar" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
);

let oficio: TestOficio;
let logged: CapturedLog;
let app: ReturnType<typeof createApp>;
let server: Server | undefined;

beforeEach(async () => {
  logged = captureLog();
  oficio = await createTestOficio({ start: START, demoPassword: PASSWORD, log: logged.log });
  await oficio.engine.createDeployment({ resources: [{ name: 'revision-mesa.bpmn', content: REVISION }] });
  app = appWith({});
});
afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
  }
  await oficio.close();
});

const appWith = (http: Partial<HttpSettings>) => createApp({ ...oficio, http: { ...TEST_HTTP, ...http } });

/** The app on loopback, for requests supertest cannot make (half a body, a socket closed midway). */
async function listen(): Promise<number> {
  server ??= await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return (server.address() as AddressInfo).port;
}

/** A session agent as `username`, sending its CSRF token on every state-changing call. */
async function signIn(username: string) {
  const agent = request.agent(app);
  const res = await agent.post('/api/auth/login').send({ username, password: PASSWORD });
  if (res.status !== 200) throw new Error(`cannot sign in as ${username}: ${res.status}`);
  const csrf = res.body.csrfToken as string;
  return {
    get: (path: string) => agent.get(path),
    put: (path: string, body: unknown) =>
      agent
        .put(path)
        .set('x-csrf-token', csrf)
        .send(body as object),
    post: (path: string, body: unknown) =>
      agent
        .post(path)
        .set('x-csrf-token', csrf)
        .send(body as object),
  };
}

/** An object nested `levels` deep: {a: {a: … {}}} (levels 1 is {}). */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

/** An open help-desk task. */
async function openTask(): Promise<string> {
  await oficio.engine.createProcessInstance({ processDefinitionId: 'revision-mesa', variables: {} });
  const task = await waitFor(async () => {
    await oficio.engine.idle();
    return (await oficio.engine.searchUserTasks({ filter: { state: 'CREATED' } })).items[0];
  });
  return task.userTaskKey!;
}

/** Whether the log holds a failure: a line at error level or one carrying an error with its stack. */
const failures = () => logged.lines.filter((line) => line.level === 'error' || line.err !== undefined);
/** Whether the request to `path` left the quiet line of a client that went away. */
const abandoned = (path: string) => logged.lines.some((line) => line.path === path && line.abandoned === true && line.level === 'info');

/** Sends raw bytes on a new connection; resolves with what came back once the server answered a status line (or closed). */
async function raw(port: number, bytes: string | Buffer): Promise<{ socket: Socket; answer: () => string; closed: () => boolean }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  let received = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closed = true;
  });
  await new Promise<void>((resolve, reject) => socket.write(bytes, (error) => (error ? reject(error) : resolve())));
  return { socket, answer: () => received, closed: () => closed };
}

/** supertest sends a Buffer as it is (its JSON serializer would write the Buffer's JSON). */
const asIs = ((body: Buffer) => body) as unknown as (body: unknown) => string;

const basic = (username: string, password = PASSWORD) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

describe('values nested deeper than the limit', () => {
  test('/api: a draft nested 33 levels is refused with 400 naming where and the limit, and nothing is saved', async () => {
    const key = await openTask();
    const mesa = await signIn('mesa-ayuda');
    // The body itself is the first level: {data: {a: …}} with data 32 levels deep is 33.
    const res = await mesa.put(`/api/tasks/${key}/draft`, { data: nested(32) });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe('urn:oficio:problem:http.tooDeep');
    expect(res.body.title).toContain('32');
    expect(res.body.errors).toEqual([{ field: `body/data${'/a'.repeat(31)}`, message: expect.stringContaining('32'), code: 'http.tooDeep' }]);
    expect((await oficio.audit.query({ action: 'task.draftSave' })).items).toHaveLength(0);
    expect((await mesa.get(`/api/tasks/${key}`)).body.draft).toBeNull();
  });

  test('/api: 32 levels, the limit itself, are taken', async () => {
    const key = await openTask();
    const mesa = await signIn('mesa-ayuda');
    expect((await mesa.put(`/api/tasks/${key}/draft`, { data: nested(31) })).status).toBe(200);
  });

  test('/api: arrays count as levels too, and their place is named by index', async () => {
    const key = await openTask();
    const mesa = await signIn('mesa-ayuda');
    let lista: unknown = [];
    for (let i = 1; i < 40; i++) lista = [lista];
    const res = await mesa.put(`/api/tasks/${key}/draft`, { data: { lista } });
    expect(res.status).toBe(400);
    // body 1, data 2, lista 3: its 30th nested list is the 33rd level.
    expect(res.body.errors[0].field).toBe(`body/data/lista${'/0'.repeat(30)}`);
  });

  test('/api: a 1,001-level value — the one SQLite refused in the audit trail — is refused before the handler, in English when asked', async () => {
    const key = await openTask();
    const mesa = await signIn('mesa-ayuda');
    const res = await mesa.put(`/api/tasks/${key}/draft`, { data: nested(1001) }).set('Accept-Language', 'en');
    expect(res.status).toBe(400);
    expect(res.body.title).toMatch(/more than 32 levels/);
    expect(failures()).toEqual([]);
  });

  test('/v2: an instance whose variables nest 40 levels is refused with INVALID_ARGUMENT naming the limit, and none is started', async () => {
    const res = await request(app)
      .post('/v2/process-instances')
      .set('Authorization', basic('admin'))
      .send({ processDefinitionId: 'revision-mesa', variables: { datos: nested(40) } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ title: 'INVALID_ARGUMENT', status: 400, errors: [{ field: expect.stringMatching(/^body\/variables\/datos\/a\//), code: 'http.tooDeep' }] });
    expect(res.body.detail).toContain('32');
    expect((await oficio.engine.searchProcessInstances({ filter: {} })).items).toHaveLength(0);
  });

  test('the limit is configuration: OFICIO_MAX_JSON_DEPTH', async () => {
    const config = readConfig({ OFICIO_MAX_JSON_DEPTH: '4' });
    expect(config.maxJsonDepth).toBe(4);
    expect(() => readConfig({ OFICIO_MAX_JSON_DEPTH: 'deep' })).toThrow(/OFICIO_MAX_JSON_DEPTH/);
    app = appWith({ maxJsonDepth: config.maxJsonDepth });
    const res = await request(app)
      .post('/api/auth/login')
      .send({ username: { a: { b: { c: {} } } }, password: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('body/username/a/b/c');
  });
});

describe('bodies larger than the limit, or not what they say they are', () => {
  test('/api: a 2 MB body is 413 naming the limit', async () => {
    const res = await request(app)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'x' }));
    expect(res.status).toBe(413);
    expect(res.body.title).toContain(String(1024 * 1024));
  });

  test('/api: a gzip body that inflates past the limit is 413', async () => {
    const bomb = gzipSync(Buffer.from(JSON.stringify({ username: 'x'.repeat(8 * 1024 * 1024), password: 'x' })));
    const res = await request(app).post('/api/auth/login').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').serialize(asIs).send(bomb);
    expect(res.status).toBe(413);
  });

  test('/api: broken gzip is 400, not a 500', async () => {
    const res = await request(app)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize(asIs)
      .send(Buffer.from('this is not gzip at all'));
    expect(res.status).toBe(400);
    expect(failures()).toEqual([]);
  });

  test('/v2: broken gzip is 400, not a 500', async () => {
    const res = await request(app)
      .post('/v2/process-instances')
      .set('Authorization', basic('admin'))
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize(asIs)
      .send(Buffer.from('this is not gzip at all'));
    expect(res.status).toBe(400);
    expect(failures()).toEqual([]);
  });

  test('/v2: a body past its 4 MB limit is 413 naming it', async () => {
    const res = await request(app)
      .post('/v2/process-instances')
      .set('Authorization', basic('admin'))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ processDefinitionId: 'revision-mesa', variables: { x: 'x'.repeat(5 * 1024 * 1024) } }));
    expect(res.status).toBe(413);
    expect(res.body.title).toBe('PAYLOAD_TOO_LARGE');
    expect(res.body.detail).toContain(String(4 * 1024 * 1024));
  });

  test('the limits are configuration: OFICIO_MAX_JSON_BYTES and OFICIO_V2_MAX_REQUEST_BYTES', async () => {
    const config = readConfig({ OFICIO_MAX_JSON_BYTES: '2000', OFICIO_V2_MAX_REQUEST_BYTES: '3000' });
    expect(config).toMatchObject({ maxJsonBytes: 2000, v2MaxRequestBytes: 3000 });
    expect(readConfig({})).toMatchObject({ maxJsonBytes: 1024 * 1024, v2MaxRequestBytes: 4 * 1024 * 1024, maxJsonDepth: 32 });
    app = appWith({ maxJsonBytes: config.maxJsonBytes, v2MaxRequestBytes: config.v2MaxRequestBytes });
    expect(
      (
        await request(app)
          .post('/api/auth/login')
          .send({ username: 'x'.repeat(2500), password: 'x' })
      ).status,
    ).toBe(413);
    const v2 = await request(app)
      .post('/v2/process-instances')
      .set('Authorization', basic('admin'))
      .send({ processDefinitionId: 'revision-mesa', variables: { x: 'x'.repeat(3500) } });
    expect(v2.status).toBe(413);
  });

  test('/v2: a deployment sent in chunks past the limit is answered 413, its connection not cut', async () => {
    app = appWith({ v2MaxRequestBytes: 2000 });
    const port = await listen();
    const chunk = `--XYZ\r\nContent-Disposition: form-data; name="resources"; filename="a.bpmn"\r\n\r\n${'x'.repeat(3000)}`;
    const head = [
      'POST /v2/deployments HTTP/1.1',
      'Host: x',
      `Authorization: ${basic('process-owner')}`,
      'Content-Type: multipart/form-data; boundary=XYZ',
      'Transfer-Encoding: chunked',
      '',
      `${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`,
    ].join('\r\n');
    const { socket, answer } = await raw(port, head);
    try {
      expect(await waitFor(() => /^HTTP\/1\.1 \d+/.exec(answer())?.[0], 5000, 'the answer to the oversized upload')).toBe('HTTP/1.1 413');
      expect(failures()).toEqual([]);
    } finally {
      socket.destroy();
    }
  });
});

describe('a malformed session cookie', () => {
  test.each(['%', '%E0%A4%A', '%zz', 'a%'])('oficio_session=%s is 401, not a 500', async (cookie) => {
    const res = await request(app).get('/api/auth/me').set('Cookie', `oficio_session=${cookie}`);
    expect(res.status).toBe(401);
    expect(res.text).not.toMatch(/URIError|at .*\.(ts|js):\d+/);
    expect(failures()).toEqual([]);
  });

  test('on a public route too: the citizen form answers as it does without a cookie', async () => {
    const plain = await request(app).get('/api/public/forms');
    const res = await request(app).get('/api/public/forms').set('Cookie', 'oficio_session=%');
    expect(res.status).toBe(plain.status);
  });
});

describe('a path with a broken escape', () => {
  test.each(['/api/instances/%E0%A4%A', '/api/tasks/%zz', '/api/forms/%'])('%s is 400, not a 500', async (path) => {
    const admin = await signIn('admin');
    const res = await admin.get(path);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('urn:oficio:problem:http.badPath');
    expect(failures()).toEqual([]);
  });

  test('/v2 too', async () => {
    const res = await request(app).get('/v2/process-instances/%E0%A4%A').set('Authorization', basic('admin'));
    expect(res.status).toBe(400);
    expect(res.body.title).toBe('INVALID_ARGUMENT');
    expect(failures()).toEqual([]);
  });
});

describe('forged page cursors', () => {
  const forged = [
    'not-a-cursor!!',
    Buffer.from('null').toString('base64url'),
    Buffer.from('[]').toString('base64url'),
    Buffer.from('{"s":"x","v":[1]}').toString('base64url'),
    Buffer.from('{"a":{"$gt":""},"b":0}').toString('base64url'),
    Buffer.from('{"a":"AAAA","b":0}').toString('base64url'),
    Buffer.from('{"b":1e400}').toString('base64url'),
    Buffer.from('{"s":"x","v":[{"$gt":1}]}').toString('base64url'),
    Buffer.from('{"k":1,"o":"desc"}').toString('base64url'),
    Buffer.from('{"k":"1","o":"asc"}').toString('base64url'),
  ];

  test.each([
    ['tasks', 'mesa-ayuda', '/api/tasks'],
    ['instances', 'admin', '/api/instances'],
    ['incidents', 'admin', '/api/incidents'],
    ['audit', 'auditor', '/api/audit'],
  ])('/api %s: every forged cursor is 400 naming query/cursor', async (_list, username, path) => {
    await openTask();
    const agent = await signIn(username);
    for (const cursor of forged) {
      const res = await agent.get(`${path}?cursor=${encodeURIComponent(cursor)}`);
      expect([cursor, res.status]).toEqual([cursor, 400]);
      expect(res.body.errors?.[0]?.field).toBe('query/cursor');
    }
    expect(failures()).toEqual([]);
  });

  test.each(['/process-instances/search', '/user-tasks/search', '/incidents/search', '/element-instances/search', '/variables/search', '/process-definitions/search'])(
    '/v2%s: every forged cursor is 400 naming body/page/after',
    async (path) => {
      await openTask();
      for (const after of [...forged, 'AAAA', '////']) {
        const res = await request(app).post(`/v2${path}`).set('Authorization', basic('admin')).send({ page: { after } });
        expect([after, res.status]).toEqual([after, 400]);
        expect(res.body).toMatchObject({ title: 'INVALID_ARGUMENT', errors: [{ field: 'body/page/after' }] });
      }
      expect(failures()).toEqual([]);
    },
  );
});

describe('a client that goes away', () => {
  test('/api: a JSON body cut short is not logged as a failure', async () => {
    const port = await listen();
    const { socket } = await raw(port, 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"username":');
    socket.destroy();
    await waitFor(() => abandoned('/api/auth/login'), 5000, 'the quiet line of the closed connection', {
      explain: () => `logged: ${logged.text().slice(0, 600)}`,
    });
    expect(failures()).toEqual([]);
  });

  test('/v2: a deployment whose upload is cut short is not logged as a failure', async () => {
    const port = await listen();
    const head = [
      'POST /v2/deployments HTTP/1.1',
      'Host: x',
      `Authorization: ${basic('process-owner')}`,
      'Content-Type: multipart/form-data; boundary=XYZ',
      'Content-Length: 100000',
      '',
      '--XYZ\r\nContent-Disposition: form-data; name="resources"; filename="a.bpmn"\r\n\r\n<bpmn',
    ].join('\r\n');
    const { socket } = await raw(port, head);
    socket.destroy();
    await waitFor(() => abandoned('/v2/deployments'), 5000, 'the quiet line of the closed connection', {
      explain: () => `logged: ${logged.text().slice(0, 600)}`,
    });
    expect(failures()).toEqual([]);
  });
});

describe('/v2 checks credentials before it reads a body', () => {
  const pending = (path: string, authorization?: string, type = 'application/json') =>
    [
      `POST /v2${path} HTTP/1.1`,
      'Host: x',
      ...(authorization ? [`Authorization: ${authorization}`] : []),
      `Content-Type: ${type}`,
      'Content-Length: 3000000',
      '',
      '{"processDefinitionId":"revision-mesa","variables":{"x":"',
    ].join('\r\n');

  test.each([
    ['no credentials', undefined, '401'],
    ['a wrong password', basic('admin', 'NoEsLaClave#1'), '401'],
    ['a user without the permission', basic('auditor'), '403'],
  ])('%s: refused while the 3 MB body is still on its way', async (_case, authorization, status) => {
    const port = await listen();
    const path = status === '403' ? '/messages/publication' : '/process-instances';
    const { socket, answer } = await raw(port, pending(path, authorization));
    try {
      const first = await waitFor(() => /^HTTP\/1\.1 \d+/.exec(answer())?.[0], 5000, 'an answer before the body was sent');
      expect(first).toBe(`HTTP/1.1 ${status}`);
    } finally {
      socket.destroy();
    }
  });

  test('a multipart deployment without credentials too', async () => {
    const port = await listen();
    const { socket, answer } = await raw(port, pending('/deployments', undefined, 'multipart/form-data; boundary=XYZ'));
    try {
      expect(await waitFor(() => /^HTTP\/1\.1 \d+/.exec(answer())?.[0], 5000, 'an answer before the upload was sent')).toBe('HTTP/1.1 401');
    } finally {
      socket.destroy();
    }
  });

  test('with the right credentials the body is read and answered as before', async () => {
    const res = await request(app).post('/v2/process-instances').set('Authorization', basic('admin')).send({ processDefinitionId: 'revision-mesa', variables: {} });
    expect(res.status).toBe(200);
    expect(res.body.processDefinitionId).toBe('revision-mesa');
  });
});

describe('reassigning never tells whether a user name exists', () => {
  test('an unknown, an inactive and a non-candidate user are refused in the same words', async () => {
    const key = await openTask();
    const inactive = await oficio.identity.createUser({ username: 'ex-mesa', displayName: 'Ex mesa', groups: ['mesa-ayuda'], password: PASSWORD });
    await oficio.identity.updateUser(inactive.id, { active: false });
    const mesa = await signIn('mesa-ayuda');
    const refusals = [];
    for (const assignee of ['nadie-existe', 'ex-mesa', 'red-datos']) {
      const res = await mesa.post(`/api/tasks/${key}/reassign`, { assignee, reason: 'Salgo a comisión; no alcanzo a atenderla.' });
      expect(res.status).toBe(400);
      refusals.push(JSON.stringify(res.body).replaceAll(assignee, '<user>'));
    }
    expect(new Set(refusals).size).toBe(1);
    // /v2's assignment goes through the same rule.
    const v2 = [];
    for (const assignee of ['nadie-existe', 'ex-mesa', 'red-datos']) {
      const res = await request(app).post(`/v2/user-tasks/${key}/assignment`).set('Authorization', basic('mesa-ayuda')).send({ assignee });
      expect(res.status).toBe(400);
      v2.push(JSON.stringify(res.body).replaceAll(assignee, '<user>'));
    }
    expect(new Set(v2).size).toBe(1);
  });
});
