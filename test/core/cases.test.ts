// Folios and cases on the embedded engine: every request gets `<SERIES>-<YEAR>-<NNNNNN>` in the
// start's own transaction — a start that fails after its number was counted gives it back, two
// starts at once get consecutive numbers, the year (Mexico City's) starts again at 000001, a called
// instance shares its caller's folio — and the case knows who asked, what about, the kiosk and,
// once the help desk's worker sets it, the ticket number.
import { loadForms } from '../../forms/index.js';
import { CASES, type CaseDoc } from '../../server/core/cases/index.js';
import { actorOf, type User } from '../../server/core/identity/index.js';
import type { Job, JobWorker } from '../../server/engine/port.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import { bpmn, withFlowRefs } from '../engine/harness.js';
import { createTestOficio, type TestOficio } from '../support/oficio.js';
import { refusing, refusingAudit } from '../support/refusing-audit.js';
import { waitFor } from '../support/wait-for.js';

const forms = loadForms();
const queja = forms.get('dgsti-p01-pr01-cas-queja-registro')!.examples.valid[0]! as Record<string, unknown>;
const solicitud = forms.get('dgsti-p01-soporte-ti-solicitud')!.examples.valid[0]! as Record<string, unknown>;
const PASSWORD = 'Oficio#2026demo';

const series = (value: string) => `<bpmn:extensionElements><zeebe:properties><zeebe:property name="oficio:folioSerie" value="${value}"/></zeebe:properties></bpmn:extensionElements>`;
const startWith = (form: string, extra = '') =>
  `<bpmn:startEvent id="inicio"><bpmn:extensionElements><zeebe:properties><zeebe:property name="oficio:startForm" value="${form}"/>${extra}</zeebe:properties></bpmn:extensionElements></bpmn:startEvent>`;
const userTask = (id: string, name: string) =>
  `<bpmn:userTask id="${id}" name="${name}"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>`;

/** A CAS complaint: series CAS, the public complaint form, one task for the help desk. */
const QUEJA = withFlowRefs(
  bpmn(
    'folio-queja',
    `${series('CAS')}
    ${startWith('dgsti-p01-pr01-cas-queja-registro', '<zeebe:property name="oficio:publicStart" value="true"/>')}
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="atender"/>
    ${userTask('atender', 'Atender queja')}
    <bpmn:sequenceFlow id="f2" sourceRef="atender" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
  ),
);

/** A request that calls a procedure of another series (SOP): the called instance is part of the same case. */
const PADRE = withFlowRefs(
  bpmn(
    'folio-padre',
    `${series('CAS')}
    ${startWith('dgsti-p01-pr01-cas-queja-registro')}
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="llamar"/>
    <bpmn:callActivity id="llamar" name="Procedimiento"><bpmn:extensionElements><zeebe:calledElement processId="folio-hija" propagateAllChildVariables="false"/></bpmn:extensionElements></bpmn:callActivity>
    <bpmn:sequenceFlow id="f2" sourceRef="llamar" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
  ),
);
const HIJA = withFlowRefs(
  bpmn(
    'folio-hija',
    `${series('SOP')}
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="revisar"/>
    ${userTask('revisar', 'Revisar en el procedimiento')}
    <bpmn:sequenceFlow id="f2" sourceRef="revisar" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
  ),
);

/** The help desk's request: a worker registers the ticket (as ticket.register does), then a task. */
const SOPORTE = withFlowRefs(
  bpmn(
    'folio-soporte',
    `${series('SOP')}
    ${startWith('dgsti-p01-soporte-ti-solicitud')}
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="registrar"/>
    <bpmn:serviceTask id="registrar" name="Registrar ticket"><bpmn:extensionElements><zeebe:taskDefinition type="prueba.ticket"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="registrar" targetRef="atender"/>
    ${userTask('atender', 'Atender reporte')}
    <bpmn:sequenceFlow id="f3" sourceRef="atender" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
  ),
);

/** No series of its own, started by a message (not through the catalogue). */
const AVISO = withFlowRefs(
  bpmn(
    'folio-aviso',
    `<bpmn:startEvent id="inicio"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="atender"/>
    ${userTask('atender', 'Atender aviso')}
    <bpmn:sequenceFlow id="f2" sourceRef="atender" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
    '<bpmn:message id="m" name="aviso-corte"/>',
  ),
);

let oficio: TestOficio;
let audited: ReturnType<typeof refusingAudit>;
let solicitante: User;
const workers: JobWorker[] = [];

async function open(start = '2026-03-02T15:00:00.000Z') {
  audited = refusingAudit(createSqliteStore({ path: ':memory:' }));
  oficio = await createTestOficio({ start, store: audited.store, demoPassword: PASSWORD });
  await oficio.engine.createDeployment({ resources: [QUEJA, PADRE, HIJA, SOPORTE, AVISO].map((content, i) => ({ name: `folio-${i}.bpmn`, content })) });
  solicitante = (await oficio.identity.findByUsername('solicitante'))!;
}

afterEach(async () => {
  for (const worker of workers.splice(0)) worker.stop();
  await oficio.close();
});

const asUser = (user: User) => ({ kind: 'user' as const, user, actor: actorOf(user) });
const citizen = { kind: 'public' as const, ip: '10.1.2.3' };
const caseOf = (key: string) => oficio.store.collection<CaseDoc>(CASES).get(key);
const folioVariable = async (processInstanceKey: string) => {
  const { items } = await oficio.engine.searchVariables({ filter: { processInstanceKey, scopeKey: processInstanceKey, name: 'folio' } });
  return items[0] ? (JSON.parse(items[0].value) as string) : undefined;
};

describe('a folio', () => {
  beforeEach(() => open());

  it('is the series of the model, the year and a six-digit number, in the start answer, the variable and the case', async () => {
    const started = await oficio.catalogue.start('folio-queja', queja, citizen, 'es');
    expect(started.folio).toBe('CAS-2026-000001');
    expect(await folioVariable(started.processInstanceKey)).toBe('CAS-2026-000001');
    const second = await oficio.catalogue.start('folio-queja', queja, asUser(solicitante), 'es');
    expect(second.folio).toBe('CAS-2026-000002');
    // Another series counts on its own.
    expect((await oficio.catalogue.start('folio-soporte', solicitud, asUser(solicitante), 'es')).folio).toBe('SOP-2026-000001');
  });

  it('a start that fails after its number was counted gives the number back: the next start takes it', async () => {
    await oficio.catalogue.start('folio-queja', queja, citizen, 'es');
    // The audit event is the last write of the start's transaction: refused, the whole start rolls back.
    audited.refuse(refusing('instance.start'));
    await expect(oficio.catalogue.start('folio-queja', queja, citizen, 'es')).rejects.toMatchObject({ kind: 'unavailable' });
    audited.refuse(undefined);
    expect(await oficio.engine.searchProcessInstances({ filter: { processDefinitionId: 'folio-queja' } })).toMatchObject({ items: [expect.anything()] });

    const next = await oficio.catalogue.start('folio-queja', queja, citizen, 'es');
    expect(next.folio).toBe('CAS-2026-000002');
    expect((await oficio.cases.ofSeries('CAS', 2026)).map((c) => c.folio)).toEqual(['CAS-2026-000001', 'CAS-2026-000002']);
  });

  it('two starts at once get consecutive numbers', async () => {
    const both = await Promise.all([oficio.catalogue.start('folio-queja', queja, citizen, 'es'), oficio.catalogue.start('folio-queja', queja, asUser(solicitante), 'es')]);
    expect(both.map((s) => s.folio).sort()).toEqual(['CAS-2026-000001', 'CAS-2026-000002']);
  });

  it("a called instance shares its caller's folio, and its series hands out no number for it", async () => {
    const started = await oficio.catalogue.start('folio-padre', queja, asUser(solicitante), 'es');
    expect(started.folio).toBe('CAS-2026-000001');
    const { items: children } = await oficio.engine.searchProcessInstances({ filter: { parentProcessInstanceKey: started.processInstanceKey } });
    expect(children).toHaveLength(1);
    const child = children[0]!.processInstanceKey;
    expect(await folioVariable(child)).toBe('CAS-2026-000001');
    expect(await oficio.store.collection<CaseDoc>(CASES).get(child)).toBeUndefined();
    expect((await caseOf(started.processInstanceKey))!.instanceKeys).toEqual([started.processInstanceKey, child]);

    // The called instance's task shows the case's folio and what it is about in the tasklist.
    const mesa = (await oficio.identity.findByUsername('mesa-ayuda'))!;
    const { items } = await oficio.tasklist.list(mesa, {});
    expect(items.find((t) => t.processInstanceKey === child)).toMatchObject({
      folio: 'CAS-2026-000001',
      caseSummary: { requester: solicitante.displayName, summary: queja.descripcion },
    });
    // SOP's first own request is still 000001.
    expect((await oficio.catalogue.start('folio-soporte', solicitud, asUser(solicitante), 'es')).folio).toBe('SOP-2026-000001');
  });

  it('is given to every instance the engine starts, also through its API and by a message; without a series of its own, in OFI', async () => {
    const api = await oficio.engine.createProcessInstance({ processDefinitionId: 'folio-queja', variables: {} });
    expect(await folioVariable(api.processInstanceKey)).toBe('CAS-2026-000001');
    await oficio.engine.publishMessage({ name: 'aviso-corte', correlationKey: '', variables: { descripcion: 'Corte de caja del kiosco CAS-07' } });
    const { items } = await oficio.engine.searchProcessInstances({ filter: { processDefinitionId: 'folio-aviso' } });
    expect(await folioVariable(items[0]!.processInstanceKey)).toBe('OFI-2026-000001');
    expect(await caseOf(items[0]!.processInstanceKey)).toMatchObject({ folio: 'OFI-2026-000001', summary: 'Corte de caja del kiosco CAS-07' });
  });

  it('two starts naming the same upload at once: one starts, the other is refused on the field, and no number is lost', async () => {
    const { id, nombre, tipo, tamano } = await oficio.attachments.save({
      nombre: 'oficio.pdf',
      tipo: 'application/pdf',
      bytes: Buffer.from('%PDF-1.7\n%%EOF\n'),
      uploadedBy: { id: solicitante.id, name: solicitante.displayName },
    });
    const data = { ...solicitud, oficio: { id, nombre, tipo, tamano } };
    // Both may look at the upload before either commits: then the second finds it taken when it binds it, inside its transaction.
    const outcomes = await Promise.allSettled([
      oficio.catalogue.start('folio-soporte', data, asUser(solicitante), 'es'),
      oficio.catalogue.start('folio-soporte', data, asUser(solicitante), 'es'),
    ]);
    const started = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(started.map((o) => o.value.folio)).toEqual(['SOP-2026-000001']);
    expect(refused.map((o) => o.reason)).toEqual([expect.objectContaining({ kind: 'invalid', fields: [expect.objectContaining({ field: 'oficio', code: 'attachment_not_usable' })] })]);
    expect((await oficio.attachments.get(id))?.processInstanceKey).toBe(started[0]!.value.processInstanceKey);
    expect((await oficio.catalogue.start('folio-soporte', solicitud, asUser(solicitante), 'es')).folio).toBe('SOP-2026-000002');
  });

  it('may not be sent by anyone: a start naming it is refused', async () => {
    await expect(oficio.catalogue.start('folio-queja', { ...queja, folio: 'CAS-2026-999999' }, citizen, 'es')).rejects.toMatchObject({ name: 'PlatformVariableError' });
  });
});

describe('the year of a folio', () => {
  // 17:00 on 31 December in Mexico City (23:00 UTC).
  beforeEach(() => open('2026-12-31T23:00:00.000Z'));

  it("is Mexico City's: after midnight UTC it is still 2026 there; after midnight there, numbers start again at 000001", async () => {
    expect((await oficio.catalogue.start('folio-queja', queja, citizen, 'es')).folio).toBe('CAS-2026-000001');
    await oficio.clock.advanceTo('2027-01-01T05:30:00.000Z'); // 23:30 on 31 December in Mexico City
    expect((await oficio.catalogue.start('folio-queja', queja, citizen, 'es')).folio).toBe('CAS-2026-000002');
    await oficio.clock.advanceTo('2027-01-01T06:30:00.000Z'); // 00:30 on 1 January
    expect((await oficio.catalogue.start('folio-queja', queja, citizen, 'es')).folio).toBe('CAS-2027-000001');
  });
});

describe('the case', () => {
  beforeEach(() => open());

  it('of the public CAS form names the citizen as filed, the kiosk and the description', async () => {
    const { processInstanceKey } = await oficio.catalogue.start('folio-queja', queja, citizen, 'es');
    const ciudadano = queja.ciudadano as { nombre: string; correo: string };
    expect(await caseOf(processInstanceKey)).toMatchObject({
      folio: 'CAS-2026-000001',
      processDefinitionId: 'folio-queja',
      formId: 'dgsti-p01-pr01-cas-queja-registro',
      requester: { nombre: ciudadano.nombre, email: ciudadano.correo },
      kiosk: 'CAS-03',
      summary: queja.descripcion,
    });
  });

  it('of a signed-in user names them, shortens a long description to one line, and learns the ticket when the worker sets it', async () => {
    workers.push(
      oficio.engine.createJobWorker({
        jobType: 'prueba.ticket',
        maxParallelJobs: 1,
        jobTimeoutMs: 30_000,
        jobHandler: (job: Job) => job.complete({ ticket: { numero: '2026030200042', abiertoEn: '2026-03-02T15:00:00.000Z' } }),
      }),
    );
    const long = `${'La impresora de la oficina de contabilidad no imprime desde ayer por la tarde '.repeat(4)}y nadie sabe por qué.`;
    const { processInstanceKey, folio } = await oficio.catalogue.start('folio-soporte', { ...solicitud, descripcion: long }, asUser(solicitante), 'es');
    const filed = await caseOf(processInstanceKey);
    expect(filed).toMatchObject({ folio, requester: { id: solicitante.id, username: 'solicitante', nombre: solicitante.displayName } });
    expect(filed!.summary!.length).toBeLessThanOrEqual(140);
    expect(filed!.summary!.endsWith('…')).toBe(true);

    await waitFor(async () => (await caseOf(processInstanceKey))?.ticket === '2026030200042');
    expect((await caseOf(processInstanceKey))!.text).toContain('2026030200042');
  });
});
