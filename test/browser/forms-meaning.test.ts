// Forms that mean what the person did (issue 13), in Chromium against the server as `npm start`
// runs it: the vault count's attestations start unticked and the count cannot be completed until
// they are ticked by hand; a blank "Contado por" is refused in the page with the words the server
// answers with; a yes/no question starts with no answer chosen; and the form designer builds both
// kinds of field with those semantics, as its preview shows.
import type { Page } from 'playwright-core';
import { waitFor } from '../support/wait-for.js';
import { DEMO_PASSWORD, describeInBrowser, type RunningOficio, serveSuite } from './harness.js';

const RESGUARDO = 'dgsti-p01-pr01c-resguardo-efectivo';
const CONTEO_TASK = 'Conteo en bóveda OFMA frente a cámaras';
const EN_BOVEDA = 'El conteo se hizo en la bóveda de OFMA';
const FRENTE_A_CAMARAS = 'La guarda bolsa se abrió frente a las cámaras de seguridad';
const PROYECTO_TI = 'dgpt-p01-pr01-solicitud';

/** An answer's JSON, read by the test as the contract says it is. */
type Answer = Record<string, unknown>;

interface Api {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Answer }>;
}

/** A user of the API as the designer calls it: session cookie and CSRF token, answers in Spanish. */
async function apiAs(oficio: RunningOficio, username: string): Promise<Api> {
  const login = await fetch(`${oficio.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return {
    async call(method, path, body) {
      const res = await fetch(`${oficio.url}${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, 'accept-language': 'es', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : {}) as Answer };
    },
  };
}

/** The open task `elementId` of instance `key`, once the engine has created it. */
async function taskOf(api: Api, key: string, elementId: string): Promise<string> {
  return waitFor(
    async () => {
      const { body } = await api.call('GET', `/api/tasks?processDefinitionId=${RESGUARDO}&limit=200`);
      return (body.items as Array<{ userTaskKey: string; elementId: string; processInstanceKey: string }>).find((t) => t.processInstanceKey === key && t.elementId === elementId)
        ?.userTaskKey;
    },
    20_000,
    `task ${elementId} of instance ${key}`,
  );
}

/** Given: a cash cut started and its bag withdrawn, the vault count waiting for cas-operacion, who holds it. */
async function givenCountToDo(oficio: RunningOficio): Promise<{ api: Api; taskKey: string; instanceKey: string }> {
  const api = await apiAs(oficio, 'cas-operacion');
  const started = await api.call('POST', `/api/processes/${RESGUARDO}/instances`, { data: { kioscoId: 'CAS-03', motivo: 'programado', tolerancia: 5 } });
  expect(started.status).toBe(201);
  const instanceKey = String(started.body.processInstanceKey);
  const retiro = await taskOf(api, instanceKey, 'retirar-bolsa');
  expect((await api.call('POST', `/api/tasks/${retiro}/claim`)).status).toBe(204);
  const withdrawn = await api.call('POST', `/api/tasks/${retiro}/complete`, {
    data: { numeroBolsa: 'B-0312', numeroSello: 'S-99812', retiradaEn: '2026-03-02T18:00:00Z', retiradaPor: 'Juan Antonio Delgadillo Flores' },
  });
  expect(withdrawn.status).toBe(204);
  const taskKey = await taskOf(api, instanceKey, 'conteo-boveda');
  expect((await api.call('POST', `/api/tasks/${taskKey}/claim`)).status).toBe(204);
  return { api, taskKey, instanceKey };
}

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The input labelled exactly `label` (rjsf adds a * to the label of a required field). */
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${escapeRe(label)}\\s*\\*?$`));
/** The field messages the page shows. */
const shownErrors = async (page: Page) => (await page.locator('.error-detail li').allTextContents()).map((text) => text.trim()).filter(Boolean);

const COUNT = { 'Billetes de $1000': 0, 'Billetes de $500': 3, 'Billetes de $200': 12, 'Billetes de $100': 25, 'Billetes de $50': 30, 'Billetes de $20': 41 };
const COINS = { 'Monedas de $10': 57, 'Monedas de $5': 33, 'Monedas de $2': 20, 'Monedas de $1': 18, 'Monedas de 50 centavos': 6 };

describeInBrowser('forms that mean what the person did, in Chromium', () => {
  const suite = serveSuite();
  const { person } = suite;

  it('the vault count starts with its statements unticked; untouched, and with a blank «Contado por», the page refuses it in the server’s words; ticked by hand, it is completed and stored as ticked', async () => {
    const { api, taskKey, instanceKey } = await givenCountToDo(suite.oficio);
    const chief = await person('cas-operacion');
    const { page } = chief;
    await page.goto(`/tareas/${taskKey}`);
    await page.getByRole('heading', { level: 1, name: CONTEO_TASK }).waitFor();

    // Nothing is vouched for before the person does it.
    const enBoveda = page.getByRole('checkbox', { name: new RegExp(escapeRe(EN_BOVEDA)) });
    const frenteACamaras = page.getByRole('checkbox', { name: new RegExp(escapeRe(FRENTE_A_CAMARAS)) });
    expect(await enBoveda.isChecked()).toBe(false);
    expect(await frenteACamaras.isChecked()).toBe(false);

    await field(page, 'Fecha y hora del corte').fill('2026-03-02T19:00');
    for (const [label, pieces] of Object.entries({ ...COUNT, ...COINS })) await field(page, label).fill(String(pieces));
    await field(page, 'Contado por').fill('   ');
    await field(page, 'Testigo').fill('Laura Gómez');
    await chief.screenshot('conteo-sin-confirmar');

    // Completing untouched: the page refuses it itself — nothing is sent.
    const sent: string[] = [];
    page.on('request', (request) => request.url().endsWith(`/api/tasks/${taskKey}/complete`) && sent.push(request.url()));
    await page.getByRole('button', { name: 'Completar' }).click();
    await page.locator('.error-detail').filter({ hasText: EN_BOVEDA }).first().waitFor();
    const inPage = await shownErrors(page);
    expect([...inPage].sort()).toEqual(
      [
        `Para continuar, confirme marcando la casilla: «${EN_BOVEDA}».`,
        `Para continuar, confirme marcando la casilla: «${FRENTE_A_CAMARAS}».`,
        '«Contado por» no puede quedar en blanco: escriba el texto.',
      ].sort(),
    );
    expect(sent).toEqual([]);
    await chief.screenshot('conteo-rechazado-en-la-pagina');

    // The server, sent the same data, says the same words about the same fields.
    const corte = {
      fecha: '2026-03-02T19:00:00-06:00',
      conteo: { '1000': 0, '500': 3, '200': 12, '100': 25, '50': 30, '20': 41, '10': 57, '5': 33, '2': 20, '1': 18, '0.50': 6 },
    };
    const refused = await api.call('POST', `/api/tasks/${taskKey}/complete`, { data: { corte, contadoPor: '   ', testigo: 'Laura Gómez' } });
    expect(refused.status).toBe(400);
    const fromServer = (refused.body.errors as Array<{ message: string }>).map((e) => e.message);
    expect([...fromServer].sort()).toEqual([...inPage].sort());

    // Ticked by hand, with the name written: completed, and stored as the person ticked it.
    await field(page, 'Contado por').fill('Juan Antonio Delgadillo Flores');
    await enBoveda.check();
    await frenteACamaras.check();
    await page.getByRole('button', { name: 'Completar' }).click();
    await page.getByText(`Tarea «${CONTEO_TASK}» completada.`).waitFor();
    await chief.screenshot('conteo-completado');
    const instance = await api.call('GET', `/api/instances/${instanceKey}`);
    const value = (name: string) => (instance.body.variables as Array<{ name: string; value: unknown }>).find((v) => v.name === name)?.value;
    expect({ enBovedaOfma: value('enBovedaOfma'), frenteACamaras: value('frenteACamaras'), contadoPor: value('contadoPor') }).toEqual({
      enBovedaOfma: true,
      frenteACamaras: true,
      contadoPor: 'Juan Antonio Delgadillo Flores',
    });
    expect(chief.accessibilityProblems).toEqual([]);
  }, 120_000);

  it('a yes/no question starts with no answer chosen, and going on without one asks for it', async () => {
    const requester = await person('solicitante');
    const { page } = requester;
    await page.goto(`/iniciar/${PROYECTO_TI}`);
    const question = '¿La solicitud la recibió un programador?';
    await page.getByText(question).first().waitFor();
    const radios = page.getByRole('radio');
    expect(await radios.count()).toBeGreaterThanOrEqual(2);
    for (const radio of await radios.all()) expect(await radio.isChecked()).toBe(false);
    await requester.screenshot('pregunta-sin-respuesta');
    await page.getByRole('button', { name: 'Iniciar trámite' }).click();
    await page
      .locator('.error-detail')
      .filter({ hasText: `Elija una respuesta para «${question}».` })
      .first()
      .waitFor();
    await requester.screenshot('pregunta-sin-responder');
    expect(requester.accessibilityProblems).toEqual([]);
  }, 60_000);

  it('the form designer adds an attestation and a yes/no with no default to offer; its preview starts them unanswered and asks for both', async () => {
    const owner = await person('process-owner');
    const { page } = owner;
    await page.getByRole('link', { name: 'Formularios' }).click();
    await page.getByRole('link', { name: 'Nuevo formulario' }).click();
    await page.getByLabel('Tipo de campo', { exact: true }).selectOption('attestation');
    await page.getByRole('button', { name: 'Agregar campo' }).click();
    await page.getByLabel('Etiqueta (español)').fill('Revisé el equipo en persona');
    await page.getByLabel('Etiqueta (inglés)').fill('I checked the equipment in person');
    // An attestation is always required: there is nothing to untick, and no default to choose.
    await page.getByText('Obligatoria: una confirmación siempre debe marcarse para continuar.').waitFor();
    expect(await page.getByTestId('field-editor').getByLabel('Obligatorio', { exact: true }).count()).toBe(0);
    await page.getByLabel('Tipo de campo', { exact: true }).selectOption('yesno');
    await page.getByRole('button', { name: 'Agregar campo' }).click();
    await page.getByLabel('Etiqueta (español)').fill('¿Procede el reemplazo?');
    await page.getByLabel('Etiqueta (inglés)').fill('Is the replacement approved?');

    const preview = page.getByTestId('form-preview');
    await preview.getByText('¿Procede el reemplazo?').waitFor();
    expect(await preview.getByRole('checkbox', { name: /Revisé el equipo en persona/ }).isChecked()).toBe(false);
    for (const radio of await preview.getByRole('radio').all()) expect(await radio.isChecked()).toBe(false);
    await preview.getByRole('button', { name: 'Validar' }).click();
    await preview.locator('.error-detail').filter({ hasText: 'Elija una respuesta para «¿Procede el reemplazo?».' }).first().waitFor();
    expect(await shownErrors(page)).toEqual(
      expect.arrayContaining(['Para continuar, confirme marcando la casilla: «Revisé el equipo en persona».', 'Elija una respuesta para «¿Procede el reemplazo?».']),
    );
    await owner.screenshot('disenador-confirmacion-y-pregunta');
    expect(owner.accessibilityProblems).toEqual([]);
  }, 90_000);
});
