// createCamundaV2Router(deps) on its own express app — as a REST double for the Camunda adapter's
// tests mounts it — with its settings: long polls and awaited instances held no longer than the
// bound, request bodies no larger than the limit, unexpected failures answered without the
// server's insides; and createApp serves /v2 only over an engine that can.
import express from 'express';
import request from 'supertest';
import { createApp } from '../../../server/http/app.js';
import { createCamundaV2Router, type CamundaApiSettings } from '../../../server/http/v2/index.js';
import type { EnginePort } from '../../../server/engine/port.js';
import type { Logger } from '../../../server/log.js';
import { captureLog } from '../../support/log.js';
import { createTestOficio, type TestOficio } from '../../support/oficio.js';
import { TEST_HTTP } from '../harness.js';
import { bpmn, PASSWORD } from './harness.js';

let oficio: TestOficio;

beforeAll(async () => {
  oficio = await createTestOficio({ start: new Date().toISOString(), demoPassword: PASSWORD });
  await oficio.engine.createDeployment({
    resources: [
      {
        name: 'espera.bpmn',
        content: bpmn(
          'espera',
          '<bpmn:startEvent id="a"/><bpmn:sequenceFlow id="f" sourceRef="a" targetRef="b"/><bpmn:userTask id="b"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>',
        ),
      },
    ],
  });
});
afterAll(async () => {
  await oficio.close();
});

function standalone(settings: Partial<CamundaApiSettings> = {}, options: { engine?: EnginePort; log?: Logger } = {}) {
  const app = express();
  app.use('/v2', createCamundaV2Router({ ...oficio, engine: (options.engine ?? oficio.engine) as TestOficio['engine'], settings, ...(options.log ? { log: options.log } : {}) }));
  return app;
}

test('mounted alone, it serves the API with Basic authentication', async () => {
  const app = standalone();
  expect((await request(app).get('/v2/topology')).status).toBe(401);
  expect((await request(app).get('/v2/topology').auth('admin', PASSWORD)).body).toMatchObject({ clusterSize: 1 });
});

test('a long poll is held no longer than the bound, whatever requestTimeout asks; 0 waits the default', async () => {
  const app = standalone({ requestTimeoutMaxMs: 300, longPollDefaultMs: 150 });
  const activate = (requestTimeout: number) => {
    const started = Date.now();
    return request(app)
      .post('/v2/jobs/activation')
      .auth('admin', PASSWORD)
      .send({ type: 'nadie.lo.crea', timeout: 1000, maxJobsToActivate: 1, requestTimeout })
      .then((res) => ({ res, took: Date.now() - started }));
  };
  const long = await activate(600_000);
  expect(long.res.body).toEqual({ jobs: [] });
  expect(long.took).toBeGreaterThanOrEqual(280);
  expect(long.took).toBeLessThan(2000);
  const byDefault = await activate(0);
  expect(byDefault.took).toBeGreaterThanOrEqual(130);
  expect(byDefault.took).toBeLessThan(280);
});

test('a waiting long poll ends with no jobs as soon as the server stops listening (shutdown is not held up)', async () => {
  const server = standalone().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  const started = Date.now();
  const polling = fetch(`http://127.0.0.1:${port}/v2/jobs/activation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` },
    body: JSON.stringify({ type: 'nadie.lo.crea', timeout: 1000, maxJobsToActivate: 1, requestTimeout: 30_000 }),
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const closed = new Promise((resolve) => server.close(resolve));
  const res = await polling;
  expect(await res.json()).toEqual({ jobs: [] });
  expect(Date.now() - started).toBeLessThan(1500);
  await closed;
  expect(Date.now() - started).toBeLessThan(2500);
});

test('awaiting an instance is held no longer than the bound', async () => {
  const app = standalone({ requestTimeoutMaxMs: 200 });
  const started = Date.now();
  const res = await request(app).post('/v2/process-instances').auth('admin', PASSWORD).send({ processDefinitionId: 'espera', awaitCompletion: true, requestTimeout: 600_000 });
  expect(res.status).toBe(504);
  expect(res.body.detail).toMatch(/no terminó en 200 ms/);
  expect(Date.now() - started).toBeLessThan(2000);
});

test('a body beyond the limit is 413, a deployment too', async () => {
  const app = standalone({ maxRequestBytes: 2000 });
  const json = await request(app)
    .post('/v2/messages/publication')
    .auth('admin', PASSWORD)
    .send({ name: 'x', variables: { texto: 'x'.repeat(5000) } });
  expect(json.status).toBe(413);
  expect(json.body).toMatchObject({ title: 'PAYLOAD_TOO_LARGE', detail: 'La solicitud pasa del máximo de 2000 bytes.' });
  const deployment = await request(app)
    .post('/v2/deployments')
    .auth('admin', PASSWORD)
    .attach('resources', Buffer.from(bpmn('grande', `<bpmn:startEvent id="a" name="${'x'.repeat(5000)}"/>`)), 'grande.bpmn');
  expect(deployment.status).toBe(413);
});

test("an unexpected failure is a 500 problem without the failure's text; the log has it", async () => {
  const logged = captureLog();
  const failing = new Proxy(oficio.engine, {
    get(target, property, receiver) {
      if (property === 'searchProcessDefinitions') return async () => Promise.reject(new Error('SQLITE_CORRUPT at /var/lib/oficio/oficio.sqlite'));
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const app = standalone({}, { engine: failing, log: logged.log });
  const res = await request(app).post('/v2/process-definitions/search').auth('admin', PASSWORD).send({});
  expect(res.status).toBe(500);
  expect(res.body).toEqual({
    type: 'about:blank',
    title: 'INTERNAL',
    status: 500,
    detail: 'Ocurrió un error interno; el equipo de TI ya quedó avisado en la bitácora.',
    instance: '/v2/process-definitions/search',
  });
  expect(res.text).not.toMatch(/SQLITE|oficio\.sqlite/);
  expect(logged.lines).toContainEqual(
    expect.objectContaining({ level: 'error', path: '/v2/process-definitions/search', err: expect.objectContaining({ message: expect.stringMatching(/SQLITE_CORRUPT/) }) }),
  );
});

test('createApp serves /v2 only over an engine that can answer jobs (on ENGINE=camunda the cluster serves it)', async () => {
  // The Camunda adapter's shape: the port without the capability of answering jobs by key.
  const clientOnly = new Proxy(oficio.engine, {
    get(target, property, receiver) {
      if (property === 'jobs') return undefined;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const app = createApp({ ...oficio, engine: clientOnly, http: TEST_HTTP });
  const res = await request(app).get('/v2/topology').auth('admin', PASSWORD);
  expect(res.status).toBe(404);
  expect(res.headers['www-authenticate']).toBeUndefined();
});
