// The `oficio` command line, driven in-process through runCli on a temporary data directory,
// plus one run of the real bin to prove the wiring (tsx registration, exit code) works.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../server/cli.js';
import { closeLinter, lintBpmn } from '../server/lint/index.js';
import { t } from '../server/i18n/index.js';
import { messages } from '../server/i18n/messages.js';
import { readConfig } from '../server/config.js';
import { createSqliteStore } from '../server/store/sqlite/index.js';
import { CASES, type CaseDoc } from '../server/core/cases/model.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/cli/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let scratch: string;
let dataDir: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'oficio-cli-'));
});

afterAll(async () => {
  await closeLinter();
  rmSync(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  dataDir = mkdtempSync(join(scratch, 'data-'));
});

async function oficio(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: { OFICIO_DATA_DIR: dataDir, ...env },
  });
  return { code, stdout, stderr };
}

/** Starts an instance and answers its key, read from the command's output. */
async function start(processId: string, vars?: string): Promise<string> {
  const run = await oficio(['start-instance', processId, ...(vars === undefined ? [] : ['--vars', vars])]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const key = /(\d{16})/.exec(run.stdout)?.[1];
  expect(key).toBeDefined();
  return key!;
}

/**
 * Given: the instance's case has a folio. The start gave it one when the engine allocates folios;
 * otherwise (a store from before folios) the case is written here as the start would have. Answers
 * the folio.
 */
async function givenFolio(processInstanceKey: string, folio: string): Promise<string> {
  const store = createSqliteStore({ path: readConfig({ OFICIO_DATA_DIR: dataDir }).sqlitePath });
  try {
    const cases = store.collection<CaseDoc>(CASES);
    const existing = await cases.get(processInstanceKey);
    if (existing) return existing.folio;
    const [series, year, number] = folio.split('-');
    await cases.insert({
      id: processInstanceKey,
      folio,
      series: series!,
      year: Number(year),
      number: Number(number),
      processInstanceKey,
      processDefinitionId: 'solicitud-viaticos',
      processName: 'Solicitud de viáticos',
      startedAt: new Date().toISOString(),
      text: folio,
    });
    return folio;
  } finally {
    await store.close();
  }
}

/** The table's line that holds `text`. */
const rowWith = (stdout: string, text: string) => stdout.split('\n').find((line) => line.includes(text));

describe('help and usage', () => {
  test('no arguments, help and --help print the usage and exit 0', async () => {
    for (const args of [[], ['help'], ['--help'], ['deploy', '--help']]) {
      const run = await oficio(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Uso: oficio <comando>');
      expect(run.stdout).toContain('start-instance');
    }
  });

  test('an unknown command names it, shows the usage and exits 2', async () => {
    const run = await oficio(['desplegar', 'x.bpmn']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('desplegar');
    expect(run.stderr).toContain('Uso: oficio <comando>');
  });

  test('an unknown option exits 2 and names it', async () => {
    const run = await oficio(['instances', '--estado', 'ACTIVE']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--estado');
  });
});

describe('deploy', () => {
  test('deploys a valid file and prints each process with its version and key', async () => {
    const run = await oficio(['deploy', fixture('valido.bpmn')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Despliegue aceptado: 1 proceso.');
    expect(run.stdout).toMatch(/solicitud-viaticos\s+versión 1\s+clave del motor \d{16}/);
  });

  test('deploys several files in one deployment, and a directory means every .bpmn inside', async () => {
    const dir = join(scratch, 'modelos');
    mkdirSync(join(dir, 'finanzas'), { recursive: true });
    copyFileSync(fixture('valido.bpmn'), join(dir, 'valido.bpmn'));
    copyFileSync(fixture('incidente.bpmn'), join(dir, 'finanzas', 'incidente.bpmn'));
    const run = await oficio(['deploy', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('solicitud-viaticos');
    expect(run.stdout).toContain('clasificar-oficio');
  });

  test('a missing file is named and exits 2 before anything is deployed', async () => {
    const missing = join(scratch, 'no-existe.bpmn');
    const run = await oficio(['deploy', fixture('valido.bpmn'), missing]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(missing);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const listed = await oficio(['instances']);
    expect(listed.stdout).toContain('No hay instancias');
  });

  test('malformed XML is rejected with exit 1 and says so', async () => {
    const run = await oficio(['deploy', fixture('malformado.bpmn')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Despliegue rechazado');
    expect(run.stderr).toContain('malformado.bpmn');
    // In Spanish, from the catalogue (the parser's own detail follows the colon).
    expect(run.stderr).toContain(messages['deploy.xmlMalformed'].es.replace('{detail}', ''));
    expect(run.stderr).not.toContain('the XML is malformed');
  });

  test('an unsupported element is rejected with exit 1, naming the element and its type', async () => {
    const run = await oficio(['deploy', fixture('no-soportado.bpmn')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no-soportado.bpmn');
    expect(run.stderr).toContain('DecisionCompleja');
    expect(run.stderr).toContain('ComplexGateway');
    expect(run.stderr).toContain(`elemento DecisionCompleja (ComplexGateway): ${t('es', 'deploy.unsupportedElement', { type: 'ComplexGateway' })}`);
    expect(run.stderr).toContain('el motor de Oficio no admite elementos de tipo ComplexGateway');
    expect(run.stderr).not.toContain('not supported');
  });

  test('a directory without models says so and exits 0', async () => {
    const empty = mkdtempSync(join(scratch, 'vacio-'));
    const run = await oficio(['deploy', empty]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No hay archivos .bpmn');
  });

  test('no files at all is a usage error', async () => {
    const run = await oficio(['deploy']);
    expect(run.code).toBe(2);
  });
});

describe('start-instance and instances', () => {
  test('starts an instance with variables; instances shows it by its folio, in words («en curso», waiting at its job), its engine key in its own column', async () => {
    expect((await oficio(['deploy', fixture('valido.bpmn')])).code).toBe(0);
    const key = await start('solicitud-viaticos', '{"monto": 1500, "solicitante": "Ana"}');
    const folio = await givenFolio(key, 'VIA-2026-000007');

    const run = await oficio(['instances']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Folio\s+Proceso\s+Versión\s+Estado\s+Incidente\s+Inicio\s+Clave del motor/);
    expect(rowWith(run.stdout, key)).toMatch(new RegExp(`^${folio}\\s+\\S.*\\s+1\\s+en curso\\s+no\\s+\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC\\s+${key}$`));
    // No engine code where a person reads: the state is in words.
    expect(run.stdout).not.toMatch(/\bACTIVE\b/);

    // --state takes the state in words (or the engine's code, as operators type it).
    expect((await oficio(['instances', '--state', 'en-curso', '--process', 'solicitud-viaticos'])).stdout).toContain(key);
    expect((await oficio(['instances', '--state', 'active', '--process', 'solicitud-viaticos'])).stdout).toContain(key);
    expect((await oficio(['instances', '--state', 'concluida'])).stdout).not.toContain(key);
    expect((await oficio(['instances', '--state', 'COMPLETED'])).stdout).not.toContain(key);
    expect((await oficio(['instances', '--process', 'otro-proceso'])).stdout).toContain('No hay instancias');
  });

  test("start-instance names the request by its folio, and the engine key as the operator's", async () => {
    expect((await oficio(['deploy', fixture('valido.bpmn')])).code).toBe(0);
    const run = await oficio(['start-instance', 'solicitud-viaticos']);
    expect(run.code).toBe(0);
    // With folios: «Trámite VIA-2026-000001 iniciado (…; clave del motor …)»; a store without them says so.
    expect(run.stdout).toMatch(/^(Trámite [A-Z][A-Z0-9]*-\d{4}-\d{6} iniciado|Instancia iniciada sin folio) \(solicitud-viaticos, versión 1; clave del motor \d{16}\)\.$/m);
  });

  test('--limit shows the most recent instances and says how many there are', async () => {
    await oficio(['deploy', fixture('valido.bpmn')]);
    const first = await start('solicitud-viaticos');
    const second = await start('solicitud-viaticos');
    const run = await oficio(['instances', '--limit', '1']);
    expect(run.stdout).toContain(second);
    expect(run.stdout).not.toContain(first);
    expect(run.stdout).toContain('1 de 2');
  });

  test('a bad --state or --limit is a usage error', async () => {
    expect((await oficio(['instances', '--state', 'DONE'])).code).toBe(2);
    expect((await oficio(['instances', '--limit', '0'])).code).toBe(2);
    expect((await oficio(['instances', '--limit', 'diez'])).code).toBe(2);
    expect((await oficio(['instances', '--limit'])).code).toBe(2);
  });

  test('invalid JSON in --vars exits 2 naming the problem', async () => {
    const run = await oficio(['start-instance', 'solicitud-viaticos', '--vars', '{monto: 1500}']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--vars');
    expect(run.stderr).toContain('JSON');
  });

  test('JSON that is not an object exits 2', async () => {
    for (const vars of ['[1]', '42', 'null', '"texto"']) {
      const run = await oficio(['start-instance', 'solicitud-viaticos', `--vars=${vars}`]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('objeto JSON');
    }
  });

  test('an unknown process exits 1 with a clear message', async () => {
    const run = await oficio(['start-instance', 'proceso-inexistente']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('proceso-inexistente');
    expect(run.stderr).toContain('oficio deploy');
  });

  test('a missing process id or extra arguments are usage errors', async () => {
    expect((await oficio(['start-instance'])).code).toBe(2);
    expect((await oficio(['start-instance', 'a', 'b'])).code).toBe(2);
  });
});

describe('incidents', () => {
  test('lists the incident of an exclusive gateway where no condition matches', async () => {
    expect((await oficio(['deploy', fixture('incidente.bpmn')])).code).toBe(0);
    const key = await start('clasificar-oficio', '{"tipo": "C"}');

    const folio = await givenFolio(key, 'OFI-2026-000003');
    const run = await oficio(['incidents']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Folio\s+Paso\s+Error\s+Incidente \(clave del motor\)\s+Instancia \(clave del motor\)\s+Detalle del motor/);
    const row = rowWith(run.stdout, key)!;
    // The request's folio, the step by its name in the model, the error in words; the engine's keys
    // in their operators' columns and its own (English, Zeebe-compatible) message last.
    expect(row).toMatch(new RegExp(`^${folio}\\s+.+\\s+${t('es', 'incident.CONDITION_ERROR')}\\s+\\d{16}\\s+${key}\\s+\\S`));
    expect(run.stdout).not.toContain('CONDITION_ERROR');

    expect((await oficio(['incidents', '--process-instance', key])).stdout).toContain(folio);
    expect((await oficio(['incidents', '--process-instance', '1'])).stdout).toContain('No hay incidentes activos');
    const all = await oficio(['incidents', '--all']);
    expect(all.stdout).toMatch(/Estado/);
    expect(rowWith(all.stdout, key)).toMatch(/\babierto\b/);

    const listed = await oficio(['instances', '--process', 'clasificar-oficio']);
    expect(rowWith(listed.stdout, key)).toMatch(new RegExp(`^${folio}\\s+.+\\s+1\\s+en curso\\s+sí`));
  });

  test('no incidents says so', async () => {
    const run = await oficio(['incidents']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No hay incidentes activos');
  });
});

describe('lint', () => {
  test('a clean model exits 0', async () => {
    const run = await oficio(['lint', fixture('valido.bpmn')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('sin hallazgos');
    expect(run.stdout).toContain('0 errores y 0 advertencias en 1 archivo.');
  });

  test('a service task without a task definition is an error naming the element (camunda-compat)', async () => {
    const run = await oficio(['lint', fixture('sin-tipo.bpmn')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/error\s+ValidarRfc\s+.*zeebe:TaskDefinition.*\(camunda-compat\/implementation\)/);
  });

  test('malformed XML is an error finding for the file, not a crash', async () => {
    const run = await oficio(['lint', fixture('malformado.bpmn'), fixture('valido.bpmn')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('malformado.bpmn:');
    expect(run.stdout).toContain('mal formado');
    expect(run.stdout).toContain('valido.bpmn: sin hallazgos');
    expect(run.stdout).toContain('1 error y 0 advertencias en 2 archivos.');
    expect(run.stderr).toBe('');
  });

  test('directories are accepted; one without .bpmn files says so and exits 0', async () => {
    const dir = mkdtempSync(join(scratch, 'lint-'));
    copyFileSync(fixture('valido.bpmn'), join(dir, 'valido.bpmn'));
    expect((await oficio(['lint', dir])).code).toBe(0);
    const empty = mkdtempSync(join(scratch, 'lint-vacio-'));
    const run = await oficio(['lint', empty]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No hay archivos .bpmn');
  });

  test('a missing file exits 2 naming it', async () => {
    const run = await oficio(['lint', join(scratch, 'nada.bpmn')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nada.bpmn');
  });

  test('lintBpmn separates errors from warnings and names rule and element', async () => {
    const { readFileSync } = await import('node:fs');
    const clean = await lintBpmn(readFileSync(fixture('valido.bpmn'), 'utf8'), 'valido.bpmn');
    expect(clean).toEqual({ errors: [], warnings: [] });
    const bad = await lintBpmn(readFileSync(fixture('sin-tipo.bpmn'), 'utf8'), 'sin-tipo.bpmn');
    expect(bad.errors).toContainEqual(expect.objectContaining({ rule: 'camunda-compat/implementation', elementId: 'ValidarRfc', category: 'error' }));
    const broken = await lintBpmn('<bpmn:definitions', 'roto.bpmn');
    expect(broken.errors).toEqual([expect.objectContaining({ rule: 'malformed-xml', category: 'error', message: expect.stringContaining('roto.bpmn') })]);
  });
});

describe('unexpected errors', () => {
  test('print one line, and the stack only with OFICIO_DEBUG=1', async () => {
    const notADirectory = fixture('valido.bpmn'); // a file where the data directory should be
    const plain = await oficio(['instances'], { OFICIO_DATA_DIR: notADirectory });
    expect(plain.code).toBe(1);
    expect(plain.stderr.trim().split('\n')).toHaveLength(1);
    expect(plain.stderr).toContain('Error inesperado');
    const debug = await oficio(['instances'], { OFICIO_DATA_DIR: notADirectory, OFICIO_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  test('an invalid setting is a usage error naming the variable', async () => {
    const run = await oficio(['instances'], { OFICIO_SQLITE_SYNCHRONOUS: 'SIEMPRE' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('OFICIO_SQLITE_SYNCHRONOUS');
  });
});

describe('English', () => {
  const en = { OFICIO_LANG: 'en' };

  test('OFICIO_LANG=en switches every message to English', async () => {
    expect((await oficio(['help'], en)).stdout).toContain('Usage: oficio <command>');

    const missing = await oficio(['deploy', join(scratch, 'missing.bpmn')], en);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('File or directory not found');

    const deployed = await oficio(['deploy', fixture('valido.bpmn')], en);
    expect(deployed.stdout).toContain('Deployment accepted: 1 process.');
    expect(deployed.stdout).toMatch(/solicitud-viaticos\s+version 1\s+engine key \d{16}/);
    await oficio(['start-instance', 'solicitud-viaticos'], en);
    const listed = await oficio(['instances'], en);
    expect(listed.stdout).toMatch(/Folio\s+Process\s+Version\s+State\s+Incident\s+Started\s+Engine key/);
    expect(listed.stdout).toMatch(/\bactive\s+no\b/);

    const unknown = await oficio(['start-instance', 'nope'], en);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No process with id "nope" is deployed');

    expect((await oficio(['lint', fixture('valido.bpmn')], en)).stdout).toContain('no findings');
  });

  test('OFICIO_LANG=en prints the problems of a rejected deployment in English', async () => {
    const malformed = await oficio(['deploy', fixture('malformado.bpmn')], en);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('Deployment rejected: 1 problem.');
    expect(malformed.stderr).toContain('the XML is malformed: ');
    expect(malformed.stderr).not.toContain('mal formado');

    const unsupported = await oficio(['deploy', fixture('no-soportado.bpmn')], en);
    expect(unsupported.code).toBe(1);
    expect(unsupported.stderr).toContain("element DecisionCompleja (ComplexGateway): ComplexGateway elements are not supported by Oficio's engine");
    expect(unsupported.stderr).not.toContain('no admite');
  });

  test('OFICIO_LANG=en labels incidents in English', async () => {
    expect((await oficio(['deploy', fixture('incidente.bpmn')], en)).code).toBe(0);
    await oficio(['start-instance', 'clasificar-oficio', '--vars', '{"tipo": "C"}'], en);
    const run = await oficio(['incidents'], en);
    expect(run.stdout).toMatch(/Folio\s+Step\s+Error\s+Incident \(engine key\)\s+Instance \(engine key\)\s+Engine's detail/);
    expect(run.stdout).toMatch(/A condition could not be evaluated\s+\d{16}\s+\d{16}\s+\S/);
    expect(run.stdout).not.toContain('CONDITION_ERROR');
  });
});

describe('the bin', () => {
  test('node bin/oficio.js --help prints the usage and exits 0', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, OFICIO_LANG: 'es', OFICIO_DATA_DIR: dataDir };
    delete env.NODE_OPTIONS;
    const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'oficio.js'), '--help'], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Uso: oficio <comando>');
  });

  test('the bin passes the exit code through', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, OFICIO_LANG: 'en', OFICIO_DATA_DIR: dataDir };
    delete env.NODE_OPTIONS;
    const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'oficio.js'), 'frobnicate'], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown command: "frobnicate"');
  });
});

describe('oficio audit verify', () => {
  // Imported here so that this block stays self-contained at the end of the file.
  let audit: typeof import('../server/core/audit/index.js');
  let sqlite: typeof import('../server/store/sqlite/index.js');
  let config: typeof import('../server/config.js');

  beforeAll(async () => {
    audit = await import('../server/core/audit/index.js');
    sqlite = await import('../server/store/sqlite/index.js');
    config = await import('../server/config.js');
  });

  /** Opens the store the CLI would use for this data directory, runs `work`, closes it. */
  async function withTrail(work: (trail: import('../server/core/audit/index.js').AuditTrail, store: import('../server/store/port.js').Store) => Promise<void>) {
    const store = sqlite.createSqliteStore({ path: config.readConfig({ OFICIO_DATA_DIR: dataDir }).sqlitePath });
    try {
      await work(audit.createAuditTrail({ store }), store);
    } finally {
      await store.close();
    }
  }

  const recordFive = () =>
    withTrail(async (trail) => {
      for (let i = 0; i < 5; i++) {
        await trail.record({ actor: { id: 'ana', name: 'Ana' }, action: 'task.complete', userTaskKey: `${i}`, data: { i } });
      }
    });

  test('given an intact trail, then it prints that it is intact with the count and exits 0', async () => {
    await recordFive();

    const run = await oficio(['audit', 'verify']);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Bitácora de auditoría íntegra: 5 eventos verificados');
    expect(run.stdout).toMatch(/Hash del último evento: [0-9a-f]{64}/);
  });

  test('given an empty data directory, then the (empty) trail is intact', async () => {
    const run = await oficio(['audit', 'verify']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('íntegra: 0 eventos');
  });

  test('given a row edited in the database, then it names that event and why, and exits 1', async () => {
    await recordFive();
    await withTrail(async (_trail, store) => {
      const rows = store.collection<Record<string, unknown>>(audit.AUDIT_EVENTS_COLLECTION);
      const row = (await rows.get(audit.auditEventId(3)))!;
      await rows.update(row.id, { ...row, data: { i: 300 } }, row.version);
    });

    const run = await oficio(['audit', 'verify']);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Bitácora de auditoría ALTERADA: la cadena se rompe en el evento 3: su contenido no coincide con su hash');
    expect(run.stdout).toMatch(/hash esperado: +[0-9a-f]{64}/);
    expect(run.stdout).toMatch(/hash encontrado: +[0-9a-f]{64}/);
  });

  test('given deleted rows and OFICIO_LANG=en, then it names the gap in English and exits 1', async () => {
    await recordFive();
    await withTrail(async (_trail, store) => {
      await store.collection(audit.AUDIT_EVENTS_COLLECTION).delete(audit.auditEventId(2));
    });

    const run = await oficio(['audit', 'verify'], { OFICIO_LANG: 'en' });

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Audit trail TAMPERED WITH: the chain breaks at event 2: that sequence number is missing');
  });

  test('given no or an unknown subcommand, then it shows the audit usage and exits 2', async () => {
    const none = await oficio(['audit']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Uso: oficio audit verify');

    const unknown = await oficio(['audit', 'borrar']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('«borrar»');
  });
});
