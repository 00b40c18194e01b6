// DGSTI-P01-PR02 Gestión de Base de Datos and PR03 Soporte Técnico, end to end on the embedded engine.
import { createProcessHarness, taskAt, completeTask, settled, path, variablesOf, type ProcessHarness } from './harness.js';
import { solicitante, adjunto, start, mailsTo } from './dgsti-pr0-helpers.js';

let h: ProcessHarness;
beforeEach(async () => {
  h = await createProcessHarness();
});
afterEach(async () => {
  await h.close();
});

const solicitudBd = {
  ...solicitante,
  tipo: 'creacion',
  motor: 'INFORMIX',
  nombreBd: 'padron_proveedores',
  sistema: 'Padrón de Proveedores',
  personas: [{ nombre: 'Carlos Ruiz', usuario: 'cruiz', permisos: ['select', 'insert'] }],
  justificacion: 'Base de datos del nuevo sistema de Padrón de Proveedores del Estado.',
  archivoEstructura: adjunto('padron_proveedores.sql'),
};

describe('PR02 Gestión de Base de Datos', () => {
  it('registers its own ticket, loops through "Aclarar estructura" until the review is clear, provisions and closes', async () => {
    const key = await start(h, 'dgsti-p01-pr02-base-datos', solicitudBd);
    const revision = await taskAt(h, key, 'revisar-solicitud');
    expect(revision.candidateGroups).toEqual(['base-datos']);
    expect(revision.externalFormReference).toBe('dgsti-p01-pr02-revisar-solicitud');
    expect(revision.dueDate).toBe('2026-03-04T09:00:00.000Z');
    expect((await variablesOf(h, key)).ticket).toEqual(expect.objectContaining({ numero: expect.stringMatching(/^20260302/) }));

    await completeTask(h, key, 'revisar-solicitud', { requiereAclaracion: true, preguntas: '¿Qué tablas comparten llave con nómina?' });
    const aclaracion = await taskAt(h, key, 'aclarar-estructura');
    expect(aclaracion.candidateGroups).toEqual(['solicitante']);
    await completeTask(h, key, 'aclarar-estructura', { respuestaAclaracion: 'La tabla proveedor comparte el RFC.', sistema: 'Padrón de Proveedores', personas: solicitudBd.personas });
    await completeTask(h, key, 'revisar-solicitud', { requiereAclaracion: false, personasAutorizadas: ['cruiz'] });

    await settled(h, key);
    const vars = await variablesOf(h, key);
    expect(vars.registroBd).toEqual(expect.objectContaining({ nombreBd: 'padron_proveedores', motor: 'INFORMIX' }));
    expect(vars.ticketCerrado).toEqual(expect.objectContaining({ numero: (vars.ticket as { numero: string }).numero }));
    const steps = await path(h, key);
    expect(steps.filter((s) => s === 'revisar-solicitud')).toHaveLength(2);
    expect(steps).toEqual(expect.arrayContaining(['registrar-ticket', 'canalizar-solicitud', 'aclarar-estructura', 'crear-base-datos', 'cerrar-ticket', 'servicio-realizado']));
  });

  it('refuses permissions for a person not authorized in writing (3.d): e-mail in Spanish, ticket closed, no database', async () => {
    const key = await start(h, 'dgsti-p01-pr02-base-datos', {
      ...solicitudBd,
      tipo: 'permisos',
      justificacion: undefined,
      oficioAutorizacion: adjunto('oficio.pdf'),
      personas: [...solicitudBd.personas, { nombre: 'Intruso', usuario: 'intruso', permisos: ['dba'] }],
    });
    await completeTask(h, key, 'revisar-solicitud', { requiereAclaracion: false, personasAutorizadas: ['cruiz'] });
    await settled(h, key);
    const steps = await path(h, key);
    expect(steps).toEqual(expect.arrayContaining(['usuario-no-autorizado', 'notificar-negativa', 'cerrar-ticket-rechazo', 'solicitud-rechazada']));
    expect(steps).not.toContain('servicio-realizado');
    expect((await variablesOf(h, key)).registroBd).toBeUndefined();
    const [mail] = mailsTo(h, solicitante.correo);
    expect(mail).toMatch(/rechazada/);
    expect(mail).toMatch(/autorizados por escrito/);
  });
});

describe('PR03 Soporte Técnico', () => {
  const reporte = { ...solicitante, tipoServicio: 'hardware', descripcion: 'La computadora no enciende desde esta mañana.', tecnicoAsignado: 'juan.perez' };

  it('reassigns the report with a reason (3.b) to the new technician, keeps both names, then closes the ticket (3.d)', async () => {
    const key = await start(h, 'dgsti-p01-pr03-soporte-tecnico', reporte);
    const primera = await taskAt(h, key, 'atender-reporte');
    expect(primera.assignee).toBe('juan.perez');
    expect(primera.candidateGroups).toEqual(['soporte-tecnico']);
    expect(primera.dueDate).toBe('2026-03-04T09:00:00.000Z');

    await completeTask(h, key, 'atender-reporte', { accion: 'reasignar', nuevoTecnico: 'maria.lopez', motivoReasignacion: 'Estaré en comisión dos días.' });
    const segunda = await taskAt(h, key, 'atender-reporte');
    expect(segunda.userTaskKey).not.toBe(primera.userTaskKey);
    expect(segunda.assignee).toBe('maria.lopez');
    const vars = await variablesOf(h, key);
    expect(vars.reasignaciones).toEqual([{ de: 'juan.perez', a: 'maria.lopez', motivo: 'Estaré en comisión dos días.', fecha: '2026-03-02T09:00:00Z' }]);
    expect(vars.tecnicoAsignado).toBe('maria.lopez');

    await completeTask(h, key, 'atender-reporte', { accion: 'atendido', solucion: 'Se reemplazó la fuente de poder.' });
    const encuesta = await taskAt(h, key, 'encuesta-satisfaccion');
    expect(encuesta.candidateGroups).toEqual(['solicitante']);
    expect((await variablesOf(h, key)).ticketCerrado).toEqual(expect.objectContaining({ numero: expect.any(String) }));
    await completeTask(h, key, 'encuesta-satisfaccion', { calificacion: 5, resuelto: true });
    await settled(h, key);
    expect(await path(h, key)).toEqual(expect.arrayContaining(['registrar-reasignacion', 'cerrar-ticket', 'encuesta-satisfaccion', 'servicio-realizado']));
  });

  it('called from the help desk with a ticket: no second ticket, no second survey; an unanswered survey closes after 3 days', async () => {
    const ticketKey = await start(h, 'dgsti-p01-pr03-soporte-tecnico', { ...reporte, tecnicoAsignado: undefined });
    await completeTask(h, ticketKey, 'atender-reporte', { accion: 'atendido', solucion: 'Se reinstaló el controlador.' });
    await taskAt(h, ticketKey, 'encuesta-satisfaccion');
    await h.clock.advance('P3D');
    await settled(h, ticketKey);
    expect(await path(h, ticketKey)).toContain('encuesta-sin-respuesta');

    const { ticket } = await variablesOf(h, ticketKey);
    const called = await start(h, 'dgsti-p01-pr03-soporte-tecnico', { ...reporte, ticket, origen: 'mesa-ayuda' });
    await completeTask(h, called, 'atender-reporte', { accion: 'atendido', solucion: 'Se configuró la impresora.' });
    await settled(h, called);
    const steps = await path(h, called);
    expect(steps).not.toContain('registrar-ticket');
    // The help desk already dispatched it (its own A2): no second "Canalizar solicitud".
    expect(steps).not.toContain('canalizar-solicitud');
    expect(steps).toContain('servicio-realizado-mesa');
  });
});
