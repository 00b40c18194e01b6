// Each /v2 operation in-process (supertest, HTTP Basic as the demo users): its answer's shape as the
// Camunda 8.8 API gives it, its refusals as problems (unknown keys 404, bad bodies 400, missing
// permissions 403), the rules it shares with the rest of the API (who may start, see, work on what)
// and the audit events it leaves. Jobs are in jobs.test.ts; the SDK's own schemas police the shapes
// in sdk-shapes.test.ts.
import { fileURLToPath } from 'node:url';
import { loadForms } from '../../../forms/index.js';
import { bpmn, createV2Harness, type V2Harness } from './harness.js';

const RED_DATOS = 'dgsti-p01-pr05-red-datos';
const RED_DATOS_FILE = fileURLToPath(new URL(`../../../processes/${RED_DATOS}.bpmn`, import.meta.url));
const solicitud = loadForms().get('dgsti-p01-pr05-solicitud')!.examples.valid[0]!;

/** start → user task for `group` with the survey form → end. */
const withUserTask = (id: string, group: string) =>
  bpmn(
    id,
    `<bpmn:startEvent id="inicio"/><bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="tarea"/>
    <bpmn:userTask id="tarea" name="Encuesta"><bpmn:extensionElements><zeebe:userTask/><zeebe:formDefinition externalReference="dgsti-p01-pr03-encuesta"/><zeebe:assignmentDefinition candidateGroups="${group}"/></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="tarea" targetRef="fin"/><bpmn:endEvent id="fin"/>`,
  );

const straightThrough = bpmn(
  'v2-directo',
  `<bpmn:startEvent id="inicio"/><bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="calculo"/>
  <bpmn:scriptTask id="calculo"><bpmn:extensionElements><zeebe:script expression="=a + 1" resultVariable="b"/></bpmn:extensionElements></bpmn:scriptTask>
  <bpmn:sequenceFlow id="f2" sourceRef="calculo" targetRef="fin"/><bpmn:endEvent id="fin"/>`,
);

const waitsForMessage = bpmn(
  'v2-mensaje',
  `<bpmn:startEvent id="inicio"/><bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="espera"/>
  <bpmn:intermediateCatchEvent id="espera"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="espera" targetRef="fin"/><bpmn:endEvent id="fin"/>`,
).replace(
  '</bpmn:definitions>',
  '<bpmn:message id="m1" name="pago-recibido"><bpmn:extensionElements><zeebe:subscription correlationKey="=referencia"/></bpmn:extensionElements></bpmn:message></bpmn:definitions>',
);

let h: V2Harness;

beforeAll(async () => {
  h = await createV2Harness();
  await h.engine.createDeployment({
    resources: [
      { name: 'v2-tarea-po.bpmn', content: withUserTask('v2-tarea-po', 'process-owner') },
      { name: 'v2-tarea-rd.bpmn', content: withUserTask('v2-tarea-rd', 'red-datos') },
      { name: 'v2-directo.bpmn', content: straightThrough },
      { name: 'v2-mensaje.bpmn', content: waitsForMessage },
    ],
  });
  await h.engine.deployResourcesFromFiles([RED_DATOS_FILE]);
});
afterAll(async () => {
  await h.close();
});

async function openTask(processId: string) {
  const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: processId });
  const { items } = await h.engine.searchUserTasks({ filter: { processInstanceKey } });
  return { processInstanceKey, userTaskKey: items[0]!.userTaskKey! };
}

describe('cluster', () => {
  test('topology: one broker, one healthy leader partition', async () => {
    const res = await h.as('auditor').get('/v2/topology');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      brokers: [{ nodeId: 0, partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }] }],
    });
  });

  test('the licence: none is needed for the embedded engine', async () => {
    expect((await h.as('auditor').get('/v2/license')).body).toEqual({ validLicense: true, licenseType: 'oficio-embedded', isCommercial: false });
  });
});

describe('POST /v2/deployments', () => {
  const xml = withUserTask('v2-desplegado', 'process-owner');

  test('a process owner deploys a multipart upload; the answer lists the process; the deploy is audited', async () => {
    const res = await h
      .as('process-owner')
      .post('/v2/deployments')
      .attach('resources', Buffer.from(xml), { filename: 'v2-desplegado.bpmn', contentType: 'application/xml' })
      .field('tenantId', '<default>');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tenantId: '<default>',
      deploymentKey: expect.stringMatching(/^\d+$/),
      deployments: [
        {
          processDefinition: {
            processDefinitionId: 'v2-desplegado',
            processDefinitionVersion: 1,
            resourceName: 'v2-desplegado.bpmn',
            tenantId: '<default>',
            processDefinitionKey: expect.stringMatching(/^\d+$/),
          },
        },
      ],
    });
    const [event] = await h.events('model.deploy');
    expect(event).toMatchObject({
      actor: { name: expect.any(String), roles: ['process-owner'] },
      subject: 'v2-desplegado',
      data: { via: 'camunda-api', version: 1, processDefinitionKey: res.body.deployments[0].processDefinition.processDefinitionKey, resourceName: 'v2-desplegado.bpmn' },
    });
  });

  test("a model the engine cannot run is refused naming the element, in the caller's language, and audited", async () => {
    const broken = bpmn('v2-roto', '<bpmn:startEvent id="inicio"/><bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="cobrar"/><bpmn:serviceTask id="cobrar"/>');
    const res = await h.as('admin').post('/v2/deployments').attach('resources', Buffer.from(broken), 'v2-roto.bpmn');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'INVALID_ARGUMENT', status: 400, errors: [{ field: 'v2-roto.bpmn#cobrar', code: expect.any(String) }] });
    expect(res.body.detail).toMatch(/^El modelo no se puede desplegar: v2-roto\.bpmn#cobrar: /);
    expect((await h.events('model.deployRefused')).at(-1)).toMatchObject({ subject: 'v2-roto.bpmn', data: { via: 'camunda-api', resources: ['v2-roto.bpmn'] } });
  });

  test('only with models.deploy', async () => {
    const res = await h.as('auditor').post('/v2/deployments').attach('resources', Buffer.from(xml), 'v2-desplegado.bpmn');
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/models\.deploy/);
  });

  test('JSON instead of files, no file, another tenant: 400 saying what is wrong', async () => {
    const json = await h.as('admin').post('/v2/deployments', { resources: [xml] });
    expect(json.status).toBe(400);
    expect(json.body.detail).toBe('Un despliegue se envía como multipart/form-data, con cada archivo en el campo «resources».');
    const none = await h.as('admin').post('/v2/deployments').field('tenantId', '<default>');
    expect(none.body.detail).toBe('El despliegue no trae ningún archivo en «resources».');
    const tenant = await h.as('admin').post('/v2/deployments').attach('resources', Buffer.from(xml), 'x.bpmn').field('tenantId', 'otra-dependencia');
    expect(tenant.status).toBe(400);
    expect(tenant.body.detail).toMatch(/otra-dependencia/);
  });
});

describe('process definitions', () => {
  test('search, one by key and its BPMN, for those who edit models or see every instance', async () => {
    const search = await h.as('auditor').post('/v2/process-definitions/search', { filter: { processDefinitionId: 'v2-directo' } });
    expect(search.status).toBe(200);
    expect(search.body).toEqual({
      items: [
        {
          name: 'v2-directo',
          resourceName: 'v2-directo.bpmn',
          version: 1,
          processDefinitionId: 'v2-directo',
          tenantId: '<default>',
          processDefinitionKey: expect.any(String),
          hasStartForm: false,
        },
      ],
      page: { totalItems: 1 },
    });
    const key = search.body.items[0].processDefinitionKey;
    expect((await h.as('process-owner').get(`/v2/process-definitions/${key}`)).body).toEqual(search.body.items[0]);
    const xml = await h.as('process-owner').get(`/v2/process-definitions/${key}/xml`);
    expect(xml.headers['content-type']).toMatch(/^text\/xml/);
    expect(xml.text).toBe(straightThrough);
    expect((await h.as('red-datos').post('/v2/process-definitions/search', {})).status).toBe(403);
  });

  test('an unknown key is 404, a key that is not a number 400, a filter the engine cannot apply 400', async () => {
    const missing = await h.as('admin').get('/v2/process-definitions/2251799813999999');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ title: 'NOT_FOUND', detail: 'El motor no encontró «2251799813999999».' });
    expect((await h.as('admin').get('/v2/process-definitions/abc/xml')).status).toBe(400);
    const unsupported = await h.as('admin').post('/v2/process-definitions/search', { filter: { hasStartForm: true } });
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.errors[0]).toMatchObject({ field: 'body/filter', code: 'unrecognized_keys' });
  });
});

describe('process instances', () => {
  test('an operator starts any process with its variables; the start is audited with them', async () => {
    const res = await h
      .as('process-owner')
      .post('/v2/process-instances', { processDefinitionId: 'v2-tarea-po', variables: { referencia: 'A-1' }, processDefinitionVersion: -1, requestTimeout: '0', awaitCompletion: false });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      processDefinitionId: 'v2-tarea-po',
      processDefinitionVersion: 1,
      tenantId: '<default>',
      variables: {},
      processDefinitionKey: expect.stringMatching(/^\d+$/),
      processInstanceKey: expect.stringMatching(/^\d+$/),
    });
    const [event] = await h.events('instance.start', { processInstanceKey: res.body.processInstanceKey });
    expect(event).toMatchObject({ subject: 'v2-tarea-po', data: { via: 'camunda-api', processDefinitionId: 'v2-tarea-po', version: 1, data: { referencia: 'A-1' } } });
  });

  test('awaiting completion answers the root variables, only those asked for', async () => {
    const res = await h.as('admin').post('/v2/process-instances', { processDefinitionId: 'v2-directo', variables: { a: 1, c: 'x' }, awaitCompletion: true, fetchVariables: ['b'] });
    expect(res.status).toBe(200);
    expect(res.body.variables).toEqual({ b: 2 });
    expect((await h.engine.getProcessInstance({ processInstanceKey: res.body.processInstanceKey })).state).toBe('COMPLETED');
  });

  test('awaiting an instance that does not end in time is 504, and the instance goes on', async () => {
    const res = await h.as('admin').post('/v2/process-instances', { processDefinitionId: 'v2-tarea-po', awaitCompletion: true, requestTimeout: 150 });
    expect(res.status).toBe(504);
    expect(res.body).toMatchObject({ title: 'DEADLINE_EXCEEDED', detail: expect.stringMatching(/no terminó en 150 ms/) });
  });

  test('an unknown process is 404 as Camunda answers it; neither id nor key is 400', async () => {
    const res = await h.as('admin').post('/v2/process-instances', { processDefinitionId: 'no-existe' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'NOT_FOUND', status: 404, detail: 'El motor no encontró «no-existe».', instance: '/v2/process-instances' });
    expect(res.body.reason).toMatch(/process ID 'no-existe'/);
    const bad = await h.as('admin').post('/v2/process-instances', { variables: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'body/processDefinitionId', message: 'Indique el proceso: processDefinitionId o processDefinitionKey, uno de los dos.', code: 'v2.processNeeded' },
    ]);
    const instructions = await h
      .as('admin')
      .post('/v2/process-instances', { processDefinitionId: 'v2-directo', startInstructions: [{ elementId: 'fin' }] })
      .set('Accept-Language', 'en');
    expect(instructions.status).toBe(400);
    expect(instructions.body.detail).toBe('The request is not valid: body/startInstructions: The embedded engine does not support startInstructions.');
    const tenant = await h.as('admin').post('/v2/process-instances', { processDefinitionId: 'v2-directo', tenantId: 'otra' });
    expect(tenant.body.errors).toEqual([expect.objectContaining({ field: 'body/tenantId', message: 'El motor embebido tiene un solo tenant («<default>»); no existe «otra».' })]);
  });

  test('everyone else starts as in the catalogue: a starter group, data valid for the start form, iniciadoPor set', async () => {
    const allowed = await h.as('jefe-informatica').post('/v2/process-instances', { processDefinitionId: RED_DATOS, variables: solicitud });
    expect(allowed.status).toBe(200);
    const jefe = (await h.identity.findByUsername('jefe-informatica'))!;
    const { items } = await h.engine.searchVariables({ filter: { processInstanceKey: allowed.body.processInstanceKey, name: 'iniciadoPor' } });
    expect(JSON.parse(items[0]!.value)).toMatchObject({ id: jefe.id, username: 'jefe-informatica' });

    const notStarter = await h.as('solicitante').post('/v2/process-instances', { processDefinitionId: RED_DATOS, variables: solicitud });
    expect(notStarter.status).toBe(403);
    expect(notStarter.body.detail).toMatch(/jefe-informatica/);

    const invalid = await h.as('jefe-informatica').post('/v2/process-instances', { processDefinitionId: RED_DATOS, variables: {} });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.length).toBeGreaterThan(0);

    const noStartForm = await h.as('red-datos').post('/v2/process-instances', { processDefinitionId: 'v2-directo' });
    expect(noStartForm.status).toBe(404);
  });

  test('get: operators and readers of all; others only instances they are part of', async () => {
    const started = await h.as('jefe-informatica').post('/v2/process-instances', { processDefinitionId: RED_DATOS, variables: solicitud });
    const key = started.body.processInstanceKey;
    const res = await h.as('auditor').get(`/v2/process-instances/${key}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      processDefinitionId: RED_DATOS,
      processDefinitionName: expect.any(String),
      processDefinitionVersion: 1,
      processDefinitionVersionTag: 'DGSTI-P01-PR05',
      startDate: expect.stringMatching(/Z$/),
      state: 'ACTIVE',
      hasIncident: false,
      tenantId: '<default>',
      processInstanceKey: key,
      processDefinitionKey: started.body.processDefinitionKey,
    });
    expect((await h.as('jefe-informatica').get(`/v2/process-instances/${key}`)).status).toBe(200);
    expect((await h.as('solicitante').get(`/v2/process-instances/${key}`)).status).toBe(403);
    expect((await h.as('admin').get('/v2/process-instances/2251799813999999')).status).toBe(404);
  });

  test("search: everything for those who see all, one's own instances for the rest; pages with cursors", async () => {
    const mine = await h.as('jefe-informatica').post('/v2/process-instances/search', { filter: { processDefinitionId: RED_DATOS } });
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((i: { processDefinitionId: string }) => i.processDefinitionId === RED_DATOS)).toBe(true);
    expect((await h.as('solicitante').post('/v2/process-instances/search', {})).body).toEqual({ items: [], page: { totalItems: 0 } });

    const first = await h.as('admin').post('/v2/process-instances/search', { sort: [{ field: 'processInstanceKey', order: 'ASC' }], page: { limit: 1 } });
    expect(first.body.page.totalItems).toBeGreaterThan(1);
    expect(first.body.page.endCursor).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const second = await h.as('admin').post('/v2/process-instances/search', { sort: [{ field: 'processInstanceKey', order: 'ASC' }], page: { limit: 1, after: first.body.page.endCursor } });
    expect(BigInt(second.body.items[0].processInstanceKey)).toBeGreaterThan(BigInt(first.body.items[0].processInstanceKey));
  });

  test('cancel: those who operate instances; audited', async () => {
    const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'v2-tarea-po' });
    expect((await h.as('auditor').post(`/v2/process-instances/${processInstanceKey}/cancellation`, {})).status).toBe(403);
    expect((await h.as('process-owner').post(`/v2/process-instances/${processInstanceKey}/cancellation`, {})).status).toBe(204);
    expect((await h.engine.getProcessInstance({ processInstanceKey })).state).toBe('TERMINATED');
    expect(await h.events('instance.cancel', { processInstanceKey })).toEqual([expect.objectContaining({ subject: 'v2-tarea-po', data: { via: 'camunda-api' } })]);
    expect((await h.as('process-owner').post('/v2/process-instances/2251799813999999/cancellation', {})).status).toBe(404);
  });
});

describe('element instances, variables, incidents', () => {
  test('those who see all search freely; others only inside an instance they may see', async () => {
    const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'v2-tarea-po', variables: { monto: 10 } });
    const elements = await h.as('auditor').post('/v2/element-instances/search', { filter: { processInstanceKey }, sort: [{ field: 'elementInstanceKey', order: 'ASC' }] });
    expect(elements.status).toBe(200);
    expect(elements.body.items.map((e: { elementId: string }) => e.elementId)).toEqual(['inicio', 'tarea']);
    expect(elements.body.items[1]).toEqual({
      processDefinitionId: 'v2-tarea-po',
      startDate: expect.stringMatching(/Z$/),
      elementId: 'tarea',
      elementName: 'Encuesta',
      type: 'USER_TASK',
      state: 'ACTIVE',
      hasIncident: false,
      tenantId: '<default>',
      elementInstanceKey: expect.any(String),
      processInstanceKey,
      processDefinitionKey: expect.any(String),
    });
    const variables = await h.as('auditor').post('/v2/variables/search', { filter: { processInstanceKey, name: 'monto' } });
    expect(variables.body.items).toEqual([
      { name: 'monto', value: '10', tenantId: '<default>', variableKey: expect.any(String), scopeKey: processInstanceKey, processInstanceKey, isTruncated: false },
    ]);

    for (const path of ['/v2/element-instances/search', '/v2/variables/search', '/v2/incidents/search']) {
      const res = await h.as('red-datos').post(path, {});
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/processInstanceKey/);
      expect((await h.as('red-datos').post(path, { filter: { processInstanceKey } })).status).toBe(403);
    }
  });

  test('an incident is found and resolved by an operator, audited on its instance', async () => {
    const failing = bpmn(
      'v2-falla',
      '<bpmn:startEvent id="inicio"/><bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="cobro"/><bpmn:serviceTask id="cobro"><bpmn:extensionElements><zeebe:taskDefinition type="v2.falla" retries="1"/></bpmn:extensionElements></bpmn:serviceTask>',
    );
    await h.engine.createDeployment({ resources: [{ name: 'v2-falla.bpmn', content: failing }] });
    const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'v2-falla' });
    const [job] = await h.engine.activateJobs({ type: 'v2.falla', maxJobsToActivate: 1, timeout: 1000 });
    await h.engine.failJob({ jobKey: job!.jobKey, retries: 0, errorMessage: 'sin conexión' });
    const found = await h.as('admin').post('/v2/incidents/search', { filter: { processInstanceKey, state: 'ACTIVE' } });
    expect(found.body.items).toEqual([
      expect.objectContaining({
        errorType: 'JOB_NO_RETRIES',
        errorMessage: 'sin conexión',
        elementId: 'cobro',
        state: 'ACTIVE',
        processInstanceKey,
        jobKey: job!.jobKey,
        creationTime: expect.stringMatching(/Z$/),
      }),
    ]);
    const incidentKey = found.body.items[0].incidentKey;
    expect((await h.as('auditor').post(`/v2/incidents/${incidentKey}/resolution`, {})).status).toBe(403);
    expect((await h.as('process-owner').post(`/v2/incidents/${incidentKey}/resolution`, {})).status).toBe(204);
    expect(await h.events('incident.resolve', { processInstanceKey })).toEqual([
      expect.objectContaining({ subject: incidentKey, data: expect.objectContaining({ via: 'camunda-api', errorType: 'JOB_NO_RETRIES' }) }),
    ]);
    expect((await h.as('admin').post('/v2/incidents/2251799813999999/resolution', {})).status).toBe(404);
  });
});

describe('messages', () => {
  test('a publication reaches the instance waiting for it; audited; buffered ones too', async () => {
    const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'v2-mensaje', variables: { referencia: 'F-7' } });
    const res = await h.as('process-owner').post('/v2/messages/publication', { name: 'pago-recibido', correlationKey: 'F-7', variables: { importe: 120 }, timeToLive: '0' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ tenantId: '<default>', messageKey: expect.stringMatching(/^\d+$/) });
    expect((await h.engine.getProcessInstance({ processInstanceKey })).state).toBe('COMPLETED');
    expect((await h.events('message.publish')).at(-1)).toMatchObject({ subject: 'pago-recibido', data: { via: 'camunda-api', correlationKey: 'F-7', variables: { importe: 120 } } });

    await h.as('admin').post('/v2/messages/publication', { name: 'pago-recibido', correlationKey: 'F-8', timeToLive: 60_000 });
    const later = await h.engine.createProcessInstance({ processDefinitionId: 'v2-mensaje', variables: { referencia: 'F-8' } });
    expect((await h.engine.getProcessInstance({ processInstanceKey: later.processInstanceKey })).state).toBe('COMPLETED');
  });

  test('a correlation reaches the waiting instance; only operators send messages', async () => {
    const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'v2-mensaje', variables: { referencia: 'F-9' } });
    const res = await h.as('admin').post('/v2/messages/correlation', { name: 'pago-recibido', correlationKey: 'F-9' });
    expect(res.status).toBe(200);
    expect(res.body.tenantId).toBe('<default>');
    expect((await h.engine.getProcessInstance({ processInstanceKey })).state).toBe('COMPLETED');
    expect((await h.events('message.correlate')).at(-1)).toMatchObject({ subject: 'pago-recibido', data: { correlationKey: 'F-9' } });
    expect((await h.as('red-datos').post('/v2/messages/publication', { name: 'pago-recibido' })).status).toBe(403);
    expect((await h.as('admin').post('/v2/messages/publication', { correlationKey: 'x' })).status).toBe(400);
  });
});

describe('user tasks', () => {
  test("search and read: one's groups' tasks (everything for readers of all); others' tasks are not visible", async () => {
    const po = await openTask('v2-tarea-po');
    const rd = await openTask('v2-tarea-rd');
    const mine = await h.as('red-datos').post('/v2/user-tasks/search', { filter: { state: 'CREATED' } });
    const keys = mine.body.items.map((t: { userTaskKey: string }) => t.userTaskKey);
    expect(keys).toContain(rd.userTaskKey);
    expect(keys).not.toContain(po.userTaskKey);
    const all = await h.as('auditor').post('/v2/user-tasks/search', { filter: { processInstanceKey: po.processInstanceKey } });
    expect(all.body.items).toEqual([
      expect.objectContaining({
        userTaskKey: po.userTaskKey,
        name: 'Encuesta',
        state: 'CREATED',
        elementId: 'tarea',
        candidateGroups: ['process-owner'],
        externalFormReference: 'dgsti-p01-pr03-encuesta',
        processDefinitionId: 'v2-tarea-po',
        processInstanceKey: po.processInstanceKey,
        creationDate: expect.stringMatching(/Z$/),
        priority: 50,
        tenantId: '<default>',
      }),
    ]);
    expect((await h.as('red-datos').get(`/v2/user-tasks/${rd.userTaskKey}`)).body).toMatchObject({ userTaskKey: rd.userTaskKey, candidateGroups: ['red-datos'] });
    const hidden = await h.as('red-datos').get(`/v2/user-tasks/${po.userTaskKey}`);
    expect(hidden.status).toBe(403);
    expect((await h.as('red-datos').post('/v2/user-tasks/search', { filter: { candidateGroup: 'process-owner' } })).body.items).toEqual([]);
    expect((await h.as('admin').get('/v2/user-tasks/2251799813999999')).status).toBe(404);
  });

  test('assign to oneself claims; to a colleague reassigns with a reason; unassign gives it back — each audited', async () => {
    const task = await openTask('v2-tarea-po');
    expect((await h.as('process-owner').post(`/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'process-owner' })).status).toBe(204);
    expect((await h.engine.getUserTask({ userTaskKey: task.userTaskKey })).assignee).toBe('process-owner');
    expect(await h.events('task.claim', { processInstanceKey: task.processInstanceKey })).toHaveLength(1);

    const taken = await h.as('admin').post(`/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'admin', allowOverride: false });
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toBe(`La tarea ${task.userTaskKey} ya la tiene process-owner.`);

    expect((await h.as('red-datos').delete(`/v2/user-tasks/${task.userTaskKey}/assignee`)).status).toBe(403);
    expect((await h.as('process-owner').delete(`/v2/user-tasks/${task.userTaskKey}/assignee`)).status).toBe(204);
    expect(await h.events('task.unclaim', { processInstanceKey: task.processInstanceKey })).toHaveLength(1);

    const other = await openTask('v2-tarea-rd');
    await h.identity.createUser({ username: 'tecnico-redes-2', displayName: 'Técnico de redes', groups: ['red-datos'], password: 'Tecnico#2026redes' });
    expect((await h.as('red-datos').post(`/v2/user-tasks/${other.userTaskKey}/assignment`, { assignee: 'tecnico-redes-2' })).status).toBe(204);
    const [reassigned] = await h.events('task.reassign', { processInstanceKey: other.processInstanceKey });
    expect(reassigned).toMatchObject({ data: { to: { username: 'tecnico-redes-2' }, reason: 'Asignada mediante la API de Camunda (/v2).' } });
    const outsider = await h.as('red-datos').post(`/v2/user-tasks/${(await openTask('v2-tarea-rd')).userTaskKey}/assignment`, { assignee: 'auditor' });
    expect(outsider.status).toBe(400);
  });

  test("complete: variables checked against the task's form like the tasklist; only its candidates; audited", async () => {
    const task = await openTask('v2-tarea-po');
    const invalid = await h.as('process-owner').post(`/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { calificacion: 6, resuelto: true } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ title: 'INVALID_ARGUMENT', formId: 'dgsti-p01-pr03-encuesta', errors: [expect.objectContaining({ field: 'calificacion' })] });
    expect(invalid.body.detail).toMatch(/^Revise los campos señalados del formulario\. «Calificación del servicio \(1 a 5\)»/);

    expect((await h.as('red-datos').post(`/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { calificacion: 5, resuelto: true } })).status).toBe(403);
    expect((await h.as('process-owner').post(`/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { calificacion: 5, resuelto: true }, action: 'complete' })).status).toBe(204);
    expect((await h.engine.getProcessInstance({ processInstanceKey: task.processInstanceKey })).state).toBe('COMPLETED');
    expect(await h.events('task.complete', { processInstanceKey: task.processInstanceKey })).toEqual([
      expect.objectContaining({ userTaskKey: task.userTaskKey, data: { data: { calificacion: 5, resuelto: true } } }),
    ]);
    const again = await h.as('process-owner').post(`/v2/user-tasks/${task.userTaskKey}/completion`, {});
    expect(again.status).toBe(409);
  });
});
