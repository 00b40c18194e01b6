// Serving the browser app: hashed assets cached for a year, index.html revalidated and answered for
// every page path (the app routes itself), the API's 404s still problem+json, a Content-Security-
// Policy that allows what the app needs and no more, and a page saying how to build the app when
// there is no build.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createHttpHarness, type HttpHarness } from './harness.js';

const INDEX = '<!doctype html><html lang="es-MX"><head><script type="module" src="/assets/index-Bx7f3k2a.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("Oficio");';

let h: HttpHarness;
let dist: string;
const appServing = (distDir: string) => h.appWith({ designer: { distDir } });

beforeAll(async () => {
  h = await createHttpHarness();
  dist = mkdtempSync(join(tmpdir(), 'oficio-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-Bx7f3k2a.js'), SCRIPT);
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
});
afterAll(async () => {
  rmSync(dist, { recursive: true, force: true });
  await h.close();
});

describe('given a built app', () => {
  it('answers index.html at / and at every page path, revalidated on each load', async () => {
    const app = appServing(dist);
    for (const path of ['/', '/tareas/2251799813685281', '/modelos/dgsti-p01-pr05-red-datos', '/modelos/proceso.v2', '/formularios/nuevo?copia=1']) {
      const res = await request(app).get(path);
      expect({ path, status: res.status, type: res.headers['content-type'], cache: res.headers['cache-control'], body: res.text }).toEqual({
        path,
        status: 200,
        type: expect.stringMatching(/^text\/html/),
        cache: 'no-cache',
        body: INDEX,
      });
    }
  });

  it('serves the hashed assets as immutable for a year, other files revalidated, and a missing asset as 404 rather than the page', async () => {
    const app = appServing(dist);
    const script = await request(app).get('/assets/index-Bx7f3k2a.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.text).toBe(SCRIPT);
    const icon = await request(app).get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
    const missing = await request(app).get('/assets/index-0000000.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    // A file the build does not have is a 404, not the app's page; a page whose id holds a dot is the app's.
    for (const path of ['/favicon.ico', '/robots.txt', '/.vite/manifest.json']) {
      const res = await request(app).get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    expect((await request(app).get('/modelos/proceso.v2')).text).toContain('<div id="root">');
  });

  it("keeps the API's answers: unknown /api paths are 404 problem+json in any method, and the API still works", async () => {
    const app = appServing(dist);
    for (const res of [await request(app).get('/api/no-existe'), await request(app).get('/api'), await request(app).post('/api/no-existe').send({})]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe('urn:oficio:problem:http.notFound');
    }
    expect((await request(app).get('/api/auth/me')).status).toBe(401);
    expect((await request(app).post('/tareas/1').send({})).status).toBe(404);
  });

  it("sends a Content-Security-Policy allowing its own scripts (and ajv's compiled validators), inline styles (bpmn-js), data:/blob: images and its own API, and nothing else", async () => {
    const res = await request(appServing(dist)).get('/');
    const policy = Object.fromEntries(
      String(res.headers['content-security-policy'])
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    );
    expect(policy).toEqual({
      'default-src': "'self'",
      'script-src': "'self' 'unsafe-eval'",
      'script-src-attr': "'none'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'font-src': "'self' data:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'self'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
    });
  });
});

describe('given no build', () => {
  it('answers every page path 503 with a page in Spanish and English saying to run npm run build:designer; the API is unaffected', async () => {
    const app = appServing(join(dist, 'no-existe'));
    for (const path of ['/', '/tareas/1']) {
      const res = await request(app).get(path);
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<code>npm run build:designer</code>');
      expect(res.text).toMatch(/lang="es-MX"[\s\S]*Ejecute[\s\S]*lang="en"[\s\S]*Run/);
    }
    expect((await request(app).get('/api/no-existe')).headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('serves only the API when the app is built without a designer (tests, benchmarks)', async () => {
    const res = await request(h.app).get('/');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
