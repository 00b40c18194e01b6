// Authorization as a matrix: every endpoint of the app's own `routes` export × every principal —
// anonymous, each role (admin, process-owner, auditor), a staff user of a candidate group
// (red-datos), the requester group (solicitante) and the only group that may start Red de Datos
// (jefe-informatica, PR05 3.c) — asserting each cell is allowed or denied.
//
//   allowed = the answer is neither 401 nor 403 (nor a 5xx): the request got past every
//             authorization check — the route's `access` and the handler's finer checks (task and
//             instance visibility, candidate groups, who may start a process). A 2xx, or a 4xx
//             such as 400/404/409 that only the handler's own validation gives.
//   denied  = 401 for anonymous, 403 for a signed-in user, as application/problem+json.
//
// A route without a row in MATRIX fails the test, and so does a row for a route that is gone.
// Fixtures are real (an instance started for the requester, its task claimed by red-datos, an
// attachment, a draft and deployed model, an incident), so that allowed calls reach their handler;
// a state-changing call gets fresh fixtures of its own so no cell depends on another. Every
// state-changing route also refuses a signed-in call without the CSRF header (403 http.csrf).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { routes } from '../../server/http/app.js';
import { PERMISSIONS } from '../../server/core/identity/index.js';
import { loadForms } from '../../forms/index.js';
import type { Job, JobWorker } from '../../server/engine/port.js';
import { bpmn } from '../engine/harness.js';
import { waitFor } from '../support/wait-for.js';
import { createHttpHarness, DEMO_PASSWORD, type HttpHarness } from './harness.js';

const PROCESSES = fileURLToPath(new URL('../../processes/', import.meta.url));
const RED_DATOS = 'dgsti-p01-pr05-red-datos';
const CAS_QUEJA = 'dgsti-p01-pr01-cas-queja';
const MODEL_ID = 'dgpt-p01-pr02-conceptualizacion';
const MODEL_XML = readFileSync(`${PROCESSES}${MODEL_ID}.bpmn`, 'utf8');
const forms = loadForms();
const solicitud = forms.get('dgsti-p01-pr05-solicitud')!.examples.valid[0]!;
const trabajo = forms.get('dgsti-p01-pr05-ejecutar-servicio')!.examples.valid[0]!;
const queja = forms.get('dgsti-p01-pr01-cas-queja-registro')!.examples.valid[0]!;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');
/** A form as the form designer saves it. */
const DESIGNED_FORM = {
  title: { es: 'Formulario de la matriz', en: 'Matrix form' },
  schema: { type: 'object', properties: { motivo: { type: 'string', minLength: 1 } }, required: ['motivo'], additionalProperties: false },
  uiSchema: {},
  labels: { motivo: { es: 'Motivo', en: 'Reason' } },
};

// A service task whose worker always fails with no retries left: every instance raises an incident.
const FAILING = bpmn(
  'matriz-incidente',
  `
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="cobrar"/>
    <bpmn:serviceTask id="cobrar" name="Registrar cobro"><bpmn:extensionElements><zeebe:taskDefinition type="matriz.falla" retries="1"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="cobrar" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
);

const PRINCIPALS = ['anonymous', 'admin', 'process-owner', 'auditor', 'red-datos', 'solicitante', 'jefe-informatica'] as const;
type Principal = (typeof PRINCIPALS)[number];
type Outcome = 'allowed' | 'denied';
type Expected = Record<Principal, Outcome>;

/** What one cell sends: the path with real keys, and a JSON body or a file. */
interface Call {
  path: string;
  body?: object;
  file?: { name: string; type: string; bytes: Buffer };
  /** An event stream: the answer is read up to its first bytes, then the connection is closed. */
  stream?: boolean;
}

interface Fixtures {
  /** A Red de Datos instance started for solicitante; its "Ejecutar servicio" task claimed by red-datos. */
  instanceKey: string;
  taskKey: string;
  /** A PDF solicitante attached to that instance. */
  attachmentId: string;
}

interface Row {
  expected: Expected;
  /** The request of the cell; state-changing routes build fresh fixtures here. */
  call(f: Fixtures, who: Principal): Promise<Call> | Call;
}

const allow = (...who: Principal[]): Expected => Object.fromEntries(PRINCIPALS.map((p) => [p, who.includes(p) ? 'allowed' : 'denied'])) as Expected;
const EVERYONE = allow(...PRINCIPALS);
const SIGNED_IN = allow('admin', 'process-owner', 'auditor', 'red-datos', 'solicitante', 'jefe-informatica');

let h: HttpHarness;
let fixtures: Fixtures;
let failingWorker: JobWorker;
/** red-datos, signed in once, claims fresh tasks for the cells that need a held task. */
let redDatos: Agent;

/** A fresh Red de Datos instance for solicitante (with a ticket, so it goes straight to "Ejecutar servicio"); answers its task's key. */
async function freshTask(): Promise<{ processInstanceKey: string; userTaskKey: string }> {
  const requester = (await h.identity.findByUsername('solicitante'))!;
  const { processInstanceKey } = await h.engine.createProcessInstance({
    processDefinitionId: RED_DATOS,
    variables: { ...solicitud, ticket: { numero: 'T-MATRIZ' }, iniciadoPor: { id: requester.id, username: requester.username, nombre: requester.displayName } },
  });
  const task = await waitFor(
    async () => (await h.engine.searchUserTasks({ filter: { processInstanceKey, elementId: 'ejecutar-servicio', state: 'CREATED' } })).items[0],
    5000,
    'Ejecutar servicio',
  );
  return { processInstanceKey, userTaskKey: task.userTaskKey! };
}

/** A fresh task held by red-datos (claimed through the API). */
async function freshHeldTask() {
  const task = await freshTask();
  const claimed = await redDatos.post(`/api/tasks/${task.userTaskKey}/claim`);
  if (claimed.status !== 204) throw new Error(`red-datos could not claim: ${claimed.status}`);
  return task;
}

let throttledAddresses = 0;
/** A fresh sign-in throttle (failures of a user name at an address of its own); answers its id. */
async function freshThrottle(): Promise<string> {
  const ip = `192.0.2.${++throttledAddresses}`;
  for (let i = 0; i < h.identity.settings.loginMaxFailures; i++) await h.identity.verifyCredentials('red-datos', `Equivocada#${i}`, { ip }).catch(() => undefined);
  const throttle = (await h.identity.listThrottles({ limit: 500 })).items.find((item) => item.address === ip);
  if (!throttle) throw new Error(`no throttle for ${ip}`);
  return throttle.id;
}

async function freshIncident(): Promise<string> {
  const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'matriz-incidente' });
  const incident = await waitFor(async () => (await h.engine.searchIncidents({ filter: { processInstanceKey, state: 'ACTIVE' } })).items[0], 5000, 'the incident');
  return incident.incidentKey!;
}

/**
 * The matrix: one row per `${METHOD} ${path}` of the app's routes. Keep it in step with
 * server/http/app.ts — the coverage test below fails on a missing or stale row.
 */
const MATRIX: Record<string, Row> = {
  // Identity
  'POST /api/auth/login': { expected: EVERYONE, call: (_f, who) => ({ path: '/api/auth/login', body: { username: who === 'anonymous' ? 'solicitante' : who, password: DEMO_PASSWORD } }) },
  'POST /api/auth/logout': { expected: SIGNED_IN, call: () => ({ path: '/api/auth/logout' }) },
  'GET /api/auth/me': { expected: SIGNED_IN, call: () => ({ path: '/api/auth/me' }) },
  // Sign-in throttles: seen and lifted by those who manage users (each lift of a throttle of its own).
  'GET /api/admin/sign-in-throttles': { expected: allow('admin'), call: () => ({ path: '/api/admin/sign-in-throttles' }) },
  'DELETE /api/admin/sign-in-throttles/:id': {
    expected: allow('admin'),
    call: async () => ({ path: `/api/admin/sign-in-throttles/${await freshThrottle()}`, body: { reason: 'Comprobado con la persona por teléfono' } }),
  },

  // Instances: any user lists (filtered to their own); one instance for readers of all, those who operate instances, and its participants.
  'GET /api/instances': { expected: SIGNED_IN, call: () => ({ path: '/api/instances' }) },
  'GET /api/instances/processes': { expected: SIGNED_IN, call: () => ({ path: '/api/instances/processes' }) },
  'GET /api/instances/:key': { expected: allow('admin', 'process-owner', 'auditor', 'red-datos', 'solicitante'), call: (f) => ({ path: `/api/instances/${f.instanceKey}` }) },
  'GET /api/instances/:key/diagram': { expected: allow('admin', 'process-owner', 'auditor', 'red-datos', 'solicitante'), call: (f) => ({ path: `/api/instances/${f.instanceKey}/diagram` }) },
  // The case (issue 13): those who see the instance — red-datos as a candidate of a task nobody claimed yet, solicitante as the
  // requester of their own (test/http/cases.test.ts: without internal notes); jefe-informatica has nothing to do with it.
  // Notes: staff only — not the requester, not the auditor (reads everything, writes nothing).
  'GET /api/instances/:key/case': {
    expected: allow('admin', 'process-owner', 'auditor', 'red-datos', 'solicitante'),
    call: async (f, who) => ({ path: `/api/instances/${who === 'red-datos' ? (await freshTask()).processInstanceKey : f.instanceKey}/case` }),
  },
  'POST /api/instances/:key/notes': {
    expected: allow('admin', 'process-owner', 'red-datos'),
    call: async (f, who) => ({
      path: `/api/instances/${who === 'red-datos' ? (await freshTask()).processInstanceKey : f.instanceKey}/notes`,
      body: { kind: 'internal', text: 'Revisado con el técnico de guardia.' },
    }),
  },

  // Search: any signed-in user; what it finds is filtered to what they see (test/http/search.test.ts).
  'GET /api/search': { expected: SIGNED_IN, call: () => ({ path: `/api/search?q=${encodeURIComponent('red de datos')}` }) },

  // Incidents: listed for those who operate or read all instances; retried by those who operate.
  'GET /api/incidents': { expected: allow('admin', 'process-owner', 'auditor'), call: () => ({ path: '/api/incidents' }) },
  'POST /api/incidents/:key/retry': { expected: allow('admin', 'process-owner'), call: async () => ({ path: `/api/incidents/${await freshIncident()}/retry` }) },

  // Audit trail
  'GET /api/audit': { expected: allow('admin', 'auditor'), call: () => ({ path: '/api/audit' }) },
  'GET /api/audit.csv': { expected: allow('admin', 'auditor'), call: () => ({ path: '/api/audit.csv' }) },
  'GET /api/audit/verify': { expected: allow('admin', 'auditor'), call: () => ({ path: '/api/audit/verify' }) },

  // Attachments: to an instance one may see; for a start form, anyone signed in; downloaded by the uploader or who sees the instance.
  // Reading every instance is not writing to it: an auditor attaches nothing to an instance they are not part of.
  'POST /api/instances/:key/attachments': {
    expected: allow('admin', 'process-owner', 'red-datos', 'solicitante'),
    call: (f) => ({ path: `/api/instances/${f.instanceKey}/attachments`, file: { name: 'oficio.pdf', type: 'application/pdf', bytes: PDF } }),
  },
  'POST /api/attachments': { expected: SIGNED_IN, call: () => ({ path: '/api/attachments', file: { name: 'oficio.pdf', type: 'application/pdf', bytes: PDF } }) },
  'GET /api/attachments/:id': { expected: allow('admin', 'process-owner', 'auditor', 'red-datos', 'solicitante'), call: (f) => ({ path: `/api/attachments/${f.attachmentId}` }) },

  // Models: admins and process owners.
  'PUT /api/models/:processId/draft': { expected: allow('admin', 'process-owner'), call: () => ({ path: `/api/models/${MODEL_ID}/draft`, body: { xml: MODEL_XML } }) },
  'GET /api/models': { expected: allow('admin', 'process-owner'), call: () => ({ path: '/api/models' }) },
  'GET /api/models/:processId/versions': { expected: allow('admin', 'process-owner'), call: () => ({ path: `/api/models/${MODEL_ID}/versions` }) },
  'POST /api/models/:processId/deploy': { expected: allow('admin', 'process-owner'), call: () => ({ path: `/api/models/${MODEL_ID}/deploy`, body: {} }) },
  'POST /api/models/lint': { expected: allow('admin', 'process-owner'), call: () => ({ path: '/api/models/lint', body: { xml: MODEL_XML } }) },
  'GET /api/workers': { expected: allow('admin', 'process-owner'), call: () => ({ path: '/api/workers' }) },

  // Forms: read by anyone signed in (tasks and start forms show them); designed and their versions read by those who edit models.
  'GET /api/forms': { expected: SIGNED_IN, call: () => ({ path: '/api/forms' }) },
  'GET /api/forms/:id': { expected: SIGNED_IN, call: () => ({ path: '/api/forms/dgsti-p01-pr05-solicitud' }) },
  'PUT /api/forms/:id': { expected: allow('admin', 'process-owner'), call: () => ({ path: '/api/forms/matriz-formulario', body: DESIGNED_FORM }) },
  'GET /api/forms/:id/versions': { expected: allow('admin', 'process-owner'), call: () => ({ path: '/api/forms/dgsti-p01-pr05-solicitud/versions' }) },

  // The candidate groups, for pickers.
  'GET /api/groups': { expected: SIGNED_IN, call: () => ({ path: '/api/groups' }) },

  // Starting: the catalogue for anyone signed in; Red de Datos only for jefe-informatica (PR05 3.c) and admins.
  'GET /api/processes': { expected: SIGNED_IN, call: () => ({ path: '/api/processes' }) },
  'GET /api/processes/:processId/start-form': { expected: allow('admin', 'jefe-informatica'), call: () => ({ path: `/api/processes/${RED_DATOS}/start-form` }) },
  'POST /api/processes/:processId/instances': { expected: allow('admin', 'jefe-informatica'), call: () => ({ path: `/api/processes/${RED_DATOS}/instances`, body: { data: solicitud } }) },

  // Public start forms: the citizen's CAS complaint, with or without a session.
  'GET /api/public/forms/:processId': { expected: EVERYONE, call: () => ({ path: `/api/public/forms/${CAS_QUEJA}` }) },
  'POST /api/public/forms/:processId/instances': { expected: EVERYONE, call: () => ({ path: `/api/public/forms/${CAS_QUEJA}/instances`, body: { data: queja } }) },

  // Tasklist: seeing follows groups (and readers of all); working on a task follows its candidate groups and holder.
  'GET /api/tasks': { expected: SIGNED_IN, call: () => ({ path: '/api/tasks' }) },
  'GET /api/tasks/:userTaskKey': { expected: allow('admin', 'auditor', 'red-datos'), call: (f) => ({ path: `/api/tasks/${f.taskKey}` }) },
  'GET /api/tasks/:userTaskKey/candidates': { expected: allow('admin', 'auditor', 'red-datos'), call: (f) => ({ path: `/api/tasks/${f.taskKey}/candidates` }) },
  // Only whoever may work the task (its holder, red-datos): its form names nobody, so their answer is a 400 past every check.
  'GET /api/tasks/:userTaskKey/people': { expected: allow('red-datos'), call: (f) => ({ path: `/api/tasks/${f.taskKey}/people?group=red-datos` }) },
  'POST /api/tasks/:userTaskKey/claim': { expected: allow('red-datos'), call: async () => ({ path: `/api/tasks/${(await freshTask()).userTaskKey}/claim` }) },
  'POST /api/tasks/:userTaskKey/unclaim': { expected: allow('admin', 'red-datos'), call: async () => ({ path: `/api/tasks/${(await freshHeldTask()).userTaskKey}/unclaim` }) },
  'POST /api/tasks/:userTaskKey/reassign': {
    expected: allow('admin', 'red-datos'),
    call: async () => ({ path: `/api/tasks/${(await freshHeldTask()).userTaskKey}/reassign`, body: { assignee: 'tecnico-redes', reason: 'Cambio de turno del técnico de guardia' } }),
  },
  'PUT /api/tasks/:userTaskKey/draft': { expected: allow('red-datos'), call: async () => ({ path: `/api/tasks/${(await freshTask()).userTaskKey}/draft`, body: { data: trabajo } }) },
  'POST /api/tasks/:userTaskKey/complete': { expected: allow('red-datos'), call: async () => ({ path: `/api/tasks/${(await freshTask()).userTaskKey}/complete`, body: { data: trabajo } }) },

  // The live tasklist and one's own choices (issue 13): anyone signed in; what a stream carries is filtered to what they see (test/http/events.test.ts).
  'GET /api/events': { expected: SIGNED_IN, call: () => ({ path: '/api/events', stream: true }) },
  'GET /api/me/preferences': { expected: SIGNED_IN, call: () => ({ path: '/api/me/preferences' }) },
  'PUT /api/me/preferences': { expected: SIGNED_IN, call: () => ({ path: '/api/me/preferences', body: { emailOnGroupTask: false } }) },
  'GET /api/me/sla-warnings': { expected: SIGNED_IN, call: () => ({ path: '/api/me/sla-warnings' }) },
};

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Agent {
  /** Sends `call` as `method`; with the CSRF header unless `csrf` is false. */
  send(method: Method, call: Call, options?: { csrf?: boolean }): Promise<request.Response>;
  post(path: string, body?: object): Promise<request.Response>;
}

/** A fresh agent: signed in as `who`, or anonymous. A fresh one per cell, so logging out or in again touches no other cell. */
async function agentFor(who: Principal): Promise<Agent> {
  const agent = request.agent(h.app);
  let csrf: string | undefined;
  if (who !== 'anonymous') {
    const login = await agent.post('/api/auth/login').send({ username: who, password: DEMO_PASSWORD });
    if (login.status !== 200) throw new Error(`cannot sign in as ${who}: ${login.status}`);
    csrf = login.body.csrfToken as string;
  }
  const send: Agent['send'] = async (method, call, options = {}) => {
    let req = agent[method](call.path);
    if (csrf && options.csrf !== false && method !== 'get') req = req.set('x-csrf-token', csrf);
    if (call.file) return req.set('Content-Type', call.file.type).set('X-File-Name', encodeURIComponent(call.file.name)).send(call.file.bytes);
    // A stream never ends by itself: its first bytes (or a refusal's whole body) are enough.
    if (call.stream) return req.buffer(true).parse((res, callback) => firstBytes(res as unknown as import('node:http').IncomingMessage, callback));
    return call.body ? req.send(call.body) : req;
  };
  return { send, post: (path, body) => send('post', { path, ...(body ? { body } : {}) }) };
}

/** Reads an answer up to its first bytes, or to its end when it is short, then lets the connection go. */
function firstBytes(res: import('node:http').IncomingMessage, callback: (error: Error | null, body: unknown) => void) {
  let text = '';
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    const json = (res.headers['content-type'] ?? '').includes('json');
    callback(null, json && text ? (JSON.parse(text) as unknown) : text);
    if (!json) res.destroy();
  };
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    text += chunk;
    if (!(res.headers['content-type'] ?? '').includes('json')) finish();
  });
  res.on('end', finish);
}

const routeIds = routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
const methodOf = (id: string) => id.slice(0, id.indexOf(' ')).toLowerCase() as Method;

beforeAll(async () => {
  h = await createHttpHarness();
  await h.engine.deployResourcesFromFiles([RED_DATOS, CAS_QUEJA].map((id) => `${PROCESSES}${id}.bpmn`));
  await h.engine.createDeployment({ resources: [{ name: 'matriz-incidente.bpmn', content: FAILING }] });
  failingWorker = h.engine.createJobWorker({
    jobType: 'matriz.falla',
    maxParallelJobs: 4,
    jobTimeoutMs: 60_000,
    pollIntervalMs: 5,
    jobHandler: (job: Job) => job.fail({ retries: 0, errorMessage: 'el sistema de cobro no responde' }),
  });
  // A second red-datos technician, to whom tasks are reassigned.
  await h.identity.createUser({ username: 'tecnico-redes', displayName: 'Técnico de redes 2', groups: ['red-datos'], password: DEMO_PASSWORD });
  redDatos = await agentFor('red-datos');

  const { processInstanceKey, userTaskKey } = await freshHeldTask();
  const requester = await agentFor('solicitante');
  const attached = await requester.send('post', { path: `/api/instances/${processInstanceKey}/attachments`, file: { name: 'oficio.pdf', type: 'application/pdf', bytes: PDF } });
  if (attached.status !== 201) throw new Error(`fixture attachment: ${attached.status} ${JSON.stringify(attached.body)}`);

  // A model with a saved and deployed draft.
  const owner = await agentFor('process-owner');
  const saved = await owner.send('put', { path: `/api/models/${MODEL_ID}/draft`, body: { xml: MODEL_XML } });
  if (saved.status !== 200) throw new Error(`fixture draft: ${saved.status}`);
  const deployed = await owner.post(`/api/models/${MODEL_ID}/deploy`, {});
  if (deployed.status !== 200) throw new Error(`fixture deploy: ${deployed.status} ${JSON.stringify(deployed.body)}`);

  fixtures = { instanceKey: processInstanceKey, taskKey: userTaskKey, attachmentId: attached.body.id as string };
});

afterAll(async () => {
  failingWorker?.stop();
  await h?.close();
});

describe('the matrix covers the API', () => {
  it('has a row for every route of the app, and no row for a route that does not exist', () => {
    expect(routeIds.length).toBeGreaterThan(0);
    expect(routeIds.filter((id) => !(id in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((id) => !routeIds.includes(id))).toEqual([]);
  });

  it("agrees with each route's declared access: public routes let anonymous in, the others never do", () => {
    for (const route of routes) {
      const id = `${route.method.toUpperCase()} ${route.path}`;
      const row = MATRIX[id];
      if (!row) continue;
      expect({ id, anonymous: row.expected.anonymous }).toEqual({ id, anonymous: route.access === 'public' ? 'allowed' : 'denied' });
      if (route.access === 'public' || route.access === 'user') continue;
      // A permission route lets in at most the roles holding the permission (handlers may narrow further).
      const holders: readonly string[] = PERMISSIONS[route.access];
      for (const who of ['admin', 'process-owner', 'auditor'] as const) {
        if (row.expected[who] === 'allowed') expect({ id, who, holds: holders.includes(who) }).toEqual({ id, who, holds: true });
      }
      for (const who of ['red-datos', 'solicitante', 'jefe-informatica'] as const) expect({ id, who, outcome: row.expected[who] }).toEqual({ id, who, outcome: 'denied' });
    }
  });
});

const cells = Object.entries(MATRIX).flatMap(([id, row]) => PRINCIPALS.map((who) => ({ id, who, row, outcome: row.expected[who] })));

describe('every endpoint × every principal', () => {
  it.each(cells.map((cell) => [`${cell.id} × ${cell.who} → ${cell.outcome}`, cell] as const))('%s', async (_title, { id, who, row, outcome }) => {
    const agent = await agentFor(who);
    const call = await row.call(fixtures, who);
    const res = await agent.send(methodOf(id), call);
    const seen = { id, who, status: res.status, type: res.body?.type as unknown };
    if (outcome === 'allowed') {
      expect(seen.status).not.toBe(401);
      expect(seen.status).not.toBe(403);
      expect(seen.status).toBeLessThan(500);
    } else {
      expect(seen).toEqual({ ...seen, status: who === 'anonymous' ? 401 : 403 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+\.(?:ts|js):\d+/);
    }
  });
});

const stateChanging = Object.entries(MATRIX).filter(([id]) => methodOf(id) !== 'get');

describe('state-changing calls need the CSRF token', () => {
  /** A signed-in principal the row allows (so only the missing token can be why it is refused). */
  const allowedUser = (row: Row): Principal => PRINCIPALS.find((p) => p !== 'anonymous' && row.expected[p] === 'allowed') ?? 'admin';

  it('covers every POST, PUT, PATCH and DELETE route', () => {
    expect(stateChanging.map(([id]) => id).sort()).toEqual(routeIds.filter((id) => methodOf(id) !== 'get').sort());
    expect(stateChanging.length).toBeGreaterThan(0);
  });

  it.each(stateChanging.map(([id, row]) => [`${id} × ${allowedUser(row)} without x-csrf-token → 403`, id, row] as const))('%s', async (_title, id, row) => {
    const who = allowedUser(row);
    const agent = await agentFor(who);
    const call = await row.call(fixtures, who);
    const res = await agent.send(methodOf(id), call, { csrf: false });
    expect({ id, status: res.status, type: res.body?.type }).toEqual({ id, status: 403, type: 'urn:oficio:problem:http.csrf' });
    // The same call with the token gets through.
    const again = await agent.send(methodOf(id), await row.call(fixtures, who));
    expect({ id, status: again.status, refused: [401, 403].includes(again.status) }).toEqual({ id, status: again.status, refused: false });
  });
});
