// The live tasklist in Chromium against the real server (server/main.ts in a child process): a CAS
// clerk with the tasklist open sees a citizen's new complaint appear without reloading, announced
// politely; on another page the header counts it, and looking at the tasklist clears the count; a
// claim at another desk takes it out of "unclaimed"; the e-mail opt-in sits on the same page.
import { loadForms } from '../../forms/index.js';
import { describeInBrowser, signIn, serveSuite } from './harness.js';

const CAS_QUEJA = 'dgsti-p01-pr01-cas-queja';
const queja = loadForms().get('dgsti-p01-pr01-cas-queja-registro')!.examples.valid[0]!;

describeInBrowser('the live tasklist, in Chromium', () => {
  const suite = serveSuite();
  const { people } = suite;

  /** A citizen's complaint through the public form's API, as the form sends it. */
  const fileComplaint = async () => {
    const res = await fetch(`${suite.oficio.url}/api/public/forms/${CAS_QUEJA}/instances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: suite.oficio.url },
      body: JSON.stringify({ data: queja }),
    });
    if (res.status !== 201 && res.status !== 200) throw new Error(`complaint: ${res.status} ${await res.text()}`);
  };

  it('a new task appears without reloading, is counted in the header elsewhere and announced; a claim elsewhere takes it out of the unclaimed view', async () => {
    const clerk = await suite.person('cas-atencion');
    const { page } = clerk;
    await page.goto('/tareas?vista=grupos');
    await page.getByRole('heading', { name: 'Tareas', level: 1 }).waitFor();
    await page.getByLabel('Avisarme por correo cuando llegue una tarea a mis grupos').waitFor();
    const rows = page.locator('table.task-table tbody tr');
    const before = await rows.count();

    await fileComplaint();
    await page.locator('table.task-table tbody tr.live-new').first().waitFor({ timeout: 15_000 });
    expect(await rows.count()).toBe(before + 1);
    await page.getByText('Nueva', { exact: true }).first().waitFor();
    await page
      .locator('[aria-live="polite"]')
      .filter({ hasText: /^Llegó una tarea nueva: / })
      .waitFor();
    await clerk.screenshot('tarea-en-vivo');

    // Elsewhere, the header counts what arrives; the tasklist clears the count.
    await page.getByRole('link', { name: 'Iniciar trámite', exact: true }).click();
    await fileComplaint();
    const fresh = page.locator('.live-fresh');
    await fresh.filter({ hasText: '1 tarea nueva' }).waitFor({ timeout: 15_000 });
    await clerk.screenshot('contador-de-nuevas');
    await fresh.click();
    await page.getByRole('heading', { name: 'Tareas', level: 1 }).waitFor();
    await fresh.waitFor({ state: 'detached' });

    // Claimed at another desk (another browser, another session): it leaves the "unclaimed" view here without reloading.
    await page.goto('/tareas?vista=grupos');
    await rows.first().waitFor();
    const count = await rows.count();
    const colleague = await suite.open('cas-atencion-otro-equipo');
    await signIn(colleague, 'cas-atencion');
    await colleague.page.goto('/tareas?vista=grupos');
    await colleague.page
      .getByRole('button', { name: /^Tomar/ })
      .first()
      .click();
    // Their own row stays, its button now an "Abrirla" link — even though the claim's own event says it left "sin asignar".
    await colleague.page
      .locator('table.task-table')
      .getByRole('link', { name: /^Abrirla/ })
      .waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('table.task-table tbody tr').length === n - 1, count, { timeout: 15_000 });

    expect(people.flatMap((p) => p.accessibilityProblems)).toEqual([]);
  }, 120_000);
});
