// The case beside the task (issue 13), over the HTTP API on the manual's real models: a citizen
// files the CAS complaint through the public form; the `cas-atencion` clerk, before claiming the
// task, reads the case — the complaint as filed with its own form's labels (kiosk, amounts, the
// citizen's words), in Spanish or English — and the instance itself; each completed task form
// joins the case; staff write internal notes and replies (a reply waits in the outbox addressed to
// the requester), notes are audited in the same transaction (a refused audit row leaves no note
// and no e-mail) and never editable; the requester reads their own case without internal notes;
// who sees a case is the same rule for lists and single checks, a called procedure's task opens
// its caller's case, and a task offered to the requesters' group opens nobody else's.
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { loadForms } from '../../forms/index.js';
import { CASE_NOTES, type CaseNoteDoc } from '../../server/core/cases/model.js';
import type { Viewer } from '../../server/core/instances/access.js';
import { OUTBOX, type OutboxMessage } from '../../server/core/mail/outbox.js';
import { createApp } from '../../server/http/app.js';
import { t } from '../../server/i18n/index.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import type { CaseView } from '../../contracts/api/cases.js';
import { bpmn } from '../engine/harness.js';
import { createTestOficio, type TestOficio } from '../support/oficio.js';
import { refusing, refusingAudit } from '../support/refusing-audit.js';
import { waitFor } from '../support/wait-for.js';
import { createHttpHarness, DEMO_PASSWORD, START, TEST_HTTP, type Agent, type HttpHarness } from './harness.js';

const PROCESSES = fileURLToPath(new URL('../../processes/', import.meta.url));
const CAS_QUEJA = 'dgsti-p01-pr01-cas-queja';
const SOPORTE_TI = 'dgsti-p01-soporte-ti';
const forms = loadForms();
/** José Luis's complaint: kiosk CAS-03, paid 500, 137.50 change expected, with phone and e-mail. */
const queja = forms.get('dgsti-p01-pr01-cas-queja-registro')!.examples.valid[0]! as Record<string, unknown>;
const canalizacion = forms.get('dgsti-p01-pr01-cas-queja-canalizar')!.examples.valid[0]! as Record<string, unknown>;
const solicitudTi = forms.get('dgsti-p01-soporte-ti-solicitud')!.examples.valid[0]! as Record<string, unknown>;

// A procedure called by another (the help desk calls the category's procedure this way), and a step
// offered to the requesters' group.
const LLAMADO = bpmn(
  'caso-llamado',
  `
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="atender"/>
    <bpmn:userTask id="atender" name="Atender en sitio">
      <bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="soporte-tecnico"/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="atender" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
);
const LLAMADOR = bpmn(
  'caso-llamador',
  `
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="llamar"/>
    <bpmn:callActivity id="llamar" name="Soporte en sitio"><bpmn:extensionElements><zeebe:calledElement processId="caso-llamado" propagateAllChildVariables="false"/></bpmn:extensionElements></bpmn:callActivity>
    <bpmn:sequenceFlow id="f2" sourceRef="llamar" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
);
const ENCUESTA = bpmn(
  'caso-encuesta',
  `
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="opinar"/>
    <bpmn:userTask id="opinar" name="Opinar del servicio">
      <bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="solicitante"/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="opinar" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
);

let h: HttpHarness;

beforeAll(async () => {
  h = await createHttpHarness();
  await h.engine.deployResourcesFromFiles([CAS_QUEJA, SOPORTE_TI].map((id) => `${PROCESSES}${id}.bpmn`));
  await h.engine.createDeployment({
    resources: [
      { name: 'caso-llamado.bpmn', content: LLAMADO },
      { name: 'caso-llamador.bpmn', content: LLAMADOR },
      { name: 'caso-encuesta.bpmn', content: ENCUESTA },
    ],
  });
  // A requester with an e-mail address (replies reach her), and one of the same group who is not part of her request.
  await h.identity.createUser({
    username: 'maria.lopez',
    displayName: 'María Fernanda López Ruiz',
    email: 'maria.lopez@aguascalientes.gob.mx',
    groups: ['solicitante'],
    password: DEMO_PASSWORD,
  });
  await h.identity.createUser({ username: 'otro.solicitante', displayName: 'Pedro Otro', groups: ['solicitante'], password: DEMO_PASSWORD });
});
afterAll(async () => {
  await h?.close();
});

const anonymous = () => request(h.app);

/** The citizen files the complaint through the public form; answers its key and folio once the clerk's task is open. */
async function fileComplaint(data: Record<string, unknown> = queja): Promise<{ processInstanceKey: string; folio: string; userTaskKey: string }> {
  const res = await anonymous().post(`/api/public/forms/${CAS_QUEJA}/instances`).send({ data });
  expect(res.status).toBe(201);
  const { processInstanceKey, folio } = res.body as { processInstanceKey: string; folio: string };
  const task = await waitFor(
    async () => (await h.engine.searchUserTasks({ filter: { processInstanceKey, elementId: 'canalizar-operacion-cas', state: 'CREATED' } })).items[0],
    5000,
    'the clerk’s task',
  );
  return { processInstanceKey, folio, userTaskKey: task.userTaskKey! };
}

/** maria.lopez files a help-desk request through the catalogue; answers its key once the help desk's task is open. */
async function fileHelpDeskRequest(requester: Agent): Promise<{ processInstanceKey: string; userTaskKey: string }> {
  const res = await requester.post(`/api/processes/${SOPORTE_TI}/instances`, { data: solicitudTi });
  expect(res.status).toBe(201);
  const { processInstanceKey } = res.body as { processInstanceKey: string };
  const task = await waitFor(
    async () => (await h.engine.searchUserTasks({ filter: { processInstanceKey, elementId: 'clasificar-asignar', state: 'CREATED' } })).items[0],
    5000,
    'Clasificar y asignar',
  );
  return { processInstanceKey, userTaskKey: task.userTaskKey! };
}

const outbox = () => h.store.collection<OutboxMessage & { state: string }>(OUTBOX);
const notes = () => h.store.collection<CaseNoteDoc>(CASE_NOTES);
const noteEvents = async (processInstanceKey: string) => (await h.audit.query({ action: 'case.note', processInstanceKey }, { order: 'asc', limit: 100 })).items;

describe('the CAS complaint as the cas-atencion clerk reads it before claiming', () => {
  let complaint: { processInstanceKey: string; folio: string; userTaskKey: string };
  let clerk: Agent;

  beforeAll(async () => {
    complaint = await fileComplaint();
    clerk = await h.signIn('cas-atencion');
  });

  it('shows the case: folio, process, state and requester in words, the kiosk, and the complaint with its own form’s labels', async () => {
    // Nobody holds the task: the clerk is one of its candidates.
    expect((await h.engine.getUserTask({ userTaskKey: complaint.userTaskKey })).assignee).toBeUndefined();
    const res = await clerk.get(`/api/instances/${complaint.processInstanceKey}/case`);
    expect(res.status).toBe(200);
    const view = res.body as CaseView;
    expect(view.case).toMatchObject({
      folio: complaint.folio,
      processInstanceKey: complaint.processInstanceKey,
      processName: 'Queja ciudadana en Centros de Atención y Servicios (CAS)',
      state: 'ACTIVE',
      stateLabel: 'En curso',
      requester: { name: 'José Luis Martínez Pérez', email: 'jlmartinez@example.com' },
      kiosk: 'CAS-03',
    });
    expect(complaint.folio).toMatch(/^[A-Z]+-2026-\d{6}$/);
    expect(view.audience).toBe('staff');
    expect(view.actions).toEqual({ addInternalNote: true, reply: true });
    // The request as filed, with the labels the citizen saw.
    expect(view.request!.filedBy).toBe('anonymous');
    expect(view.request!.form!.id).toBe('dgsti-p01-pr01-cas-queja-registro');
    expect(view.request!.form!.labels).toMatchObject({
      kioscoId: 'Kiosco (CAS)',
      montoPagado: 'Monto pagado',
      montoEsperadoDevolucion: 'Cambio que debió devolverse',
      descripcion: 'Descripción de la queja',
    });
    expect(view.request!.data).toMatchObject({
      kioscoId: 'CAS-03',
      montoPagado: 500,
      montoEsperadoDevolucion: 137.5,
      descripcion: 'Pagué la tenencia con un billete de 500 y el kiosco no devolvió el cambio.',
    });
    expect(view.submissions).toEqual([]);
    // What happened so far, in words.
    expect(view.timeline.map((e) => e.text)).toEqual(
      expect.arrayContaining([
        'José Luis Martínez Pérez presentó la solicitud por el formulario público.',
        'Se completó «Registrar solicitud o queja».',
        'Nueva tarea «Canalizar a Operación de CAS» para Auxiliar de Atención a Usuarios (CAS).',
      ]),
    );
    expect(view.timeline[0]!.kind).toBe('started');
  });

  it('says it in English to an English reader', async () => {
    const res = await clerk.get(`/api/instances/${complaint.processInstanceKey}/case`).set('Accept-Language', 'en-US,en;q=0.9');
    expect(res.status).toBe(200);
    const view = res.body as CaseView;
    expect(view.case.stateLabel).toBe('In progress');
    expect(view.request!.form!.labels).toMatchObject({ kioscoId: 'Kiosk (CAS)', montoPagado: 'Amount paid' });
    expect(view.timeline.map((e) => e.text)).toContain('José Luis Martínez Pérez filed the request through the public form.');
  });

  it('opens the instance itself too (no more «Su usuario no puede ver esta instancia»)', async () => {
    const res = await clerk.get(`/api/instances/${complaint.processInstanceKey}`);
    expect(res.status).toBe(200);
    const listed = await clerk.get('/api/instances?limit=1000');
    expect((listed.body.items as Array<{ processInstanceKey: string }>).map((i) => i.processInstanceKey)).toContain(complaint.processInstanceKey);
  });

  it('keeps it from a user who has nothing to do with it (403 in words), and from anyone not signed in (401)', async () => {
    const unrelated = await h.signIn('red-datos');
    const res = await unrelated.get(`/api/instances/${complaint.processInstanceKey}/case`);
    expect(res.status).toBe(403);
    expect(res.body.title).toBe('Su usuario no puede ver esta instancia.');
    expect((await anonymous().get(`/api/instances/${complaint.processInstanceKey}/case`)).status).toBe(401);
  });

  it('adds every completed task form to the case, with who completed it, when, and its form', async () => {
    const completed = await clerk.post(`/api/tasks/${complaint.userTaskKey}/complete`, { data: canalizacion });
    expect(completed.status).toBe(204);
    const view = (await clerk.get(`/api/instances/${complaint.processInstanceKey}/case`)).body as CaseView;
    expect(view.submissions).toHaveLength(1);
    const [submission] = view.submissions;
    expect(submission).toMatchObject({
      userTaskKey: complaint.userTaskKey,
      taskName: 'Canalizar a Operación de CAS',
      completedBy: { name: 'Auxiliar de Atención a Usuarios (CAS)' },
      completedAt: START,
      data: canalizacion,
    });
    expect(submission!.form!.id).toBe('dgsti-p01-pr01-cas-queja-canalizar');
    expect(Object.keys(submission!.form!.labels)).toEqual(expect.arrayContaining(['medioCanalizacion', 'canalizadaA']));
    expect(view.timeline.map((e) => e.text)).toContain('Auxiliar de Atención a Usuarios (CAS) completó «Canalizar a Operación de CAS».');
    // Having worked it, the clerk still reads the case as staff.
    expect(view.audience).toBe('staff');
  });
});

describe('notes: internal, or a reply to the requester', () => {
  let complaint: { processInstanceKey: string; folio: string; userTaskKey: string };
  let clerk: Agent;

  beforeAll(async () => {
    complaint = await fileComplaint();
    clerk = await h.signIn('cas-atencion');
  });

  it('keeps an internal note, audited, in the case and its timeline, newest last', async () => {
    const first = await clerk.post(`/api/instances/${complaint.processInstanceKey}/notes`, { kind: 'internal', text: '  Llamé al ciudadano; confirma el monto.  ' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: 'internal', text: 'Llamé al ciudadano; confirma el monto.', author: { name: 'Auxiliar de Atención a Usuarios (CAS)' } });
    h.clock.advance(60_000);
    const second = await clerk.post(`/api/instances/${complaint.processInstanceKey}/notes`, { kind: 'internal', text: 'Revisar el corte del kiosco CAS-03.' });
    expect(second.status).toBe(201);

    const view = (await clerk.get(`/api/instances/${complaint.processInstanceKey}/case`)).body as CaseView;
    expect(view.notes.map((n) => n.text)).toEqual(['Llamé al ciudadano; confirma el monto.', 'Revisar el corte del kiosco CAS-03.']);
    const noteEntries = view.timeline.filter((e) => e.kind === 'note');
    expect(noteEntries.map((e) => [e.text, e.noteId])).toEqual([
      ['Auxiliar de Atención a Usuarios (CAS) agregó una nota interna.', first.body.id],
      ['Auxiliar de Atención a Usuarios (CAS) agregó una nota interna.', second.body.id],
    ]);
    expect(view.timeline.at(-1)!.noteId).toBe(second.body.id);
    // The trail has the note's event, with the text's hash (not the text: the trail is read with the instance).
    const events = await noteEvents(complaint.processInstanceKey);
    expect(events.map((e) => (e.data as { noteId: string }).noteId)).toEqual([first.body.id, second.body.id]);
    expect(events[0]!.data).toMatchObject({ kind: 'internal', length: 'Llamé al ciudadano; confirma el monto.'.length });
    expect(JSON.stringify(events)).not.toContain('confirma el monto');
  });

  it('sends a reply to the requester: the e-mail waits in the outbox, addressed to them, quoting the folio', async () => {
    const text = 'Su devolución estará lista después del corte de caja de mañana.';
    const res = await clerk.post(`/api/instances/${complaint.processInstanceKey}/notes`, { kind: 'reply', text });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'reply', text, sentTo: ['jlmartinez@example.com'] });
    const { items } = await outbox().find({ 'origin.processInstanceKey': complaint.processInstanceKey });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ to: ['jlmartinez@example.com'], subject: `Respuesta a su solicitud ${complaint.folio}`, origin: { kind: 'note' } });
    expect(items[0]!.text).toContain(text);
    expect(items[0]!.text).toContain('José Luis Martínez Pérez');
    const view = (await clerk.get(`/api/instances/${complaint.processInstanceKey}/case`)).body as CaseView;
    expect(view.timeline.filter((e) => e.kind === 'note').at(-1)!.text).toBe('Auxiliar de Atención a Usuarios (CAS) respondió al solicitante.');
  });

  it('keeps notes written at the same moment, each in its own place', async () => {
    const before = (await notes().count({ processInstanceKey: complaint.processInstanceKey })) + 1;
    const written = await Promise.all(
      ['Primera a la vez.', 'Segunda a la vez.', 'Tercera a la vez.'].map((text) => clerk.post(`/api/instances/${complaint.processInstanceKey}/notes`, { kind: 'internal', text })),
    );
    expect(written.map((res) => res.status)).toEqual([201, 201, 201]);
    const { items } = await notes().find({ processInstanceKey: complaint.processInstanceKey }, { sort: [{ field: 'n' }] });
    expect(items.map((note) => note.n)).toEqual(items.map((_, i) => i + 1));
    expect(
      items
        .slice(before - 1)
        .map((note) => note.text)
        .sort(),
    ).toEqual(['Primera a la vez.', 'Segunda a la vez.', 'Tercera a la vez.']);
  });

  it('refuses a blank or an over-long note, in words, and saves nothing', async () => {
    const before = await notes().count({ processInstanceKey: complaint.processInstanceKey });
    const blank = await clerk.post(`/api/instances/${complaint.processInstanceKey}/notes`, { kind: 'internal', text: '   \n\t ' });
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([expect.objectContaining({ field: 'body/text', message: 'Escriba el texto de la nota.' })]);
    const long = await clerk.post(`/api/instances/${complaint.processInstanceKey}/notes`, { kind: 'internal', text: 'x'.repeat(5001) });
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([expect.objectContaining({ field: 'body/text', message: 'La nota puede tener hasta 5000 caracteres.' })]);
    expect(await notes().count({ processInstanceKey: complaint.processInstanceKey })).toBe(before);
  });

  it('refuses a reply when the requester left no e-mail (400 in words), and saves nothing', async () => {
    const { correo: _correo, ...ciudadano } = queja.ciudadano as Record<string, unknown>;
    const byPhone = await fileComplaint({ ...queja, ciudadano });
    const res = await clerk.post(`/api/instances/${byPhone.processInstanceKey}/notes`, { kind: 'reply', text: 'Le llamaremos.' });
    expect(res.status).toBe(400);
    expect(res.body.title).toBe(
      `La solicitud ${byPhone.folio} no tiene el correo de quien la presentó: la respuesta no se puede enviar. Deje una nota interna o comuníquese por otro medio.`,
    );
    expect(await notes().count({ processInstanceKey: byPhone.processInstanceKey })).toBe(0);
    expect(await outbox().count({ 'origin.processInstanceKey': byPhone.processInstanceKey })).toBe(0);
    expect(await noteEvents(byPhone.processInstanceKey)).toEqual([]);
    const view = (await clerk.get(`/api/instances/${byPhone.processInstanceKey}/case`)).body as CaseView;
    expect(view.actions).toEqual({ addInternalNote: true, reply: false });
  });

  it('offers no way to change or delete a note', async () => {
    const [note] = (await notes().find({ processInstanceKey: complaint.processInstanceKey }, { limit: 1 })).items;
    const path = `/api/instances/${complaint.processInstanceKey}/notes/${note!.id}`;
    for (const res of [await clerk.put(path, { kind: 'internal', text: 'cambiada' }), await clerk.delete(path)]) expect(res.status).toBe(404);
    expect((await notes().get(note!.id))!.text).toBe(note!.text);
  });

  it('lets an auditor read everything but write nothing; an unrelated user neither', async () => {
    const auditor = await h.signIn('auditor');
    const view = (await auditor.get(`/api/instances/${complaint.processInstanceKey}/case`)).body as CaseView;
    expect(view.audience).toBe('staff');
    expect(view.notes.some((n) => n.kind === 'internal')).toBe(true);
    expect(view.actions).toEqual({ addInternalNote: false, reply: false });
    const refused = await auditor.post(`/api/instances/${complaint.processInstanceKey}/notes`, { kind: 'internal', text: 'Visto.' });
    expect(refused.status).toBe(403);
    expect(refused.body.title).toBe(`Solo el personal que atiende la solicitud ${complaint.folio} puede agregar notas.`);
    const unrelated = await h.signIn('red-datos');
    expect((await unrelated.post(`/api/instances/${complaint.processInstanceKey}/notes`, { kind: 'internal', text: 'Hola.' })).status).toBe(403);
    expect((await anonymous().post(`/api/instances/${complaint.processInstanceKey}/notes`).send({ kind: 'internal', text: 'Hola.' })).status).toBe(401);
  });
});

describe('what the requester reads of their own case, and what staff read', () => {
  let requester: Agent;
  let desk: Agent;
  let request_: { processInstanceKey: string; userTaskKey: string };

  beforeAll(async () => {
    requester = await h.signIn('maria.lopez');
    desk = await h.signIn('mesa-ayuda');
    request_ = await fileHelpDeskRequest(requester);
    expect((await desk.post(`/api/instances/${request_.processInstanceKey}/notes`, { kind: 'internal', text: 'Parece la misma falla de la semana pasada.' })).status).toBe(201);
    expect((await desk.post(`/api/instances/${request_.processInstanceKey}/notes`, { kind: 'reply', text: 'Un técnico irá hoy por la tarde.' })).status).toBe(201);
  });

  it('staff read both notes; the reply went to the requester’s account address', async () => {
    const view = (await desk.get(`/api/instances/${request_.processInstanceKey}/case`)).body as CaseView;
    expect(view.audience).toBe('staff');
    expect(view.case.requester).toMatchObject({ name: 'María Fernanda López Ruiz', email: 'maria.lopez@aguascalientes.gob.mx' });
    expect(view.notes.map((n) => n.kind)).toEqual(['internal', 'reply']);
    expect(view.notes[1]!.sentTo).toEqual(['maria.lopez@aguascalientes.gob.mx']);
    expect(view.request!.form!.id).toBe('dgsti-p01-soporte-ti-solicitud');
    expect(view.request!.filedBy).toMatchObject({ name: 'María Fernanda López Ruiz' });
  });

  it('the requester reads the request, the replies addressed to them and the timeline — never an internal note — and may not write', async () => {
    const res = await requester.get(`/api/instances/${request_.processInstanceKey}/case`);
    expect(res.status).toBe(200);
    const view = res.body as CaseView;
    expect(view.audience).toBe('requester');
    expect(view.request!.data).toMatchObject({ descripcion: solicitudTi.descripcion });
    expect(view.notes.map((n) => [n.kind, n.text])).toEqual([['reply', 'Un técnico irá hoy por la tarde.']]);
    expect(JSON.stringify(view)).not.toContain('misma falla');
    expect(view.timeline.filter((e) => e.kind === 'note').map((e) => e.text)).toEqual([`${t('es', 'group.mesa-ayuda')} respondió al solicitante.`]);
    expect(view.actions).toEqual({ addInternalNote: false, reply: false });
    const refused = await requester.post(`/api/instances/${request_.processInstanceKey}/notes`, { kind: 'internal', text: 'Gracias.' });
    expect(refused.status).toBe(403);
    // Nor does the instance page's audit list carry an internal note's words.
    const detail = await requester.get(`/api/instances/${request_.processInstanceKey}`);
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).not.toContain('misma falla');
  });

  it('another requester may not read it (403)', async () => {
    const other = await h.signIn('otro.solicitante');
    expect((await other.get(`/api/instances/${request_.processInstanceKey}/case`)).status).toBe(403);
  });
});

describe('notes and their audit events commit together', () => {
  it('a refused audit row leaves no note and no e-mail; once the trail takes it, exactly one of each', async () => {
    const audited = refusingAudit(createSqliteStore({ path: ':memory:' }));
    const oficio: TestOficio = await createTestOficio({ start: START, demoPassword: DEMO_PASSWORD, store: audited.store });
    try {
      await oficio.engine.deployResourcesFromFiles([`${PROCESSES}${CAS_QUEJA}.bpmn`]);
      const app = createApp({ ...oficio, http: TEST_HTTP });
      const started = await request(app).post(`/api/public/forms/${CAS_QUEJA}/instances`).send({ data: queja });
      expect(started.status).toBe(201);
      const key = started.body.processInstanceKey as string;
      await waitFor(async () => (await oficio.engine.searchUserTasks({ filter: { processInstanceKey: key, state: 'CREATED' } })).items[0], 5000, 'the clerk’s task');
      const clerk = request.agent(app);
      const login = await clerk.post('/api/auth/login').send({ username: 'cas-atencion', password: DEMO_PASSWORD });
      const csrf = login.body.csrfToken as string;
      const post = () => clerk.post(`/api/instances/${key}/notes`).set('x-csrf-token', csrf).send({ kind: 'reply', text: 'Su devolución está lista.' });
      const count = async () => ({
        notes: await oficio.store.collection(CASE_NOTES).count({ processInstanceKey: key }),
        mails: await oficio.store.collection(OUTBOX).count({ 'origin.processInstanceKey': key }),
        events: await oficio.audit.count({ action: 'case.note', processInstanceKey: key }),
      });

      audited.refuse(refusing('case.note'));
      const refused = await post();
      expect(refused.status).toBe(503);
      expect(await count()).toEqual({ notes: 0, mails: 0, events: 0 });

      audited.refuse(undefined);
      expect((await post()).status).toBe(201);
      expect(await count()).toEqual({ notes: 1, mails: 1, events: 1 });
      expect(await oficio.audit.verify()).toMatchObject({ intact: true });
    } finally {
      audited.refuse(undefined);
      await oficio.close();
    }
  });
});

describe('who sees a case: one rule for lists and single checks', () => {
  it('opens a called procedure’s caller to whoever is offered its task, and says so alike in the list and the check', async () => {
    const { processInstanceKey: root } = await h.engine.createProcessInstance({ processDefinitionId: 'caso-llamador' });
    const child = await waitFor(async () => (await h.engine.searchProcessInstances({ filter: { parentProcessInstanceKey: root } })).items[0], 5000, 'the called procedure');
    await waitFor(async () => (await h.engine.searchUserTasks({ filter: { processInstanceKey: child.processInstanceKey, state: 'CREATED' } })).items[0], 5000, 'Atender en sitio');
    const tecnico = await h.signIn('soporte-tecnico');
    for (const key of [root, child.processInstanceKey]) expect((await tecnico.get(`/api/instances/${key}/case`)).status).toBe(200);
    // Opened through the called procedure, the case is its caller's.
    const view = (await tecnico.get(`/api/instances/${child.processInstanceKey}/case`)).body as CaseView;
    expect(view.case.processInstanceKey).toBe(root);
    expect(view.timeline.map((e) => e.text)).toContain(`Nueva tarea «Atender en sitio» para ${t('es', 'group.soporte-tecnico')}.`);
    expect((await (await h.signIn('red-datos')).get(`/api/instances/${root}/case`)).status).toBe(403);
  });

  it('shows the whole case to its requester: the procedures their request called too', async () => {
    const maria = (await h.identity.findByUsername('maria.lopez'))!;
    const { processInstanceKey: root } = await h.engine.createProcessInstance({
      processDefinitionId: 'caso-llamador',
      variables: { iniciadoPor: { id: maria.id, username: maria.username, nombre: maria.displayName } },
    });
    const child = await waitFor(async () => (await h.engine.searchProcessInstances({ filter: { parentProcessInstanceKey: root } })).items[0], 5000, 'the called procedure');
    const requester = await h.signIn('maria.lopez');
    for (const path of [`/api/instances/${child.processInstanceKey}`, `/api/instances/${child.processInstanceKey}/case`]) expect((await requester.get(path)).status).toBe(200);
    const view = (await requester.get(`/api/instances/${child.processInstanceKey}/case`)).body as CaseView;
    expect(view).toMatchObject({ audience: 'requester', case: { processInstanceKey: root, requester: { name: 'María Fernanda López Ruiz' } } });
    expect((await (await h.signIn('otro.solicitante')).get(`/api/instances/${child.processInstanceKey}`)).status).toBe(403);
  });

  it('does not open a case to the whole requesters’ group when a step is offered to it', async () => {
    const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'caso-encuesta' });
    await waitFor(async () => (await h.engine.searchUserTasks({ filter: { processInstanceKey, state: 'CREATED' } })).items[0], 5000, 'Opinar del servicio');
    expect((await (await h.signIn('otro.solicitante')).get(`/api/instances/${processInstanceKey}/case`)).status).toBe(403);
  });

  it('visibleKeys (the lists) and maySee (one instance) agree for every user and instance', async () => {
    const { items: instances } = await h.engine.searchProcessInstances({ page: { limit: 1000 } });
    expect(instances.length).toBeGreaterThan(5);
    const seen: Record<string, number> = {};
    for (const username of ['cas-atencion', 'cas-operacion', 'mesa-ayuda', 'soporte-tecnico', 'red-datos', 'maria.lopez', 'otro.solicitante', 'solicitante']) {
      const user = (await h.identity.findByUsername(username))! as Viewer;
      const visible = await h.oficio.instanceAccess.visibleKeys(user);
      expect(visible).not.toBe('all');
      const checked = new Set<string>();
      for (const instance of instances) if (await h.oficio.instanceAccess.maySee(user, instance.processInstanceKey)) checked.add(instance.processInstanceKey);
      expect({ username, keys: [...(visible as Set<string>)].sort() }).toEqual({ username, keys: [...checked].sort() });
      seen[username] = checked.size;
    }
    // Not agreeing on nothing: the clerks, the help desk, the technician and the requester each see some, and not all.
    for (const username of ['cas-atencion', 'mesa-ayuda', 'soporte-tecnico', 'maria.lopez'])
      expect({ username, some: seen[username]! > 0, all: seen[username] === instances.length }).toEqual({ username, some: true, all: false });
    expect(seen['otro.solicitante']).toBe(0);
  });
});
