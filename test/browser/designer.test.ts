// What a new user does, in a real browser against the server as `npm start` runs it: a process
// owner designs a form, draws a model with a user task that uses it and deploys it; a requester
// starts the process; a help-desk clerk completes the task — first with a mistake the form
// points out, then correctly; an auditor opens the instance and sees it marked on the diagram.
import type { Page } from 'playwright-core';
import { describeInBrowser, DEMO_PASSWORD, type Person, type RunningOficio, serveSuite } from './harness.js';

const PROCESS_ID = 'revision-equipo';
const PROCESS_NAME = 'Revisión de equipo de cómputo';
const TASK_NAME = 'Revisar el equipo';
const TASK_FORM = 'revision-equipo-diagnostico';
const START_FORM = 'revision-equipo-solicitud';

/** Given: the start form already exists (saved through the API as the designer would). */
async function givenStartForm(oficio: RunningOficio): Promise<void> {
  const login = await fetch(`${oficio.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'process-owner', password: DEMO_PASSWORD }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const saved = await fetch(`${oficio.url}/api/forms/${START_FORM}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({
      title: { es: 'Solicitud de revisión de equipo', en: 'Equipment review request' },
      schema: { type: 'object', required: ['inventario'], properties: { inventario: { type: 'string', minLength: 3, maxLength: 40 } }, additionalProperties: false },
      uiSchema: { 'ui:order': ['inventario'] },
      labels: { inventario: { es: 'Número de inventario', en: 'Inventory number' } },
      manualReference: 'DGSTI-P01-PR03 3.a',
    }),
  });
  expect(saved.status).toBe(200);
}

async function designTaskForm(owner: Person): Promise<void> {
  const { page } = owner;
  await page.getByRole('link', { name: 'Formularios' }).click();
  await page.getByRole('link', { name: 'Nuevo formulario' }).click();
  await page.getByLabel('Clave del formulario').fill(TASK_FORM);
  await page.getByLabel('Título (español)').fill('Diagnóstico del equipo');
  await page.getByLabel('Título (inglés)').fill('Equipment diagnosis');
  await page.getByLabel('Referencia del manual').fill('DGSTI-P01-PR03 3.b');
  await page.getByLabel('Tipo de campo', { exact: true }).selectOption('text');
  await page.getByRole('button', { name: 'Agregar campo' }).click();
  await page.getByLabel('Etiqueta (español)').fill('Diagnóstico');
  await page.getByLabel('Etiqueta (inglés)').fill('Diagnosis');
  await page.getByLabel('Obligatorio', { exact: true }).check();
  await page.getByLabel('Longitud mínima').fill('10');
  // The preview is the form as the clerk will see it.
  await page.getByTestId('form-preview').getByLabel('Diagnóstico').waitFor();
  await owner.screenshot('disenador-de-formularios');
  await page.getByRole('button', { name: 'Guardar versión' }).click();
  await page.getByTestId('save-status').filter({ hasText: 'Versión 1 guardada' }).waitFor();
  await owner.screenshot('formulario-guardado');
}

/** Draws start → user task → end, links the task to the form and the help desk, saves, deploys. */
async function drawAndDeploy(owner: Person): Promise<string> {
  const { page } = owner;
  await page.getByRole('link', { name: 'Modelos' }).click();
  await page.getByLabel('Identificador del proceso').fill(PROCESS_ID);
  await page.getByLabel('Nombre del proceso (en español)').fill(PROCESS_NAME);
  await page.getByRole('button', { name: 'Crear y abrir el modelo' }).click();
  const start = page.locator('.djs-shape[data-element-id="inicio"]');
  await start.waitFor();
  await start.click();
  await page.getByTestId('oficio-start-form-picker').selectOption(START_FORM);
  await contextPad(page, 'inicio', 'append.append-task');
  await page.keyboard.type(TASK_NAME);
  // A click on empty canvas (away from the palette, bottom right) ends the label editing.
  const canvas = page.locator('.djs-container svg').first();
  const box = (await canvas.boundingBox())!;
  await canvas.click({ position: { x: box.width - 80, y: box.height - 80 } });
  const task = page.locator('.djs-shape[data-element-id^="Activity_"]');
  const taskId = (await task.getAttribute('data-element-id'))!;
  await task.click();
  await page.locator('.djs-context-pad [data-action="replace"]').click();
  await page.locator('.djs-popup [data-id="replace-with-user-task"]').click();
  await page.getByTestId('oficio-form-picker').selectOption(TASK_FORM);
  await page.getByTestId('oficio-group-picker').selectOption('mesa-ayuda');
  await contextPad(page, taskId, 'append.end-event');
  // Every element needs a name (lint says so, and the deploy would be refused): the end event's, by double click.
  await page.locator('.djs-shape[data-element-id^="Event_"]').dblclick();
  await page.keyboard.type('Equipo revisado');
  await canvas.click({ position: { x: box.width - 80, y: box.height - 80 } });
  await page.getByTestId('lint-status').filter({ hasText: 'Sin hallazgos' }).waitFor();
  await owner.screenshot('modelador');
  await page.getByTestId('save-draft').click();
  await page.getByTestId('outcome').filter({ hasText: 'Versión 1 guardada' }).waitFor();
  await page.getByTestId('deploy').click();
  const outcome = page.locator('[data-testid="outcome"][data-outcome]');
  await outcome.waitFor();
  await owner.screenshot('despliegue');
  expect(await outcome.getAttribute('data-outcome')).toBe('deployed');
  return taskId;
}

/** Clicks an entry of an element's context pad, selecting the element first unless it is (a click on a selected element deselects it). */
async function contextPad(page: Page, elementId: string, action: string): Promise<void> {
  const entry = page.locator(`.djs-context-pad [data-action="${action}"]`);
  for (let attempt = 0; attempt < 2 && !(await entry.isVisible()); attempt++) {
    await page.locator(`.djs-shape[data-element-id="${elementId}"]`).click({ force: true });
  }
  await entry.click();
}

async function startProcess(requester: Person): Promise<string> {
  const { page } = requester;
  await page.getByRole('link', { name: 'Iniciar trámite' }).click();
  await page.getByRole('heading', { name: 'Iniciar un trámite' }).waitFor();
  await requester.screenshot('catalogo');
  await page.getByRole('link', { name: new RegExp(`Iniciar.*${PROCESS_NAME}`) }).click();
  await page.getByLabel('Número de inventario').fill('CPU-2026-0042');
  await requester.screenshot('formulario-de-inicio');
  await page.getByRole('button', { name: 'Iniciar trámite' }).click();
  const done = page.getByText(/Trámite iniciado: folio [A-Z][A-Z0-9]*-\d{4}-\d{6}/);
  await done.waitFor();
  await requester.screenshot('tramite-iniciado');
  return /folio ([A-Z][A-Z0-9]*-\d{4}-\d{6})/.exec((await done.textContent())!)![1]!;
}

async function fieldError(page: Page): Promise<string> {
  const error = page.locator('.error-detail').filter({ hasText: 'Diagnóstico' });
  await error.first().waitFor();
  return (await error.first().textContent())!;
}

async function completeTask(clerk: Person, folio: string): Promise<void> {
  const { page } = clerk;
  await page.getByRole('button', { name: 'De mis grupos' }).click();
  const row = page.getByRole('row').filter({ hasText: TASK_NAME }).filter({ hasText: folio });
  await row.waitFor();
  await clerk.screenshot('tareas-del-grupo');
  await row.getByRole('button', { name: /^Tomar/ }).click();
  await row.getByRole('link', { name: TASK_NAME, exact: true }).click();
  await page.getByRole('heading', { name: TASK_NAME }).waitFor();
  const diagnosis = page.getByRole('textbox', { name: /^Diagnóstico/ });
  // First with a mistake: too short. The form says so on the field, before anything is sent.
  await diagnosis.fill('Lento');
  await page.getByRole('button', { name: 'Completar' }).click();
  expect(await fieldError(page)).toMatch(/«Diagnóstico» debe tener al menos 10 caracteres/);
  await clerk.screenshot('error-de-validacion');
  // Then correctly — but the session has ended meanwhile (its cookie is gone): signing in again
  // over the page keeps what was typed, and completing then goes through.
  await diagnosis.fill('Disco duro dañado; se reemplaza y se reinstala el sistema.');
  await clerk.context.clearCookies();
  await page.getByRole('button', { name: 'Completar' }).click();
  const dialog = page.getByRole('dialog', { name: 'Su sesión terminó' });
  await dialog.waitFor();
  await clerk.screenshot('sesion-terminada');
  await dialog.getByLabel('Usuario').fill('mesa-ayuda');
  await dialog.getByLabel('Contraseña').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Entrar' }).click();
  await dialog.waitFor({ state: 'hidden' });
  expect(await diagnosis.inputValue()).toBe('Disco duro dañado; se reemplaza y se reinstala el sistema.');
  await page.getByRole('button', { name: 'Completar' }).click();
  await page.getByText(`Tarea «${TASK_NAME}» completada.`).waitFor();
  await clerk.screenshot('tarea-completada');
}

async function auditInstance(auditor: Person, folio: string, taskId: string): Promise<void> {
  const { page } = auditor;
  await page.getByRole('link', { name: 'Instancias' }).click();
  await page.locator(`[data-testid="instances-table"] tr[data-folio="${folio}"] a`).first().click();
  await page.locator('[data-testid="instance-diagram"][data-status="ready"]').waitFor();
  await page.locator(`.djs-element[data-element-id="${taskId}"].oficio-completed`).waitFor();
  await page.locator('.djs-element[data-element-id="inicio"].oficio-completed').waitFor();
  await expect(page.locator(`[data-testid="instance-elements"] tr[data-element-id="${taskId}"]`).getAttribute('data-mark')).resolves.toBe('completed');
  await auditor.screenshot('instancia-en-el-diagrama');
  await page.getByRole('link', { name: 'Auditoría' }).click();
  const chain = page.locator('[data-testid="audit-chain"][data-intact]');
  await chain.waitFor();
  expect(await chain.getAttribute('data-intact')).toBe('true');
  await page.locator('[data-testid="audit-events"] tr[data-action="task.complete"]').first().waitFor();
  await auditor.screenshot('bitacora');
}

describeInBrowser('a new user, in Chromium, through the whole platform', () => {
  const suite = serveSuite();
  const { people, person } = suite;

  it('a process owner designs a form and a model and deploys it; a clerk completes the task after a validation error; an auditor sees it on the diagram', async () => {
    await givenStartForm(suite.oficio);
    const owner = await person('process-owner');
    await designTaskForm(owner);
    const taskId = await drawAndDeploy(owner);

    const requester = await person('solicitante');
    const folio = await startProcess(requester);

    const clerk = await person('mesa-ayuda');
    await completeTask(clerk, folio);

    const auditor = await person('auditor');
    await auditInstance(auditor, folio, taskId);

    // The auditor reads it in English too: every text comes from the catalogues.
    await auditor.page.getByLabel('Idioma').selectOption('en');
    await auditor.page.getByRole('button', { name: 'Verify chain' }).waitFor();
    await auditor.page.getByRole('link', { name: 'Instances' }).waitFor();
    await auditor.screenshot('audit-in-english');

    // Every page they saw could be used by keyboard and screen reader, and read.
    expect(people.flatMap((p) => p.accessibilityProblems)).toEqual([]);
  }, 240_000);

  it('a citizen files a CAS complaint without signing in: the form says what is missing, then gives a folio', async () => {
    const citizen = await suite.open('ciudadano');
    const { page } = citizen;
    await page.goto('/publico/dgsti-p01-pr01-cas-queja');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.locator('.error-detail').filter({ hasText: '«Kiosco (CAS)» es obligatorio.' }).first().waitFor();
    await citizen.screenshot('queja-incompleta');
    await page.getByLabel(/^Kiosco \(CAS\)/).fill('CAS-03');
    await page.getByLabel(/^Fecha y hora de la transacción/).fill('2026-03-01T12:25');
    await page.getByLabel(/^Monto pagado/).fill('500');
    await page.getByLabel(/^Cambio que debió devolverse/).fill('137.5');
    await page.getByLabel(/^Nombre del ciudadano/).fill('José Luis Martínez Pérez');
    await page.getByLabel(/^Teléfono de contacto/).fill('449 123 4567');
    await page.getByLabel(/^Descripción de la queja/).fill('Pagué con un billete de 500 y el kiosco no devolvió el cambio.');
    await page.getByRole('button', { name: 'Enviar' }).click();
    const folio = page.getByText(/Su folio es [A-Z][A-Z0-9]*-\d{4}-\d{6}/);
    await folio.waitFor();
    await citizen.screenshot('queja-recibida');
    expect(citizen.accessibilityProblems).toEqual([]);
  }, 60_000);
});
