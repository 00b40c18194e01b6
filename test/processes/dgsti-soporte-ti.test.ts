// DGSTI-P01 Soporte a las TI (the help desk) end to end on the embedded engine with every worker
// running and a real SMTP server: request → OTRS ticket and acknowledgement e-mail (A1) → classify
// and assign (A2, 10 minutes) → the procedure of the category as a called model (A3–A9) → ticket
// closed and "servicio atendido" e-mail (A10) → satisfaction survey, answered or closed unanswered.
import { jest } from '@jest/globals';
import { loadForms } from '../../forms/index.js';
import { createStoredKioskLog } from '../../workers/adapters/kiosk.js';
import type { Variables } from '../../server/engine/port.js';
import { recordCollectionsOf } from '../../server/workers/runner.js';
import { decodeMail, createProcessHarness, completeTask, path, settled, taskAt, variablesOf, type Mail, type ProcessHarness } from './harness.js';
import { waitFor } from '../support/wait-for.js';

jest.setTimeout(120_000);

const forms = loadForms();
const example = (formId: string, index = 0): Variables => structuredClone(forms.get(formId)!.examples.valid[index]!) as Variables;
const SOLICITUD = (): Variables => ({ ...example('dgsti-p01-soporte-ti-solicitud'), correo: 'maria.lopez@aguascalientes.gob.mx' });
/** OTRS date-based ticket number: yyyymmdd + SystemID (10) + daily counter (5 digits). */
const OTRS = /^2026030210\d{5}$/;

let h: ProcessHarness;
beforeEach(async () => {
  h = await createProcessHarness();
});
afterEach(async () => {
  await h.close();
});

async function startRequest(data: Variables = SOLICITUD()) {
  const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'dgsti-p01-soporte-ti', variables: data });
  return processInstanceKey;
}

/** Waits until at least `count` e-mails went to `address`, and answers them all. */
async function mailsTo(address: string, count: number, timeoutMs = 5000): Promise<Mail[]> {
  const found = () => h.mails.filter((m) => m.to.includes(address));
  return waitFor(
    async () => {
      await h.engine.idle();
      return found().length >= count ? found() : undefined;
    },
    timeoutMs,
    `${count} e-mails to ${address}`,
    {
      intervalMs: 10,
      explain: async () => {
        const incidents = await h.engine.searchIncidents({ filter: { state: 'ACTIVE' } });
        return `${found().length} came; incidents: ${incidents.items.map((i) => `${i.elementId}: ${i.errorMessage}`).join(' | ') || 'none'}`;
      },
    },
  );
}

/** Waits until the call activity `elementId` of the instance has been entered. */
async function reached(processInstanceKey: string, elementId: string, timeoutMs = 5000) {
  return waitFor(
    async () => {
      await h.engine.idle();
      return (await h.engine.searchElementInstances({ filter: { processInstanceKey, elementId } })).items[0];
    },
    timeoutMs,
    `the instance to reach '${elementId}'`,
    { explain: async () => `completed: ${(await path(h, processInstanceKey)).join(' → ')}` },
  );
}

/**
 * Drives a called procedure (written by its own owner) to its end the way its users would: every
 * open task is completed with its form's valid examples (the next example when a task comes back).
 * The clock never moves: each procedure's service ends within its activity's time (2 days), with no
 * timer to wait for (PR06's six-month tape retention runs as its own instance). Fails naming the
 * task, incident or element it got stuck on.
 */
async function completeCalledProcedure(parentKey: string, processDefinitionId: string) {
  const child = await waitFor(
    async () => {
      await h.engine.idle();
      return (await h.engine.searchProcessInstances({ filter: { parentProcessInstanceKey: parentKey, processDefinitionId } })).items[0]?.processInstanceKey;
    },
    5000,
    `${processDefinitionId} to be started by the call activity`,
  );
  const seen = new Map<string, number>();
  for (let step = 0; step < 200; step++) {
    await h.engine.idle();
    const instance = await h.engine.getProcessInstance({ processInstanceKey: child });
    if (instance.state !== 'ACTIVE') return { child, state: instance.state };
    const incidents = await h.engine.searchIncidents({ filter: { processInstanceKey: child, state: 'ACTIVE' } });
    if (incidents.items.length) throw new Error(`${processDefinitionId}: incident ${incidents.items.map((i) => `${i.elementId}: ${i.errorMessage}`).join(' | ')}`);
    const { items: open } = await h.engine.searchUserTasks({ filter: { processInstanceKey: child, state: 'CREATED' } });
    const task = open[0];
    if (task) {
      const formId = task.externalFormReference!;
      const form = forms.get(formId);
      if (!form) throw new Error(`${processDefinitionId}/${task.elementId}: form '${formId}' does not exist`);
      const n = seen.get(task.elementId!) ?? 0;
      seen.set(task.elementId!, n + 1);
      const data = structuredClone(form.examples.valid[Math.min(n, form.examples.valid.length - 1)]!) as Variables;
      await h.engine.completeUserTask({ userTaskKey: task.userTaskKey!, variables: data });
      continue;
    }
    // Nothing to do by hand: a job is running (a waiting timer would never fire: the clock stays put).
    await new Promise((r) => setTimeout(r, 20));
  }
  const active = await h.engine.searchElementInstances({ filter: { processInstanceKey: child, state: 'ACTIVE' } });
  throw new Error(`${processDefinitionId} did not finish; active: ${active.items.map((e) => e.elementId).join(', ')}`);
}

/** A10 and the survey, after the procedure of the branch. */
async function expectClosedAndNotified(processInstanceKey: string) {
  const encuesta = await taskAt(h, processInstanceKey, 'encuesta-satisfaccion');
  const v = await variablesOf(h, processInstanceKey);
  expect(v.ticketCerrado).toMatchObject({ numero: (v.ticket as { numero: string }).numero });
  const mails = await mailsTo('maria.lopez@aguascalientes.gob.mx', 2);
  const atendido = mails.map((m) => decodeMail(m.raw)).find((text) => text.includes('fue atendido'));
  expect(atendido).toContain((v.ticket as { numero: string }).numero);
  return encuesta;
}

describe('DGSTI-P01 Soporte a las TI (dgsti-p01-soporte-ti)', () => {
  it('registers the request with an OTRS ticket number, acknowledges it by e-mail in Spanish and asks the Mesa de Ayuda to classify it within 10 minutes (A1, A2)', async () => {
    const instance = await startRequest();
    const clasificar = await taskAt(h, instance, 'clasificar-asignar');

    const { ticket } = (await variablesOf(h, instance)) as { ticket: { numero: string; abiertoEn: string } };
    expect(ticket.numero).toMatch(OTRS);
    expect(ticket.abiertoEn).toBe('2026-03-02T09:00:00.000Z');

    const [acuse] = await mailsTo('maria.lopez@aguascalientes.gob.mx', 1);
    expect(acuse).toBeDefined();
    const text = decodeMail(acuse!.raw);
    expect(text).toContain(ticket.numero);
    expect(text).toContain('Recibimos su solicitud');
    expect(text).toContain('María Fernanda López Ruiz');
    expect(text).toContain('Soporte Técnico');

    expect(clasificar.candidateGroups).toEqual(['mesa-ayuda']);
    expect(clasificar.externalFormReference).toBe('dgsti-p01-soporte-ti-clasificar');
    expect(clasificar.dueDate).toBe('2026-03-02T09:10:00.000Z');
  });

  it('sends a CAS complaint through the complaint model, closes the ticket, e-mails "servicio atendido" and takes the survey answer (A3, A10)', async () => {
    const collections = recordCollectionsOf(h.store);
    await createStoredKioskLog(collections).record({ transaccionId: 'TX-0042', kioscoId: 'CAS-03', fechaHora: '2026-03-01T18:26:00Z', montoPagado: 500, importe: 362.5, cambioDevuelto: 0 });

    const instance = await startRequest({ ...SOLICITUD(), categoria: 'cas', descripcion: 'El kiosco de Plaza Patria no me devolvió el cambio.', canal: 'telefono' });
    await completeTask(h, instance, 'clasificar-asignar', { categoria: 'cas', kioscoId: 'CAS-03', fechaHora: '2026-03-01T18:25:00Z', montoPagado: 500, montoEsperadoDevolucion: 137.5 });
    await reached(instance, 'centros-atencion-servicio');

    const { items } = await h.engine.searchProcessInstances({ filter: { parentProcessInstanceKey: instance } });
    expect(items.map((i) => i.processDefinitionId)).toEqual(['dgsti-p01-pr01-cas-queja']);
    const queja = items[0]!.processInstanceKey;
    expect(await variablesOf(h, queja)).toMatchObject({
      kioscoId: 'CAS-03',
      montoPagado: 500,
      ciudadano: { nombre: 'María Fernanda López Ruiz', correo: 'maria.lopez@aguascalientes.gob.mx' },
      ticket: { numero: expect.stringMatching(OTRS) },
    });
    await completeTask(h, queja, 'canalizar-operacion-cas', example('dgsti-p01-pr01-cas-queja-canalizar'));
    await completeTask(h, queja, 'atender-queja', { procedeDevolucion: true, transaccionId: 'TX-0042', montoDevolucion: 137.5, respuestaCiudadano: 'Se devolverá tras el corte.' });
    await h.engine.publishMessage({ name: 'corte-realizado', correlationKey: 'CAS-03', timeToLive: 0 });
    await completeTask(h, queja, 'entregar-devolucion', example('dgsti-p01-pr01-cas-queja-devolucion'));
    await settled(h, queja);

    const encuesta = await expectClosedAndNotified(instance);
    expect(encuesta.candidateGroups).toEqual(['solicitante']);
    expect(encuesta.externalFormReference).toBe('dgsti-p01-soporte-ti-encuesta');
    expect(encuesta.dueDate).toBe(new Date(h.clock.now() + 3 * 86_400_000).toISOString());
    await completeTask(h, instance, 'encuesta-satisfaccion', example('dgsti-p01-soporte-ti-encuesta'));
    await settled(h, instance);
    expect(await path(h, instance)).toEqual([
      'solicitud-servicio',
      'recepcion-solicitud',
      'enviar-acuse',
      'clasificar-asignar',
      'categoria-solicitud',
      'centros-atencion-servicio',
      'servicio-realizado',
      'rechazada-procedimiento',
      'registro-servicio-control',
      'enviar-servicio-atendido',
      'encuesta-satisfaccion',
      'servicio-atendido',
    ]);
    expect((await variablesOf(h, instance)).satisfaccion).toBe(5);
  });

  it.each([
    ['base-datos', undefined, 'base-datos', 'dgsti-p01-pr02-base-datos'],
    ['soporte-tecnico', undefined, 'soporte-tecnico', 'dgsti-p01-pr03-soporte-tecnico'],
    ['red-voz', undefined, 'red-voz', 'dgsti-p01-pr04-red-voz'],
    ['red-datos', undefined, 'red-datos', 'dgsti-p01-pr05-red-datos'],
    ['sistemas-operativos', 'respaldo', 'programacion-respaldo', 'dgsti-p01-pr06-respaldo'],
    ['sistemas-operativos', 'accesos', 'creacion-accesos', 'dgsti-p01-pr07-accesos'],
    ['gestion-digital', undefined, 'gestion-implementacion-digital', 'dgsti-p01-pr08-sigue'],
  ])('routes categoría %s %s to the call activity %s (%s) and closes the ticket after it (A4–A9, A10)', async (categoria, servicio, callActivity, processId) => {
    const instance = await startRequest({ ...SOLICITUD(), categoria });
    await completeTask(h, instance, 'clasificar-asignar', { categoria, ...(servicio ? { servicioSistemasOperativos: servicio } : {}) });
    await reached(instance, callActivity);

    const { child, state } = await completeCalledProcedure(instance, processId);
    expect(state).toBe('COMPLETED');
    expect(new Date(h.clock.now()).toISOString()).toBe('2026-03-02T09:00:00.000Z');
    const childVariables = await variablesOf(h, child);
    expect(childVariables.ticket).toEqual((await variablesOf(h, instance)).ticket);
    // Called with the help desk's ticket, already classified and dispatched (A2): the procedure
    // neither registers a ticket nor asks the Mesa de Ayuda to dispatch it again.
    const childSteps = await path(h, child);
    expect(childSteps).not.toContain('registrar-ticket');
    expect(childSteps).not.toContain('canalizar-solicitud');
    expect((await h.engine.searchUserTasks({ filter: { processInstanceKey: child, elementId: 'canalizar-solicitud' } })).items).toEqual([]);

    await expectClosedAndNotified(instance);
    await completeTask(h, instance, 'encuesta-satisfaccion', example('dgsti-p01-soporte-ti-encuesta', 1));
    await settled(h, instance);
    expect(await path(h, instance)).toEqual(expect.arrayContaining([callActivity, 'registro-servicio-control', 'enviar-servicio-atendido', 'servicio-atendido']));
  });

  it('closes a help-desk backup request once the backup is in the bank vault (A8, 2 días); the six-month retention goes on in its own PR06 instance (3.e, 3.f)', async () => {
    const instance = await startRequest({ ...SOLICITUD(), categoria: 'sistemas-operativos', descripcion: 'Respaldo extraordinario del SIIF antes del cierre.' });
    await completeTask(h, instance, 'clasificar-asignar', { categoria: 'sistemas-operativos', servicioSistemasOperativos: 'respaldo' });
    await reached(instance, 'programacion-respaldo');
    const { items } = await h.engine.searchProcessInstances({ filter: { parentProcessInstanceKey: instance } });
    const respaldo = items[0]!.processInstanceKey;
    await completeTask(h, respaldo, 'ejecutar-respaldo', example('dgsti-p01-pr06-ejecutar-respaldo'));
    await h.clock.advance('PT2H'); // the trip to the bank
    await completeTask(h, respaldo, 'trasladar-boveda', example('dgsti-p01-pr06-trasladar-boveda'));
    await settled(h, respaldo);

    await expectClosedAndNotified(instance);
    const { ticket, ticketCerrado } = (await variablesOf(h, instance)) as { ticket: { numero: string }; ticketCerrado: { cerradoEn: string } };
    expect(Date.parse(ticketCerrado.cerradoEn) - Date.parse('2026-03-02T09:00:00.000Z')).toBeLessThanOrEqual(2 * 86_400_000);
    expect(await path(h, respaldo)).toEqual(expect.arrayContaining(['trasladar-boveda', 'avisar-cintas-en-boveda', 'respaldo-realizado']));

    // The retention instance: not a child of the help desk, carrying the backup and the ticket.
    const { items: all } = await h.engine.searchProcessInstances({ filter: { processDefinitionId: 'dgsti-p01-pr06-respaldo' } });
    const retencion = all.find((i) => i.processInstanceKey !== respaldo);
    expect(retencion).toBeDefined();
    expect(retencion!.parentProcessInstanceKey ?? null).toBeNull();
    const carried = await variablesOf(h, retencion!.processInstanceKey);
    expect(carried).toMatchObject({ respaldo: (await variablesOf(h, respaldo)).respaldo, ticket: { numero: ticket.numero }, origen: 'mesa-ayuda' });

    await completeTask(h, instance, 'encuesta-satisfaccion', example('dgsti-p01-soporte-ti-encuesta'));
    await settled(h, instance);
    await h.clock.advance('P6M');
    await taskAt(h, retencion!.processInstanceKey, 'regresar-cintas');
  });

  it('does not report "servicio atendido" when the procedure refused the request: the SIGUE owner says no (PR08 3.a)', async () => {
    const instance = await startRequest({ ...SOLICITUD(), categoria: 'gestion-digital' });
    await completeTask(h, instance, 'clasificar-asignar', { categoria: 'gestion-digital' });
    await reached(instance, 'gestion-implementacion-digital');
    const { items } = await h.engine.searchProcessInstances({ filter: { parentProcessInstanceKey: instance } });
    const child = items[0]!.processInstanceKey;
    await completeTask(h, child, 'autorizacion-dueno', { autorizaDueno: false, nombreDueno: 'Mtro. Jorge Medina', motivoRechazo: 'La persona no pertenece a la dirección.' });
    await settled(h, child);
    expect(await path(h, child)).not.toContain('canalizar-solicitud');
    await settled(h, instance);

    const steps = await path(h, instance);
    expect(steps).toEqual(expect.arrayContaining(['gestion-implementacion-digital', 'rechazada-procedimiento', 'solicitud-rechazada']));
    expect(steps).not.toContain('enviar-servicio-atendido');
    expect(steps).not.toContain('encuesta-satisfaccion');
    expect((await variablesOf(h, instance)).solicitudRechazada).toEqual({ motivo: 'Rechazada: La persona no pertenece a la dirección.' });
  });

  it('reminds the requester each day and closes the survey unanswered after 3 days (P3D)', async () => {
    const instance = await startRequest({ ...SOLICITUD(), categoria: 'cas' });
    await completeTask(h, instance, 'clasificar-asignar', { categoria: 'cas', kioscoId: 'CAS-09', fechaHora: '2026-03-01T18:25:00Z', montoPagado: 100, montoEsperadoDevolucion: 20 });
    await reached(instance, 'centros-atencion-servicio');
    const { items } = await h.engine.searchProcessInstances({ filter: { parentProcessInstanceKey: instance } });
    const queja = items[0]!.processInstanceKey;
    await completeTask(h, queja, 'canalizar-operacion-cas', example('dgsti-p01-pr01-cas-queja-canalizar'));
    await completeTask(h, queja, 'atender-queja', example('dgsti-p01-pr01-cas-queja-atender', 1));
    await settled(h, queja);
    await expectClosedAndNotified(instance);
    const before = h.mails.length;

    await h.clock.advance('P1D');
    const afterOneDay = await mailsTo('maria.lopez@aguascalientes.gob.mx', before + 1);
    const incidents = await h.engine.searchIncidents({ filter: { processInstanceKey: instance, state: 'ACTIVE' } });
    expect(incidents.items.map((i) => `${i.elementId}: ${i.errorMessage}`)).toEqual([]);
    expect(afterOneDay.length).toBe(before + 1);
    expect(decodeMail(afterOneDay.at(-1)!.raw)).toContain(((await variablesOf(h, instance)) as { ticket: { numero: string } }).ticket.numero);
    expect(await taskAt(h, instance, 'encuesta-satisfaccion')).toBeDefined();

    await h.clock.advance('P2D');
    await settled(h, instance);
    const steps = await path(h, instance);
    expect(steps).toEqual(expect.arrayContaining(['encuesta-vencida', 'encuesta-sin-respuesta']));
    expect(steps.filter((s) => s === 'enviar-recordatorio-encuesta')).toHaveLength(2);
    expect(steps).not.toContain('servicio-atendido');
    const { items: survey } = await h.engine.searchUserTasks({ filter: { processInstanceKey: instance, elementId: 'encuesta-satisfaccion' } });
    expect(survey.map((t) => t.state)).toEqual(['CANCELED']);
  });
});

// ---------------------------------------------------------------------------------------------
