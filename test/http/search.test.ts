// GET /api/search: one box that finds requests and open tasks by what people quote on the phone —
// the folio, the help-desk ticket, the requester's name or e-mail, the kiosk, words of the
// description — within what the caller may see: a requester never finds someone else's request,
// staff find the open tasks of their groups, auditors find everything.
import type { Job, JobWorker } from '../../server/engine/port.js';
import { loadForms } from '../../forms/index.js';
import { bpmn, withFlowRefs } from '../engine/harness.js';
import { waitFor } from '../support/wait-for.js';
import request from 'supertest';
import { createHttpHarness, DEMO_PASSWORD, type Agent, type HttpHarness } from './harness.js';

const forms = loadForms();
const queja = forms.get('dgsti-p01-pr01-cas-queja-registro')!.examples.valid[0]! as Record<string, unknown>;
const solicitud = forms.get('dgsti-p01-soporte-ti-solicitud')!.examples.valid[0]! as Record<string, unknown>;
const TICKET = '2026030200042';

const QUEJA = withFlowRefs(
  bpmn(
    'buscar-queja',
    `<bpmn:extensionElements><zeebe:properties><zeebe:property name="oficio:folioSerie" value="CAS"/></zeebe:properties></bpmn:extensionElements>
    <bpmn:startEvent id="inicio"><bpmn:extensionElements><zeebe:properties><zeebe:property name="oficio:startForm" value="dgsti-p01-pr01-cas-queja-registro"/><zeebe:property name="oficio:publicStart" value="true"/></zeebe:properties></bpmn:extensionElements></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="atender"/>
    <bpmn:userTask id="atender" name="Atender queja"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="atender" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
  ),
);
/** The help desk's request: the first step registers the ticket (as ticket.register does). */
const SOPORTE = withFlowRefs(
  bpmn(
    'buscar-soporte',
    `<bpmn:extensionElements><zeebe:properties><zeebe:property name="oficio:folioSerie" value="SOP"/></zeebe:properties></bpmn:extensionElements>
    <bpmn:startEvent id="inicio"><bpmn:extensionElements><zeebe:properties><zeebe:property name="oficio:startForm" value="dgsti-p01-soporte-ti-solicitud"/></zeebe:properties></bpmn:extensionElements></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="registrar"/>
    <bpmn:serviceTask id="registrar" name="Registrar ticket"><bpmn:extensionElements><zeebe:taskDefinition type="buscar.ticket"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="registrar" targetRef="atender"/>
    <bpmn:userTask id="atender" name="Atender reporte"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="atender" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
  ),
);

let h: HttpHarness;
let worker: JobWorker;
/** The citizen's complaint (CAS-2026-000001), the solicitante's printer (SOP-2026-000001, with the ticket), Rosa's monitor (SOP-2026-000002). */
let queja1: { processInstanceKey: string; folio: string };
let impresora: { processInstanceKey: string; folio: string };
let monitor: { processInstanceKey: string; folio: string };

beforeAll(async () => {
  h = await createHttpHarness();
  await h.engine.createDeployment({
    resources: [
      { name: 'queja.bpmn', content: QUEJA },
      { name: 'soporte.bpmn', content: SOPORTE },
    ],
  });
  await h.identity.createUser({ username: 'rosa', displayName: 'Rosa Elena Díaz Ávila', email: 'rosa.diaz@aguascalientes.gob.mx', groups: ['solicitante'], password: DEMO_PASSWORD });
  // Only the printer's request gets a ticket: the first job handed out.
  let tickets = 0;
  worker = h.engine.createJobWorker({
    jobType: 'buscar.ticket',
    maxParallelJobs: 1,
    jobTimeoutMs: 30_000,
    jobHandler: (job: Job) => job.complete(tickets++ === 0 ? { ticket: { numero: TICKET, abiertoEn: '2026-03-02T15:00:00.000Z' } } : {}),
  });
  queja1 = (await request(h.app).post('/api/public/forms/buscar-queja/instances').send({ data: queja })).body;
  const solicitante = await h.signIn('solicitante');
  impresora = (await solicitante.post('/api/processes/buscar-soporte/instances', { data: solicitud })).body;
  await waitFor(async () => (await h.oficio.cases.ofInstance(impresora.processInstanceKey))?.ticket === TICKET);
  const rosa = await h.signIn('rosa');
  monitor = (
    await rosa.post('/api/processes/buscar-soporte/instances', {
      data: { ...solicitud, nombre: 'Rosa Elena Díaz Ávila', correo: 'rosa.diaz@aguascalientes.gob.mx', descripcion: 'El monitor parpadea al encender.' },
    })
  ).body;
  await waitFor(async () => (await h.engine.searchUserTasks({ filter: { processInstanceKey: monitor.processInstanceKey, state: 'CREATED' } })).items.length === 1);
});
afterAll(async () => {
  worker.stop();
  await h.close();
});

const search = (agent: Agent, q: string) => agent.get(`/api/search?q=${encodeURIComponent(q)}`);
const foundFolios = async (agent: Agent, q: string) => {
  const res = await search(agent, q);
  expect(res.status).toBe(200);
  return (res.body.instances as Array<{ folio: string }>).map((i) => i.folio);
};

describe('searching as an auditor (sees every request)', () => {
  let auditor: Agent;
  beforeAll(async () => {
    auditor = await h.signIn('auditor');
  });

  it('finds a request by its folio, however it is typed', async () => {
    expect(queja1.folio).toBe('CAS-2026-000001');
    expect(await foundFolios(auditor, 'CAS-2026-000001')).toEqual(['CAS-2026-000001']);
    expect(await foundFolios(auditor, ' cas-2026-000001 ')).toEqual(['CAS-2026-000001']);
    expect(await foundFolios(auditor, 'SOP-2026-000002')).toEqual([monitor.folio]);
  });

  it('finds it by the help-desk ticket number the worker set after the start', async () => {
    const res = await search(auditor, TICKET);
    expect(res.body.instances).toEqual([expect.objectContaining({ folio: impresora.folio, ticket: TICKET, processInstanceKey: impresora.processInstanceKey, state: 'open' })]);
  });

  it("finds it by the requester's name or e-mail (accents and case ignored), by the kiosk and by words of the description", async () => {
    expect(await foundFolios(auditor, 'martinez perez')).toEqual(['CAS-2026-000001']);
    expect(await foundFolios(auditor, 'jlmartinez@example.com')).toEqual(['CAS-2026-000001']);
    expect(await foundFolios(auditor, 'Rosa Díaz')).toEqual([monitor.folio]);
    expect(await foundFolios(auditor, 'CAS-03')).toEqual(['CAS-2026-000001']);
    expect(await foundFolios(auditor, 'impresora imprime')).toEqual([impresora.folio]);
    // The last word may be the beginning of one.
    expect(await foundFolios(auditor, 'monitor parpa')).toEqual([monitor.folio]);
    expect(await foundFolios(auditor, 'fotocopiadora')).toEqual([]);
  });

  it('answers a request with who asked, what about and the kiosk, newest first', async () => {
    const res = await search(auditor, 'kiosco');
    expect(res.body.instances).toEqual([
      {
        folio: 'CAS-2026-000001',
        processInstanceKey: queja1.processInstanceKey,
        processDefinitionId: 'buscar-queja',
        processName: 'buscar-queja',
        startedAt: expect.any(String),
        state: 'open',
        requester: (queja.ciudadano as { nombre: string }).nombre,
        summary: queja.descripcion,
        kiosk: 'CAS-03',
      },
    ]);
    // Both help-desk requests name an address at aguascalientes.gob.mx: the newer comes first.
    expect(await foundFolios(auditor, 'aguascalientes')).toEqual([monitor.folio, impresora.folio]);
  });
});

describe('what a person finds is what they may see', () => {
  it('a requester finds their own request, never someone else’s', async () => {
    const solicitante = await h.signIn('solicitante');
    const rosa = await h.signIn('rosa');
    expect(await foundFolios(solicitante, 'impresora')).toEqual([impresora.folio]);
    expect(await foundFolios(rosa, 'impresora')).toEqual([]);
    expect(await foundFolios(rosa, impresora.folio)).toEqual([]);
    expect(await foundFolios(rosa, TICKET)).toEqual([]);
    expect(await foundFolios(rosa, 'monitor')).toEqual([monitor.folio]);
    expect(await foundFolios(solicitante, 'CAS-2026-000001')).toEqual([]);
    // Nor any task: they are no candidate of the help desk's.
    expect((await search(rosa, 'impresora')).body.tasks).toEqual([]);
    expect((await search(solicitante, 'impresora')).body.tasks).toEqual([]);
  });

  it("the help desk finds the open tasks of its group by the request's folio or ticket, each with its folio and summary", async () => {
    const mesa = await h.signIn('mesa-ayuda');
    const res = await search(mesa, TICKET);
    expect(res.body.tasks).toEqual([
      expect.objectContaining({
        name: 'Atender reporte',
        processInstanceKey: impresora.processInstanceKey,
        folio: impresora.folio,
        caseSummary: { requester: (await h.identity.findByUsername('solicitante'))!.displayName, summary: solicitud.descripcion },
      }),
    ]);
    expect(((await search(mesa, 'CAS-2026-000001')).body.tasks as Array<{ folio: string }>).map((t) => t.folio)).toEqual(['CAS-2026-000001']);
  });
});

describe('a query', () => {
  it('empty, too long or of too many words is a 400 naming it', async () => {
    const auditor = await h.signIn('auditor');
    for (const q of ['', '   ', 'x'.repeat(201), 'uno dos tres cuatro cinco seis siete ocho nueve diez once']) {
      const res = await search(auditor, q);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'query/q' })]);
    }
    expect((await auditor.get('/api/search')).status).toBe(400);
  });

  it('needs a signed-in user', async () => {
    expect((await request(h.app).get('/api/search?q=impresora')).status).toBe(401);
  });
});
