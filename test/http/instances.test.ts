// Instances through the API: an auditor reads an instance with its element history (who
// completed each user task), every value each variable took and who set it, and its audit events;
// others see only the instances they are part of. Incidents: listed, and retried until the
// instance completes.
import { createHttpHarness, type HttpHarness } from './harness.js';
import { bpmn } from '../engine/harness.js';
import { waitFor } from '../support/wait-for.js';
import type { Job } from '../../server/engine/port.js';

let h: HttpHarness;
beforeEach(async () => {
  h = await createHttpHarness();
});
afterEach(() => h.close());

const REVIEW = bpmn(
  'alta-red',
  `
    <bpmn:startEvent id="inicio" name="Solicitud recibida"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="revisar"/>
    <bpmn:userTask id="revisar" name="Revisar solicitud">
      <bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="revisar" targetRef="fin"/>
    <bpmn:endEvent id="fin" name="Atendida"/>`,
);

async function user(username: string) {
  const found = await h.identity.findByUsername(username);
  if (!found) throw new Error(`no user ${username}`);
  return found;
}

/** Starts the review process as `solicitante` and completes its task as `mesa-ayuda`, recording the audit events the start and tasklist routes record. */
async function startAndComplete() {
  await h.engine.createDeployment({ resources: [{ name: 'alta-red.bpmn', content: REVIEW }] });
  const requester = await user('solicitante');
  const staff = await user('mesa-ayuda');
  const { processInstanceKey } = await h.engine.createProcessInstance({
    processDefinitionId: 'alta-red',
    variables: { iniciadoPor: { id: requester.id, nombre: requester.displayName }, estado: 'nuevo', ip: '10.1.2.3' },
  });
  await h.audit.record({ actor: { id: requester.id, name: requester.displayName }, action: 'instance.start', processInstanceKey, data: { estado: 'nuevo', ip: '10.1.2.3' } });
  const task = await waitFor(async () => (await h.engine.searchUserTasks({ filter: { processInstanceKey, state: 'CREATED' } })).items[0], 5000, 'the review task');
  await h.clock.advance('PT2H');
  await h.engine.assignUserTask({ userTaskKey: task.userTaskKey!, assignee: staff.username });
  await h.audit.record({ actor: { id: staff.id, name: staff.displayName }, action: 'task.claim', processInstanceKey, userTaskKey: task.userTaskKey! });
  await h.clock.advance('PT1H');
  await h.engine.completeUserTask({ userTaskKey: task.userTaskKey!, variables: { estado: 'revisado', comentario: 'Procede' } });
  await h.audit.record({
    actor: { id: staff.id, name: staff.displayName },
    action: 'task.complete',
    processInstanceKey,
    userTaskKey: task.userTaskKey!,
    data: { estado: 'revisado', comentario: 'Procede' },
  });
  await waitFor(async () => (await h.engine.getProcessInstance({ processInstanceKey })).state === 'COMPLETED', 5000, 'the instance to complete');
  return { processInstanceKey, userTaskKey: task.userTaskKey!, requester, staff };
}

const DUE_IN_AN_HOUR = bpmn(
  'con-plazo',
  `
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="atender"/>
    <bpmn:userTask id="atender" name="Atender">
      <bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/><zeebe:taskSchedule dueDate="=string(now() + duration(&quot;PT1H&quot;))"/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="atender" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
);

describe('SLA of an instance', () => {
  it('reports each user task and the instance on time, then breached by how many minutes once the due date passes', async () => {
    await h.engine.createDeployment({ resources: [{ name: 'con-plazo.bpmn', content: DUE_IN_AN_HOUR }] });
    const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'con-plazo' });
    await waitFor(async () => (await h.engine.searchUserTasks({ filter: { processInstanceKey } })).items[0], 5000, 'the task');

    const early = (await (await h.signIn('auditor')).get(`/api/instances/${processInstanceKey}`)).body;
    expect(early.sla).toMatchObject({ status: 'on-time', byMinutes: 60 });
    expect(early.elements.find((e: { elementId: string }) => e.elementId === 'atender').sla).toMatchObject({ status: 'on-time' });

    await h.clock.advance('PT1H30M');
    const late = (await (await h.signIn('auditor')).get(`/api/instances/${processInstanceKey}`)).body;
    expect(late.sla).toMatchObject({ status: 'breached', byMinutes: 30 });
  });
});

describe('reading an instance', () => {
  it('shows an auditor the element history with who completed the task, every value of each variable with who set it, and the audit events; the chain verifies intact', async () => {
    const { processInstanceKey, userTaskKey, staff, requester } = await startAndComplete();
    const auditor = await h.signIn('auditor');

    const res = await auditor.get(`/api/instances/${processInstanceKey}`);
    expect(res.status).toBe(200);
    expect(res.body.instance).toMatchObject({ processInstanceKey, processDefinitionId: 'alta-red', state: 'COMPLETED', iniciadoPor: { id: requester.id } });
    expect(res.body.elements.map((e: { elementId: string; type: string; state: string }) => [e.elementId, e.type, e.state])).toEqual([
      ['inicio', 'START_EVENT', 'COMPLETED'],
      ['revisar', 'USER_TASK', 'COMPLETED'],
      ['fin', 'END_EVENT', 'COMPLETED'],
    ]);
    const review = res.body.elements[1];
    expect(review).toMatchObject({ name: 'Revisar solicitud', userTaskKey, completedBy: { id: staff.id, name: staff.displayName } });
    expect(Date.parse(review.endDate) - Date.parse(review.startDate)).toBe(3 * 3600_000);

    const estado = res.body.variables.find((v: { name: string }) => v.name === 'estado');
    expect(estado).toMatchObject({ scope: 'proceso', value: 'revisado' });
    expect(estado.history.map((c: { value: unknown }) => c.value)).toEqual(['nuevo', 'revisado']);
    expect(estado.history[0].changedBy).toEqual({ id: requester.id, name: requester.displayName });
    expect(estado.history[1].changedBy).toEqual({ id: staff.id, name: staff.displayName });
    expect(res.body.audit.map((e: { action: string }) => e.action)).toEqual(['instance.start', 'task.claim', 'task.complete']);
    expect(res.body.incidents).toEqual([]);
    expect(res.body.diagram).toBe(`/api/instances/${processInstanceKey}/diagram`);

    const diagram = await auditor.get(res.body.diagram);
    expect(diagram.status).toBe(200);
    expect(diagram.headers['content-type']).toMatch(/^application\/xml/);
    expect(diagram.text).toContain('<bpmn:userTask id="revisar"');

    const verify = await auditor.get('/api/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ intact: true });
    expect(verify.body.events).toBeGreaterThanOrEqual(3);
  });

  it('lists instances with filters: everything for an auditor, only their own for the requester, what staff worked on or are offered, nothing for others', async () => {
    const { processInstanceKey, requester } = await startAndComplete();
    const other = await h.engine.createProcessInstance({ processDefinitionId: 'alta-red', variables: { estado: 'nuevo' } });

    const auditor = await h.signIn('auditor');
    const all = await auditor.get('/api/instances');
    expect(all.status).toBe(200);
    expect(all.body.items.map((i: { processInstanceKey: string }) => i.processInstanceKey).sort()).toEqual([processInstanceKey, other.processInstanceKey].sort());
    const mine = await auditor.get(`/api/instances?startedBy=${requester.id}`);
    expect(mine.body.items.map((i: { processInstanceKey: string }) => i.processInstanceKey)).toEqual([processInstanceKey]);
    const byName = await auditor.get('/api/instances?startedBy=solicitante');
    expect(byName.body.items.map((i: { processInstanceKey: string }) => i.processInstanceKey)).toEqual([processInstanceKey]);
    expect((await auditor.get('/api/instances?startedBy=nadie')).body.items).toEqual([]);
    expect((await auditor.get('/api/instances?state=ACTIVE')).body.items.map((i: { processInstanceKey: string }) => i.processInstanceKey)).toEqual([other.processInstanceKey]);
    expect((await auditor.get('/api/instances?withIncident=true')).body.items).toEqual([]);
    expect((await auditor.get('/api/instances?startedFrom=2026-03-03T00:00:00Z')).body.items).toEqual([]);
    const paged = await auditor.get('/api/instances?limit=1');
    expect(paged.body.items).toHaveLength(1);
    const rest = await auditor.get(`/api/instances?limit=1&cursor=${encodeURIComponent(paged.body.nextCursor)}`);
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.items[0].processInstanceKey).not.toBe(paged.body.items[0].processInstanceKey);

    const requesterAgent = await h.signIn('solicitante');
    expect((await requesterAgent.get('/api/instances')).body.items.map((i: { processInstanceKey: string }) => i.processInstanceKey)).toEqual([processInstanceKey]);
    expect((await requesterAgent.get(`/api/instances/${processInstanceKey}`)).status).toBe(200);
    expect((await requesterAgent.get(`/api/instances/${other.processInstanceKey}`)).status).toBe(403);
    // The help desk sees the one it worked on, and the other too: its "Revisar solicitud" is offered to
    // mesa-ayuda, unclaimed — candidates read a case before claiming it (issue 13).
    const desk = await h.signIn('mesa-ayuda');
    expect((await desk.get('/api/instances')).body.items.map((i: { processInstanceKey: string }) => i.processInstanceKey).sort()).toEqual(
      [processInstanceKey, other.processInstanceKey].sort(),
    );
    expect((await desk.get(`/api/instances/${other.processInstanceKey}`)).status).toBe(200);
    const stranger = await h.signIn('red-datos');
    expect((await stranger.get('/api/instances')).body.items).toEqual([]);
    const denied = await stranger.get(`/api/instances/${processInstanceKey}`);
    expect(denied.status).toBe(403);
    expect(denied.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await stranger.get(`/api/instances/${processInstanceKey}/diagram`)).status).toBe(403);
  });

  it('names the deployed processes to filter by, each once with its versions and the latest name, for any signed-in user', async () => {
    await h.engine.createDeployment({ resources: [{ name: 'alta-red.bpmn', content: REVIEW }] });
    await h.engine.createDeployment({ resources: [{ name: 'alta-red.bpmn', content: REVIEW.replace('name="Revisar solicitud"', 'name="Revisar la solicitud"') }] });
    const named = bpmn('baja-red', '<bpmn:startEvent id="inicio"/>').replace('name="baja-red"', 'name="Baja de red"');
    await h.engine.createDeployment({ resources: [{ name: 'baja-red.bpmn', content: named }] });

    const res = await (await h.signIn('solicitante')).get('/api/instances/processes');
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.items.map((p: { processDefinitionId: string }) => [p.processDefinitionId, p]));
    expect(byId['alta-red']).toMatchObject({ versions: [1, 2] });
    expect(byId['baja-red']).toEqual({ processDefinitionId: 'baja-red', name: 'Baja de red', versions: [1] });
  });

  it('answers 400 naming a malformed filter, 404 for an unknown instance and 401 without a session', async () => {
    const auditor = await h.signIn('auditor');
    const bad = await auditor.get('/api/instances?state=DORMIDA&startedFrom=ayer');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['query/startedFrom', 'query/state']);
    expect((await auditor.get('/api/instances/999999')).status).toBe(404);
    const anonymous = await (await import('supertest')).default(h.app).get('/api/instances');
    expect(anonymous.status).toBe(401);
  });
});

describe('incidents', () => {
  const CHARGE = bpmn(
    'cobro',
    `
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="cobrar"/>
    <bpmn:serviceTask id="cobrar" name="Registrar cobro"><bpmn:extensionElements><zeebe:taskDefinition type="test.cobro" retries="1"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="cobrar" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
  );

  it('given a job that failed with no retries left, a process owner retries the incident and the instance completes once the worker succeeds', async () => {
    await h.engine.createDeployment({ resources: [{ name: 'cobro.bpmn', content: CHARGE }] });
    let healthy = false;
    const worker = h.engine.createJobWorker({
      jobType: 'test.cobro',
      maxParallelJobs: 1,
      jobTimeoutMs: 60_000,
      pollIntervalMs: 5,
      jobHandler: (job: Job) => (healthy ? job.complete({ cobrado: true }) : job.fail({ retries: 0, errorMessage: 'el sistema de cobro no responde' })),
    });
    try {
      const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'cobro' });
      const auditor = await h.signIn('auditor');
      const listed = await waitFor(async () => {
        const res = await auditor.get(`/api/incidents?processInstanceKey=${processInstanceKey}&state=ACTIVE`);
        return res.body.items?.length ? res.body.items : undefined;
      });
      expect(listed[0]).toMatchObject({ errorType: 'JOB_NO_RETRIES', elementId: 'cobrar', errorMessage: 'el sistema de cobro no responde' });
      const withIncident = (await auditor.get('/api/instances?withIncident=true')).body.items;
      expect(withIncident.map((i: { processInstanceKey: string; openIncidents?: number }) => [i.processInstanceKey, i.openIncidents])).toEqual([[processInstanceKey, 1]]);

      // The auditor reads but does not operate.
      expect((await auditor.post(`/api/incidents/${listed[0].incidentKey}/retry`)).status).toBe(403);
      expect((await (await h.signIn('mesa-ayuda')).get('/api/incidents')).status).toBe(403);

      healthy = true;
      const owner = await h.signIn('process-owner');
      const retry = await owner.post(`/api/incidents/${listed[0].incidentKey}/retry`);
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ incidentKey: listed[0].incidentKey, processInstanceKey, retriesSet: true });
      await waitFor(async () => (await h.engine.getProcessInstance({ processInstanceKey })).state === 'COMPLETED', 5000, 'the instance to complete');
      const again = await owner.post(`/api/incidents/${listed[0].incidentKey}/retry`);
      expect(again.status).toBe(409);

      const { items } = await h.audit.query({ action: 'incident.retry' });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ processInstanceKey, subject: listed[0].incidentKey, data: { errorType: 'JOB_NO_RETRIES', elementId: 'cobrar' } });
    } finally {
      worker.stop();
    }
  });
});
