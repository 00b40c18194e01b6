// DGPT-P01 Desarrollo de Sistemas de Información end to end: every path the manual implies for
// procedures PR01–PR05 and for the process A1→A6, on the embedded engine with the manual clock,
// the real workers and an SMTP server on loopback.
import { loadForms, FormValidator } from '../../forms/index.js';
import { createProcessHarness, completeTask, path, settled, START, taskAt, variablesOf, type Mail, type ProcessHarness } from './harness.js';
import { parseMail } from '../mime.js';
import { waitFor } from '../support/wait-for.js';

const validator = new FormValidator(loadForms());

let counter = 0;
const adjunto = (nombre: string) => ({ id: `adj-${++counter}`, nombre, tipo: 'application/pdf', tamano: 2048 });
const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

const solicitante = { nombre: 'María Fernanda López Ruiz', correo: 'maria.lopez@aguascalientes.gob.mx', telefono: '449 910 2020' };
const solicitud = {
  dependencia: 'Secretaría de Finanzas',
  area: 'Dirección de Recursos Materiales',
  solicitante,
  tipo: 'nuevo-sistema',
  nombreProyecto: 'Sistema de Control de Inventarios',
  descripcion: 'Sistema web para registrar entradas, salidas y existencias del almacén general.',
  resultadosEsperados: 'Reducir a la mitad el tiempo de los inventarios trimestrales.',
  situacionActual: 'El inventario se lleva en hojas de cálculo sin control de versiones.',
  recibidaPorProgramador: false,
};
const proyecto = { nombreProyecto: solicitud.nombreProyecto, dependencia: solicitud.dependencia, area: solicitud.area, solicitante };

/** Form data is what the tasklist would submit: it must pass the task's own form first. */
async function submit(h: ProcessHarness, processInstanceKey: string, elementId: string, data: Record<string, unknown>) {
  const task = await taskAt(h, processInstanceKey, elementId);
  expect({ elementId, errors: validator.validate(task.externalFormReference!, data) }).toEqual({ elementId, errors: [] });
  return completeTask(h, processInstanceKey, elementId, data);
}

async function start(h: ProcessHarness, processDefinitionId: string, startForm: string, variables: Record<string, unknown>) {
  expect(validator.validate(startForm, variables)).toEqual([]);
  const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId, variables });
  await h.engine.idle();
  return processInstanceKey;
}

/** The active child instance a call activity started. */
async function child(h: ProcessHarness, parentKey: string, processDefinitionId: string, timeoutMs = 5000): Promise<string> {
  return waitFor(
    async () => {
      await h.engine.idle();
      const { items } = await h.engine.searchProcessInstances({ filter: { parentProcessInstanceKey: parentKey, processDefinitionId, state: 'ACTIVE' } });
      return items[0]?.processInstanceKey as string | undefined;
    },
    timeoutMs,
    `an active ${processDefinitionId} under ${parentKey}`,
  );
}

async function openTasks(h: ProcessHarness, processInstanceKey: string, elementId: string) {
  const { items } = await h.engine.searchUserTasks({ filter: { processInstanceKey, elementId } });
  return items;
}

function readMail(mail: Mail): { to: string[]; subject: string; text: string } {
  const parsed = parseMail(mail.raw);
  return { to: mail.to, subject: parsed.subject, text: parsed.text ?? '' };
}

async function mailTo(h: ProcessHarness, address: string, timeoutMs = 5000) {
  const mail = await waitFor(() => h.mails.find((m) => m.to.includes(address)), timeoutMs, `an e-mail to ${address}`, { intervalMs: 10 });
  return readMail(mail);
}

// --- the steps of each procedure, as its people fill them in -----------------------------------
async function analisisYEstimacion(h: ProcessHarness, key: string, sePuedeAtender: boolean) {
  await submit(h, key, 'reunion-analisis', {
    fechaReunion: '2026-03-02T10:00:00-06:00',
    asistentes: [solicitante.nombre, 'Jorge Armando Sánchez Rubalcava'],
    minutaReunion: adjunto('Minuta de la reunión de análisis.pdf'),
    alcanceAcordado: 'Entradas, salidas y existencias del almacén general; sin facturación.',
  });
  await submit(
    h,
    key,
    'estimacion-recursos',
    sePuedeAtender
      ? { impulsor: { nombre: 'Ángel Delgadillo de Lira', correo: 'angel.delgadillo@aguascalientes.gob.mx' }, estimacionDias: 90, recursosDisponibles: true, sePuedeAtender: true }
      : {
          impulsor: { nombre: 'Ángel Delgadillo de Lira', correo: 'angel.delgadillo@aguascalientes.gob.mx' },
          recursosDisponibles: false,
          sePuedeAtender: false,
          motivoNegativa: 'No hay programadores disponibles en el presente ejercicio.',
        },
  );
}

async function pr01Atendida(h: ProcessHarness, key: string) {
  await analisisYEstimacion(h, key, true);
  const docs = { visionAlcance: adjunto('Visión y Alcance.pdf'), estructuraProyecto: adjunto('Estructura del Proyecto.pdf') };
  await submit(h, key, 'elaborar-vision-alcance', docs);
  return docs;
}

async function pr02Autorizada(h: ProcessHarness, key: string) {
  const docs = { documentoRequerimientos: adjunto('Documento de Requerimientos.pdf'), prototipo: adjunto('Prototipo.pdf'), planProyecto: adjunto('Plan del Proyecto.pdf') };
  await submit(h, key, 'documentar-requerimientos', { ...docs, numeroRequerimientos: 40 });
  await submit(h, key, 'autorizar-requerimientos', { autorizacion: 'autorizado' });
  return docs;
}

async function pr03Concluido(h: ProcessHarness, key: string) {
  const docs = {
    planTrabajo: adjunto('Plan de trabajo.pdf'),
    reglasNegocio: adjunto('Reglas de Negocio.pdf'),
    prototiposProductos: [adjunto('Prototipo de entradas.pdf'), adjunto('Prototipo de existencias.pdf')],
    descripcionFuncional: adjunto('Descripción funcional.pdf'),
    documentoArquitectura: adjunto('Documento de Arquitectura.pdf'),
  };
  await submit(h, key, 'generar-plan-trabajo', { planTrabajo: docs.planTrabajo, fechaInicio: '2026-03-16', fechaFin: '2026-07-31' });
  await submit(h, key, 'definir-reglas-negocio', { reglasNegocio: docs.reglasNegocio });
  await submit(h, key, 'elaborar-prototipos', { prototiposProductos: docs.prototiposProductos });
  await submit(h, key, 'elaborar-descripcion-funcional', { descripcionFuncional: docs.descripcionFuncional });
  await submit(h, key, 'elaborar-documento-arquitectura', { documentoArquitectura: docs.documentoArquitectura, tecnologias: ['TypeScript', 'SQL Server'] });
  return docs;
}

async function pr04Construido(h: ProcessHarness, key: string) {
  const docs = {
    fichaTecnica: adjunto('Ficha Técnica de Configuración de Ambientes.pdf'),
    pruebasUnitarias: adjunto('Pruebas Unitarias.pdf'),
    manualUsuario: adjunto('Manual de Usuario.pdf'),
  };
  await submit(h, key, 'construir-sistema', { ...docs, versionSistema: '1.0' });
  return docs;
}

async function pr05Liberado(h: ProcessHarness, key: string) {
  const docs = {
    planImplementacion: adjunto('Plan de Implementación.pdf'),
    evidenciaPruebas: adjunto('Evidencia de pruebas.pdf'),
    documentoLiberacion: adjunto('Documento de Liberación del Proyecto.pdf'),
  };
  await submit(h, key, 'plan-implementacion', { planImplementacion: docs.planImplementacion, fechaInicio: '2026-08-03', fechaFin: '2026-08-14' });
  await submit(h, key, 'pruebas-previas-entrega', { pruebasAprobadas: true, casosEjecutados: 35, evidenciaPruebas: docs.evidenciaPruebas });
  await submit(h, key, 'documento-liberacion', {
    documentoLiberacion: docs.documentoLiberacion,
    versionLiberada: '1.0',
    fechaLiberacion: '2026-08-17',
    urlSistema: 'https://inventarios.aguascalientes.gob.mx',
  });
  return docs;
}

let h: ProcessHarness;
beforeEach(async () => {
  h = await createProcessHarness();
});
afterEach(async () => {
  await h.close();
});

describe('DGPTI-P01-PR01 Solicitud de Sistemas de Información', () => {
  it('se puede atender: reunión, estimación con el Impulsor y Visión y Alcance, todo con vencimiento a 2 días de la recepción', async () => {
    const key = await start(h, 'dgpt-p01-pr01-solicitud', 'dgpt-p01-solicitud-proyecto-ti', solicitud);
    const due = plusDays(START, 2);

    const reunion = await taskAt(h, key, 'reunion-analisis');
    expect(reunion).toMatchObject({
      name: 'Reunión de análisis con el solicitante',
      candidateGroups: ['gestion-proyectos'],
      dueDate: due,
      externalFormReference: 'dgpt-p01-pr01-reunion-analisis',
    });
    await h.clock.advance('PT20H'); // the meeting takes most of a day: the deadline does not move
    await analisisYEstimacion(h, key, true);

    const elaborar = await taskAt(h, key, 'elaborar-vision-alcance');
    expect(elaborar).toMatchObject({ name: 'Elaborar Visión y Alcance, Estructura del Proyecto y Carpeta electrónica', candidateGroups: ['gestion-proyectos'], dueDate: due });
    const visionAlcance = adjunto('Visión y Alcance.pdf');
    const estructuraProyecto = adjunto('Estructura del Proyecto.pdf');
    const oficio = adjunto('Oficio de solicitud.pdf');
    await submit(h, key, 'elaborar-vision-alcance', { visionAlcance, estructuraProyecto, documentosAdicionales: [oficio] });

    await settled(h, key);
    expect(await path(h, key)).toEqual([
      'solicitud-recibida',
      'registrar-recepcion',
      'reunion-analisis',
      'estimacion-recursos',
      'se-puede-atender',
      'elaborar-vision-alcance',
      'integrar-carpeta',
      'solicitud-atendida',
    ]);
    const vars = await variablesOf(h, key);
    expect(vars).toMatchObject({ sePuedeAtender: true, estimacionDias: 90, recibidaEn: '2026-03-02T09:00:00Z', recibidaPorProgramador: false });
    expect(vars.carpeta).toEqual([vars.minutaReunion, visionAlcance, estructuraProyecto, oficio]);
    expect(h.mails).toHaveLength(0);
  });

  it('no se puede atender: la negativa de atención llega en español al solicitante, con el motivo, y termina en Solicitud rechazada', async () => {
    const key = await start(h, 'dgpt-p01-pr01-solicitud', 'dgpt-p01-solicitud-proyecto-ti', solicitud);
    await analisisYEstimacion(h, key, false);
    await settled(h, key);
    const steps = await path(h, key);
    expect(steps.slice(-3)).toEqual(['se-puede-atender', 'notificar-negativa', 'solicitud-rechazada']);
    expect(steps).not.toContain('elaborar-vision-alcance');

    const mail = await mailTo(h, solicitante.correo);
    expect(mail.subject).toBe('Su solicitud Sistema de Control de Inventarios no puede ser atendida');
    expect(mail.text).toContain('Estimado(a) María Fernanda López Ruiz:');
    expect(mail.text).toContain('no es posible atenderla');
    expect(mail.text).toContain('Motivo: No hay programadores disponibles en el presente ejercicio.');
    // Signed by the DGPT (manual 7.2), not by the DGSTI help desk.
    expect(mail.text).toContain('Dirección General de Proyectos de Tecnologías de Información');
    expect(mail.text).not.toContain('Mesa de Ayuda');
    const vars = await variablesOf(h, key);
    expect(vars.correoNegativa).toMatchObject({ para: [solicitante.correo], asunto: mail.subject });
  });

  it('mantenimiento recibido por un programador: llega igual al Gestor de Proyectos y la marca queda registrada', async () => {
    const mantenimiento = {
      ...solicitud,
      tipo: 'mantenimiento',
      sistemaExistente: 'Sistema de Nómina',
      nombreProyecto: 'Ajuste al cálculo de ISR en nómina',
      recibidaPorProgramador: true,
      programador: { nombre: 'Ana Sofía Ramírez', correo: 'ana.ramirez@aguascalientes.gob.mx' },
    };
    // PR01 3.c: only maintenance requests come through a programmer.
    expect(validator.validate('dgpt-p01-solicitud-proyecto-ti', { ...mantenimiento, tipo: 'nuevo-sistema' }).map((e) => e.field)).toContain('tipo');
    const key = await start(h, 'dgpt-p01-pr01-solicitud', 'dgpt-p01-solicitud-proyecto-ti', mantenimiento);
    expect(await taskAt(h, key, 'reunion-analisis')).toMatchObject({ candidateGroups: ['gestion-proyectos'] });
    await pr01Atendida(h, key);
    await settled(h, key);
    expect(await variablesOf(h, key)).toMatchObject({ recibidaPorProgramador: true, programador: mantenimiento.programador, tipo: 'mantenimiento', sistemaExistente: 'Sistema de Nómina' });
  });
});

describe('DGPTI-P01-PR02 Conceptualización de Sistemas de Información', () => {
  it('el solicitante devuelve los requerimientos con comentarios, se documentan de nuevo y los autoriza', async () => {
    const visionAlcance = adjunto('Visión y Alcance.pdf');
    const key = await start(h, 'dgpt-p01-pr02-conceptualizacion', 'dgpt-p01-pr02-inicio', {
      ...proyecto,
      visionAlcance,
      estructuraProyecto: adjunto('Estructura del Proyecto.pdf'),
      carpeta: [visionAlcance],
    });

    expect(await taskAt(h, key, 'documentar-requerimientos')).toMatchObject({ candidateGroups: ['conceptualizacion', 'impulsor'] });
    const primera = { documentoRequerimientos: adjunto('Requerimientos v1.pdf'), prototipo: adjunto('Prototipo v1.pdf'), planProyecto: adjunto('Plan del Proyecto v1.pdf') };
    await submit(h, key, 'documentar-requerimientos', { ...primera, numeroRequerimientos: 30 });
    expect(await taskAt(h, key, 'autorizar-requerimientos')).toMatchObject({ candidateGroups: ['solicitante'] });
    await submit(h, key, 'autorizar-requerimientos', { autorizacion: 'devuelto', comentarios: 'Falta el requerimiento de reportes mensuales por almacén.' });

    expect(await variablesOf(h, key)).toMatchObject({ autorizacion: 'devuelto', comentarios: 'Falta el requerimiento de reportes mensuales por almacén.' });
    const segunda = { documentoRequerimientos: adjunto('Requerimientos v2.pdf'), prototipo: adjunto('Prototipo v2.pdf'), planProyecto: adjunto('Plan del Proyecto v2.pdf') };
    await submit(h, key, 'documentar-requerimientos', { ...segunda, numeroRequerimientos: 31, atencionComentarios: 'Se agregó el requerimiento R-31 de reportes mensuales.' });
    await submit(h, key, 'autorizar-requerimientos', { autorizacion: 'autorizado' });

    await settled(h, key);
    expect(await path(h, key)).toEqual([
      'vision-alcance-recibida',
      'requerimientos-por-documentar',
      'documentar-requerimientos',
      'autorizar-requerimientos',
      'requerimientos-autorizados',
      'requerimientos-por-documentar',
      'documentar-requerimientos',
      'autorizar-requerimientos',
      'requerimientos-autorizados',
      'integrar-carpeta',
      'requerimientos-autorizados-fin',
    ]);
    // Only the authorized version enters the carpeta electrónica.
    expect((await variablesOf(h, key)).carpeta).toEqual([visionAlcance, segunda.documentoRequerimientos, segunda.prototipo, segunda.planProyecto]);
  });
});

describe('DGPTI-P01-PR03 Análisis y Diseño de Sistema de Información', () => {
  it('genera el plan de trabajo, lo publica en el Project Server y produce el Documento de Arquitectura', async () => {
    const concepto = { documentoRequerimientos: adjunto('Documento de Requerimientos.pdf'), prototipo: adjunto('Prototipo.pdf'), planProyecto: adjunto('Plan del Proyecto.pdf') };
    const key = await start(h, 'dgpt-p01-pr03-analisis-diseno', 'dgpt-p01-pr03-inicio', { ...proyecto, ...concepto, carpeta: Object.values(concepto) });
    expect(await taskAt(h, key, 'generar-plan-trabajo')).toMatchObject({ candidateGroups: ['conceptualizacion'] });
    const docs = await pr03Concluido(h, key);
    await settled(h, key);

    const steps = await path(h, key);
    expect(steps.indexOf('publicar-plan-trabajo')).toBe(steps.indexOf('generar-plan-trabajo') + 1);
    const vars = await variablesOf(h, key);
    expect(vars.planPublicado).toMatchObject({ version: 1, publicadoEn: expect.stringMatching(/^2026-03-02T09:00:00/) });
    expect(vars.carpeta).toEqual([...Object.values(concepto), docs.planTrabajo, docs.reglasNegocio, ...docs.prototiposProductos, docs.descripcionFuncional, docs.documentoArquitectura]);
  });
});

describe('DGPTI-P01-PR04 Construcción de Sistemas de Información', () => {
  it('cada semana de construcción crea "Actualizar plan de trabajo", que publica el avance', async () => {
    const key = await start(h, 'dgpt-p01-pr04-construccion', 'dgpt-p01-pr04-inicio', {
      ...proyecto,
      documentoArquitectura: adjunto('Documento de Arquitectura.pdf'),
      planTrabajo: adjunto('Plan de trabajo.pdf'),
    });
    expect(await taskAt(h, key, 'construir-sistema')).toMatchObject({ candidateGroups: ['desarrollo', 'impulsor'] });
    expect(await openTasks(h, key, 'actualizar-plan-trabajo')).toHaveLength(0);

    await h.clock.advance('P6D');
    expect(await openTasks(h, key, 'actualizar-plan-trabajo')).toHaveLength(0);
    await h.clock.advance('P1D'); // one week
    const semana1 = await taskAt(h, key, 'actualizar-plan-trabajo');
    expect(semana1).toMatchObject({ name: 'Actualizar plan de trabajo', candidateGroups: ['desarrollo'], dueDate: plusDays(START, 14) });
    await submit(h, key, 'actualizar-plan-trabajo', { planTrabajo: adjunto('Plan de trabajo semana 1.pdf'), fechaCorte: '2026-03-09', avance: 10 });
    expect((await variablesOf(h, key)).planPublicado).toMatchObject({ version: 1 });

    await h.clock.advance('P1W'); // two weeks: a second update
    const tasks = await openTasks(h, key, 'actualizar-plan-trabajo');
    expect(tasks).toHaveLength(2);
    expect(tasks.filter((t) => t.state === 'CREATED')).toHaveLength(1);
    await submit(h, key, 'actualizar-plan-trabajo', { planTrabajo: adjunto('Plan de trabajo semana 2.pdf'), fechaCorte: '2026-03-16', avance: 25 });
    expect((await variablesOf(h, key)).planPublicado).toMatchObject({ version: 2 });

    // The construction task is still open through the weeks; finishing it ends the weekly updates.
    const docs = await pr04Construido(h, key);
    await settled(h, key);
    await h.clock.advance('P2W');
    expect(await openTasks(h, key, 'actualizar-plan-trabajo')).toHaveLength(2);
    const steps = await path(h, key);
    expect(steps.filter((s) => s === 'cada-semana')).toHaveLength(2);
    expect(steps.filter((s) => s === 'publicar-avance')).toHaveLength(2);
    expect((await variablesOf(h, key)).carpeta).toEqual([docs.fichaTecnica, docs.pruebasUnitarias, docs.manualUsuario]);
  });

  it('el Manual de Usuario (anexo) y la Ficha Técnica son obligatorios para concluir la construcción', () => {
    expect(
      validator
        .validate('dgpt-p01-pr04-construir-sistema', { pruebasUnitarias: adjunto('Pruebas Unitarias.pdf') })
        .map((e) => e.field)
        .sort(),
    ).toEqual(['fichaTecnica', 'manualUsuario']);
  });
});

describe('DGPTI-P01-PR05 Implementación de Sistemas de Información', () => {
  it('pruebas no aprobadas regresan a corrección; aprobadas, Documento de Liberación y correo al solicitante', async () => {
    const key = await start(h, 'dgpt-p01-pr05-implementacion', 'dgpt-p01-pr05-inicio', {
      ...proyecto,
      pruebasIntegracion: adjunto('Pruebas de Integración.pdf'),
      pruebasAceptacion: adjunto('Pruebas de Aceptación.pdf'),
    });
    const planImplementacion = adjunto('Plan de Implementación.pdf');
    await submit(h, key, 'plan-implementacion', { planImplementacion, fechaInicio: '2026-08-03', fechaFin: '2026-08-14' });
    expect(await taskAt(h, key, 'pruebas-previas-entrega')).toMatchObject({ candidateGroups: ['calidad', 'impulsor'] });
    await submit(h, key, 'pruebas-previas-entrega', {
      pruebasAprobadas: false,
      casosEjecutados: 35,
      evidenciaPruebas: adjunto('Evidencia 1.pdf'),
      defectos: 'La baja de artículos no actualiza existencias.',
    });

    expect(await taskAt(h, key, 'corregir-defectos')).toMatchObject({ candidateGroups: ['desarrollo'] });
    expect(await openTasks(h, key, 'documento-liberacion')).toHaveLength(0);
    await submit(h, key, 'corregir-defectos', { correcciones: 'La baja de artículos ahora descuenta existencias.', pruebasUnitarias: adjunto('Pruebas Unitarias v2.pdf') });

    const evidencia = adjunto('Evidencia 2.pdf');
    await submit(h, key, 'pruebas-previas-entrega', { pruebasAprobadas: true, casosEjecutados: 36, evidenciaPruebas: evidencia });
    const documentoLiberacion = adjunto('Documento de Liberación del Proyecto.pdf');
    await submit(h, key, 'documento-liberacion', { documentoLiberacion, versionLiberada: '1.0', fechaLiberacion: '2026-08-17', urlSistema: 'https://inventarios.aguascalientes.gob.mx' });
    await settled(h, key);

    expect(await path(h, key)).toEqual([
      'sistema-validado',
      'plan-implementacion',
      'listo-para-pruebas',
      'pruebas-previas-entrega',
      'pruebas-aprobadas',
      'corregir-defectos',
      'listo-para-pruebas',
      'pruebas-previas-entrega',
      'pruebas-aprobadas',
      'documento-liberacion',
      'integrar-carpeta',
      'notificar-liberacion',
      'proyecto-liberado',
    ]);
    const mail = await mailTo(h, solicitante.correo);
    expect(mail.subject).toBe('Liberación del proyecto Sistema de Control de Inventarios');
    expect(mail.text).toContain('Estimado(a) María Fernanda López Ruiz:');
    expect(mail.text).toContain('fue liberado');
    expect(mail.text).toContain('Versión liberada: 1.0. Fecha de liberación: 2026-08-17. El sistema está disponible en https://inventarios.aguascalientes.gob.mx.');
    expect(mail.text).toContain('Dirección General de Proyectos de Tecnologías de Información');
    expect(mail.text).not.toContain('Mesa de Ayuda');
    expect((await variablesOf(h, key)).carpeta).toEqual([planImplementacion, evidencia, documentoLiberacion]);
  });
});

describe('DGPT-P01 Desarrollo de Sistemas de Información (A1 → A6)', () => {
  it('de la solicitud al proyecto liberado, con la carpeta electrónica pasando de una actividad a la siguiente', async () => {
    const key = await start(h, 'dgpt-p01-desarrollo-si', 'dgpt-p01-solicitud-proyecto-ti', solicitud);

    // A1: the request reaches the Gestor de Proyectos, with the 2-day deadline.
    const a1 = await child(h, key, 'dgpt-p01-pr01-solicitud');
    expect(await taskAt(h, a1, 'reunion-analisis')).toMatchObject({ dueDate: plusDays(START, 2) });
    const pr01 = await pr01Atendida(h, a1);
    await settled(h, a1);
    const carpetaA1 = (await variablesOf(h, a1)).carpeta as unknown[];
    expect(carpetaA1).toHaveLength(3);

    // A2 receives the carpeta electrónica and the Visión y Alcance.
    const a2 = await child(h, key, 'dgpt-p01-pr02-conceptualizacion');
    const entradaA2 = await variablesOf(h, a2);
    expect(entradaA2).toMatchObject({
      carpeta: carpetaA1,
      visionAlcance: pr01.visionAlcance,
      estructuraProyecto: pr01.estructuraProyecto,
      nombreProyecto: solicitud.nombreProyecto,
      solicitante,
    });
    expect(entradaA2).not.toHaveProperty('descripcion'); // only the mapped inputs reach the procedure
    const pr02 = await pr02Autorizada(h, a2);

    // A3 receives the Documento de Concepto and Plan del Proyecto.
    const a3 = await child(h, key, 'dgpt-p01-pr03-analisis-diseno');
    expect(await variablesOf(h, a3)).toMatchObject({ carpeta: [...carpetaA1, pr02.documentoRequerimientos, pr02.prototipo, pr02.planProyecto], ...pr02 });
    const pr03 = await pr03Concluido(h, a3);

    // A4 receives the Documento de Arquitectura; the first construction is not validated (A5).
    const a4 = await child(h, key, 'dgpt-p01-pr04-construccion');
    expect(await variablesOf(h, a4)).toMatchObject({ documentoArquitectura: pr03.documentoArquitectura, planTrabajo: pr03.planTrabajo });
    await pr04Construido(h, a4);
    const a5 = await taskAt(h, key, 'a5-validacion-calidad');
    expect(a5).toMatchObject({ name: 'Validación de la Calidad del Sistema de Información', candidateGroups: ['calidad', 'impulsor'] });
    await submit(h, key, 'a5-validacion-calidad', { calidadValidada: false, observaciones: 'El reporte de existencias no suma las entradas del día.' });

    const a4bis = await child(h, key, 'dgpt-p01-pr04-construccion');
    expect(a4bis).not.toBe(a4);
    expect(await variablesOf(h, a4bis)).toMatchObject({ observacionesCalidad: 'El reporte de existencias no suma las entradas del día.' });
    const pr04 = await pr04Construido(h, a4bis);
    expect(await taskAt(h, key, 'a5-validacion-calidad')).toMatchObject({ candidateGroups: ['calidad', 'impulsor'] });
    const a5docs = { pruebasIntegracion: adjunto('Pruebas de Integración.pdf'), pruebasAceptacion: adjunto('Pruebas de Aceptación.pdf') };
    await submit(h, key, 'a5-validacion-calidad', { calidadValidada: true, ...a5docs });

    // A6 receives the tests and the whole carpeta, and tells the requester.
    const a6 = await child(h, key, 'dgpt-p01-pr05-implementacion');
    expect(await variablesOf(h, a6)).toMatchObject(a5docs);
    const pr05 = await pr05Liberado(h, a6);
    await settled(h, key);

    expect((await path(h, key)).filter((id) => !/^Flow_/.test(id))).toEqual([
      'solicitud-proyecto-ti',
      'a1-gestion-solicitud',
      'se-puede-atender',
      'a2-conceptualizacion',
      'a3-elaboracion',
      'listo-para-construccion',
      'a4-construccion',
      'a5-validacion-calidad',
      'calidad-validada',
      'listo-para-construccion',
      'a4-construccion',
      'a5-validacion-calidad',
      'calidad-validada',
      'a6-transicion',
      'proyecto-liberado',
    ]);
    const vars = await variablesOf(h, key);
    // Construction ran twice: both versions of its documents are in the folder, in order.
    const construccion1 = carpetaA1.length + 3 + 6;
    expect(vars.carpeta).toEqual([
      ...carpetaA1,
      pr02.documentoRequerimientos,
      pr02.prototipo,
      pr02.planProyecto,
      pr03.planTrabajo,
      pr03.reglasNegocio,
      ...pr03.prototiposProductos,
      pr03.descripcionFuncional,
      pr03.documentoArquitectura,
      ...(vars.carpeta as unknown[]).slice(construccion1, construccion1 + 3),
      pr04.fichaTecnica,
      pr04.pruebasUnitarias,
      pr04.manualUsuario,
      a5docs.pruebasIntegracion,
      a5docs.pruebasAceptacion,
      pr05.planImplementacion,
      pr05.evidenciaPruebas,
      pr05.documentoLiberacion,
    ]);
    expect(vars).toMatchObject({ documentoLiberacion: pr05.documentoLiberacion, correoLiberacion: { para: [solicitante.correo] } });
    expect((await mailTo(h, solicitante.correo)).subject).toBe('Liberación del proyecto Sistema de Control de Inventarios');
  });

  it('si A1 concluye que no se puede atender, el proceso termina en Solicitud rechazada tras la negativa por correo', async () => {
    const key = await start(h, 'dgpt-p01-desarrollo-si', 'dgpt-p01-solicitud-proyecto-ti', solicitud);
    const a1 = await child(h, key, 'dgpt-p01-pr01-solicitud');
    await analisisYEstimacion(h, a1, false);
    await settled(h, key);
    expect(await path(h, key)).toEqual(['solicitud-proyecto-ti', 'a1-gestion-solicitud', 'se-puede-atender', 'solicitud-rechazada']);
    expect(await variablesOf(h, key)).toMatchObject({ sePuedeAtender: false, motivoNegativa: 'No hay programadores disponibles en el presente ejercicio.' });
    expect((await mailTo(h, solicitante.correo)).subject).toBe('Su solicitud Sistema de Control de Inventarios no puede ser atendida');
  });
});
