// Issue 12 #1: an action and its audit event commit together or not at all. Each probe makes the
// audit write fail — a 1,001-level nested JSON value SQLite refuses, or a store that refuses the
// audit row outright (a full disk) — and expects the action undone (the task still open, no
// instance started, the incident still open), no event, and a retry that leaves exactly one of
// each. On an engine that cannot commit with the trail (Camunda) an intent is recorded before the
// call and confirmed after it; `audit verify` reports what the engine did without an event, and
// intents nobody confirmed, in words.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { FormDefinition } from '../../forms/index.js';
import { loadForms } from '../../forms/index.js';
import { type AuditEvent } from '../../server/core/audit/index.js';
import { createTasklist } from '../../server/core/tasks/index.js';
import { actorOf, activeMembersOf, type User } from '../../server/core/identity/index.js';
import { EngineError, type EnginePort } from '../../server/engine/port.js';
import { createApp } from '../../server/http/app.js';
import { runCli } from '../../server/cli.js';
import { readConfig } from '../../server/config.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import { TEST_HTTP } from '../http/harness.js';
import { createTestOficio, openTestOficio, testConfig, TEST_PASSWORD_COST, type TestOficio } from '../support/oficio.js';
import { refusing, refusingAudit, type RefusingStore } from '../support/refusing-audit.js';
import { waitFor } from '../support/wait-for.js';
import { startCamundaDouble } from '../engine/camunda/double.js';
import { STRICT } from '../engine/camunda/harness.js';
import { silentLogger } from '../../server/log.js';
import { createOficio } from '../../server/oficio.js';
import { checkAuditCompleteness, describeCompleteness } from '../../server/core/audit/completeness.js';

const START = '2026-03-02T15:00:00.000Z';
const PASSWORD = 'Oficio#2026demo';

// ---------------------------------------------------------------------------------------------
// Fixtures: a process started from a form, with a task of the help desk; one whose service task
// can be made to fail (an incident); one started by a message and one calling the first (the
// engine starts those instances itself).

const form = (id: string, fields: Record<string, object>): FormDefinition => ({
  id,
  title: { es: `Sonda ${id}`, en: `Probe ${id}` },
  schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: fields },
  uiSchema: {},
  labels: Object.fromEntries(Object.keys(fields).map((name) => [name, { es: name, en: name }])),
  manualReference: 'Prueba de seguridad (issue 12)',
  examples: { valid: [], invalid: [] },
});

const FORMS = new Map<string, FormDefinition>([
  ...loadForms(),
  ['sonda-inicio', form('sonda-inicio', { asunto: { type: 'string', maxLength: 200 }, detalle: {} })],
  ['sonda-tarea', form('sonda-tarea', { resolucion: { type: 'string', maxLength: 200 }, detalle: {} })],
]);

const definitions = (id: string, body: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs_${id}" targetNamespace="http://oficio.test">
  <bpmn:process id="${id}" name="${id}" isExecutable="true">
${body}
  </bpmn:process>
${extra}
</bpmn:definitions>`;

const START_WITH_FORM = `<bpmn:startEvent id="inicio"><bpmn:extensionElements><zeebe:properties><zeebe:property name="oficio:startForm" value="sonda-inicio"/></zeebe:properties></bpmn:extensionElements></bpmn:startEvent>`;

const TASK_PROCESS = definitions(
  'sonda-tarea',
  `${START_WITH_FORM}
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="revisar"/>
    <bpmn:userTask id="revisar" name="Revisar"><bpmn:extensionElements><zeebe:userTask/><zeebe:formDefinition externalReference="sonda-tarea"/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="revisar" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
);

const INCIDENT_PROCESS = definitions(
  'sonda-incidente',
  `${START_WITH_FORM}
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="paso"/>
    <bpmn:serviceTask id="paso" name="Paso automático"><bpmn:extensionElements><zeebe:taskDefinition type="sonda.paso" retries="1"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="paso" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
);

const MESSAGE_PROCESS = definitions(
  'sonda-mensaje',
  `<bpmn:startEvent id="inicio"><bpmn:messageEventDefinition messageRef="aviso"/></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="revisar"/>
    <bpmn:userTask id="revisar" name="Revisar"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="revisar" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
  '<bpmn:message id="aviso" name="sonda.aviso"/>',
);

const CALLER_PROCESS = definitions(
  'sonda-llamada',
  `${START_WITH_FORM}
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="llamar"/>
    <bpmn:callActivity id="llamar" name="Llamar"><bpmn:extensionElements><zeebe:calledElement processId="sonda-tarea" propagateAllChildVariables="false"/></bpmn:extensionElements></bpmn:callActivity>
    <bpmn:sequenceFlow id="f2" sourceRef="llamar" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
);

/** A JSON value nested `depth` levels deep: SQLite's JSON functions refuse more than 1,000. */
function nested(depth: number): unknown {
  let value: unknown = 'fondo';
  for (let i = 0; i < depth; i++) value = { nivel: value };
  return value;
}

// ---------------------------------------------------------------------------------------------
// The world of each test

let oficio: TestOficio;
let audited: RefusingStore;
let mesa: User;
let admin: User;

beforeEach(async () => {
  audited = refusingAudit(createSqliteStore({ path: ':memory:' }));
  oficio = await createTestOficio({ start: START, demoPassword: PASSWORD, store: audited.store, fileForms: FORMS });
  await oficio.engine.createDeployment({
    resources: [
      { name: 'sonda-tarea.bpmn', content: TASK_PROCESS },
      { name: 'sonda-incidente.bpmn', content: INCIDENT_PROCESS },
      { name: 'sonda-mensaje.bpmn', content: MESSAGE_PROCESS },
      { name: 'sonda-llamada.bpmn', content: CALLER_PROCESS },
    ],
  });
  mesa = (await oficio.identity.findByUsername('mesa-ayuda'))!;
  admin = (await oficio.identity.findByUsername('admin'))!;
  await oficio.identity.createUser({ username: 'luisa', displayName: 'Luisa Romo', groups: ['mesa-ayuda'], password: PASSWORD });
});

afterEach(async () => {
  audited.refuse(undefined);
  await oficio.close();
});

const events = async (action: string, filter: { processInstanceKey?: string; userTaskKey?: string } = {}): Promise<AuditEvent[]> =>
  (await oficio.audit.query({ action, ...filter }, { order: 'asc', limit: 1000 })).items;

const instancesOf = async (processId: string) => (await oficio.engine.searchProcessInstances({ filter: { processDefinitionId: processId } })).items;

/** Starts the task process as the help desk, through the catalogue; answers the instance and its open task. */
async function startTask(data: Record<string, unknown> = { asunto: 'Impresora' }) {
  const { processInstanceKey } = await oficio.catalogue.start('sonda-tarea', data, { kind: 'user', user: mesa, actor: actorOf(mesa) }, 'es');
  const { items } = await oficio.engine.searchUserTasks({ filter: { processInstanceKey } });
  return { processInstanceKey, userTaskKey: items[0]!.userTaskKey! };
}

const taskState = async (userTaskKey: string) => oficio.engine.getUserTask({ userTaskKey });

/** The incident process stopped at its service task by a job that failed with no retries left. */
async function incident() {
  const { processInstanceKey } = await oficio.catalogue.start('sonda-incidente', { asunto: 'Respaldo' }, { kind: 'user', user: admin, actor: actorOf(admin) }, 'es');
  const [job] = await oficio.engine.activateJobs({ type: 'sonda.paso', maxJobsToActivate: 1, timeout: 60_000 });
  await oficio.engine.failJob({ jobKey: job!.jobKey, retries: 0, errorMessage: 'El servidor de respaldos no contesta' });
  const { items } = await oficio.engine.searchIncidents({ filter: { processInstanceKey, state: 'ACTIVE' } });
  return { processInstanceKey, incidentKey: items[0]!.incidentKey!, jobKey: job!.jobKey };
}

// ---------------------------------------------------------------------------------------------

describe('a task completion whose audit event SQLite refuses (1,001 levels of nesting)', () => {
  it('leaves the task open and records nothing; a retry completes it with exactly one event', async () => {
    const { userTaskKey } = await startTask();

    await expect(oficio.tasklist.complete(mesa, actorOf(mesa), userTaskKey, { resolucion: 'Listo', detalle: nested(1001) }, 'es')).rejects.toMatchObject({ kind: 'unavailable' });

    expect((await taskState(userTaskKey)).state).toBe('CREATED');
    expect(await events('task.complete', { userTaskKey })).toHaveLength(0);

    await oficio.tasklist.complete(mesa, actorOf(mesa), userTaskKey, { resolucion: 'Listo' }, 'es');
    expect((await taskState(userTaskKey)).state).toBe('COMPLETED');
    expect(await events('task.complete', { userTaskKey })).toHaveLength(1);
    expect(await oficio.audit.verify()).toMatchObject({ intact: true });
  });
});

describe('an instance start whose audit event SQLite refuses (1,001 levels of nesting)', () => {
  it('starts no instance and records nothing; a retry starts exactly one with one event', async () => {
    const starter = { kind: 'user' as const, user: mesa, actor: actorOf(mesa) };

    await expect(oficio.catalogue.start('sonda-tarea', { asunto: 'Impresora', detalle: nested(1001) }, starter, 'es')).rejects.toMatchObject({ kind: 'unavailable' });

    expect(await instancesOf('sonda-tarea')).toHaveLength(0);
    expect(await events('instance.start')).toHaveLength(0);
    expect(await oficio.engine.searchUserTasks({})).toMatchObject({ items: [] });

    const { processInstanceKey } = await oficio.catalogue.start('sonda-tarea', { asunto: 'Impresora' }, starter, 'es');
    expect((await instancesOf('sonda-tarea')).map((i) => i.processInstanceKey)).toEqual([processInstanceKey]);
    expect((await events('instance.start')).map((e) => e.processInstanceKey)).toEqual([processInstanceKey]);
  });
});

describe('the tasklist when the store refuses the audit row (a full disk)', () => {
  it('a completion leaves the task open and unclaimed by it; the retry completes once', async () => {
    const { userTaskKey } = await startTask();
    await oficio.tasklist.claim(mesa, actorOf(mesa), userTaskKey);
    audited.refuse(refusing('task.complete'));

    await expect(oficio.tasklist.complete(mesa, actorOf(mesa), userTaskKey, { resolucion: 'Listo' }, 'es')).rejects.toMatchObject({ kind: 'unavailable' });
    expect((await taskState(userTaskKey)).state).toBe('CREATED');
    expect(await events('task.complete')).toHaveLength(0);

    audited.refuse(undefined);
    await oficio.tasklist.complete(mesa, actorOf(mesa), userTaskKey, { resolucion: 'Listo' }, 'es');
    expect((await taskState(userTaskKey)).state).toBe('COMPLETED');
    expect(await events('task.complete')).toHaveLength(1);
  });

  it('a claim, an unclaim and a reassignment change nothing when their events cannot be written', async () => {
    const { userTaskKey } = await startTask();

    audited.refuse(refusing('task.claim'));
    await expect(oficio.tasklist.claim(mesa, actorOf(mesa), userTaskKey)).rejects.toMatchObject({ kind: 'unavailable' });
    expect((await taskState(userTaskKey)).assignee).toBeUndefined();
    audited.refuse(undefined);
    await oficio.tasklist.claim(mesa, actorOf(mesa), userTaskKey);
    expect((await taskState(userTaskKey)).assignee).toBe('mesa-ayuda');

    audited.refuse(refusing('task.unclaim'));
    await expect(oficio.tasklist.unclaim(mesa, actorOf(mesa), userTaskKey)).rejects.toMatchObject({ kind: 'unavailable' });
    expect((await taskState(userTaskKey)).assignee).toBe('mesa-ayuda');

    audited.refuse(refusing('task.reassign'));
    await expect(oficio.tasklist.reassign(admin, actorOf(admin), userTaskKey, { assignee: 'luisa', reason: 'Vacaciones' })).rejects.toMatchObject({ kind: 'unavailable' });
    expect((await taskState(userTaskKey)).assignee).toBe('mesa-ayuda');

    audited.refuse(undefined);
    expect(await events('task.claim', { userTaskKey })).toHaveLength(1);
    expect(await events('task.unclaim', { userTaskKey })).toHaveLength(0);
    expect(await events('task.reassign', { userTaskKey })).toHaveLength(0);
  });
});

describe('the catalogue when the store refuses the audit row', () => {
  it('starts no instance', async () => {
    audited.refuse(refusing('instance.start'));
    await expect(oficio.catalogue.start('sonda-tarea', { asunto: 'Impresora' }, { kind: 'user', user: mesa, actor: actorOf(mesa) }, 'es')).rejects.toMatchObject({ kind: 'unavailable' });
    expect(await instancesOf('sonda-tarea')).toHaveLength(0);
  });
});

describe('POST /api/incidents/:key/retry when the store refuses the audit row', () => {
  it('leaves the incident open; the retry resolves it with one event', async () => {
    const { incidentKey } = await incident();
    const app = createApp({ ...oficio, http: TEST_HTTP });
    const agent = request.agent(app);
    const login = await agent.post('/api/auth/login').send({ username: 'admin', password: PASSWORD });
    const csrf = login.body.csrfToken as string;

    audited.refuse(refusing('incident.retry'));
    const refused = await agent.post(`/api/incidents/${incidentKey}/retry`).set('x-csrf-token', csrf).send({});
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect((await oficio.engine.searchIncidents({ filter: { incidentKey } })).items[0]).toMatchObject({ state: 'ACTIVE' });

    audited.refuse(undefined);
    expect((await agent.post(`/api/incidents/${incidentKey}/retry`).set('x-csrf-token', csrf).send({})).status).toBe(200);
    expect((await oficio.engine.searchIncidents({ filter: { incidentKey } })).items[0]).toMatchObject({ state: 'RESOLVED' });
    expect(await events('incident.retry')).toHaveLength(1);
  });
});

describe('/v2 when the store refuses the audit row', () => {
  const v2 = () => {
    const app = createApp({ ...oficio, http: TEST_HTTP });
    return (method: 'post' | 'delete', path: string, username: string, body?: object) => {
      const call = request(app)[method](path).auth(username, PASSWORD);
      return body === undefined ? call : call.send(body);
    };
  };

  it('an instance start (by an operator) starts nothing', async () => {
    const call = v2();
    audited.refuse(refusing('instance.start'));
    const res = await call('post', '/v2/process-instances', 'admin', { processDefinitionId: 'sonda-tarea', variables: { asunto: 'x' } });
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(await instancesOf('sonda-tarea')).toHaveLength(0);
  });

  it('a cancellation leaves the instance running', async () => {
    const { processInstanceKey } = await startTask();
    const call = v2();
    audited.refuse(refusing('instance.cancel'));
    expect((await call('post', `/v2/process-instances/${processInstanceKey}/cancellation`, 'admin', {})).status).toBeGreaterThanOrEqual(500);
    expect((await oficio.engine.getProcessInstance({ processInstanceKey })).state).toBe('ACTIVE');
  });

  it('a user task completion leaves the task open', async () => {
    const { userTaskKey } = await startTask();
    await oficio.tasklist.claim(mesa, actorOf(mesa), userTaskKey);
    const call = v2();
    audited.refuse(refusing('task.complete'));
    expect((await call('post', `/v2/user-tasks/${userTaskKey}/completion`, 'mesa-ayuda', { variables: { resolucion: 'Listo' } })).status).toBeGreaterThanOrEqual(500);
    expect((await taskState(userTaskKey)).state).toBe('CREATED');
  });

  it("a job's completion leaves the job to be done", async () => {
    const { processInstanceKey } = await oficio.catalogue.start('sonda-incidente', { asunto: 'Respaldo' }, { kind: 'user', user: admin, actor: actorOf(admin) }, 'es');
    const [job] = await oficio.engine.activateJobs({ type: 'sonda.paso', maxJobsToActivate: 1, timeout: 60_000 });
    const call = v2();
    audited.refuse(refusing('job.complete'));
    expect((await call('post', `/v2/jobs/${job!.jobKey}/completion`, 'admin', { variables: {} })).status).toBeGreaterThanOrEqual(500);
    expect((await oficio.engine.getProcessInstance({ processInstanceKey })).state).toBe('ACTIVE');
    audited.refuse(undefined);
    expect((await call('post', `/v2/jobs/${job!.jobKey}/completion`, 'admin', { variables: {} })).status).toBe(204);
    expect((await oficio.engine.getProcessInstance({ processInstanceKey })).state).toBe('COMPLETED');
    expect(await events('job.complete')).toHaveLength(1);
  });

  it('a message publication starts no instance by it', async () => {
    const call = v2();
    audited.refuse(refusing('message.publish'));
    expect((await call('post', '/v2/messages/publication', 'admin', { name: 'sonda.aviso', correlationKey: 'c-1', variables: {} })).status).toBeGreaterThanOrEqual(500);
    expect(await instancesOf('sonda-mensaje')).toHaveLength(0);
  });

  it("an incident's resolution leaves it open", async () => {
    const { incidentKey } = await incident();
    const call = v2();
    audited.refuse(refusing('incident.resolve'));
    expect((await call('post', `/v2/incidents/${incidentKey}/resolution`, 'admin', {})).status).toBeGreaterThanOrEqual(500);
    expect((await oficio.engine.searchIncidents({ filter: { incidentKey } })).items[0]).toMatchObject({ state: 'ACTIVE' });
  });
});

describe("the engine port's withinCommand hook", () => {
  it('a hook that throws rolls its command back: no instance, the task still open, nothing recorded as done', async () => {
    const boom = { withinCommand: async () => Promise.reject(new Error('the trail is gone')) };

    await expect(oficio.engine.createProcessInstance({ processDefinitionId: 'sonda-tarea', variables: {} }, boom)).rejects.toThrow('the trail is gone');
    expect(await instancesOf('sonda-tarea')).toHaveLength(0);

    const { userTaskKey } = await startTask();
    await expect(oficio.engine.assignUserTask({ userTaskKey, assignee: 'mesa-ayuda' }, boom)).rejects.toThrow('the trail is gone');
    await expect(oficio.engine.completeUserTask({ userTaskKey, variables: {} }, boom)).rejects.toThrow('the trail is gone');
    expect(await taskState(userTaskKey)).toMatchObject({ state: 'CREATED' });
    expect((await taskState(userTaskKey)).assignee).toBeUndefined();
    expect((await oficio.engine.searchCommandHistory({ filter: { userTaskKey } })).items).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// An engine that cannot commit with Oficio's store (what the Camunda adapter is): the embedded
// engine seen through the port without its atomic hooks, refusing any, and failing as told.

type Failure = 'refused' | 'unreachable' | undefined;

function clusterLike(engine: EnginePort, failNext: () => Failure): EnginePort {
  const commands = new Set(['createProcessInstance', 'cancelProcessInstance', 'assignUserTask', 'unassignUserTask', 'completeUserTask', 'resolveIncident', 'publishMessage', 'updateJob']);
  return new Proxy(engine, {
    get(target, property) {
      if (property === 'atomicCommandHooks') return undefined;
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (!commands.has(String(property))) return (value as (...args: unknown[]) => unknown).bind(target);
      return async (input: unknown, options?: { withinCommand?: unknown }) => {
        if (options?.withinCommand) throw new EngineError('NOT_SUPPORTED', 'This engine cannot run work inside its commands');
        const failure = failNext();
        if (failure === 'refused') throw new EngineError('INVALID_STATE', 'The cluster refused the command');
        if (failure === 'unreachable') throw new EngineError('UNAVAILABLE', 'The cluster did not answer');
        return (value as (input: unknown) => Promise<unknown>).call(target, input);
      };
    },
  });
}

describe('on an engine that cannot commit with the trail (Camunda)', () => {
  let failure: Failure;
  const tasklistOn = () =>
    createTasklist({
      engine: clusterLike(oficio.engine, () => failure),
      store: oficio.store,
      audit: oficio.audit,
      forms: oficio.forms,
      findUser: (username) => oficio.identity.findByUsername(username),
      activeMembers: activeMembersOf(oficio.identity),
      now: oficio.now,
    });

  beforeEach(() => {
    failure = undefined;
  });

  it('records the intent before the call and a confirmation naming it after', async () => {
    const { userTaskKey } = await startTask();
    await tasklistOn().claim(mesa, actorOf(mesa), userTaskKey);

    const [intent] = await events('task.claim.intent', { userTaskKey });
    const [done] = await events('task.claim', { userTaskKey });
    expect(intent).toMatchObject({ actorId: mesa.id, userTaskKey, data: { assignee: 'mesa-ayuda' } });
    expect(done).toMatchObject({ actorId: mesa.id, userTaskKey, data: { intent: intent!.sequence } });
    expect(done!.sequence).toBeGreaterThan(intent!.sequence);
  });

  it('a refusal of the engine records that the intent failed; an engine that does not answer leaves it unconfirmed, and verify says so', async () => {
    const { userTaskKey } = await startTask();
    const tasklist = tasklistOn();
    await tasklist.claim(mesa, actorOf(mesa), userTaskKey);

    failure = 'refused';
    await expect(tasklist.complete(mesa, actorOf(mesa), userTaskKey, { resolucion: 'Listo' }, 'es')).rejects.toThrow();
    const [refusedIntent] = await events('task.complete.intent', { userTaskKey });
    expect(await events('task.complete.failed', { userTaskKey })).toMatchObject([{ data: { intent: refusedIntent!.sequence } }]);

    failure = 'unreachable';
    await expect(tasklist.complete(mesa, actorOf(mesa), userTaskKey, { resolucion: 'Listo' }, 'es')).rejects.toThrow();
    const intents = await events('task.complete.intent', { userTaskKey });
    expect(intents).toHaveLength(2);
    expect(await events('task.complete.failed', { userTaskKey })).toHaveLength(1);
    expect(await events('task.complete', { userTaskKey })).toHaveLength(0);

    const app = createApp({ ...oficio, http: TEST_HTTP });
    const agent = request.agent(app);
    await agent.post('/api/auth/login').send({ username: 'auditor', password: PASSWORD });
    const es = await agent.get('/api/audit/verify');
    expect(es.status).toBe(200);
    expect(es.body).toMatchObject({ intact: true, completeness: { complete: false } });
    const gap = (es.body.completeness.gaps as Array<{ kind: string; sequence?: number; message: string }>).find((g) => g.kind === 'unconfirmedIntent');
    expect(gap).toMatchObject({ sequence: intents[1]!.sequence });
    expect(gap!.message).toContain(userTaskKey);
    expect(gap!.message).toMatch(/sin confirmar|ninguna confirmación/i);
    const en = await agent.get('/api/audit/verify').set('Accept-Language', 'en');
    expect((en.body.completeness.gaps as Array<{ kind: string; message: string }>).find((g) => g.kind === 'unconfirmedIntent')!.message).toMatch(/not confirmed|no confirmation/i);
  });
});

// ---------------------------------------------------------------------------------------------

describe('audit verify: completeness', () => {
  async function verifyAs(locale: 'es' | 'en' = 'es') {
    const app = createApp({ ...oficio, http: TEST_HTTP });
    const agent = request.agent(app);
    await agent.post('/api/auth/login').send({ username: 'auditor', password: PASSWORD });
    const res = await agent.get('/api/audit/verify').set('Accept-Language', locale);
    expect(res.status).toBe(200);
    return res.body as {
      intact: boolean;
      completeness: {
        complete: boolean;
        checked: number;
        gaps: Array<{ kind: string; message: string; userTaskKey?: string; processInstanceKey?: string; incidentKey?: string }>;
        message: string;
      };
    };
  }

  it('given every action through the use cases — and instances the engine started itself — then the trail is complete', async () => {
    const { userTaskKey } = await startTask();
    await oficio.tasklist.claim(mesa, actorOf(mesa), userTaskKey);
    await oficio.tasklist.reassign(admin, actorOf(admin), userTaskKey, { assignee: 'luisa', reason: 'Vacaciones' });
    await oficio.tasklist.unclaim(admin, actorOf(admin), userTaskKey);
    await oficio.tasklist.complete(mesa, actorOf(mesa), userTaskKey, { resolucion: 'Listo' }, 'es');
    // Started by the engine itself: a message start, and a call activity's child.
    await oficio.engine.publishMessage({ name: 'sonda.aviso', correlationKey: '', variables: {} });
    await oficio.catalogue.start('sonda-llamada', { asunto: 'Llamada' }, { kind: 'user', user: mesa, actor: actorOf(mesa) }, 'es');
    expect(await instancesOf('sonda-mensaje')).toHaveLength(1);
    expect((await instancesOf('sonda-tarea')).filter((i) => i.parentProcessInstanceKey)).toHaveLength(1);

    const result = await verifyAs();
    expect(result.completeness).toMatchObject({ complete: true, gaps: [] });
    expect(result.completeness.checked).toBeGreaterThanOrEqual(6);
    expect(result.completeness.message).toMatch(/complet/i);
  });

  it('given a start, a completion, a claim and a retry made behind the trail’s back, then verify names each in Spanish and English', async () => {
    const started = await oficio.engine.createProcessInstance({ processDefinitionId: 'sonda-tarea', variables: { asunto: 'a escondidas' } });
    const { items } = await oficio.engine.searchUserTasks({ filter: { processInstanceKey: started.processInstanceKey } });
    const userTaskKey = items[0]!.userTaskKey!;
    await oficio.engine.assignUserTask({ userTaskKey, assignee: 'mesa-ayuda' });
    await oficio.engine.completeUserTask({ userTaskKey, variables: {} });
    const { incidentKey } = await incident();
    await oficio.engine.resolveIncident({ incidentKey });

    const es = await verifyAs('es');
    expect(es.intact).toBe(true);
    expect(es.completeness.complete).toBe(false);
    const kinds = es.completeness.gaps.map((g) => g.kind).sort();
    expect(kinds).toEqual(['incidentRetry', 'instanceStart', 'taskAssignment', 'taskCompletion']);
    const byKind = Object.fromEntries(es.completeness.gaps.map((g) => [g.kind, g]));
    expect(byKind.instanceStart).toMatchObject({ processInstanceKey: started.processInstanceKey });
    expect(byKind.instanceStart!.message).toContain(started.processInstanceKey);
    expect(byKind.taskCompletion).toMatchObject({ userTaskKey });
    expect(byKind.taskCompletion!.message).toMatch(new RegExp(`tarea ${userTaskKey}`));
    expect(byKind.incidentRetry).toMatchObject({ incidentKey });
    expect(es.completeness.message).toMatch(/incompleta/i);

    const en = await verifyAs('en');
    expect(Object.fromEntries(en.completeness.gaps.map((g) => [g.kind, g])).taskCompletion!.message).toMatch(new RegExp(`task ${userTaskKey}`));
    expect(en.completeness.message).toMatch(/incomplete/i);
  });

  it('`oficio audit verify` prints the gaps and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oficio-audit-'));
    try {
      const store = createSqliteStore({ path: readConfig({ OFICIO_DATA_DIR: dir }).sqlitePath });
      const local = await openTestOficio(store, { fileForms: FORMS });
      await local.engine.createDeployment({ resources: [{ name: 'sonda-tarea.bpmn', content: TASK_PROCESS }] });
      const started = await local.engine.createProcessInstance({ processDefinitionId: 'sonda-tarea', variables: {} });
      await local.close();

      let stdout = '';
      const code = await runCli(['audit', 'verify'], { stdout: (s) => (stdout += s), stderr: () => undefined, env: { OFICIO_DATA_DIR: dir, OFICIO_LANG: 'es' } });
      expect(code).toBe(1);
      expect(stdout).toContain('íntegra');
      expect(stdout).toContain(started.processInstanceKey);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('`oficio start-instance` is audited, so the trail it leaves is complete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oficio-audit-'));
    try {
      const store = createSqliteStore({ path: readConfig({ OFICIO_DATA_DIR: dir }).sqlitePath });
      const local = await openTestOficio(store, { fileForms: FORMS });
      await local.engine.createDeployment({ resources: [{ name: 'sonda-tarea.bpmn', content: TASK_PROCESS }] });
      await local.close();

      const cli = (args: string[]) => runCli(args, { stdout: () => undefined, stderr: () => undefined, env: { OFICIO_DATA_DIR: dir, OFICIO_LANG: 'es' } });
      expect(await cli(['start-instance', 'sonda-tarea', '--vars', '{"asunto":"desde la terminal"}'])).toBe(0);
      expect(await cli(['audit', 'verify'])).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The Camunda adapter itself, against the REST double of a cluster.

describe('on ENGINE=camunda (the REST double of a cluster)', () => {
  it('refuses hooks; a start and a completion are each an intent confirmed by its event; verify compares the completed tasks', async () => {
    const double = await startCamundaDouble();
    const camunda = await createOficio(testConfig({ ENGINE: 'camunda', ZEEBE_REST_ADDRESS: double.url, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_SDK_LOG_LEVEL: 'silent', ...STRICT }), {
      store: createSqliteStore({ path: ':memory:' }),
      fileForms: FORMS,
      passwordCost: TEST_PASSWORD_COST,
      log: silentLogger(),
    });
    try {
      expect(camunda.engine.atomicCommandHooks).toBeFalsy();
      await expect(camunda.engine.completeUserTask({ userTaskKey: '2251799813685249' }, { withinCommand: async () => undefined })).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });

      await camunda.identity.seedDemoUsers({ password: PASSWORD });
      const helpDesk = (await camunda.identity.findByUsername('mesa-ayuda'))!;
      await camunda.engine.createDeployment({ resources: [{ name: 'sonda-tarea.bpmn', content: TASK_PROCESS }] });
      const { processInstanceKey } = await camunda.catalogue.start('sonda-tarea', { asunto: 'Impresora' }, { kind: 'user', user: helpDesk, actor: actorOf(helpDesk) }, 'es');
      const trail = async (action: string) => (await camunda.audit.query({ action }, { order: 'asc' })).items;

      const [startIntent] = await trail('instance.start.intent');
      expect(startIntent).toMatchObject({ actorId: helpDesk.id, subject: 'sonda-tarea', data: { data: { asunto: 'Impresora' } } });
      expect(startIntent!.processInstanceKey).toBeUndefined();
      expect(await trail('instance.start')).toMatchObject([{ processInstanceKey, data: { intent: startIntent!.sequence } }]);

      const task = await waitFor(async () => (await camunda.engine.searchUserTasks({ filter: { processInstanceKey } })).items[0], 10_000, 'the task recorded by the listener');
      await camunda.tasklist.complete(helpDesk, actorOf(helpDesk), task.userTaskKey!, { resolucion: 'Listo' }, 'es');
      const [completeIntent] = await trail('task.complete.intent');
      expect(await trail('task.complete')).toMatchObject([{ userTaskKey: task.userTaskKey, data: { intent: completeIntent!.sequence } }]);
      await waitFor(async () => (await camunda.engine.getUserTask({ userTaskKey: task.userTaskKey! })).state === 'COMPLETED', 10_000, 'the completion recorded');

      const result = await checkAuditCompleteness(camunda);
      expect(result).toMatchObject({ complete: true, engineHistory: false, checked: 1, gaps: [] });
      expect(describeCompleteness(result, 'es')).toMatch(/tareas terminadas/);
    } finally {
      await camunda.close();
      await double.close();
    }
  });
});
