// DGSTI-P01-PR04 Red de Voz and PR05 Red de Datos: normal service, the 15-day rule for special
// events (3.f), the on-site study with an optional purchase proposal, and the forms' validation.
import { createProcessHarness, taskAt, completeTask, settled, path, variablesOf, type ProcessHarness } from './harness.js';
import { start, dispatch, canalizacion, mailsTo } from './dgsti-pr0-helpers.js';
import { loadForms, FormValidator } from '../../forms/index.js';

let h: ProcessHarness;
beforeEach(async () => {
  h = await createProcessHarness();
});
afterEach(async () => {
  await h.close();
});

// The harness clock starts on 2026-03-02.
const CORREO = 'informatica.salud@aguascalientes.gob.mx';
const base = { dependencia: 'Secretaría de Salud', area: 'Dirección Administrativa', nombre: 'Pedro Salas Gómez', telefono: '4499107000', extension: '3456', correo: CORREO };
const voz = { ...base, tipoMovimiento: 'alta-extension' };
const datos = {
  ...base,
  direccionIp: '10.20.30.40',
  tipoServicio: 'apertura-puertos',
  puertos: '80,443,8000-8080',
  autoriza: 'Ing. Raúl Soto',
  justificacion: 'Publicación del portal de citas médicas.',
};
const validator = new FormValidator(loadForms());

describe.each([
  {
    id: 'dgsti-p01-pr04-red-voz',
    grupo: 'red-voz',
    solicitud: voz,
    evento: { ...voz, tipoMovimiento: 'evento-especial', lugarEvento: 'Teatro Aguascalientes' },
    tipo: 'tipoMovimiento',
    form: 'dgsti-p01-pr04-solicitud',
  },
  {
    id: 'dgsti-p01-pr05-red-datos',
    grupo: 'red-datos',
    solicitud: datos,
    evento: { ...base, direccionIp: '10.20.30.40', tipoServicio: 'evento-especial', lugarEvento: 'Palacio de Gobierno' },
    tipo: 'tipoServicio',
    form: 'dgsti-p01-pr05-solicitud',
  },
])('$id', ({ id, grupo, solicitud, evento, form }) => {
  it('only jefe-informatica starts it (3.c): the start event says so and sits in its lane', async () => {
    const xml = await h.engine.getProcessDefinitionXml({
      processDefinitionKey: (await h.engine.searchProcessDefinitions({ filter: { processDefinitionId: id } })).items[0]!.processDefinitionKey!,
    });
    expect(xml).toContain('name="oficio:candidateStarterGroups" value="jefe-informatica"');
    expect(xml).toMatch(/<bpmn:lane id="Lane_jefe-informatica"[^>]*><bpmn:flowNodeRef>solicitud-red-/);
  });

  it('normal request: "Ejecutar servicio" within 2 days, then the ticket is closed (3.d, 3.e)', async () => {
    expect(validator.validate(form, solicitud)).toEqual([]);
    const key = await start(h, id, solicitud, { canalizar: false });
    // Filed directly by the Jefe de Informática, it still passes through the help desk (DGSTI-P01 A2, 10 minutes).
    const canalizar = await taskAt(h, key, 'canalizar-solicitud');
    expect(canalizar.candidateGroups).toEqual(['mesa-ayuda']);
    expect(canalizar.externalFormReference).toBe('dgsti-p01-canalizar-solicitud');
    expect(canalizar.dueDate).toBe('2026-03-02T09:10:00.000Z');
    expect(validator.validate('dgsti-p01-canalizar-solicitud', canalizacion)).toEqual([]);
    expect(await dispatch(h, key)).toEqual(expect.objectContaining({ userTaskKey: canalizar.userTaskKey }));
    const tarea = await taskAt(h, key, 'ejecutar-servicio');
    expect(tarea.candidateGroups).toEqual([grupo]);
    expect(tarea.dueDate).toBe('2026-03-04T09:00:00.000Z');
    await completeTask(h, key, 'ejecutar-servicio', { trabajoRealizado: 'Servicio ejecutado conforme a la solicitud.' });
    await settled(h, key);
    expect(await path(h, key)).toEqual([
      'solicitud-' + id.replace(/^dgsti-p01-pr0\d-/, ''),
      'tiene-ticket',
      'registrar-ticket',
      'canalizar-solicitud',
      'ticket-listo',
      'evento-especial',
      'listo-para-ejecutar',
      'ejecutar-servicio',
      'cerrar-ticket',
      'servicio-realizado',
    ]);
    expect((await variablesOf(h, key)).ticketCerrado).toEqual(expect.objectContaining({ numero: expect.any(String) }));
  });

  it('special event 14 days ahead: rejected with the 15-day reason in a Spanish e-mail (3.f)', async () => {
    const solicitudTarde = { ...evento, fechaEvento: '2026-03-16' };
    expect(validator.validate(form, solicitudTarde)).toEqual([]);
    const key = await start(h, id, solicitudTarde);
    await settled(h, key);
    const steps = await path(h, key);
    expect(steps).toEqual(expect.arrayContaining(['notificar-negativa', 'cerrar-ticket-rechazo', 'solicitud-rechazada']));
    expect(steps).not.toContain('estudio-sitio');
    const [mail] = mailsTo(h, CORREO);
    expect(mail).toMatch(/Su solicitud fue rechazada/);
    expect(mail).toMatch(/por lo menos 15 d[ií]as antes del evento/);
  });

  it('special event 15 days ahead: on-site study (technicians and telecom) → purchase proposal → execution', async () => {
    const key = await start(h, id, { ...evento, fechaEvento: '2026-03-17' });
    const estudio = await taskAt(h, key, 'estudio-sitio');
    expect(estudio.candidateGroups).toEqual([grupo, 'telecom']);
    expect(mailsTo(h, CORREO)).toEqual([]);
    await completeTask(h, key, 'estudio-sitio', { fechaVisita: '2026-03-04', factible: true, requerimientos: 'Se requieren 20 nodos y un enlace temporal.', requiereAdquisicion: true });
    const propuesta = await taskAt(h, key, 'propuesta-adquisicion');
    expect(propuesta.candidateGroups).toEqual(['telecom']);
    await completeTask(h, key, 'propuesta-adquisicion', {
      bienes: [{ descripcion: 'Switch de 24 puertos', cantidad: 2 }],
      justificacionAdquisicion: 'El área no cuenta con equipo para el evento.',
    });
    await completeTask(h, key, 'ejecutar-servicio', { trabajoRealizado: 'Infraestructura del evento instalada.' });
    await settled(h, key);
    expect(await path(h, key)).toEqual(expect.arrayContaining(['estudio-sitio', 'propuesta-adquisicion', 'ejecutar-servicio', 'cerrar-ticket']));
  });

  // 3.f counts calendar days in Aguascalientes (UTC-6): 19:00 local on 2 March is already 3 March in UTC.
  it('special event at 19:00 local on 2 March: the 17th is still 15 days ahead, the 16th is not (days counted in Aguascalientes time)', async () => {
    await h.clock.advanceTo('2026-03-03T01:00:00.000Z'); // 2026-03-02T19:00:00-06:00
    await h.engine.idle();
    const aTiempo = await start(h, id, { ...evento, fechaEvento: '2026-03-17' });
    await taskAt(h, aTiempo, 'estudio-sitio');
    expect(await path(h, aTiempo)).not.toContain('notificar-negativa');
    const tarde = await start(h, id, { ...evento, fechaEvento: '2026-03-16' });
    await settled(h, tarde);
    expect(await path(h, tarde)).toEqual(expect.arrayContaining(['notificar-negativa', 'cerrar-ticket-rechazo', 'solicitud-rechazada']));
  });

  it('special event at 00:00 local on 3 March: the 17th is now only 14 days ahead and is rejected', async () => {
    await h.clock.advanceTo('2026-03-03T06:00:00.000Z'); // 2026-03-03T00:00:00-06:00
    await h.engine.idle();
    const key = await start(h, id, { ...evento, fechaEvento: '2026-03-17' });
    await settled(h, key);
    expect(await path(h, key)).toEqual(expect.arrayContaining(['notificar-negativa', 'solicitud-rechazada']));
    expect(await path(h, key)).not.toContain('estudio-sitio');
  });

  it('special event a month ahead without purchases goes from the study straight to execution', async () => {
    const key = await start(h, id, { ...evento, fechaEvento: '2026-04-10' });
    await completeTask(h, key, 'estudio-sitio', { fechaVisita: '2026-03-04', factible: true, requerimientos: 'La infraestructura existente basta.', requiereAdquisicion: false });
    await taskAt(h, key, 'ejecutar-servicio');
    expect(await path(h, key)).not.toContain('propuesta-adquisicion');
  });
});

describe('the request forms refuse what the manual does not allow', () => {
  it('PR04 3.c: keys and special permissions need who authorizes and the justification; extension digits', () => {
    const fields = validator
      .validate('dgsti-p01-pr04-solicitud', { ...voz, tipoMovimiento: 'permisos-especiales', extension: 'ext' })
      .map((e) => e.field)
      .filter(Boolean);
    expect(fields).toEqual(expect.arrayContaining(['autoriza', 'justificacion', 'extension']));
    const missing = validator
      .validate('dgsti-p01-pr04-solicitud', {})
      .map((e) => e.field)
      .sort();
    expect(missing).toEqual(['area', 'dependencia', 'extension', 'nombre', 'telefono', 'tipoMovimiento']);
  });

  it('PR05 3.c: IPv4, URL, ports 1–65535 and end date after start date', () => {
    const v = (data: Record<string, unknown>) =>
      validator
        .validate('dgsti-p01-pr05-solicitud', data)
        .map((e) => e.field)
        .filter(Boolean);
    expect(v({ ...datos, direccionIp: '192.168.1.256' })).toContain('direccionIp');
    expect(v({ ...datos, puertos: '0,443' })).toContain('puertos');
    expect(v({ ...datos, puertos: '80,65536' })).toContain('puertos');
    expect(v({ ...datos, puertos: '80, 443, 8000-8080' })).toEqual([]);
    expect(v({ ...base, direccionIp: '10.0.0.1', tipoServicio: 'bloqueo-sitio', url: 'juegos' })).toContain('url');
    expect(
      v({
        ...base,
        direccionIp: '10.0.0.1',
        tipoServicio: 'acceso-internet',
        autoriza: 'Lic. Díaz',
        justificacion: 'Consulta de portales federales.',
        fechaInicio: '2026-05-01',
        fechaFin: '2026-04-30',
      }),
    ).toEqual(['fechaFin']);
    expect(v({ ...base, direccionIp: '10.0.0.1', tipoServicio: 'falla' })).toEqual([]);
    expect(v({ ...base, direccionIp: '10.0.0.1', tipoServicio: 'apertura-puertos' }).sort()).toEqual(['autoriza', 'justificacion', 'puertos']);
  });
});
