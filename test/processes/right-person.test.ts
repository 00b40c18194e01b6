// Tasks reach the right person (issue 13), model by model, worked as people work them — through the
// tasklist core, as users of the identity core (the demo seed has one user per group, so each test
// creates the colleagues it needs):
// - a task meant for the requester (the satisfaction surveys, "Aclarar estructura", "Corregir
//   formato", "Autorizar requerimientos") is assigned to the user who filed the request: the starter
//   may complete it, another member of its group may not (refused in words); a request without a user
//   behind it (a citizen, a call the Mesa de Ayuda took) leaves it to the group;
// - the help desk's dispatch (A2) names a technician among the ACTIVE members of the category's group,
//   and the procedure's first task for that group is assigned to that person: they alone have it under
//   "Mis tareas" (assignee 'me'); a colleague of the same group cannot complete it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadForms } from '../../forms/index.js';
import { evaluateFeel } from '../../server/engine/embedded/feel.js';
import { DomainError } from '../../server/errors.js';
import { actorOf, type User } from '../../server/core/identity/index.js';
import type { Starter } from '../../server/core/catalogue/index.js';
import { t } from '../../server/i18n/index.js';
import type { Variables } from '../../server/engine/port.js';
import { PROCESSES_DIR, completeTask, createProcessHarness, settled, taskAt, variablesOf, type ProcessHarness } from './harness.js';
import { adjunto } from './dgsti-pr0-helpers.js';
import { waitFor } from '../support/wait-for.js';

const forms = loadForms();
/** A valid example of the form, as this realm's plain JSON (the audit trail takes nothing else). */
const example = (formId: string, index = 0): Variables => JSON.parse(JSON.stringify(forms.get(formId)!.examples.valid[index]!)) as Variables;
const PASSWORD = 'Prueba#2026-segura';
const TECNICO = 'Técnico que atenderá';

let h: ProcessHarness;
beforeEach(async () => {
  h = await createProcessHarness();
});
afterEach(async () => {
  await h.close();
});

const tasks = () => h.oficio.tasklist;

async function person(username: string, displayName: string, groups: string[], active = true): Promise<User> {
  return h.oficio.identity.createUser({ username, displayName, groups, password: PASSWORD, active });
}

/** The variables the catalogue adds when a signed-in user starts (server/core/catalogue: iniciadoPor). */
const startedBy = (user: User) => ({ iniciadoPor: { id: user.id, username: user.username, nombre: user.displayName } });

/** Starts a process as `user` would through the catalogue (start forms with attachments are started with the variables the catalogue sets). */
async function startAs(user: User | undefined, processDefinitionId: string, variables: Variables): Promise<string> {
  const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId, variables: { ...variables, ...(user ? startedBy(user) : {}) } });
  await h.engine.idle();
  return processInstanceKey;
}

const starter = (user: User): Starter => ({ kind: 'user', user, actor: actorOf(user) });

/** Completes the task as `user` through the tasklist (the checks of POST /api/tasks/:key/complete). */
async function completeAs(user: User, userTaskKey: string, data: Variables) {
  await tasks().complete(user, actorOf(user), userTaskKey, data, 'es');
  await h.engine.idle();
}

/** The refusal `promise` ends in. */
async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but it went through');
}

/** The refusal as the person reads it (the API answers it in the problem's detail). */
const words = (error: DomainError) => t('es', error.messageKey, error.params);

/** The keys of the open tasks `user` has under "Mis tareas". */
async function myTasks(user: User): Promise<string[]> {
  return (await tasks().list(user, { assignee: 'me' })).items.map((task) => task.userTaskKey);
}

/** Who may and who may not complete the open task: the holder alone; `other` is refused in words naming the holder. */
async function expectHeldBy(userTaskKey: string, holder: User, other: User) {
  expect(await myTasks(holder)).toContain(userTaskKey);
  expect(await myTasks(other)).not.toContain(userTaskKey);
  const refused = await refusal(tasks().complete(other, actorOf(other), userTaskKey, {}, 'es'));
  expect(refused.kind).toBe('forbidden');
  expect(words(refused)).toBe(`Solo quien tiene la tarea ${userTaskKey} (${holder.username}) o un administrador puede hacer esto.`);
}

/** The single child instance of `processDefinitionId` that `parentKey` called. */
async function child(parentKey: string, processDefinitionId: string): Promise<string> {
  return waitFor(
    async () => {
      await h.engine.idle();
      const { items } = await h.engine.searchProcessInstances({ filter: { parentProcessInstanceKey: parentKey, processDefinitionId } });
      return items[0]?.processInstanceKey as string | undefined;
    },
    5000,
    `${processDefinitionId} called by ${parentKey}`,
  );
}

/** A refusal of a person field: one problem on `field`, worded. */
function expectPersonRefused(error: DomainError, field: string, message: string) {
  expect(error.kind).toBe('invalid');
  expect(error.fields).toEqual([{ field, code: 'x-oficio-person', message }]);
}

const SOLICITUD = (): Variables => ({ ...example('dgsti-p01-soporte-ti-solicitud'), correo: 'ana.torres@aguascalientes.gob.mx' });

describe('DGSTI-P01 Soporte a las TI: the dispatch names the technician, the survey is the requester’s', () => {
  it('offers the active members of the category’s group, refuses anyone else, assigns PR03 to the chosen technician and the survey to the requester', async () => {
    const ana = await person('ana.torres', 'Ana Torres', ['solicitante']);
    const beto = await person('beto.luna', 'Roberto Luna', ['solicitante']);
    const mesa = await person('mesa.gomez', 'Rosa Gómez', ['mesa-ayuda']);
    const jorge = await person('jorge.ramirez', 'Jorge Luis Ramírez', ['soporte-tecnico']);
    const lucia = await person('lucia.ortiz', 'Lucía Ortiz Chávez', ['soporte-tecnico']);
    await person('pedro.vega', 'Pedro Vega', ['soporte-tecnico'], false);

    // Ana files through the catalogue, which records her as the starter.
    const { processInstanceKey: key } = await h.oficio.catalogue.start('dgsti-p01-soporte-ti', SOLICITUD(), starter(ana), 'es');
    const clasificar = await taskAt(h, key, 'clasificar-asignar');

    // The picker's list: the group's active members by display name (the inactive one is not there), only for those who may work the dispatch.
    expect(await tasks().people(mesa, clasificar.userTaskKey, 'soporte-tecnico')).toEqual([
      { username: 'jorge.ramirez', displayName: 'Jorge Luis Ramírez' },
      { username: 'lucia.ortiz', displayName: 'Lucía Ortiz Chávez' },
    ]);
    expect((await refusal(tasks().people(jorge, clasificar.userTaskKey, 'soporte-tecnico'))).kind).toBe('forbidden');
    const notOffered = await refusal(tasks().people(mesa, clasificar.userTaskKey, 'mesa-ayuda'));
    expect(notOffered.fields.map((f) => [f.field, t('es', f.messageKey!, f.params)])).toEqual([['group', 'El formulario de esta tarea no elige personas del grupo «mesa-ayuda».']]);

    // A requester, an inactive technician and a technician of another category are refused, on the field, in words.
    for (const [name, category] of [
      ['beto.luna', 'soporte-tecnico'],
      ['pedro.vega', 'soporte-tecnico'],
      ['jorge.ramirez', 'red-datos'],
    ] as const) {
      const refused = await refusal(tasks().complete(mesa, actorOf(mesa), clasificar.userTaskKey, { categoria: category, tecnicoAsignado: name }, 'es'));
      const group = category === 'red-datos' ? 'Técnico de Red de Datos' : 'Técnico de Soporte';
      expectPersonRefused(refused, 'tecnicoAsignado', `«${TECNICO}» debe ser un usuario activo del grupo «${group}»; «${name}» no lo es. Elija a alguien de la lista.`);
    }
    expect((await taskAt(h, key, 'clasificar-asignar')).userTaskKey).toBe(clasificar.userTaskKey);

    await completeAs(mesa, clasificar.userTaskKey, { categoria: 'soporte-tecnico', tecnicoAsignado: 'jorge.ramirez' });

    // PR03, called by the help desk, receives who filed and whom the dispatch chose (Zeebe's default propagation of the parent's variables).
    const pr03 = await child(key, 'dgsti-p01-pr03-soporte-tecnico');
    expect(await variablesOf(h, pr03)).toMatchObject({ ...startedBy(ana), tecnicoAsignado: 'jorge.ramirez', origen: 'mesa-ayuda' });
    const atender = await taskAt(h, pr03, 'atender-reporte');
    expect(atender).toMatchObject({ assignee: 'jorge.ramirez', candidateGroups: ['soporte-tecnico'] });
    await expectHeldBy(atender.userTaskKey, jorge, lucia);
    await completeAs(jorge, atender.userTaskKey, { accion: 'atendido', solucion: 'Se reemplazó la fuente de poder.' });
    await settled(h, pr03);

    // The survey (A10) is Ana's: Beto, of the same group, can neither see it under his tasks nor answer it.
    const encuesta = await taskAt(h, key, 'encuesta-satisfaccion');
    expect(encuesta).toMatchObject({ assignee: 'ana.torres', candidateGroups: ['solicitante'] });
    await expectHeldBy(encuesta.userTaskKey, ana, beto);
    await completeAs(ana, encuesta.userTaskKey, example('dgsti-p01-soporte-ti-encuesta'));
    await settled(h, key);
  });

  it('dispatches nobody when the category takes nobody (CAS) and refuses a name there', async () => {
    const mesa = await person('mesa.gomez', 'Rosa Gómez', ['mesa-ayuda']);
    await person('cas.jefe', 'Jefe de Operación', ['cas-operacion']);
    const key = await startAs(mesa, 'dgsti-p01-soporte-ti', { ...SOLICITUD(), categoria: 'cas', canal: 'telefono' });
    const clasificar = await taskAt(h, key, 'clasificar-asignar');
    const queja = example('dgsti-p01-soporte-ti-clasificar', 2);
    expect(queja.categoria).toBe('cas');
    const refused = await refusal(tasks().complete(mesa, actorOf(mesa), clasificar.userTaskKey, { ...queja, tecnicoAsignado: 'cas.jefe' }, 'es'));
    expectPersonRefused(refused, 'tecnicoAsignado', `Con la «Categoría» elegida no se asigna «${TECNICO}»: déjelo sin elegir.`);
    expect((await refusal(tasks().people(mesa, clasificar.userTaskKey, 'cas-operacion'))).kind).toBe('invalid');
  });

  it('leaves the survey to the requester group when nobody filed as the requester: a call the Mesa de Ayuda took, a request without a user', async () => {
    const mesa = await person('mesa.gomez', 'Rosa Gómez', ['mesa-ayuda']);
    const beto = await person('beto.luna', 'Roberto Luna', ['solicitante']);
    await person('jorge.ramirez', 'Jorge Luis Ramírez', ['soporte-tecnico']);
    // The clerk types in a phone call: she is the starter, not the requester.
    const porTelefono = await startAs(mesa, 'dgsti-p01-soporte-ti', { ...SOLICITUD(), canal: 'telefono' });
    // A request with no user behind it, as a citizen's public form starts one (no iniciadoPor).
    const sinUsuario = await startAs(undefined, 'dgsti-p01-soporte-ti', SOLICITUD());
    for (const key of [porTelefono, sinUsuario]) {
      const clasificar = await taskAt(h, key, 'clasificar-asignar');
      await completeAs(mesa, clasificar.userTaskKey, { categoria: 'soporte-tecnico', tecnicoAsignado: 'jorge.ramirez' });
      const pr03 = await child(key, 'dgsti-p01-pr03-soporte-tecnico');
      await completeTask(h, pr03, 'atender-reporte', { accion: 'atendido', solucion: 'Se configuró la impresora.' });
      const encuesta = await taskAt(h, key, 'encuesta-satisfaccion');
      // A group task, not an incident, not a task for "null": any requester may answer it.
      expect(encuesta.assignee ?? null).toBeNull();
      expect(encuesta.candidateGroups).toEqual(['solicitante']);
      expect((await h.engine.searchIncidents({ filter: { processInstanceKey: key, state: 'ACTIVE' } })).items).toEqual([]);
      await completeAs(beto, encuesta.userTaskKey, example('dgsti-p01-soporte-ti-encuesta'));
      await settled(h, key);
    }
  });

  it('a dispatch without a technician leaves the procedure’s task to the whole group', async () => {
    const mesa = await person('mesa.gomez', 'Rosa Gómez', ['mesa-ayuda']);
    const lucia = await person('lucia.ortiz', 'Lucía Ortiz Chávez', ['soporte-tecnico']);
    const key = await startAs(undefined, 'dgsti-p01-soporte-ti', SOLICITUD());
    await completeAs(mesa, (await taskAt(h, key, 'clasificar-asignar')).userTaskKey, { categoria: 'soporte-tecnico' });
    const atender = await taskAt(h, await child(key, 'dgsti-p01-pr03-soporte-tecnico'), 'atender-reporte');
    expect(atender.assignee ?? null).toBeNull();
    expect((await tasks().list(lucia, {})).items.map((task) => task.userTaskKey)).toContain(atender.userTaskKey);
    expect(await myTasks(lucia)).not.toContain(atender.userTaskKey);
  });

  it.each([
    ['base-datos', '', 'dgsti-p01-pr02-base-datos', 'revisar-solicitud', 'base-datos'],
    ['red-voz', '', 'dgsti-p01-pr04-red-voz', 'ejecutar-servicio', 'red-voz'],
    ['red-datos', '', 'dgsti-p01-pr05-red-datos', 'ejecutar-servicio', 'red-datos'],
    ['sistemas-operativos', 'respaldo', 'dgsti-p01-pr06-respaldo', 'ejecutar-respaldo', 'sistemas-operativos'],
    ['sistemas-operativos', 'accesos', 'dgsti-p01-pr07-accesos', 'validar-formato', 'sistemas-operativos'],
    ['gestion-digital', '', 'dgsti-p01-pr08-sigue', 'corroborar-datos', 'gestion-digital'],
  ])('categoría %s %s: the first task of %s for the group (%s) goes to the dispatched technician alone', async (categoria, servicio, processId, elementId, group) => {
    const mesa = await person('mesa.gomez', 'Rosa Gómez', ['mesa-ayuda']);
    const elegido = await person('tecnico.uno', 'Alma Uno', [group]);
    const colega = await person('tecnico.dos', 'Bruno Dos', [group]);
    const key = await startAs(undefined, 'dgsti-p01-soporte-ti', { ...SOLICITUD(), categoria });
    const clasificar = await taskAt(h, key, 'clasificar-asignar');
    expect((await tasks().people(mesa, clasificar.userTaskKey, group)).map((p) => p.displayName)).toEqual(['Alma Uno', 'Bruno Dos']);
    await completeAs(mesa, clasificar.userTaskKey, { categoria, ...(servicio ? { servicioSistemasOperativos: servicio } : {}), tecnicoAsignado: 'tecnico.uno' });
    const procedure = await child(key, processId);
    // SIGUE: the information owner authorizes first; the first task of Gestión Digital follows.
    if (processId === 'dgsti-p01-pr08-sigue') await completeTask(h, procedure, 'autorizacion-dueno', example('dgsti-p01-pr08-autorizacion-dueno'));
    const task = await taskAt(h, procedure, elementId);
    expect(task).toMatchObject({ assignee: 'tecnico.uno', candidateGroups: [group] });
    await expectHeldBy(task.userTaskKey, elegido, colega);
  });
});

describe('DGSTI-P01-PR03 Soporte Técnico on its own', () => {
  it('the requester cannot choose the technician; the help desk does; a handover names a support technician; the survey is the requester’s', async () => {
    const ana = await person('ana.torres', 'Ana Torres', ['solicitante']);
    const beto = await person('beto.luna', 'Roberto Luna', ['solicitante']);
    const mesa = await person('mesa.gomez', 'Rosa Gómez', ['mesa-ayuda']);
    const jorge = await person('jorge.ramirez', 'Jorge Luis Ramírez', ['soporte-tecnico']);
    const lucia = await person('lucia.ortiz', 'Lucía Ortiz Chávez', ['soporte-tecnico']);
    await person('rd.uno', 'Raúl Datos', ['red-datos']);

    const reporte = example('dgsti-p01-pr03-reporte');
    const chosenByRequester = await refusal(h.oficio.catalogue.start('dgsti-p01-pr03-soporte-tecnico', { ...reporte, tecnicoAsignado: 'jorge.ramirez' }, starter(ana), 'es'));
    expect(chosenByRequester.fields.map((f) => f.field)).toEqual(['tecnicoAsignado']);
    const { processInstanceKey: key } = await h.oficio.catalogue.start('dgsti-p01-pr03-soporte-tecnico', reporte, starter(ana), 'es');

    // "Canalizar solicitud" shows the category and offers Soporte Técnico's members; the read-only category cannot be swapped for another group's.
    const canalizar = await taskAt(h, key, 'canalizar-solicitud');
    expect((await tasks().get(mesa, canalizar.userTaskKey, 'es')).data).toMatchObject({ categoria: 'soporte-tecnico' });
    expect((await tasks().people(mesa, canalizar.userTaskKey, 'soporte-tecnico')).map((p) => p.username)).toEqual(['jorge.ramirez', 'lucia.ortiz']);
    const swapped = await refusal(tasks().complete(mesa, actorOf(mesa), canalizar.userTaskKey, { categoria: 'red-datos', confirmaCategoria: true, tecnicoAsignado: 'rd.uno' }, 'es'));
    expectPersonRefused(swapped, 'tecnicoAsignado', `«${TECNICO}» debe ser un usuario activo del grupo «Técnico de Soporte»; «rd.uno» no lo es. Elija a alguien de la lista.`);
    await completeAs(mesa, canalizar.userTaskKey, { categoria: 'soporte-tecnico', confirmaCategoria: true, tecnicoAsignado: 'jorge.ramirez' });

    const atender = await taskAt(h, key, 'atender-reporte');
    expect(atender.assignee).toBe('jorge.ramirez');
    await expectHeldBy(atender.userTaskKey, jorge, lucia);

    // 3.b: Jorge hands it over — to a support technician only.
    const handover = { accion: 'reasignar', motivoReasignacion: 'Estaré en comisión dos días.' };
    const toRequester = await refusal(tasks().complete(jorge, actorOf(jorge), atender.userTaskKey, { ...handover, nuevoTecnico: 'beto.luna' }, 'es'));
    expectPersonRefused(
      toRequester,
      'nuevoTecnico',
      '«Técnico que recibe el reporte» debe ser un usuario activo del grupo «Técnico de Soporte»; «beto.luna» no lo es. Elija a alguien de la lista.',
    );
    await completeAs(jorge, atender.userTaskKey, { ...handover, nuevoTecnico: 'lucia.ortiz' });
    const segunda = await taskAt(h, key, 'atender-reporte');
    expect(segunda.assignee).toBe('lucia.ortiz');
    await expectHeldBy(segunda.userTaskKey, lucia, jorge);
    await completeAs(lucia, segunda.userTaskKey, { accion: 'atendido', solucion: 'Se reinstaló el controlador.' });

    // Started on its own, PR03 takes the survey itself: Ana's.
    const encuesta = await taskAt(h, key, 'encuesta-satisfaccion');
    expect(encuesta.assignee).toBe('ana.torres');
    await expectHeldBy(encuesta.userTaskKey, ana, beto);
    await completeAs(ana, encuesta.userTaskKey, { calificacion: 5, resuelto: true });
    await settled(h, key);
  });
});

describe('DGSTI-P01-PR02 Gestión de Base de Datos', () => {
  it('"Aclarar estructura" is the requester’s; "Revisar solicitud" stays with the dispatched specialist, also after the clarification', async () => {
    const laura = await person('laura.mendez', 'Laura Méndez Ruiz', ['solicitante']);
    const beto = await person('beto.luna', 'Roberto Luna', ['solicitante']);
    const mesa = await person('mesa.gomez', 'Rosa Gómez', ['mesa-ayuda']);
    const carla = await person('carla.bd', 'Carla Especialista', ['base-datos']);
    const diego = await person('diego.bd', 'Diego Especialista', ['base-datos']);
    const key = await startAs(laura, 'dgsti-p01-pr02-base-datos', example('dgsti-p01-pr02-solicitud'));
    await completeAs(mesa, (await taskAt(h, key, 'canalizar-solicitud')).userTaskKey, { categoria: 'base-datos', confirmaCategoria: true, tecnicoAsignado: 'carla.bd' });

    const revisar = await taskAt(h, key, 'revisar-solicitud');
    expect(revisar.assignee).toBe('carla.bd');
    await expectHeldBy(revisar.userTaskKey, carla, diego);
    await completeAs(carla, revisar.userTaskKey, example('dgsti-p01-pr02-revisar-solicitud', 0));

    const aclarar = await taskAt(h, key, 'aclarar-estructura');
    expect(aclarar).toMatchObject({ assignee: 'laura.mendez', candidateGroups: ['solicitante'] });
    await expectHeldBy(aclarar.userTaskKey, laura, beto);
    await completeAs(laura, aclarar.userTaskKey, example('dgsti-p01-pr02-aclarar-estructura'));

    expect((await taskAt(h, key, 'revisar-solicitud')).assignee).toBe('carla.bd');
  });

  it('called by the help desk, the clarification goes to whoever filed with the help desk', async () => {
    const laura = await person('laura.mendez', 'Laura Méndez Ruiz', ['solicitante']);
    const mesa = await person('mesa.gomez', 'Rosa Gómez', ['mesa-ayuda']);
    await person('carla.bd', 'Carla Especialista', ['base-datos']);
    const key = await startAs(laura, 'dgsti-p01-soporte-ti', { ...SOLICITUD(), categoria: 'base-datos' });
    await completeAs(mesa, (await taskAt(h, key, 'clasificar-asignar')).userTaskKey, { categoria: 'base-datos', tecnicoAsignado: 'carla.bd' });
    const pr02 = await child(key, 'dgsti-p01-pr02-base-datos');
    await completeTask(h, pr02, 'revisar-solicitud', example('dgsti-p01-pr02-revisar-solicitud', 0));
    expect(await taskAt(h, pr02, 'aclarar-estructura')).toMatchObject({ assignee: 'laura.mendez' });
  });

  it('a request without a user behind it leaves the clarification to the requester group', async () => {
    const key = await startAs(undefined, 'dgsti-p01-pr02-base-datos', example('dgsti-p01-pr02-solicitud'));
    await completeTask(h, key, 'canalizar-solicitud', { confirmaCategoria: true });
    expect((await taskAt(h, key, 'revisar-solicitud')).assignee ?? null).toBeNull();
    await completeTask(h, key, 'revisar-solicitud', example('dgsti-p01-pr02-revisar-solicitud', 0));
    const aclarar = await taskAt(h, key, 'aclarar-estructura');
    expect(aclarar.assignee ?? null).toBeNull();
    expect(aclarar.candidateGroups).toEqual(['solicitante']);
  });
});

describe('DGSTI-P01-PR04 Red de Voz and PR05 Red de Datos on their own', () => {
  it.each([
    ['dgsti-p01-pr04-red-voz', 'red-voz', 'dgsti-p01-pr04-solicitud'],
    ['dgsti-p01-pr05-red-datos', 'red-datos', 'dgsti-p01-pr05-solicitud'],
  ])('%s: "Ejecutar servicio" goes to the technician the help desk dispatched', async (processId, group, startForm) => {
    const jefe = await person('jefe.salud', 'Pedro Salas Gómez', ['jefe-informatica']);
    const mesa = await person('mesa.gomez', 'Rosa Gómez', ['mesa-ayuda']);
    const elegido = await person('tecnico.uno', 'Alma Uno', [group]);
    const colega = await person('tecnico.dos', 'Bruno Dos', [group]);
    const key = await startAs(jefe, processId, example(startForm));
    const canalizar = await taskAt(h, key, 'canalizar-solicitud');
    expect((await tasks().get(mesa, canalizar.userTaskKey, 'es')).data).toMatchObject({ categoria: group });
    await completeAs(mesa, canalizar.userTaskKey, { categoria: group, confirmaCategoria: true, tecnicoAsignado: 'tecnico.uno' });
    const ejecutar = await taskAt(h, key, 'ejecutar-servicio');
    expect(ejecutar).toMatchObject({ assignee: 'tecnico.uno', candidateGroups: [group] });
    await expectHeldBy(ejecutar.userTaskKey, elegido, colega);
    await completeAs(elegido, ejecutar.userTaskKey, { trabajoRealizado: 'Servicio realizado en sitio.', herramientas: 'Herramientas de red' });
    await settled(h, key);
  });
});

describe('DGSTI-P01-PR06 Respaldo', () => {
  it('a backup nobody dispatched (the monthly one, or one started on its own) is for the whole group', async () => {
    const so = await person('so.uno', 'Sofía Operativos', ['sistemas-operativos']);
    const key = await startAs(undefined, 'dgsti-p01-pr06-respaldo', { tipo: 'extraordinario' });
    const ejecutar = await taskAt(h, key, 'ejecutar-respaldo');
    expect(ejecutar.assignee ?? null).toBeNull();
    expect((await tasks().list(so, {})).items.map((task) => task.userTaskKey)).toContain(ejecutar.userTaskKey);
  });
});

describe('DGSTI-P01-PR07 Creación de Accesos', () => {
  it('a format to correct goes back to whoever filed; "Validar formato" stays with the dispatched administrator', async () => {
    const marta = await person('marta.campos', 'Marta Campos', ['area-administrativa']);
    const otra = await person('otra.admin', 'Otra Administrativa', ['area-administrativa']);
    const mesa = await person('mesa.gomez', 'Rosa Gómez', ['mesa-ayuda']);
    const so1 = await person('so.uno', 'Sofía Operativos', ['sistemas-operativos']);
    const so2 = await person('so.dos', 'Samuel Operativos', ['sistemas-operativos']);
    const key = await startAs(marta, 'dgsti-p01-pr07-accesos', example('dgsti-p01-pr07-solicitud'));
    await completeAs(mesa, (await taskAt(h, key, 'canalizar-solicitud')).userTaskKey, { categoria: 'sistemas-operativos', confirmaCategoria: true, tecnicoAsignado: 'so.uno' });

    const validar = await taskAt(h, key, 'validar-formato');
    expect(validar.assignee).toBe('so.uno');
    await expectHeldBy(validar.userTaskKey, so1, so2);
    await completeAs(so1, validar.userTaskKey, example('dgsti-p01-pr07-validar-formato', 1));

    const corregir = await taskAt(h, key, 'corregir-formato');
    expect(corregir).toMatchObject({ assignee: 'marta.campos', candidateGroups: ['area-administrativa'] });
    await expectHeldBy(corregir.userTaskKey, marta, otra);
    await completeAs(marta, corregir.userTaskKey, { ...example('dgsti-p01-pr07-corregir-formato'), formatoAltaBajaCambio: adjunto('formato-firmado.pdf') });
    expect((await taskAt(h, key, 'validar-formato')).assignee).toBe('so.uno');
  });
});

describe('DGSTI-P01-PR08 SIGUE on its own', () => {
  it('"Corroborar datos" goes to the dispatched member of Gestión Digital', async () => {
    const ana = await person('ana.torres', 'Ana Torres', ['solicitante']);
    const mesa = await person('mesa.gomez', 'Rosa Gómez', ['mesa-ayuda']);
    const gd1 = await person('gd.uno', 'Gabriela Digital', ['gestion-digital']);
    const gd2 = await person('gd.dos', 'Germán Digital', ['gestion-digital']);
    const key = await startAs(ana, 'dgsti-p01-pr08-sigue', example('dgsti-p01-pr08-solicitud'));
    await completeAs(mesa, (await taskAt(h, key, 'canalizar-solicitud')).userTaskKey, { categoria: 'gestion-digital', confirmaCategoria: true, tecnicoAsignado: 'gd.uno' });
    await completeTask(h, key, 'autorizacion-dueno', example('dgsti-p01-pr08-autorizacion-dueno'));
    const corroborar = await taskAt(h, key, 'corroborar-datos');
    expect(corroborar.assignee).toBe('gd.uno');
    await expectHeldBy(corroborar.userTaskKey, gd1, gd2);
  });
});

describe('DGPT-P01: "Autorizar requerimientos" (PR02 3.b)', () => {
  const solicitud = {
    dependencia: 'Secretaría de Finanzas',
    area: 'Dirección de Recursos Materiales',
    solicitante: { nombre: 'María Fernanda López Ruiz', correo: 'maria.lopez@aguascalientes.gob.mx', telefono: '449 910 2020' },
    tipo: 'nuevo-sistema',
    nombreProyecto: 'Sistema de Control de Inventarios',
    descripcion: 'Sistema web para registrar entradas, salidas y existencias del almacén general.',
    resultadosEsperados: 'Reducir a la mitad el tiempo de los inventarios trimestrales.',
    situacionActual: 'El inventario se lleva en hojas de cálculo sin control de versiones.',
    recibidaPorProgramador: false,
  };
  const documentar = example('dgpt-p01-pr02-documentar-requerimientos');

  it('within the project: the requester who filed it authorizes; another requester may not', async () => {
    const maria = await person('maria.lopez', 'María Fernanda López Ruiz', ['solicitante']);
    const beto = await person('beto.luna', 'Roberto Luna', ['solicitante']);
    const key = await startAs(maria, 'dgpt-p01-desarrollo-si', solicitud);

    const a1 = await child(key, 'dgpt-p01-pr01-solicitud');
    await completeTask(h, a1, 'reunion-analisis', {
      fechaReunion: '2026-03-02T10:00:00-06:00',
      asistentes: ['María Fernanda López Ruiz'],
      minutaReunion: adjunto('Minuta.pdf'),
      alcanceAcordado: 'Entradas, salidas y existencias del almacén general.',
    });
    await completeTask(h, a1, 'estimacion-recursos', {
      impulsor: { nombre: 'Ángel Delgadillo de Lira', correo: 'angel.delgadillo@aguascalientes.gob.mx' },
      estimacionDias: 90,
      recursosDisponibles: true,
      sePuedeAtender: true,
    });
    await completeTask(h, a1, 'elaborar-vision-alcance', { visionAlcance: adjunto('Visión y Alcance.pdf'), estructuraProyecto: adjunto('Estructura.pdf') });

    const a2 = await child(key, 'dgpt-p01-pr02-conceptualizacion');
    expect(await variablesOf(h, a2)).toMatchObject({ ...startedBy(maria), origen: 'dgpt-p01-desarrollo-si' });
    await completeTask(h, a2, 'documentar-requerimientos', documentar);
    const autorizar = await taskAt(h, a2, 'autorizar-requerimientos');
    expect(autorizar).toMatchObject({ assignee: 'maria.lopez', candidateGroups: ['solicitante'] });
    await expectHeldBy(autorizar.userTaskKey, maria, beto);
    await completeAs(maria, autorizar.userTaskKey, { autorizacion: 'autorizado' });
    await settled(h, a2);
  });

  it('PR02 started on its own by the Gestor de Proyectos: the Gestor is not the requester, the task is the group’s', async () => {
    const gestor = await person('gestor.proyectos', 'Jorge Armando Sánchez', ['gestion-proyectos']);
    const beto = await person('beto.luna', 'Roberto Luna', ['solicitante']);
    const key = await startAs(gestor, 'dgpt-p01-pr02-conceptualizacion', example('dgpt-p01-pr02-inicio'));
    await completeTask(h, key, 'documentar-requerimientos', documentar);
    const autorizar = await taskAt(h, key, 'autorizar-requerimientos');
    expect(autorizar.assignee ?? null).toBeNull();
    expect((await refusal(tasks().complete(gestor, actorOf(gestor), autorizar.userTaskKey, { autorizacion: 'autorizado' }, 'es'))).kind).toBe('forbidden');
    await completeAs(beto, autorizar.userTaskKey, { autorizacion: 'autorizado' });
    await settled(h, key);
  });
});

describe('every assignee expression of the manual, as Camunda 8 evaluates it', () => {
  // Zeebe raises an incident when an assignee expression yields null ("Expected result of the
  // expression … to be 'STRING', but was 'NULL'") and creates the task unassigned when it yields "".
  const assignees = readdirSync(PROCESSES_DIR)
    .filter((file) => file.endsWith('.bpmn'))
    .flatMap((file) =>
      [...readFileSync(join(PROCESSES_DIR, file), 'utf8').matchAll(/<bpmn:userTask id="([^"]+)"(?:(?!<\/bpmn:userTask>).)*?assignee="(=[^"]*)"/gs)].map(
        ([, task, expression]) =>
          [
            `${file.replace(/\.bpmn$/, '')} / ${task}`,
            expression!
              .replace(/&quot;/g, '"')
              .replace(/&amp;/g, '&')
              .slice(1),
          ] as const,
      ),
    );

  it('finds the requester’s and the dispatched technician’s tasks', () => {
    expect(assignees.length).toBe(12);
  });

  it.each(assignees)('%s: "" with nobody to name (no starter, nothing dispatched), a user name otherwise — never null', async (_task, expression) => {
    const now = Date.parse('2026-03-02T09:00:00Z');
    expect(await evaluateFeel(expression, {}, now)).toBe('');
    const named = await evaluateFeel(
      expression,
      { iniciadoPor: { id: 'usr_1', username: 'ana.torres', nombre: 'Ana Torres' }, canal: 'web', tecnicoAsignado: 'jorge.ramirez', origen: 'dgpt-p01-desarrollo-si' },
      now,
    );
    expect(['ana.torres', 'jorge.ramirez']).toContain(named);
  });
});
