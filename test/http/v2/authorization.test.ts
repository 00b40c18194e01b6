// Authorization of the /v2 API as a matrix: every operation of `camundaApiRoutes` × anonymous, each
// role (admin, process-owner, auditor), a staff user of a candidate group (red-datos) and the only
// group that may start Red de Datos (jefe-informatica) — the same rules as the rest of the API
// (test/http/authorization.test.ts covers the session-based /api routes; /v2 is mounted apart, with
// HTTP Basic, so it has its own matrix).
//
//   allowed = neither 401 nor 403 (nor a 5xx): the call got past every check, the operation's
//             permission and the handler's finer ones (visibility, candidate groups, starters).
//   denied  = 401 with a Basic challenge for anonymous, 403 for an authenticated user.
//
// An operation without a row fails the test, and so does a row for an operation that is gone.
// State-changing cells get fresh fixtures of their own.
import { fileURLToPath } from 'node:url';
import { camundaApiRoutes } from '../../../server/http/v2/index.js';
import { loadForms } from '../../../forms/index.js';
import { bpmn, createV2Harness, type V2Harness } from './harness.js';

const RED_DATOS = 'dgsti-p01-pr05-red-datos';
const RED_DATOS_FILE = fileURLToPath(new URL(`../../../processes/${RED_DATOS}.bpmn`, import.meta.url));
const solicitud = loadForms().get('dgsti-p01-pr05-solicitud')!.examples.valid[0]!;
const ENCUESTA = { calificacion: 5, resuelto: true };

const TASK_PROCESS = bpmn(
  'matriz-v2-tarea',
  `<bpmn:startEvent id="inicio"/><bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="tarea"/>
  <bpmn:userTask id="tarea" name="Encuesta"><bpmn:extensionElements><zeebe:userTask/><zeebe:formDefinition externalReference="dgsti-p01-pr03-encuesta"/><zeebe:assignmentDefinition candidateGroups="red-datos"/></bpmn:extensionElements></bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="tarea" targetRef="fin"/><bpmn:endEvent id="fin"/>`,
);
const JOB_PROCESS = bpmn(
  'matriz-v2-trabajo',
  `<bpmn:startEvent id="inicio"/><bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="servicio"/>
  <bpmn:serviceTask id="servicio"><bpmn:extensionElements><zeebe:taskDefinition type="matriz.v2" retries="1"/></bpmn:extensionElements></bpmn:serviceTask>
  <bpmn:sequenceFlow id="f2" sourceRef="servicio" targetRef="fin"/><bpmn:endEvent id="fin"/>`,
);

const PRINCIPALS = ['anonymous', 'admin', 'process-owner', 'auditor', 'red-datos', 'jefe-informatica'] as const;
type Principal = (typeof PRINCIPALS)[number];
type Expected = Record<Principal, 'allowed' | 'denied'>;

interface Call {
  path: string;
  body?: object;
  file?: { name: string; xml: string };
}

interface Fixtures {
  /** A Red de Datos instance jefe-informatica started through /v2. */
  instanceKey: string;
  processDefinitionKey: string;
  /** An open task of red-datos's group. */
  taskKey: string;
}

interface Row {
  expected: Expected;
  call(f: Fixtures): Promise<Call> | Call;
}

const allow = (...who: Principal[]): Expected => Object.fromEntries(PRINCIPALS.map((p) => [p, who.includes(p) ? 'allowed' : 'denied'])) as Expected;
const EVERYONE = allow(...PRINCIPALS);
const SIGNED_IN = allow('admin', 'process-owner', 'auditor', 'red-datos', 'jefe-informatica');
const OPERATORS = allow('admin', 'process-owner');
const READ_MODELS = allow('admin', 'process-owner', 'auditor');
const SEE_INSTANCE = allow('admin', 'process-owner', 'auditor', 'jefe-informatica');

let h: V2Harness;
let fixtures: Fixtures;

async function freshTask(): Promise<string> {
  const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'matriz-v2-tarea' });
  return (await h.engine.searchUserTasks({ filter: { processInstanceKey } })).items[0]!.userTaskKey!;
}

/** The activated job of a fresh instance (jobs other cells left waiting are taken along and left locked). */
async function freshActivatedJob(): Promise<{ jobKey: string; processInstanceKey: string }> {
  const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'matriz-v2-trabajo' });
  const jobs = await h.engine.activateJobs({ type: 'matriz.v2', maxJobsToActivate: 100, timeout: 3_600_000 });
  return { jobKey: jobs.find((job) => job.processInstanceKey === processInstanceKey)!.jobKey, processInstanceKey };
}

const freshJob = async () => (await freshActivatedJob()).jobKey;

async function freshIncident(): Promise<string> {
  const { jobKey, processInstanceKey } = await freshActivatedJob();
  await h.engine.failJob({ jobKey, retries: 0, errorMessage: 'matriz' });
  return (await h.engine.searchIncidents({ filter: { processInstanceKey } })).items[0]!.incidentKey!;
}

/** One row per `${METHOD} ${path}` of camundaApiRoutes (paths below /v2). */
const MATRIX: Record<string, Row> = {
  'GET /status': { expected: EVERYONE, call: () => ({ path: '/status' }) },
  'GET /topology': { expected: SIGNED_IN, call: () => ({ path: '/topology' }) },
  'GET /license': { expected: SIGNED_IN, call: () => ({ path: '/license' }) },
  'GET /authentication/me': { expected: SIGNED_IN, call: () => ({ path: '/authentication/me' }) },

  'POST /deployments': { expected: OPERATORS, call: () => ({ path: '/deployments', file: { name: 'matriz-v2-tarea.bpmn', xml: TASK_PROCESS } }) },
  'POST /process-definitions/search': { expected: READ_MODELS, call: () => ({ path: '/process-definitions/search', body: {} }) },
  'GET /process-definitions/:processDefinitionKey': { expected: READ_MODELS, call: (f) => ({ path: `/process-definitions/${f.processDefinitionKey}` }) },
  'GET /process-definitions/:processDefinitionKey/xml': { expected: READ_MODELS, call: (f) => ({ path: `/process-definitions/${f.processDefinitionKey}/xml` }) },

  // Operators start anything; everyone else as the catalogue says: Red de Datos only for jefe-informatica (PR05 3.c).
  'POST /process-instances': {
    expected: allow('admin', 'process-owner', 'jefe-informatica'),
    call: () => ({ path: '/process-instances', body: { processDefinitionId: RED_DATOS, variables: solicitud } }),
  },
  'GET /process-instances/:processInstanceKey': { expected: SEE_INSTANCE, call: (f) => ({ path: `/process-instances/${f.instanceKey}` }) },
  'POST /process-instances/search': { expected: SIGNED_IN, call: () => ({ path: '/process-instances/search', body: {} }) },
  'POST /process-instances/:processInstanceKey/cancellation': {
    expected: OPERATORS,
    call: async () => ({ path: `/process-instances/${(await h.engine.createProcessInstance({ processDefinitionId: 'matriz-v2-tarea' })).processInstanceKey}/cancellation`, body: {} }),
  },
  'POST /element-instances/search': { expected: SEE_INSTANCE, call: (f) => ({ path: '/element-instances/search', body: { filter: { processInstanceKey: f.instanceKey } } }) },
  'POST /variables/search': { expected: SEE_INSTANCE, call: (f) => ({ path: '/variables/search', body: { filter: { processInstanceKey: f.instanceKey } } }) },
  'POST /incidents/search': { expected: SEE_INSTANCE, call: (f) => ({ path: '/incidents/search', body: { filter: { processInstanceKey: f.instanceKey } } }) },
  'POST /incidents/:incidentKey/resolution': { expected: OPERATORS, call: async () => ({ path: `/incidents/${await freshIncident()}/resolution`, body: {} }) },

  'POST /messages/publication': { expected: OPERATORS, call: () => ({ path: '/messages/publication', body: { name: 'matriz', correlationKey: 'm' } }) },
  'POST /messages/correlation': { expected: OPERATORS, call: () => ({ path: '/messages/correlation', body: { name: 'matriz', correlationKey: 'm' } }) },

  // Jobs: the worker principal is whoever operates instances.
  'POST /jobs/activation': { expected: OPERATORS, call: () => ({ path: '/jobs/activation', body: { type: 'matriz.nada', timeout: 1000, maxJobsToActivate: 1, requestTimeout: -1 } }) },
  'POST /jobs/:jobKey/completion': { expected: OPERATORS, call: async () => ({ path: `/jobs/${await freshJob()}/completion`, body: {} }) },
  'POST /jobs/:jobKey/failure': { expected: OPERATORS, call: async () => ({ path: `/jobs/${await freshJob()}/failure`, body: { retries: 1 } }) },
  'POST /jobs/:jobKey/error': { expected: OPERATORS, call: async () => ({ path: `/jobs/${await freshJob()}/error`, body: { errorCode: 'X' } }) },
  'PATCH /jobs/:jobKey': { expected: OPERATORS, call: async () => ({ path: `/jobs/${await freshJob()}`, body: { changeset: { retries: 2 } } }) },

  // User tasks: seeing follows groups (and readers of all); working on one follows its candidate groups and holder.
  'POST /user-tasks/search': { expected: SIGNED_IN, call: () => ({ path: '/user-tasks/search', body: {} }) },
  'GET /user-tasks/:userTaskKey': { expected: allow('admin', 'auditor', 'red-datos'), call: (f) => ({ path: `/user-tasks/${f.taskKey}` }) },
  // Assigning to a candidate: the candidates themselves, or an admin handing it over.
  'POST /user-tasks/:userTaskKey/assignment': {
    expected: allow('admin', 'red-datos'),
    call: async () => ({ path: `/user-tasks/${await freshTask()}/assignment`, body: { assignee: 'red-datos' } }),
  },
  'DELETE /user-tasks/:userTaskKey/assignee': {
    expected: allow('admin', 'red-datos'),
    call: async () => {
      const key = await freshTask();
      await h.engine.assignUserTask({ userTaskKey: key, assignee: 'red-datos' });
      return { path: `/user-tasks/${key}/assignee` };
    },
  },
  'POST /user-tasks/:userTaskKey/completion': { expected: allow('red-datos'), call: async () => ({ path: `/user-tasks/${await freshTask()}/completion`, body: { variables: ENCUESTA } }) },
};

const routeIds = camundaApiRoutes.map((r) => `${r.method.toUpperCase()} ${r.path}`);

beforeAll(async () => {
  h = await createV2Harness();
  await h.engine.deployResourcesFromFiles([RED_DATOS_FILE]);
  await h.engine.createDeployment({
    resources: [
      { name: 'matriz-v2-tarea.bpmn', content: TASK_PROCESS },
      { name: 'matriz-v2-trabajo.bpmn', content: JOB_PROCESS },
    ],
  });
  const started = await h.as('jefe-informatica').post('/v2/process-instances', { processDefinitionId: RED_DATOS, variables: solicitud });
  if (started.status !== 200) throw new Error(`fixture: ${started.status} ${started.text}`);
  fixtures = { instanceKey: started.body.processInstanceKey, processDefinitionKey: started.body.processDefinitionKey, taskKey: await freshTask() };
});
afterAll(async () => {
  await h.close();
});

test('every operation has a row, and every row an operation', () => {
  expect(Object.keys(MATRIX).sort()).toEqual([...routeIds].sort());
});

describe.each(routeIds.map((id) => [id]))('%s', (id) => {
  const row = MATRIX[id]!;
  const [method] = id.split(' ') as [string];
  test.each(PRINCIPALS.map((who) => [who, row?.expected[who]]))('%s: %s', async (who, expected) => {
    const call = await row.call(fixtures);
    const caller = h.as(who === 'anonymous' ? undefined : who);
    let req = caller.call(method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete', `/v2${call.path}`, call.file ? undefined : call.body);
    if (call.file) req = req.attach('resources', Buffer.from(call.file.xml), call.file.name);
    const res = await req;
    expect(res.status).toBeLessThan(500);
    if (expected === 'allowed') {
      const outcome = [401, 403].includes(res.status) ? `denied ${res.status}: ${res.body?.detail}` : 'allowed';
      expect(outcome).toBe('allowed');
    } else if (who === 'anonymous') {
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic /);
    } else {
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
