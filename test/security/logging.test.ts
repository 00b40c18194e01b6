// What the server tells its operator (issue 12, item 13): one structured line per HTTP request on
// /api and /v2 with its status and duration and never a secret; a warning for every incident the
// engine raises, naming the instance and the element; a line for every worker failure; and the
// start-up configuration without a password, a credential or a URI's userinfo.
import request from 'supertest';
import { z } from 'zod';
import { readConfig } from '../../server/config.js';
import { createApp } from '../../server/http/app.js';
import { logConfiguration } from '../../server/log.js';
import { startWorkers } from '../../server/workers/runner.js';
import { NonRetryableError, defineWorker, failure } from '../../workers/kit/index.js';
import type { WorkerServices } from '../../workers/services.js';
import { bpmn } from '../engine/harness.js';
import { TEST_HTTP } from '../http/harness.js';
import { captureLog, type CapturedLog } from '../support/log.js';
import { createTestOficio, type TestOficio } from '../support/oficio.js';
import { waitFor } from '../support/wait-for.js';

const PASSWORD = 'Oficio#2026demo';
const START = '2026-03-02T15:00:00.000Z';

// A gateway no condition of which holds: the engine raises an incident on it.
const DECISION = bpmn(
  'decision-monto',
  `
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="decidir"/>
    <bpmn:exclusiveGateway id="decidir"/>
    <bpmn:sequenceFlow id="f2" sourceRef="decidir" targetRef="fin">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= monto &gt; 10</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:endEvent id="fin"/>`,
);

/** start → a service task of `type` with `retries` → end. */
const serviceTask = (processId: string, type: string, retries: number) =>
  bpmn(
    processId,
    `
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="paso"/>
    <bpmn:serviceTask id="paso" name="Paso automático">
      <bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="${retries}"/></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="paso" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
  );

let oficio: TestOficio;
let captured: CapturedLog;

beforeEach(async () => {
  captured = captureLog();
  oficio = await createTestOficio({ start: START, demoPassword: PASSWORD, log: captured.log });
});
afterEach(async () => {
  await oficio.close();
});

const requestLines = () => captured.lines.filter((line) => typeof line.status === 'number' && typeof line.durationMs === 'number');

describe('one line per request', () => {
  test('/api: every request leaves one line with its method, path, status, duration, request id and user — and no password, cookie or CSRF token', async () => {
    const app = createApp({ ...oficio, http: TEST_HTTP });
    const login = await request(app).post('/api/auth/login?password=in-the-query').send({ username: 'admin', password: PASSWORD });
    expect(login.status).toBe(200);
    const cookie = login.headers['set-cookie'] as unknown as string[];
    const session = cookie[0]!.split(';')[0]!;
    const csrf = login.body.csrfToken as string;
    const me = await request(app).get('/api/auth/me').set('Cookie', session);
    expect(me.status).toBe(200);
    const refused = await request(app).post('/api/auth/logout').set('Cookie', session).set('x-csrf-token', 'not-the-token');
    expect(refused.status).toBe(403);
    const wrong = await request(app).post('/api/auth/login').send({ username: 'admin', password: 'Wrong#password-77' });
    expect(wrong.status).toBe(401);
    const out = await request(app).post('/api/auth/logout').set('Cookie', session).set('x-csrf-token', csrf);
    expect(out.status).toBeLessThan(300);

    const lines = requestLines();
    expect(lines.map((l) => [l.method, l.path, l.status])).toEqual([
      ['POST', '/api/auth/login', 200],
      ['GET', '/api/auth/me', 200],
      ['POST', '/api/auth/logout', 403],
      ['POST', '/api/auth/login', 401],
      ['POST', '/api/auth/logout', out.status],
    ]);
    for (const line of lines) {
      expect(line.level).toBe('info');
      expect(line.durationMs).toBeGreaterThanOrEqual(0);
      expect(typeof line.requestId).toBe('string');
    }
    expect(new Set(lines.map((l) => l.requestId)).size).toBe(lines.length);
    const admin = (await oficio.identity.findByUsername('admin'))!;
    expect(lines[1]!.userId).toBe(admin.id);
    expect(lines[0]!.userId).toBeUndefined();

    const text = captured.text();
    for (const secret of [PASSWORD, 'Wrong#password-77', 'in-the-query', session.split('=')[1]!, csrf]) expect(text).not.toContain(secret);
  });

  test('/v2: a request leaves its line without the Authorization header', async () => {
    const app = createApp({ ...oficio, http: TEST_HTTP });
    const basic = Buffer.from(`admin:${PASSWORD}`).toString('base64');
    const res = await request(app).get('/v2/topology').set('Authorization', `Basic ${basic}`);
    expect(res.status).toBe(200);
    const refused = await request(app)
      .get('/v2/topology')
      .set('Authorization', `Basic ${Buffer.from('admin:Wrong#password-77').toString('base64')}`);
    expect(refused.status).toBe(401);
    const lines = requestLines();
    expect(lines.map((l) => [l.method, l.path, l.status])).toEqual([
      ['GET', '/v2/topology', 200],
      ['GET', '/v2/topology', 401],
    ]);
    const admin = (await oficio.identity.findByUsername('admin'))!;
    expect(lines[0]!.userId).toBe(admin.id);
    const text = captured.text();
    for (const secret of [basic, PASSWORD, 'Wrong#password-77']) expect(text).not.toContain(secret);
  });

  test('a server error leaves the stack at error level on the request line', async () => {
    const broken = { ...oficio, audit: { ...oficio.audit, verify: () => Promise.reject(new Error('disk on fire')) } };
    const app = createApp({ ...broken, http: TEST_HTTP });
    const login = await request(app).post('/api/auth/login').send({ username: 'admin', password: PASSWORD });
    const session = (login.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
    const res = await request(app).get('/api/audit/verify').set('Cookie', session);
    expect(res.status).toBe(500);
    const line = requestLines().find((l) => l.path === '/api/audit/verify')!;
    expect(line).toMatchObject({ level: 'error', status: 500 });
    expect(line.err).toMatchObject({ message: 'disk on fire', stack: expect.stringMatching(/\n\s+at /) });
    expect(requestLines().filter((l) => l.path === '/api/audit/verify')).toHaveLength(1);
    expect(JSON.stringify(res.body)).not.toContain('disk on fire');
  });
});

describe('incidents and worker failures', () => {
  test('an incident the engine raises is a warning naming the instance, the element, the error type and the message, once', async () => {
    await oficio.engine.createDeployment({ resources: [{ name: 'decision-monto.bpmn', content: DECISION }] });
    const { processInstanceKey } = await oficio.engine.createProcessInstance({ processDefinitionId: 'decision-monto', variables: { monto: 1 } });
    const incidents = captured.lines.filter((l) => l.msg === 'incident raised');
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ level: 'warn', processInstanceKey, elementId: 'decidir', errorType: 'CONDITION_ERROR', processDefinitionId: 'decision-monto' });
    expect(String(incidents[0]!.errorMessage)).toMatch(/condition/i);
  });

  test('every worker failure, retryable or not, is a line with its job type, job key, instance, retries left and message', async () => {
    const flaky = defineWorker({
      type: 'prueba.intermitente',
      description: { es: 'Falla y se reintenta', en: 'Fails and is retried' },
      input: z.object({}),
      output: z.object({}),
      handle: async () => failure('el servidor OTRS no contesta'),
    });
    const broken = defineWorker({
      type: 'prueba.rota',
      description: { es: 'Falla sin reintento', en: 'Fails for good' },
      input: z.object({}),
      output: z.object({}),
      handle: async () => {
        throw new NonRetryableError('la cuenta no existe');
      },
    });
    const workers = startWorkers(oficio.engine, [flaky, broken], { services: {} as WorkerServices, log: captured.log });
    try {
      await oficio.engine.createDeployment({
        resources: [
          { name: 'intermitente.bpmn', content: serviceTask('intermitente', 'prueba.intermitente', 3) },
          { name: 'rota.bpmn', content: serviceTask('rota', 'prueba.rota', 3) },
        ],
      });
      const a = await oficio.engine.createProcessInstance({ processDefinitionId: 'intermitente' });
      const b = await oficio.engine.createProcessInstance({ processDefinitionId: 'rota' });
      const failed = () => captured.lines.filter((l) => l.msg === 'job failed');
      await waitFor(() => failed().length >= 2, 5000, 'both failures logged', { explain: () => captured.text().slice(0, 800) });
      expect(failed().find((l) => l.jobType === 'prueba.intermitente')).toMatchObject({
        level: 'warn',
        processInstanceKey: a.processInstanceKey,
        elementId: 'paso',
        retriesLeft: 2,
        errorMessage: 'el servidor OTRS no contesta',
      });
      const final = failed().find((l) => l.jobType === 'prueba.rota')!;
      expect(final).toMatchObject({ processInstanceKey: b.processInstanceKey, retriesLeft: 0, incident: true });
      expect(String(final.errorMessage)).toContain('la cuenta no existe');
      expect(typeof final.jobKey).toBe('string');
      // The engine raised the incident: it says so too, once.
      await waitFor(() => captured.lines.some((l) => l.msg === 'incident raised' && l.processInstanceKey === b.processInstanceKey), 5000, 'the incident logged');
      expect(captured.lines.filter((l) => l.msg === 'incident raised' && l.processInstanceKey === b.processInstanceKey)).toHaveLength(1);
    } finally {
      for (const worker of workers) worker.stop();
    }
  });
});

describe('start-up configuration', () => {
  test('says where the store and the engine are, the port, the language and the limits — and no password, credential or userinfo', () => {
    const secrets = {
      mongo: 'S3cr3t-mongo-pw',
      smtp: 'S3cr3t-smtp-pw',
      demo: 'S3cr3t-demo-pw',
      zeebe: 'S3cr3t-zeebe-client',
      basic: 'S3cr3t-basic-pw',
      rest: 'S3cr3t-rest-pw',
    };
    const config = readConfig({
      STORE: 'mongodb',
      MONGODB_URI: `mongodb://oficio:${secrets.mongo}@db1.example.gob.mx:27017,db2.example.gob.mx:27017/oficio?replicaSet=rs0&authSource=admin`,
      ENGINE: 'camunda',
      ZEEBE_REST_ADDRESS: `https://oficio:${secrets.rest}@camunda.example.gob.mx`,
      CAMUNDA_AUTH_STRATEGY: 'OAUTH',
      ZEEBE_CLIENT_ID: 'oficio-client',
      ZEEBE_CLIENT_SECRET: secrets.zeebe,
      CAMUNDA_BASIC_AUTH_USERNAME: 'oficio',
      CAMUNDA_BASIC_AUTH_PASSWORD: secrets.basic,
      OFICIO_SMTP_HOST: 'smtp.example.gob.mx',
      OFICIO_SMTP_USER: 'mesa-ayuda',
      OFICIO_SMTP_PASS: secrets.smtp,
      OFICIO_DEMO_PASSWORD: secrets.demo,
      PORT: '8081',
      OFICIO_LANG: 'en',
    });
    const log = captureLog('info');
    logConfiguration(log.log, config);
    expect(log.lines).toHaveLength(1);
    const [line] = log.lines;
    expect(line).toMatchObject({ level: 'info', config: { store: 'mongodb', engine: 'camunda', port: 8081, locale: 'en' } });
    const text = log.text();
    expect(text).toContain('db1.example.gob.mx:27017');
    expect(text).toContain('camunda.example.gob.mx');
    expect(text).toContain('smtp.example.gob.mx');
    expect(text).toContain('"maxJsonBytes"');
    for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
    expect(text).not.toContain('oficio:');
  });
});
