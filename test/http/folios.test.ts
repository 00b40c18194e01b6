// The folio wherever a person reads it from the API — the start's answer (signed in and on the public
// form), the tasklist's rows and a task, the instance list and an instance — with the engine key kept
// for operators; and the start form's attachments, which the start binds to the new instance: an
// upload of someone else's, or one whose 24 hours are over, refuses the start naming its field.
import request from 'supertest';
import { loadForms } from '../../forms/index.js';
import { bpmn, withFlowRefs } from '../engine/harness.js';
import { createHttpHarness, DEMO_PASSWORD, type HttpHarness } from './harness.js';

const forms = loadForms();
const queja = forms.get('dgsti-p01-pr01-cas-queja-registro')!.examples.valid[0]! as Record<string, unknown>;
const solicitud = forms.get('dgsti-p01-soporte-ti-solicitud')!.examples.valid[0]! as Record<string, unknown>;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');
const FOLIO = /^[A-Z][A-Z0-9]*-\d{4}-\d{6}$/;

const process = (id: string, serie: string, form: string, extra = '') =>
  withFlowRefs(
    bpmn(
      id,
      `<bpmn:extensionElements><zeebe:properties><zeebe:property name="oficio:folioSerie" value="${serie}"/></zeebe:properties></bpmn:extensionElements>
    <bpmn:startEvent id="inicio"><bpmn:extensionElements><zeebe:properties><zeebe:property name="oficio:startForm" value="${form}"/>${extra}</zeebe:properties></bpmn:extensionElements></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="atender"/>
    <bpmn:userTask id="atender" name="Atender"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="atender" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
    ),
  );

let h: HttpHarness;
beforeEach(async () => {
  h = await createHttpHarness();
  await h.engine.createDeployment({
    resources: [
      { name: 'queja.bpmn', content: process('folio-queja', 'CAS', 'dgsti-p01-pr01-cas-queja-registro', '<zeebe:property name="oficio:publicStart" value="true"/>') },
      { name: 'soporte.bpmn', content: process('folio-soporte', 'SOP', 'dgsti-p01-soporte-ti-solicitud') },
    ],
  });
});
afterEach(() => h.close());

/** `username` uploads a PDF for a start form (not yet any instance's): its Adjunto reference. */
async function upload(username: string, name = 'oficio.pdf') {
  const agent = request.agent(h.app);
  const login = await agent.post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
  const res = await agent
    .post('/api/attachments')
    .set('x-csrf-token', login.body.csrfToken as string)
    .set('content-type', 'application/pdf')
    .set('x-file-name', encodeURIComponent(name))
    .send(PDF);
  expect(res.status).toBe(201);
  // What the form's file field keeps of it (the start form's Adjunto: no hash).
  const { id, nombre, tipo, tamano } = res.body as { id: string; nombre: string; tipo: string; tamano: number };
  return { id, nombre, tipo, tamano };
}

describe('the folio', () => {
  it('is in the start answers, the tasklist, a task, the instance list and an instance; the engine key stays', async () => {
    const citizen = await request(h.app).post('/api/public/forms/folio-queja/instances').send({ data: queja });
    expect(citizen.status).toBe(201);
    expect(citizen.body).toEqual({ processInstanceKey: expect.stringMatching(/^\d+$/), folio: 'CAS-2026-000001' });

    const solicitante = await h.signIn('solicitante');
    const started = await solicitante.post('/api/processes/folio-soporte/instances', { data: solicitud });
    expect(started.status).toBe(201);
    expect(started.body).toEqual({ processInstanceKey: expect.stringMatching(/^\d+$/), folio: 'SOP-2026-000001' });

    const mesa = await h.signIn('mesa-ayuda');
    const tasks = (await mesa.get('/api/tasks')).body.items as Array<{ userTaskKey: string; processInstanceKey: string; folio: string; caseSummary: unknown }>;
    const ciudadano = queja.ciudadano as { nombre: string };
    expect(tasks.map((t) => [t.folio, t.caseSummary])).toEqual([
      ['CAS-2026-000001', { requester: ciudadano.nombre, summary: queja.descripcion }],
      ['SOP-2026-000001', { requester: (await h.identity.findByUsername('solicitante'))!.displayName, summary: solicitud.descripcion }],
    ]);
    const task = await mesa.get(`/api/tasks/${tasks[0]!.userTaskKey}`);
    expect(task.body.task).toMatchObject({ folio: 'CAS-2026-000001', processInstanceKey: citizen.body.processInstanceKey });

    const auditor = await h.signIn('auditor');
    const list = (await auditor.get('/api/instances')).body.items as Array<{ processInstanceKey: string; folio: string }>;
    expect(list.map((i) => i.folio).sort()).toEqual(['CAS-2026-000001', 'SOP-2026-000001']);
    const detail = await auditor.get(`/api/instances/${started.body.processInstanceKey}`);
    expect(detail.body.instance).toMatchObject({ folio: 'SOP-2026-000001', processInstanceKey: started.body.processInstanceKey });
    expect(FOLIO.test(detail.body.instance.folio)).toBe(true);
  });
});

describe("the start form's attachments", () => {
  it('are bound to the new instance and shown on it; once bound they never expire', async () => {
    const solicitante = await h.signIn('solicitante');
    const oficio = await upload('solicitante');
    const started = await solicitante.post('/api/processes/folio-soporte/instances', { data: { ...solicitud, oficio } });
    expect(started.status).toBe(201);

    const detail = await solicitante.get(`/api/instances/${started.body.processInstanceKey}`);
    expect(detail.body.attachments).toEqual([expect.objectContaining({ id: oficio.id, nombre: 'oficio.pdf' })]);
    // Past an unbound upload's 24 hours, the sweep leaves a bound one alone.
    await h.clock.advance('PT25H');
    expect(await h.oficio.attachments.sweep()).toMatchObject({ expired: 0 });
    expect((await (await h.signIn('solicitante')).get(`/api/attachments/${oficio.id}`)).status).toBe(200);
  });

  it("naming someone else's upload refuses the start with a 400 on the field; nothing starts and no number is used", async () => {
    const theirs = await upload('mesa-ayuda', 'ajeno.pdf');
    const solicitante = await h.signIn('solicitante');
    const refused = await solicitante.post('/api/processes/folio-soporte/instances', { data: { ...solicitud, oficio: theirs } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'oficio', code: 'attachment_not_usable', message: expect.stringContaining('ajeno.pdf') })]);
    expect((await h.engine.searchProcessInstances({ filter: { processDefinitionId: 'folio-soporte' } })).items).toEqual([]);
    expect((await h.oficio.attachments.get(theirs.id))?.processInstanceKey).toBeUndefined();

    const mine = await upload('solicitante');
    const started = await solicitante.post('/api/processes/folio-soporte/instances', { data: { ...solicitud, oficio: mine } });
    expect(started.body.folio).toBe('SOP-2026-000001');
  });

  it('naming an upload whose 24 hours are over, or one already used by another request, refuses the start', async () => {
    const late = await upload('solicitante', 'tarde.pdf');
    await h.clock.advance('PT25H');
    const solicitante = await h.signIn('solicitante');
    const expired = await solicitante.post('/api/processes/folio-soporte/instances', { data: { ...solicitud, oficio: late } });
    expect(expired.status).toBe(400);
    expect(expired.body.errors).toEqual([expect.objectContaining({ field: 'oficio', code: 'attachment_not_usable' })]);

    const once = await upload('solicitante', 'una-vez.pdf');
    expect((await solicitante.post('/api/processes/folio-soporte/instances', { data: { ...solicitud, oficio: once } })).status).toBe(201);
    const again = await solicitante.post('/api/processes/folio-soporte/instances', { data: { ...solicitud, oficio: once } });
    expect(again.status).toBe(400);
    expect((await h.engine.searchProcessInstances({ filter: { processDefinitionId: 'folio-soporte' } })).items).toHaveLength(1);
  });
});
