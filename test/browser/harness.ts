// Browser tests drive Debian's Chromium (playwright-core, never a downloaded browser) against the
// real server as `npm start` runs it: its main module in a child process on a fresh data
// directory, serving the built designer on loopback, e-mail to an SMTP server on loopback.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startOficio as startServer, type RunningOficio } from '../server-process.js';
import { describeWhen } from '../support/skip.js';

export type { RunningOficio };

const root = fileURLToPath(new URL('../..', import.meta.url));
export const DEMO_PASSWORD = 'Navegador#2026demo';
export const SCREENSHOT_DIR = join(root, 'test-results', 'browser');

/** Debian's Chromium (apt-get install chromium), or CHROMIUM_PATH. */
export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((path): path is string => Boolean(path && existsSync(path)));

/**
 * `describe` when a Chromium is installed; otherwise the suite is skipped and says so loudly, so
 * a green run without a browser is never mistaken for a run of the browser tests.
 */
export const describeInBrowser: jest.Describe = describeWhen(Boolean(CHROMIUM), 'BROWSER TESTS SKIPPED', [
  'No Chromium at /usr/bin/chromium (nor CHROMIUM_PATH). Install it: apt-get install -y chromium',
]);

/** server/main.ts as `npm start` runs it, with the demo users' password of these tests. */
export const startOficio = (): Promise<RunningOficio> => startServer(DEMO_PASSWORD);

export interface Person {
  page: Page;
  context: BrowserContext;
  /**
   * Saves a screenshot of the page as test-results/browser/<nn>-<name>.png (not committed) and
   * checks the page as a keyboard or screen-reader user would meet it (see accessibilityProblems).
   */
  screenshot(name: string): Promise<void>;
  /** What the pages screenshotted so far failed of those checks, as '<shot>: <problem>'. */
  accessibilityProblems: string[];
  close(): Promise<void>;
}

let shots = 0;

/** A person at their own browser: Chromium headless with a fresh profile, in Spanish (es-MX). */
export async function openBrowser(baseURL: string, who: string): Promise<Person> {
  const profile = mkdtempSync(join(tmpdir(), `oficio-chromium-${who}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM!,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=es-MX',
    ],
    baseURL,
    locale: 'es-MX',
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const problems: string[] = [];
  return {
    page,
    context,
    accessibilityProblems: problems,
    async screenshot(name) {
      shots += 1;
      const shot = `${String(shots).padStart(2, '0')}-${who}-${name}`;
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${shot}.png`), fullPage: true });
      for (const problem of await page.evaluate(accessibilityProblems)) problems.push(`${shot}: ${problem}`);
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login page and waits for the tasklist. */
export async function signIn(person: Person, username: string): Promise<void> {
  const { page } = person;
  await page.goto('/tareas');
  await page.getByLabel('Usuario').fill(username);
  await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
  await person.screenshot('inicio-de-sesion');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('button', { name: 'Cerrar sesión' }).waitFor();
}

/**
 * Runs in the page: one <h1>; every control has a name (its label, aria-label/-labelledby, title,
 * or a button's text); text has readable contrast (WCAG AA: 4.5:1, 3:1 for large text) against
 * the background it sits on. The diagram canvas (bpmn-js SVG) is left out: it is not text.
 */
function accessibilityProblems(): string[] {
  const problems: string[] = [];
  const headings = document.querySelectorAll('h1').length;
  if (headings !== 1) problems.push(`${headings} <h1> on the page`);

  const describe = (el: Element) => `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}${el.getAttribute('name') ? ` name="${el.getAttribute('name')}"` : ''}>`;
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea, button, [role="button"], a[href]'))) {
    if ((el as HTMLInputElement).type === 'hidden' || el.closest('[aria-hidden="true"]') || el.offsetParent === null) continue;
    const labelled = (el as HTMLInputElement).labels
      ? Array.from((el as HTMLInputElement).labels ?? [])
          .map((l) => l.textContent ?? '')
          .join('')
      : '';
    const byIds = (el.getAttribute('aria-labelledby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join('');
    const name = [
      labelled,
      el.getAttribute('aria-label') ?? '',
      byIds,
      el.getAttribute('title') ?? '',
      ['BUTTON', 'A'].includes(el.tagName) || el.getAttribute('role') === 'button' ? (el.textContent ?? '') : '',
    ]
      .join('')
      .trim();
    if (!name) problems.push(`${describe(el)} has no accessible name`);
  }

  const rgba = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = ([r, g, b]: number[]) => {
    const channel = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
  };
  const backgroundOf = (el: Element | null): number[] => {
    for (let node = el; node; node = node.parentElement) {
      const bg = rgba(getComputedStyle(node).backgroundColor);
      if (bg.length >= 3 && (bg[3] ?? 1) > 0.5) return bg;
    }
    return [255, 255, 255];
  };
  const reported = new Set<string>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent?.trim() || el.closest('svg, .djs-container, [aria-hidden="true"]') || el.offsetParent === null) continue;
    if ((el as HTMLButtonElement).disabled || el.closest('button:disabled, fieldset:disabled, [aria-disabled="true"]')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    const fg = rgba(style.color);
    const bg = backgroundOf(el);
    const [lighter, darker] = [luminance(fg), luminance(bg)].sort((a, b) => b - a) as [number, number];
    const ratio = (lighter + 0.05) / (darker + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = large ? 3 : 4.5;
    const text = node.textContent.trim().slice(0, 40);
    if (ratio < needed && !reported.has(text)) {
      reported.add(text);
      problems.push(`contrast ${ratio.toFixed(2)}:1 < ${needed}:1 for "${text}" (${style.color} on rgb(${bg.slice(0, 3).join(', ')}))`);
    }
  }
  return problems;
}

/** A suite's server and the people at its browsers (see serveSuite). */
export interface SuiteServer {
  /** The running server, once the suite's first beforeAll has run. */
  readonly oficio: RunningOficio;
  /** Everyone who opened a browser, for the accessibility check at the end of a test. */
  readonly people: Person[];
  /** A browser for `who`, not signed in (a citizen). */
  open(who: string): Promise<Person>;
  /** A browser for `username`, signed in. */
  person(username: string): Promise<Person>;
}

/** Starts the server before the suite's tests; after them closes every browser opened through it and stops the server. */
export function serveSuite(): SuiteServer {
  let oficio: RunningOficio | undefined;
  const people: Person[] = [];
  const open = async (who: string) => {
    if (!oficio) throw new Error('the suite’s server has not started');
    const person = await openBrowser(oficio.url, who);
    people.push(person);
    return person;
  };
  beforeAll(async () => {
    oficio = await startOficio();
  }, 90_000);
  afterAll(async () => {
    for (const person of people) await person.close();
    await oficio?.stop();
  });
  return {
    get oficio() {
      if (!oficio) throw new Error('the suite’s server has not started');
      return oficio;
    },
    people,
    open,
    async person(username) {
      const person = await open(username);
      await signIn(person, username);
      return person;
    },
  };
}
