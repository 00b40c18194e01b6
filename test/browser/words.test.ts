// Words, not codes (issue 13), in Chromium against the server as `npm start` runs it: a citizen's
// complaint gets a folio, an instance stops at an incident, and then the clerk's tasklist, the
// auditor's instance list, instance pages and audit trail — in Spanish and in English — show no
// internal code where a person reads: no engine states or error types (ACTIVE, JOB_NO_RETRIES),
// no action codes (task.claim), no field names (processDefinitionKey), no 16-digit engine keys
// outside the places marked for operators; counts follow the language's plural rules.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describeInBrowser, DEMO_PASSWORD, type Person, type RunningOficio, serveSuite } from './harness.js';

const CAS_PROCESS = 'dgsti-p01-pr01-cas-queja';
const FOLIO = /[A-Z][A-Z0-9]{0,9}-\d{4}-\d{6}/;
const INCIDENT_BPMN = readFileSync(fileURLToPath(new URL('../fixtures/cli/incidente.bpmn', import.meta.url)), 'utf8');

/** The forms an internal code takes, as the engine, the trail and the API write them. */
const CODES: Array<[string, RegExp]> = [
  ['an engine state or type in SCREAMING_CASE', /\b[A-Z]{2,}(?:_[A-Z]+)+\b|\b(?:ACTIVE|COMPLETED|TERMINATED|CREATED|CANCELED|RESOLVED|FAILED)\b/],
  ['an audit action code', /\b(?:auth|instance|task|incident|attachment|audit|model|form|message|job|case|notification|mail)\.[a-z][A-Za-z]+\b/],
  ['an API field name', /\b(?:process(?:Definition|Instance)(?:Key|Id)|userTaskKey|elementInstanceKey|incidentKey|jobKey)\b/],
  ['an engine key', /\b\d{15,}\b/],
];

/**
 * The codes the page shows where a person reads: its visible text, without the places marked for
 * operators (data-operator: the engine key on the instance page, a record's raw data).
 */
async function codesOn(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const hidden = Array.from(document.querySelectorAll<HTMLElement>('[data-operator]'));
    const before = hidden.map((el) => el.style.display);
    for (const el of hidden) el.style.display = 'none';
    const visible = document.body.innerText;
    hidden.forEach((el, i) => (el.style.display = before[i]!));
    return visible;
  });
  return text.split('\n').flatMap((line) => CODES.filter(([, code]) => code.test(line)).map(([what, code]) => `${what}: «${code.exec(line)![0]}» in «${line.trim().slice(0, 120)}»`));
}

/** Given: an instance stopped at an incident (a gateway no condition matches), deployed and started as a /v2 client would. */
async function givenAnIncident(oficio: RunningOficio): Promise<string> {
  const auth = `Basic ${Buffer.from(`process-owner:${DEMO_PASSWORD}`).toString('base64')}`;
  const form = new FormData();
  form.append('resources', new Blob([INCIDENT_BPMN], { type: 'application/xml' }), 'clasificar-oficio.bpmn');
  const deployed = await fetch(`${oficio.url}/v2/deployments`, { method: 'POST', headers: { authorization: auth }, body: form });
  expect(deployed.status).toBe(200);
  const started = await fetch(`${oficio.url}/v2/process-instances`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ processDefinitionId: 'clasificar-oficio', variables: { tipo: 'C' } }),
  });
  expect(started.status).toBe(200);
  return ((await started.json()) as { processInstanceKey: string }).processInstanceKey;
}

/** A citizen files the CAS complaint on the public page; answers the folio the receipt gives. */
async function fileComplaint(citizen: Person): Promise<string> {
  const { page } = citizen;
  await page.goto(`/publico/${CAS_PROCESS}`);
  await page.getByLabel(/^Kiosco \(CAS\)/).fill('CAS-03');
  await page.getByLabel(/^Fecha y hora de la transacción/).fill('2026-03-01T12:25');
  await page.getByLabel(/^Monto pagado/).fill('500');
  await page.getByLabel(/^Cambio que debió devolverse/).fill('137.5');
  await page.getByLabel(/^Nombre del ciudadano/).fill('José Luis Martínez Pérez');
  await page.getByLabel(/^Teléfono de contacto/).fill('449 123 4567');
  await page.getByLabel(/^Descripción de la queja/).fill('Pagué con un billete de 500 y el kiosco no devolvió el cambio.');
  await page.getByRole('button', { name: 'Enviar' }).click();
  const receipt = page.getByTestId('public-folio');
  await receipt.waitFor();
  await citizen.screenshot('folio-de-la-queja');
  const text = (await receipt.textContent())!;
  // The folio a person can say on the phone, never the engine's key.
  expect(text).toMatch(new RegExp(`^Su folio es ${FOLIO.source}\\.`));
  expect(await codesOn(page)).toEqual([]);
  return FOLIO.exec(text)![0];
}

describeInBrowser('words, not codes: what staff and auditors read', () => {
  const suite = serveSuite();
  const { people, person } = suite;

  it('the tasklist, the instances, an instance, its incident and the audit trail speak words and folios; counts are singular and plural as each language says them', async () => {
    const citizen = await suite.open('ciudadano');
    const folio = await fileComplaint(citizen);
    const incidentKey = await givenAnIncident(suite.oficio);

    // The clerk's tasklist: the complaint's task by its folio.
    const clerk = await person('cas-atencion');
    await clerk.page.goto('/tareas?vista=grupos');
    const task = clerk.page.getByRole('row').filter({ hasText: folio });
    await task.waitFor();
    await clerk.screenshot('tareas-con-folio');
    expect(await codesOn(clerk.page)).toEqual([]);
    // The clerk takes it: a task.claim the trail and the instance's history must tell in words.
    await task.getByRole('button', { name: /^Tomar/ }).click();
    await task.getByRole('link', { name: /^Abrirla/ }).waitFor();
    expect(await codesOn(clerk.page)).toEqual([]);

    // The auditor's instances: the complaint alone under its process, said in the singular.
    const auditor = await person('auditor');
    const { page } = auditor;
    await page.goto(`/instancias?proceso=${CAS_PROCESS}`);
    const row = page.locator('[data-testid="instances-table"] tbody tr').filter({ hasText: folio });
    await row.waitFor();
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /instancia/ })
        .textContent(),
    ).resolves.toBe('1 instancia mostrada');
    expect(await codesOn(page)).toEqual([]);
    await page.goto('/instancias');
    await page.locator('[data-testid="instances-table"] tbody tr').nth(1).waitFor();
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /instancia/ })
        .textContent(),
    ).resolves.toMatch(/^\d+ instancias mostradas$/);
    await auditor.screenshot('instancias');
    expect(await codesOn(page)).toEqual([]);

    // The complaint's page: its folio in the heading; the engine key only in the operators' detail.
    await page.locator('[data-testid="instances-table"] tbody tr').filter({ hasText: folio }).getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Folio ${folio}`) }).waitFor();
    await page.locator('[data-testid="instance-timeline"] tr[data-action="task.claim"]').filter({ hasText: 'Tomó la tarea' }).waitFor();
    await expect(page.getByTestId('instance-engine-key').textContent()).resolves.toMatch(/^\d{16,}$/);
    await expect(page.locator('[data-operator="engine-key"]').first().textContent()).resolves.toContain('Clave del motor');
    await auditor.screenshot('instancia-con-folio');
    expect(await codesOn(page)).toEqual([]);

    // The instance at its incident: the error in words.
    await page.goto(`/instancias/${incidentKey}`);
    await page.getByTestId('instance-incidents').waitFor();
    await expect(page.getByTestId('instance-incidents').textContent()).resolves.toContain('Ninguna condición de la compuerta se cumplió');
    await auditor.screenshot('instancia-con-incidente');
    expect(await codesOn(page)).toEqual([]);

    // The audit trail: the action filter is a list of actions in words; the server still filters by the code.
    await page.goto('/auditoria');
    await page.locator('[data-testid="audit-events"]').waitFor();
    // A list (combobox) named by its label, not a text box taking a code.
    const action = page.getByRole('combobox', { name: /^Acción/ });
    expect(await action.evaluate((el) => el.tagName)).toBe('SELECT');
    await action.selectOption({ label: 'Inició el trámite' });
    await page.getByRole('button', { name: 'Aplicar' }).click();
    await page.waitForURL(/accion=instance\.start/);
    await page.locator('[data-testid="audit-events"] tbody tr').first().waitFor();
    const actions = await page.locator('[data-testid="audit-events"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(actions).toHaveLength(2);
    expect(new Set(actions)).toEqual(new Set(['instance.start']));
    await auditor.screenshot('bitacora-por-accion');
    expect(await codesOn(page)).toEqual([]);

    // …and by the folio people quote: the complaint's events only.
    await action.selectOption('');
    await page.getByRole('textbox', { name: /^Folio/ }).fill(folio);
    await page.getByRole('button', { name: 'Aplicar' }).click();
    await page.waitForURL(new RegExp(`folio=${folio}`));
    // The list reloads under the new filter: only one start is left, the complaint's, with the clerk's claim.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-events"] tbody tr[data-action="instance.start"]').length === 1);
    await page.locator('[data-testid="audit-events"] tbody tr[data-action="task.claim"]').filter({ hasText: 'Tomó la tarea' }).waitFor();
    const instances = await page.locator('[data-testid="audit-events"] tbody tr a[href^="/instancias/"]').evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href')))]);
    expect(instances).toHaveLength(1);
    expect(instances[0]).not.toBe(`/instancias/${incidentKey}`);
    await auditor.screenshot('bitacora-por-folio');
    expect(await codesOn(page)).toEqual([]);

    // In English too: words, folios and English plurals.
    await page.getByLabel('Idioma').selectOption('en');
    await page.goto(`/instancias?proceso=${CAS_PROCESS}`);
    await page.locator('[data-testid="instances-table"] tbody tr').filter({ hasText: folio }).waitFor();
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /instance/ })
        .textContent(),
    ).resolves.toBe('1 instance shown');
    expect(await codesOn(page)).toEqual([]);
    await page.goto('/auditoria');
    await page.locator('[data-testid="audit-events"]').waitFor();
    await auditor.screenshot('audit-in-english');
    expect(await codesOn(page)).toEqual([]);

    expect(people.flatMap((p) => p.accessibilityProblems)).toEqual([]);
  }, 240_000);
});
