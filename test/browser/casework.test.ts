// Casework in a real browser against the server as `npm start` runs it, with the manual's models:
// the story of issue 13 end to end.
// - A requester files a help-desk request with the oficio attached and gets the help desk's first
//   folio of the year (SOP-<year>-000001). The help desk finds it by its folio, reads the case beside
//   the task — before claiming it — with the request's own labels and values in words, downloads the
//   oficio, adds an internal note that the history tells, finds the case by the requester's name and by
//   words of the request, and dispatches it to a technician it chooses by name among the ACTIVE
//   members of «Técnico de Soporte» (a colleague and an inactive member are added to the server's
//   store first). That technician alone has «Atender reporte» under «Mis tareas»: the colleague does
//   not, and completing it through the API answers 403. Once attended (the ticket closed and the
//   requester told by the workers), the satisfaction survey is under the requester's «Mis tareas»;
//   another member of «Usuario solicitante» neither sees it nor may complete it.
// - A citizen files the CAS complaint and gets the first CAS folio of the year (CAS-<year>-000001)
//   while the kiosk clerk has the tasklist open: the task appears there without reloading. The clerk
//   opens it, reads the kiosk and the amount before claiming, replies by e-mail and forwards it; the
//   kiosks' chief reads what the clerk filled in.
// - Screenshots of the task page with its case (wide, narrow, in English; the technician's report;
//   the survey) are saved for review in test-results/browser/.
// That an untouched attestation cannot be completed is shown in Chromium by forms-meaning.test.ts.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { readConfig } from '../../server/config.js';
import { createIdentity, type NewUser } from '../../server/core/identity/index.js';
import { openStore } from '../../server/store/open.js';
import { decodeMail } from '../processes/harness.js';
import { TEST_PASSWORD_COST } from '../support/oficio.js';
import { waitFor } from '../support/wait-for.js';
import { DEMO_PASSWORD, describeInBrowser, type Person, type RunningOficio, serveSuite } from './harness.js';

const PROCESS_NAME = 'Soporte a las TI';
const TASK_NAME = 'Clasificar y asignar';
const REPORT_TASK = 'Atender reporte';
const SURVEY_TASK = 'Encuesta de satisfacción';
/** A folio's year is the calendar year in Mexico City (server/core/cases/folios.ts). */
const YEAR = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Mexico_City', year: 'numeric' }).format(new Date());
const DESCRIPTION = 'La computadora de la recepción del tercer piso no enciende desde el lunes; adjunto el oficio del Oficial Mayor.';
const OFICIO = { name: 'oficio-OM-0457-2026.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% Oficio OM/0457/2026\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n') };

/**
 * People the demo seed lacks (it has one user per group): the technician the help desk will name, an
 * inactive technician the picker must not offer, and a second requester. Written to the server's own
 * store from this process (SQLite in WAL mode takes a second connection), as an administrator would
 * create them.
 */
const TECNICA: NewUser = { username: 'laura.mendez', displayName: 'Laura Méndez Ortiz', groups: ['soporte-tecnico'], password: DEMO_PASSWORD };
const TECNICO_INACTIVO: NewUser = { username: 'ramon.vega', displayName: 'Ramón Vega Luna', groups: ['soporte-tecnico'], password: DEMO_PASSWORD, active: false };
const OTRO_SOLICITANTE: NewUser = { username: 'pedro.sanchez', displayName: 'Pedro Sánchez Ruiz', groups: ['solicitante'], password: DEMO_PASSWORD };
/** The demo technician (user name = group id), the named technician's colleague. */
const OTRO_TECNICO = { username: 'soporte-tecnico', displayName: 'Técnico de Soporte' };

async function addUsers(oficio: RunningOficio, users: NewUser[]): Promise<void> {
  const store = await openStore(readConfig({ OFICIO_DATA_DIR: oficio.dataDir }));
  try {
    const identity = createIdentity({ store, passwordCost: TEST_PASSWORD_COST });
    for (const user of users) await identity.createUser(user);
  } finally {
    await store.close();
  }
}

/** The rows of the tasklist on the page that show `folio` and the task `name`. */
function taskRow(page: Page, folio: string, name: string): Locator {
  return page
    .locator('table.task-table tbody tr')
    .filter({ hasText: folio })
    .filter({ has: page.getByRole('link', { name, exact: true }) });
}

/** Waits until the person's own open tasks (the API behind «Mis tareas») include `name` of `folio`, and answers its key. */
async function waitForOwnTask(person: Person, folio: string, name: string): Promise<string> {
  return waitFor(
    async () => {
      const res = await person.page.request.get('/api/tasks?assignee=me&state=CREATED&limit=200');
      const { items } = (await res.json()) as { items: Array<{ userTaskKey: string; name: string; folio?: string }> };
      return items.find((t) => t.folio === folio && t.name === name)?.userTaskKey;
    },
    60_000,
    `«${name}» of ${folio} under the user's own tasks`,
  );
}

/** Completes a task through the API as the person's session would (cookie + CSRF token): answers the status. */
async function completeThroughApi(person: Person, userTaskKey: string, data: Record<string, unknown>): Promise<number> {
  const { csrfToken } = (await (await person.page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const res = await person.page.request.post(`/api/tasks/${encodeURIComponent(userTaskKey)}/complete`, {
    headers: { 'x-csrf-token': csrfToken, 'accept-language': 'es' },
    data: { data },
  });
  return res.status();
}

/** Opens «Mis tareas» (the tasklist's first view) and waits until it is read. */
async function openOwnTasks(person: Person): Promise<void> {
  const { page } = person;
  await page.goto('/tareas');
  await page.getByRole('button', { name: 'Mis tareas', pressed: true }).waitFor();
  await page.locator('table.task-table').or(page.getByText('No tiene tareas asignadas con estos filtros.')).first().waitFor();
}

/** The form field whose own label starts with `label` (rjsf: a .form-group with its <label> as a child). */
function fieldOf(page: Page, label: string): Locator {
  return page.locator(`xpath=//div[contains(concat(" ", normalize-space(@class), " "), " form-group ")][label[starts-with(normalize-space(), "${label}")]]`);
}

/** The radio `answer` of the question labelled `question`. */
function radioOf(page: Page, question: string, answer: string): Locator {
  return fieldOf(page, question).getByRole('radio', { name: answer, exact: true });
}

/** The value shown beside a label in a read-only form (a <dt>/<dd> pair of the case). */
function valueOf(scope: Locator, label: string): Locator {
  // The row whose own <dt> is the label (a group's row holds its fields' rows inside it).
  return scope.locator(`xpath=.//div[contains(@class, "case-value")][dt[normalize-space() = "${label}"]]/dd`);
}

/** Given: the requester files the help-desk request from the catalogue, with the oficio uploaded through the start form. */
async function fileRequest(requester: Person): Promise<string> {
  const { page } = requester;
  await page.getByRole('link', { name: 'Iniciar trámite' }).click();
  await page.getByRole('link', { name: new RegExp(`Iniciar.*${PROCESS_NAME}`) }).click();
  await page.getByLabel(/^Dependencia o Entidad/).fill('Secretaría de Finanzas');
  await page.getByLabel(/^Área/).fill('Dirección de Recursos Humanos');
  await page.getByLabel(/^Nombre/).fill('Ana Ruiz Delgado');
  await page.getByLabel(/^Teléfono/).fill('449 910 2000');
  await page.getByLabel(/^Extensión/).fill('5123');
  await page.getByLabel(/^Correo electrónico/).fill('ana.ruiz@example.com');
  await page.getByLabel(/^Categoría/).selectOption({ label: 'Soporte Técnico' });
  await page.getByLabel(/^Descripción de la solicitud/).fill(DESCRIPTION);
  await page.getByLabel(/^Medio de recepción/).selectOption({ label: 'Oficio o indicación directa' });
  await page.getByLabel(/^Oficio \(Oficial Mayor/).setInputFiles(OFICIO);
  await page.getByText(`Archivo: ${OFICIO.name}`).waitFor();
  await requester.screenshot('solicitud-con-oficio');
  await page.getByRole('button', { name: 'Iniciar trámite' }).click();
  const done = page.getByTestId('start-folio');
  await done.waitFor();
  await requester.screenshot('solicitud-iniciada');
  const folio = /folio (\S+)/.exec((await done.textContent())!)?.[1] ?? '';
  // The help desk's first request of the year on a fresh server: its own series, numbered from 1.
  expect(folio).toBe(`SOP-${YEAR}-000001`);
  return folio;
}

/** Types in the header's search box and waits for the results. */
async function search(person: Person, words: string): Promise<void> {
  const { page } = person;
  const box = page.getByRole('search').getByRole('searchbox');
  await box.fill(words);
  await box.press('Enter');
  await page.getByRole('heading', { level: 1, name: `Resultados de «${words}»` }).waitFor();
  await page.locator('[data-testid="search-instances"], [data-testid="search-none"]').first().waitFor();
}

async function readCaseBeforeClaiming(clerk: Person, folio: string): Promise<Page> {
  const { page } = clerk;
  await search(clerk, folio);
  const instance = page.getByTestId('search-instances').locator(`tr[data-folio="${folio}"]`);
  await expect(instance.textContent()).resolves.toContain(PROCESS_NAME);
  await expect(instance.textContent()).resolves.toContain('En curso');
  await clerk.screenshot('busqueda-por-folio');
  // The open task of the case is in the results too: it leads to the task page.
  await page.getByTestId('search-tasks').locator(`tr[data-folio="${folio}"]`).getByRole('link', { name: TASK_NAME }).click();
  await page.getByRole('heading', { level: 1, name: TASK_NAME }).waitFor();

  // Not claimed yet: the form is not theirs to fill, but the case is there to read.
  await page.getByRole('button', { name: 'Tomar' }).waitFor();
  await expect(page.getByTestId('case-folio').textContent()).resolves.toBe(folio);
  const request = page.getByTestId('case-request');
  await request.locator('.case-value').first().waitFor();
  await expect(valueOf(request, 'Dependencia o Entidad').textContent()).resolves.toBe('Secretaría de Finanzas');
  await expect(valueOf(request, 'Categoría').textContent()).resolves.toBe('Soporte Técnico');
  await expect(valueOf(request, 'Medio de recepción').textContent()).resolves.toBe('Oficio o indicación directa');
  await expect(valueOf(request, 'Descripción de la solicitud').textContent()).resolves.toBe(DESCRIPTION);
  // No codes, no JSON where a person reads.
  const text = (await request.textContent())!;
  expect(text).not.toMatch(/soporte-tecnico|"id"|adj_[0-9a-f]{6}|\{/);
  await clerk.screenshot('caso-antes-de-tomar');
  return page;
}

/** The oficio is downloadable from the request and from the case's attachments: the same bytes the requester uploaded. */
async function downloadOficio(clerk: Person): Promise<void> {
  const { page } = clerk;
  const fromRequest = valueOf(page.getByTestId('case-request'), 'Oficio (Oficial Mayor / CGMPG)').getByRole('link', { name: OFICIO.name });
  const fromList = page.getByTestId('case-attachments').getByRole('link', { name: OFICIO.name });
  for (const link of [fromRequest, fromList]) {
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(OFICIO.name);
    expect(await readFile((await download.path())!)).toEqual(OFICIO.buffer);
  }
}

/** An internal note: saved, listed among the notes, told by the history. */
async function addInternalNote(clerk: Person): Promise<void> {
  const { page } = clerk;
  const notes = page.getByTestId('case-notes');
  const history = page.getByTestId('case-timeline').locator('li[data-kind="note"]');
  await expect(history.count()).resolves.toBe(0);
  await notes.getByText(/Sólo la ve el personal/).waitFor();
  await notes.getByLabel('Texto de la nota').fill('Se llamó a la extensión 5123: confirman que el equipo no enciende ni con otro contacto.');
  await notes.getByRole('button', { name: 'Guardar la nota interna' }).click();
  await notes.getByText('Nota interna guardada.').waitFor();
  await notes.locator('li[data-kind="internal"]').filter({ hasText: 'confirman que el equipo no enciende' }).waitFor();
  await history.first().waitFor();
  await clerk.screenshot('caso-con-nota-interna');
}

/**
 * Mesa de Ayuda dispatches the claimed request to a technician named from a list of the ACTIVE members
 * of the category's group (display names, not user names; the inactive member is not offered).
 */
async function dispatchToTechnician(clerk: Person): Promise<void> {
  const { page } = clerk;
  await page.getByLabel(/^Categoría/).selectOption({ label: 'Soporte Técnico' });
  const picker = page.getByLabel(/^Técnico que atenderá/);
  await page.getByText('2 personas activas del grupo').waitFor();
  const offered = (await picker.locator('option').allTextContents()).map((name) => name.trim());
  expect(offered[0]).toBe('Nadie: queda para todo el grupo');
  expect(offered.slice(1).sort()).toEqual([OTRO_TECNICO.displayName, TECNICA.displayName].sort());
  expect(offered).not.toContain(TECNICO_INACTIVO.displayName);
  await picker.selectOption({ label: TECNICA.displayName });
  await page.getByLabel(/^Observaciones de la Mesa de Ayuda/).fill('Lo atiende Laura: conoce los equipos de la recepción.');
  await clerk.screenshot('despacho-a-tecnica');
  await page.getByRole('button', { name: 'Completar' }).click();
  await page.getByText(`Tarea «${TASK_NAME}» completada.`).waitFor();
}

/**
 * The named technician alone has the report under «Mis tareas»: there with the request's folio and its
 * case; the colleague of the same group does not have it and may not complete it. The technician
 * then attends it.
 */
async function onlyTheNamedTechnician(technician: Person, colleague: Person, folio: string): Promise<void> {
  const key = await waitForOwnTask(technician, folio, REPORT_TASK);
  await openOwnTasks(technician);
  const { page } = technician;
  const row = taskRow(page, folio, REPORT_TASK);
  await row.waitFor();
  await expect(row.textContent()).resolves.toContain('Soporte Técnico');
  await technician.screenshot('mis-tareas-con-el-reporte');

  await openOwnTasks(colleague);
  await colleague.page.getByText('No tiene tareas asignadas con estos filtros.').waitFor();
  await expect(taskRow(colleague.page, folio, REPORT_TASK).count()).resolves.toBe(0);
  await colleague.screenshot('mis-tareas-sin-el-reporte');
  const attended = { accion: 'atendido', diagnostico: 'Fuente de poder dañada', solucion: 'Se reemplazó la fuente de poder.' };
  expect(await completeThroughApi(colleague, key, attended)).toBe(403);

  // The technician opens it from «Mis tareas»: already theirs, the case beside the form.
  await row.getByRole('link', { name: REPORT_TASK, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: REPORT_TASK }).waitFor();
  await expect(page.getByTestId('case-folio').textContent()).resolves.toBe(folio);
  await expect(valueOf(page.getByTestId('case-request'), 'Descripción de la solicitud').textContent()).resolves.toBe(DESCRIPTION);
  await expect(page.getByRole('button', { name: 'Tomar' }).count()).resolves.toBe(0);
  // The dispatch the help desk filled in names her as people write her name, not by her user name.
  const dispatch = page.getByTestId('case-submissions').getByRole('article', { name: 'Clasificar y asignar' });
  await expect(valueOf(dispatch, 'Técnico que atenderá').textContent()).resolves.toBe(TECNICA.displayName);
  await page.getByLabel(/^Resultado/).selectOption({ label: 'Servicio realizado' });
  await page.getByLabel(/^Diagnóstico/).fill(attended.diagnostico);
  await page.getByLabel(/^Solución aplicada/).fill(attended.solucion);
  await technician.screenshot('reporte-con-su-caso');
  await page.getByRole('button', { name: 'Completar' }).click();
  await page.getByText(`Tarea «${REPORT_TASK}» completada.`).waitFor();
}

/**
 * Once the report is attended (the ticket closed and the requester told by the workers), the survey
 * is under the requester's «Mis tareas»; another requester neither has it nor may complete it. The
 * requester answers it.
 */
async function onlyTheRequesterAnswers(requester: Person, other: Person, folio: string, oficio: RunningOficio): Promise<void> {
  const key = await waitForOwnTask(requester, folio, SURVEY_TASK);
  // The requester was told by e-mail that the service was done.
  await waitFor(
    () => oficio.mails.find((m) => m.to.includes('ana.ruiz@example.com') && /Servicio realizado/.test(decodeMail(m.raw))),
    30_000,
    'the «servicio atendido» e-mail to the requester',
  );

  await openOwnTasks(other);
  await other.page.getByText('No tiene tareas asignadas con estos filtros.').waitFor();
  await other.screenshot('mis-tareas-sin-la-encuesta');
  const answers = { satisfaccion: 5, atendidoEnTiempo: true, problemaResuelto: true };
  expect(await completeThroughApi(other, key, answers)).toBe(403);

  await openOwnTasks(requester);
  const { page } = requester;
  const row = taskRow(page, folio, SURVEY_TASK);
  await row.waitFor();
  await requester.screenshot('mis-tareas-con-la-encuesta');
  await row.getByRole('link', { name: SURVEY_TASK, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: SURVEY_TASK }).waitFor();
  await expect(page.getByRole('button', { name: 'Tomar' }).count()).resolves.toBe(0);
  await radioOf(page, '¿Se atendió en el tiempo comprometido?', 'Sí').check();
  await radioOf(page, '¿Se resolvió su solicitud?', 'Sí').check();
  // The rating is a choice of 1 to 5, none chosen until the requester chooses: they give it a 5.
  const rating = fieldOf(page, 'Satisfacción con el servicio').getByRole('radio');
  expect(await rating.count()).toBe(5);
  for (const choice of await rating.all()) expect(await choice.isChecked()).toBe(false);
  await rating.last().check();
  await requester.screenshot('encuesta-con-su-caso');
  await page.getByRole('button', { name: 'Completar' }).click();
  await page.getByText(`Tarea «${SURVEY_TASK}» completada.`).waitFor();
}

/** Given: a citizen files the CAS complaint on the public form, with an e-mail to be answered at. */
async function fileComplaint(citizen: Person): Promise<string> {
  const { page } = citizen;
  await page.goto('/publico/dgsti-p01-pr01-cas-queja');
  await page.getByLabel(/^Kiosco \(CAS\)/).fill('CAS-03');
  await page.getByLabel(/^Fecha y hora de la transacción/).fill('2026-03-01T12:25');
  await page.getByLabel(/^Monto pagado/).fill('1250');
  await page.getByLabel(/^Cambio que debió devolverse/).fill('137.5');
  await page.getByLabel(/^Nombre del ciudadano/).fill('José Luis Martínez Pérez');
  await page.getByLabel(/^Correo de contacto/).fill('jlmartinez@example.com');
  await page.getByLabel(/^Descripción de la queja/).fill('Pagué con un billete de 500 y el kiosco no devolvió el cambio.');
  await page.getByRole('button', { name: 'Enviar' }).click();
  const receipt = page.getByTestId('public-folio');
  await receipt.waitFor();
  const folio = /folio es (\S+?)\./.exec((await receipt.textContent())!)?.[1] ?? '';
  // The first CAS complaint of the year on a fresh server: the CAS series, numbered from 1.
  expect(folio).toBe(`CAS-${YEAR}-000001`);
  return folio;
}

/**
 * The kiosk clerk has the group's tasklist open when the citizen files: the new task appears without
 * reloading, marked new, with the complaint's folio. Answers the row.
 */
async function seeComplaintArrive(clerk: Person, citizen: Person): Promise<{ folio: string; row: Locator }> {
  const { page } = clerk;
  await page.goto('/tareas?vista=grupos');
  await page.getByRole('heading', { name: 'Tareas', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'De mis grupos', pressed: true }).waitFor();
  // Read before the complaint exists: nothing of this server's is for the kiosks yet.
  await page.getByText('No hay tareas de sus grupos con estos filtros.').waitFor();
  const address = page.url();
  const folio = await fileComplaint(citizen);
  const row = page.locator('table.task-table tbody tr.live-new').filter({ hasText: folio });
  await row.waitFor({ timeout: 15_000 });
  expect(page.url()).toBe(address);
  await expect(row.getByText('Nueva', { exact: true }).count()).resolves.toBe(1);
  await expect(row.textContent()).resolves.toContain('Sin asignar');
  await clerk.screenshot('queja-llega-en-vivo');
  return { folio, row };
}

/** The kiosk clerk opens the new task from the list, reads the complaint before claiming, then answers the citizen: the reply is e-mailed. */
async function answerComplaint(clerk: Person, row: Locator, oficio: RunningOficio): Promise<void> {
  const { page } = clerk;
  await row.getByRole('link', { name: 'Canalizar a Operación de CAS' }).click();
  await page.getByRole('button', { name: 'Tomar' }).waitFor();
  const request = page.getByTestId('case-request');
  await request.locator('.case-value').first().waitFor();
  await expect(valueOf(request, 'Kiosco (CAS)').textContent()).resolves.toBe('CAS-03');
  await expect(valueOf(request, 'Fecha y hora de la transacción').textContent()).resolves.toBe('1 de marzo de 2026, 12:25');
  await expect(valueOf(request, 'Monto pagado').textContent()).resolves.toBe('$1,250.00');
  await expect(valueOf(request, 'Cambio que debió devolverse').textContent()).resolves.toBe('$137.50');
  await expect(valueOf(request, 'Nombre del ciudadano').textContent()).resolves.toBe('José Luis Martínez Pérez');
  await clerk.screenshot('queja-antes-de-tomar');

  const notes = page.getByTestId('case-notes');
  const reply = 'Recibimos su queja; la devolución se entrega después del siguiente corte del kiosco CAS-03.';
  await notes.getByLabel('Respuesta al solicitante').check();
  await notes.getByText('Se envía por correo al solicitante (jlmartinez@example.com) y la verá en su trámite.', { exact: false }).waitFor();
  await notes.getByLabel('Texto de la nota').fill(reply);
  await notes.getByRole('button', { name: 'Enviar la respuesta por correo' }).click();
  await notes.getByText('Respuesta guardada y enviada por correo a jlmartinez@example.com.').waitFor();
  await notes.locator('li[data-kind="reply"]').filter({ hasText: reply }).waitFor();
  await page.getByTestId('case-timeline').locator('li[data-kind="note"]').first().waitFor();
  await clerk.screenshot('queja-con-respuesta');
  await waitFor(
    () => oficio.mails.find((m) => m.to.includes('jlmartinez@example.com') && decodeMail(m.raw).includes('siguiente corte del kiosco CAS-03')),
    30_000,
    'the reply e-mailed to the citizen',
  );
}

/** The clerk claims the task and completes its form: the complaint goes on to the kiosks' operation. */
async function forwardComplaint(clerk: Person): Promise<void> {
  const { page } = clerk;
  await page.getByRole('button', { name: 'Tomar' }).click();
  await page.getByText('La tarea ahora es suya').waitFor();
  await page.getByRole('radio', { name: 'Teléfono' }).check();
  await page.getByLabel(/^Canalizada a \(nombre\)/).fill('Ing. Roberto Salas');
  await page.getByRole('button', { name: 'Completar' }).click();
  await page.getByText('Tarea «Canalizar a Operación de CAS» completada.').waitFor();
}

describeInBrowser('casework in Chromium: the case beside the task, notes, search', () => {
  const suite = serveSuite();
  const { people, person } = suite;

  beforeAll(async () => {
    await addUsers(suite.oficio, [TECNICA, TECNICO_INACTIVO, OTRO_SOLICITANTE]);
  }, 90_000);

  it('a help-desk clerk finds a request by its folio, reads it with its oficio before claiming, adds an internal note and dispatches it to a named technician, who alone has it; only the requester answers the survey', async () => {
    const requester = await person('solicitante');
    const requesterName = (await requester.page.getByText(/^Sesión de /).textContent())!.replace(/^Sesión de /, '');
    const folio = await fileRequest(requester);

    const clerk = await person('mesa-ayuda');
    const page = await readCaseBeforeClaiming(clerk, folio);
    await downloadOficio(clerk);

    // Claimed, the form is theirs — the case stays beside it.
    await page.getByRole('button', { name: 'Tomar' }).click();
    await page.getByText('La tarea ahora es suya').waitFor();
    await expect(page.getByTestId('case-folio').textContent()).resolves.toBe(folio);
    await clerk.screenshot('tarea-con-su-caso');
    const taskAddress = page.url();
    await addInternalNote(clerk);

    // Search finds the case by the requester's name and by words of the request.
    for (const words of [requesterName, 'computadora recepción']) {
      await search(clerk, words);
      await page.getByTestId('search-instances').locator(`tr[data-folio="${folio}"]`).waitFor();
    }
    await search(clerk, 'zzzz-nada-coincide');
    await page.getByTestId('search-none').waitFor();
    await clerk.screenshot('busqueda-sin-resultados');

    // On a narrow screen the case follows the form; in English every word and date is English.
    await page.goto(taskAddress);
    await page.getByTestId('case-request').locator('.case-value').first().waitFor();
    await page.setViewportSize({ width: 760, height: 1000 });
    await clerk.screenshot('tarea-con-su-caso-angosta');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByLabel('Idioma').selectOption('en');
    const request = page.getByTestId('case-request');
    await request.getByRole('heading', { name: 'Request' }).waitFor();
    await expect(valueOf(request, 'Category').textContent()).resolves.toBe('Technical support');
    await expect(valueOf(request, 'Received through').textContent()).resolves.toBe('Official letter or direct instruction');
    await clerk.screenshot('task-with-its-case-in-english');
    await page.getByLabel('Language').selectOption('es');
    await request.getByRole('heading', { name: 'Solicitud' }).waitFor();

    // The help desk names the technician; that person alone has the report, and attends it.
    await dispatchToTechnician(clerk);
    const technician = await person(TECNICA.username);
    const colleague = await person(OTRO_TECNICO.username);
    await onlyTheNamedTechnician(technician, colleague, folio);

    // The survey is the requester's alone.
    const otherRequester = await person(OTRO_SOLICITANTE.username);
    await onlyTheRequesterAnswers(requester, otherRequester, folio, suite.oficio);
    // Answered, the request is over: the help desk finds it concluded.
    await search(clerk, folio);
    await expect(page.getByTestId('search-instances').locator(`tr[data-folio="${folio}"]`).textContent()).resolves.toContain('Concluido');
    await clerk.screenshot('busqueda-concluido');

    // Every page they saw could be used by keyboard and screen reader, and read.
    expect(people.flatMap((p) => p.accessibilityProblems)).toEqual([]);
  }, 300_000);

  it('a kiosk clerk sees a citizen’s complaint arrive with its CAS folio without reloading, reads it — kiosk, date, amounts — before claiming, replies by e-mail and forwards it; the chief reads what the clerk filled in', async () => {
    const clerk = await person('cas-atencion');
    const citizen = await suite.open('ciudadano');
    const { folio, row } = await seeComplaintArrive(clerk, citizen);
    await answerComplaint(clerk, row, suite.oficio);
    await forwardComplaint(clerk);

    // The kiosks' chief reads, beside the next task, what the clerk filled in — by its labels, options by their names.
    const chief = await person('cas-operacion');
    await search(chief, folio);
    await chief.page.getByTestId('search-tasks').locator(`tr[data-folio="${folio}"]`).getByRole('link', { name: 'Atender queja' }).click();
    const earlier = chief.page.getByTestId('case-submissions').getByRole('article', { name: 'Canalizar a Operación de CAS' });
    await earlier.waitFor();
    await expect(valueOf(earlier, 'Medio por el que se canaliza').textContent()).resolves.toBe('Teléfono');
    await expect(valueOf(earlier, 'Canalizada a (nombre)').textContent()).resolves.toBe('Ing. Roberto Salas');
    await expect(earlier.textContent()).resolves.toContain('Auxiliar de Atención a Usuarios (CAS)');
    await expect(chief.page.getByTestId('case-notes').locator('li[data-kind="reply"]').count()).resolves.toBe(1);
    await chief.screenshot('queja-con-formulario-anterior');
    expect(people.flatMap((p) => p.accessibilityProblems)).toEqual([]);
  }, 300_000);
});
