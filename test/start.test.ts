// `npm start` on an empty data directory: the platform comes up on the embedded engine and store
// with the whole manual deployed; a second start finds it deployed and adds no versions.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSqliteStore } from '../server/store/sqlite/index.js';
import { openTestOficio } from './support/oficio.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const models = readdirSync(join(root, 'processes'))
  .filter((f) => f.endsWith('.bpmn'))
  .map((f) => f.replace(/\.bpmn$/, ''))
  .sort();

/** Runs the server's main module until it has deployed every model, then stops it with SIGTERM. */
function startOnce(dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '', OFICIO_DATA_DIR: dataDir, OFICIO_LANG: 'es', OFICIO_SMTP_PORT: '2525', PORT: '0', OFICIO_DEMO_PASSWORD: 'Demo#2026oficio' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start did not deploy the manual in time:\n${out}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (models.every((id) => out.includes(`Desplegado ${id} `)) && out.includes('Oficio escucha en')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

describe('npm start', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'oficio-start-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('on an empty store deploys every model of the manual, seeds the demo users and says how to sign in, in Spanish', async () => {
    const out = await startOnce(dataDir);
    expect(out).toContain('Motor embebido listo');
    expect(out).toMatch(/Se crearon 22 usuarios de demostración, uno por rol y por grupo: admin, /);
    expect(out).toContain('Su contraseña es la de OFICIO_DEMO_PASSWORD.');
    expect(out).toMatch(/Inicie sesión en http:\/\/localhost:\d+\/ con el usuario «admin»/);
    expect(out).toMatch(/Oficio escucha en http:\/\/localhost:[1-9]\d*\//);
    for (const id of models) expect(out).toMatch(new RegExp(`Desplegado ${id} versión 1 `));
    expect(models.length).toBe(18);
  }, 40_000);

  it('started again on the same store, finds the manual deployed, creates no new versions and seeds no users', async () => {
    const out = await startOnce(dataDir);
    expect(out).not.toContain('usuarios de demostración');
    const { engine, close } = await openTestOficio(createSqliteStore({ path: join(dataDir, 'oficio.sqlite') }));
    try {
      const { items } = await engine.searchProcessDefinitions({ page: { limit: 100 } });
      expect(items.map((d) => d.processDefinitionId).sort()).toEqual(models);
      expect(new Set(items.map((d) => d.version))).toEqual(new Set([1]));
    } finally {
      await close();
    }
  }, 40_000);
});
