// The tasklist through the API, on the real Red de Datos model (PR05): who sees the "Ejecutar
// servicio" task (red-datos yes, mesa-ayuda no), claiming (409 when a colleague holds it),
// reassigning with a reason (PR03 3.b: both names in the audit trail) to one of the candidates the
// API names, drafts, completing with data
// validated against the task's form, filters and paging, and the SLA against the model's due date
// as the manual clock moves.
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import type { createApp } from '../../server/http/app.js';
import { loadForms } from '../../forms/index.js';
import { TASK_DRAFTS } from '../../server/core/tasks/index.js';
import { bpmn } from '../engine/harness.js';
import { waitFor } from '../support/wait-for.js';
import { createHttpHarness, DEMO_PASSWORD, type HttpHarness } from './harness.js';

const PROCESSES = fileURLToPath(new URL('../../processes/', import.meta.url));
const RED_DATOS = 'dgsti-p01-pr05-red-datos';
const solicitud = loadForms().get('dgsti-p01-pr05-solicitud')!.examples.valid[0]!;
const canalizacion = loadForms().get('dgsti-p01-canalizar-solicitud')!.examples.valid[0]!;
const trabajo = { trabajoRealizado: 'Se abrieron los puertos 80 y 443 en el firewall.', herramientas: 'Firewall perimetral' };

// A help-desk task, to see that groups do not see each other's work.
const MESA = bpmn(
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

let h: HttpHarness;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  h = await createHttpHarness();
  app = h.app;
  await h.engine.deployResourcesFromFiles([`${PROCESSES}${RED_DATOS}.bpmn`]);
  await h.engine.createDeployment({ resources: [{ name: 'revision-mesa.bpmn', content: MESA }] });
  await h.identity.createUser({ username: 'tecnico-redes', displayName: 'Técnico de redes 2', groups: ['red-datos'], password: DEMO_PASSWORD });
});
afterEach(async () => {
  await h.close();
});

const signIn = (username: string) => h.signIn(username);

/**
 * Starts a Red de Datos request through the API as jefe-informatica; mesa-ayuda claims and completes
 * the help desk's "Canalizar solicitud" (DGSTI-P01 A2) through the API; answers the key of the
 * "Ejecutar servicio" task that follows.
 */
async function requestRedDatos(): Promise<{ processInstanceKey: string; userTaskKey: string }> {
  const jefe = await signIn('jefe-informatica');
  const res = await jefe.post(`/api/processes/${RED_DATOS}/instances`, { data: solicitud });
  expect(res.status).toBe(201);
  const { processInstanceKey } = res.body as { processInstanceKey: string };
  await dispatch(processInstanceKey);
  const task = await waitFor(
    async () => {
      await h.engine.idle();
      return (await h.engine.searchUserTasks({ filter: { processInstanceKey, elementId: 'ejecutar-servicio' } })).items[0];
    },
    5000,
    'the request to reach "Ejecutar servicio"',
  );
  return { processInstanceKey, userTaskKey: task.userTaskKey! };
}

/** The help desk dispatches a request filed directly (A2): mesa-ayuda claims and completes "Canalizar solicitud". */
async function dispatch(processInstanceKey: string): Promise<void> {
  const task = await waitFor(
    async () => {
      await h.engine.idle();
      return (await h.engine.searchUserTasks({ filter: { processInstanceKey, elementId: 'canalizar-solicitud', state: 'CREATED' } })).items[0];
    },
    5000,
    'the request to reach "Canalizar solicitud"',
  );
  const mesa = await signIn('mesa-ayuda');
  expect((await mesa.post(`/api/tasks/${task.userTaskKey!}/claim`)).status).toBe(204);
  expect((await mesa.post(`/api/tasks/${task.userTaskKey!}/complete`, { data: canalizacion })).status).toBe(204);
  await h.engine.idle();
}

const keysOf = (res: request.Response) => (res.body.items as Array<{ userTaskKey: string }>).map((t) => t.userTaskKey);
const fieldsOf = (res: request.Response) => (res.body.errors as Array<{ field: string }>).map((e) => e.field).sort();

describe('who sees a task', () => {
  it('red-datos sees the Red de Datos task with its process, groups, due date and SLA; mesa-ayuda neither lists nor opens it', async () => {
    const { processInstanceKey, userTaskKey } = await requestRedDatos();
    const { processInstanceKey: mesaInstance } = await h.engine.createProcessInstance({ processDefinitionId: 'revision-mesa' });
    await h.engine.idle();

    const redes = await signIn('red-datos');
    const list = await redes.get('/api/tasks');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      {
        userTaskKey,
        name: 'Ejecutar servicio',
        elementId: 'ejecutar-servicio',
        state: 'CREATED',
        processDefinitionId: RED_DATOS,
        processName: 'Red de Datos',
        processInstanceKey,
        assignee: null,
        candidateGroups: ['red-datos'],
        dueDate: '2026-03-04T15:00:00.000Z',
        creationDate: '2026-03-02T15:00:00.000Z',
        completionDate: null,
        formId: 'dgsti-p01-pr05-ejecutar-servicio',
        sla: { status: 'on-time', byMinutes: 2 * 24 * 60, dueDate: '2026-03-04T15:00:00.000Z' },
        // The request's folio (the help desk's call gave the procedure its caller's) and who asked what.
        folio: expect.stringMatching(/^[A-Z]+-2026-000001$/),
        caseSummary: { requester: (await h.identity.findByUsername('jefe-informatica'))!.displayName, summary: solicitud.justificacion },
      },
    ]);

    const mesa = await signIn('mesa-ayuda');
    const mesaList = await mesa.get('/api/tasks');
    expect(mesaList.body.items.map((t: { processInstanceKey: string }) => t.processInstanceKey)).toEqual([mesaInstance]);
    const refused = await mesa.get(`/api/tasks/${userTaskKey}`);
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('urn:oficio:problem:tasks.notVisible');
    expect((await mesa.post(`/api/tasks/${userTaskKey}/claim`)).status).toBe(403);
    expect((await redes.get('/api/tasks/999999999')).status).toBe(404);

    // Auditors see every group's tasks, but seeing is not working on them.
    const auditor = await signIn('auditor');
    expect(keysOf(await auditor.get('/api/tasks'))).toHaveLength(2);
    expect((await auditor.post(`/api/tasks/${userTaskKey}/claim`)).status).toBe(403);
    expect((await request(app).get('/api/tasks')).status).toBe(401);
  });

  it("opens the task with its form in the caller's language, the instance's values of its fields and what the caller may do", async () => {
    const { userTaskKey } = await requestRedDatos();
    const redes = await signIn('red-datos');
    const res = await redes.get(`/api/tasks/${userTaskKey}`).set('Accept-Language', 'en');
    expect(res.status).toBe(200);
    expect(res.body.task.userTaskKey).toBe(userTaskKey);
    expect(res.body.form).toMatchObject({ id: 'dgsti-p01-pr05-ejecutar-servicio', schema: { required: ['trabajoRealizado'] } });
    expect(res.body.form.labels.trabajoRealizado).toEqual(expect.any(String));
    expect(res.body.data).toEqual({});
    expect(res.body.draft).toBeNull();
    expect(res.body.actions).toEqual({ claim: true, unclaim: false, reassign: true, complete: true, saveDraft: true });
  });

  it('lists a task assigned to the user outside their groups too', async () => {
    const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'revision-mesa' });
    await h.engine.idle();
    const [task] = (await h.engine.searchUserTasks({ filter: { processInstanceKey } })).items;
    await h.engine.assignUserTask({ userTaskKey: task!.userTaskKey!, assignee: 'red-datos' });
    const { userTaskKey } = await requestRedDatos();
    const redes = await signIn('red-datos');
    expect(keysOf(await redes.get('/api/tasks'))).toEqual([task!.userTaskKey, userTaskKey]);
    expect(keysOf(await redes.get('/api/tasks?assignee=me'))).toEqual([task!.userTaskKey]);
    expect((await redes.get(`/api/tasks/${task!.userTaskKey}`)).status).toBe(200);
  });
});

describe('working on a task', () => {
  it("claim, a colleague's claim → 409, reassign needs a reason and a candidate, and the audit event keeps both names", async () => {
    const { userTaskKey } = await requestRedDatos();
    const redes = await signIn('red-datos');
    const colega = await signIn('tecnico-redes');

    expect((await redes.post(`/api/tasks/${userTaskKey}/claim`)).status).toBe(204);
    expect((await redes.post(`/api/tasks/${userTaskKey}/claim`)).status).toBe(204); // already theirs: nothing changes
    const taken = await colega.post(`/api/tasks/${userTaskKey}/claim`);
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ type: 'urn:oficio:problem:tasks.assignedToOther', title: expect.stringContaining('red-datos') });
    expect((await colega.post(`/api/tasks/${userTaskKey}/unclaim`)).status).toBe(403);
    expect((await colega.post(`/api/tasks/${userTaskKey}/complete`, { data: trabajo })).status).toBe(403);

    const noReason = await redes.post(`/api/tasks/${userTaskKey}/reassign`, { assignee: 'tecnico-redes' });
    expect(noReason.status).toBe(400);
    expect(fieldsOf(noReason)).toEqual(['body/reason']);
    expect(fieldsOf(await redes.post(`/api/tasks/${userTaskKey}/reassign`, { assignee: 'tecnico-redes', reason: 'no ' }))).toEqual(['body/reason']);
    const outsider = await redes.post(`/api/tasks/${userTaskKey}/reassign`, { assignee: 'mesa-ayuda', reason: 'No alcanzo a atenderla hoy.' });
    expect(outsider.status).toBe(400);
    expect(outsider.body.errors).toEqual([{ field: 'body/assignee', message: expect.stringContaining('mesa-ayuda'), code: 'tasks.reassignTargetRefused' }]);

    const moved = await redes.post(`/api/tasks/${userTaskKey}/reassign`, { assignee: 'tecnico-redes', reason: 'Salgo a comisión; no alcanzo el tiempo de atención.' });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ assignee: 'tecnico-redes' });
    expect((await h.engine.getUserTask({ userTaskKey })).assignee).toBe('tecnico-redes');
    const { items } = await h.audit.query({ action: 'task.reassign', userTaskKey });
    const redDatos = (await h.identity.findByUsername('red-datos'))!;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      actor: { id: redDatos.id, name: redDatos.displayName },
      userTaskKey,
      data: {
        from: { username: 'red-datos', nombre: redDatos.displayName },
        to: { username: 'tecnico-redes', nombre: 'Técnico de redes 2' },
        reason: 'Salgo a comisión; no alcanzo el tiempo de atención.',
      },
    });
    expect((await h.audit.query({ action: 'task.claim', userTaskKey })).items).toHaveLength(1);

    // Only the holder or an admin gives it back.
    expect((await redes.post(`/api/tasks/${userTaskKey}/unclaim`)).status).toBe(403);
    expect((await (await signIn('admin')).post(`/api/tasks/${userTaskKey}/unclaim`)).status).toBe(204);
    expect((await h.engine.getUserTask({ userTaskKey })).assignee).toBeUndefined();
  });

  it('names whom the task may be reassigned to: the active users of its groups other than the caller, to whoever sees the task', async () => {
    const { userTaskKey } = await requestRedDatos();
    await h.identity.createUser({ username: 'tecnico-baja', displayName: 'Técnico dado de baja', groups: ['red-datos'], password: DEMO_PASSWORD, active: false });
    const redDatos = (await h.identity.findByUsername('red-datos'))!;

    const own = await (await signIn('red-datos')).get(`/api/tasks/${userTaskKey}/candidates`);
    expect(own.status).toBe(200);
    expect(own.body).toEqual({ items: [{ username: 'tecnico-redes', displayName: 'Técnico de redes 2' }] });
    const admin = await (await signIn('admin')).get(`/api/tasks/${userTaskKey}/candidates`);
    expect(admin.body.items.map((c: { username: string }) => c.username).sort()).toEqual(['red-datos', 'tecnico-redes']);
    expect(admin.body.items).toContainEqual({ username: 'red-datos', displayName: redDatos.displayName });

    const outsider = await (await signIn('mesa-ayuda')).get(`/api/tasks/${userTaskKey}/candidates`);
    expect(outsider.status).toBe(403);
    expect(outsider.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await (await signIn('red-datos')).get('/api/tasks/999999999/candidates')).status).toBe(404);
  });

  it('keeps a draft per user, refuses bad data naming the fields, completes with good data and the instance moves on', async () => {
    const { processInstanceKey, userTaskKey } = await requestRedDatos();
    const redes = await signIn('red-datos');
    await redes.post(`/api/tasks/${userTaskKey}/claim`);

    const saved = await redes.put(`/api/tasks/${userTaskKey}/draft`, { data: { herramientas: 'Firewall' } });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ data: { herramientas: 'Firewall' }, savedAt: '2026-03-02T15:00:00.000Z' });
    expect((await redes.get(`/api/tasks/${userTaskKey}`)).body.draft).toEqual(saved.body);
    expect((await (await signIn('tecnico-redes')).get(`/api/tasks/${userTaskKey}`)).body.draft).toBeNull();
    // The draft is in the store, not in memory: another app on the same store reads it.
    expect(await h.store.collection(TASK_DRAFTS).count({ userTaskKey })).toBe(1);

    const bad = await redes.post(`/api/tasks/${userTaskKey}/complete`, { data: { trabajoRealizado: 'ok', evidencia: { nombre: 'foto.jpg' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe('urn:oficio:problem:http.formInvalid');
    expect(fieldsOf(bad)).toEqual(['evidencia/id', 'trabajoRealizado']);
    expect(bad.body.errors.find((e: { field: string }) => e.field === 'trabajoRealizado').message).toMatch(/al menos 5 caracteres/);
    expect(JSON.stringify(bad.body)).not.toMatch(/stack|\.ts:\d+/);
    expect((await h.engine.getUserTask({ userTaskKey })).state).toBe('CREATED');

    const done = await redes.post(`/api/tasks/${userTaskKey}/complete`, { data: trabajo });
    expect(done.status).toBe(204);
    await waitFor(
      async () => {
        await h.engine.idle();
        return (await h.engine.getProcessInstance({ processInstanceKey })).state === 'COMPLETED';
      },
      5000,
      'the instance to complete',
    );
    expect((await h.engine.getProcessInstance({ processInstanceKey })).state).toBe('COMPLETED');
    expect(await h.store.collection(TASK_DRAFTS).count({ userTaskKey })).toBe(0);
    const { items } = await h.audit.query({ action: 'task.complete', userTaskKey });
    expect(items[0]).toMatchObject({ processInstanceKey, data: { data: trabajo } });
    expect((await redes.post(`/api/tasks/${userTaskKey}/complete`, { data: trabajo })).status).toBe(409);
    const completed = await redes.get('/api/tasks?state=COMPLETED');
    expect(completed.body.items).toEqual([expect.objectContaining({ userTaskKey, state: 'COMPLETED', sla: expect.objectContaining({ status: 'on-time' }) })]);
  });

  it('lets an unassigned candidate complete directly, claiming the task on completing', async () => {
    const { userTaskKey } = await requestRedDatos();
    const colega = await signIn('tecnico-redes');
    expect((await colega.post(`/api/tasks/${userTaskKey}/complete`, { data: trabajo })).status).toBe(204);
    const actions = (await h.audit.query({ userTaskKey }, { order: 'asc' })).items.map((e) => e.action);
    expect(actions).toEqual(['task.claim', 'task.complete']);
    expect((await h.engine.getUserTask({ userTaskKey })).assignee).toBe('tecnico-redes');
  });
});

describe('the dispatch names a technician (DGSTI-P01 A2)', () => {
  it('offers the active members of the group, by display name, to those who may dispatch; refuses anyone else on the field, in words; the chosen technician alone has the task', async () => {
    const jefe = await signIn('jefe-informatica');
    const started = await jefe.post(`/api/processes/${RED_DATOS}/instances`, { data: solicitud });
    expect(started.status).toBe(201);
    const { processInstanceKey } = started.body as { processInstanceKey: string };
    const canalizar = await waitFor(
      async () => {
        await h.engine.idle();
        return (await h.engine.searchUserTasks({ filter: { processInstanceKey, elementId: 'canalizar-solicitud', state: 'CREATED' } })).items[0];
      },
      5000,
      'the request to reach "Canalizar solicitud"',
    );
    const key = canalizar.userTaskKey!;
    await h.identity.createUser({ username: 'tecnico-baja', displayName: 'Técnico dado de baja', groups: ['red-datos'], password: DEMO_PASSWORD, active: false });

    const mesa = await signIn('mesa-ayuda');
    const detail = await mesa.get(`/api/tasks/${key}`);
    expect(detail.body.data).toMatchObject({ categoria: 'red-datos' });
    const people = await mesa.get(`/api/tasks/${key}/people?group=red-datos`);
    expect(people.status).toBe(200);
    expect(people.body).toEqual({
      items: [
        { username: 'red-datos', displayName: 'Técnico de Red de Datos' },
        { username: 'tecnico-redes', displayName: 'Técnico de redes 2' },
      ],
    });
    // Only those who may work the dispatch see the list; only the groups the form draws from.
    const redes = await signIn('red-datos');
    const notTheirs = await redes.get(`/api/tasks/${key}/people?group=red-datos`);
    expect(notTheirs.status).toBe(403);
    const otherGroup = await mesa.get(`/api/tasks/${key}/people?group=mesa-ayuda`);
    expect(otherGroup.status).toBe(400);
    expect(otherGroup.body.errors).toEqual([{ field: 'query/group', message: 'El formulario de esta tarea no elige personas del grupo «mesa-ayuda».', code: 'tasks.peopleGroupNotOffered' }]);
    expect(fieldsOf(await mesa.get(`/api/tasks/${key}/people`))).toEqual(['query/group']);

    // Someone outside the group, or no longer active: 400 on the field, in the caller's language.
    const dispatch = (tecnicoAsignado: string) => ({ data: { categoria: 'red-datos', confirmaCategoria: true, tecnicoAsignado } });
    const outsider = await mesa.post(`/api/tasks/${key}/complete`, dispatch('mesa-ayuda'));
    expect(outsider.status).toBe(400);
    expect(outsider.body.errors).toEqual([
      {
        field: 'tecnicoAsignado',
        message: '«Técnico que atenderá» debe ser un usuario activo del grupo «Técnico de Red de Datos»; «mesa-ayuda» no lo es. Elija a alguien de la lista.',
        code: 'x-oficio-person',
      },
    ]);
    const inactive = await mesa.post(`/api/tasks/${key}/complete`).set('Accept-Language', 'en').send(dispatch('tecnico-baja'));
    expect(inactive.status).toBe(400);
    expect(inactive.body.errors[0].message).toBe(
      '"Technician who will attend" must be an active user of the group "Data network technician"; "tecnico-baja" is not. Choose someone from the list.',
    );

    expect((await mesa.post(`/api/tasks/${key}/complete`, dispatch('tecnico-redes'))).status).toBe(204);
    const ejecutar = await waitFor(
      async () => {
        await h.engine.idle();
        return (await h.engine.searchUserTasks({ filter: { processInstanceKey, elementId: 'ejecutar-servicio', state: 'CREATED' } })).items[0];
      },
      5000,
      'the request to reach "Ejecutar servicio"',
    );
    expect(ejecutar.assignee).toBe('tecnico-redes');
    const tecnico = await signIn('tecnico-redes');
    expect(keysOf(await tecnico.get('/api/tasks?assignee=me'))).toEqual([ejecutar.userTaskKey]);
    expect(keysOf(await redes.get('/api/tasks?assignee=me'))).toEqual([]);
    const notHers = await redes.post(`/api/tasks/${ejecutar.userTaskKey}/complete`, { data: trabajo });
    expect(notHers.status).toBe(403);
    expect(notHers.body.title).toBe(`Solo quien tiene la tarea ${ejecutar.userTaskKey} (tecnico-redes) o un administrador puede hacer esto.`);
    expect((await tecnico.post(`/api/tasks/${ejecutar.userTaskKey}/complete`, { data: trabajo })).status).toBe(204);
  });
});

describe('filters and paging', () => {
  it('filters by assignee, group, process and due date, and pages with a cursor', async () => {
    const first = await requestRedDatos();
    await h.clock.advance('PT1H');
    const second = await requestRedDatos();
    await h.clock.advance('PT1H');
    const third = await requestRedDatos();
    const redes = await signIn('red-datos');
    await redes.post(`/api/tasks/${second.userTaskKey}/claim`);

    const page1 = await redes.get('/api/tasks?limit=2');
    expect(keysOf(page1)).toEqual([first.userTaskKey, second.userTaskKey]);
    const page2 = await redes.get(`/api/tasks?limit=2&cursor=${encodeURIComponent(page1.body.nextCursor)}`);
    expect(keysOf(page2)).toEqual([third.userTaskKey]);
    expect(page2.body.nextCursor).toBeUndefined();

    expect(keysOf(await redes.get('/api/tasks?assignee=me'))).toEqual([second.userTaskKey]);
    expect(keysOf(await redes.get('/api/tasks?assignee=none'))).toEqual([first.userTaskKey, third.userTaskKey]);
    expect(keysOf(await redes.get('/api/tasks?candidateGroup=mesa-ayuda'))).toEqual([]);
    expect(keysOf(await redes.get(`/api/tasks?processDefinitionId=${RED_DATOS}&candidateGroup=red-datos`))).toHaveLength(3);
    // Due two days after creation: 15:00, 16:00 and 17:00 on 4 March.
    expect(keysOf(await redes.get(`/api/tasks?dueBefore=${encodeURIComponent('2026-03-04T16:00:00Z')}`))).toEqual([first.userTaskKey]);
    expect(keysOf(await redes.get(`/api/tasks?dueAfter=${encodeURIComponent('2026-03-04T10:00:00-06:00')}`))).toEqual([first.userTaskKey, second.userTaskKey, third.userTaskKey].slice(1));

    const badCursor = await redes.get('/api/tasks?cursor=basura');
    expect(badCursor.status).toBe(400);
    expect(fieldsOf(badCursor)).toEqual(['query/cursor']);
    const badDate = await redes.get('/api/tasks?dueBefore=mañana');
    expect(fieldsOf(badDate)).toEqual(['query/dueBefore']);
  });
});

describe('the SLA', () => {
  it('is on time, then due soon in the last fifth of its 2 days, then breached by the minutes past the due date', async () => {
    const { userTaskKey } = await requestRedDatos();
    // Sessions expire as the clock moves too: each look signs in afresh.
    const sla = async () => (await (await signIn('red-datos')).get('/api/tasks')).body.items[0].sla;
    expect(await sla()).toEqual({ status: 'on-time', byMinutes: 2880, dueDate: '2026-03-04T15:00:00.000Z' });
    await h.clock.advance('PT38H'); // 600 minutes left: more than a fifth (576)
    expect(await sla()).toMatchObject({ status: 'on-time', byMinutes: 600 });
    await h.clock.advance('PT5H'); // 300 minutes left
    expect(await sla()).toMatchObject({ status: 'due-soon', byMinutes: 300 });
    await h.clock.advance('PT6H30M'); // 90 minutes past the due date
    expect(await sla()).toEqual({ status: 'breached', byMinutes: 90, dueDate: '2026-03-04T15:00:00.000Z' });
    expect((await (await signIn('red-datos')).get(`/api/tasks/${userTaskKey}`)).body.task.sla).toMatchObject({ status: 'breached', byMinutes: 90 });
  });
});
