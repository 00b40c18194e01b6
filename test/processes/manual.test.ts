// The manual as a whole: every model PROCEDURES.md lists exists, is lint clean for Camunda 8.8,
// deploys together on the embedded engine, names only forms that exist and job types that have a
// worker, and is generated from its definition (the .bpmn in processes/ is not stale).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lintBpmn, closeLinter } from '../../server/lint/index.js';
import { toBpmnXml, START_FORM_PROPERTY } from '../../processes/builder/index.js';
import { loadDefinitions } from '../../processes/build.js';
import { loadForms } from '../../forms/index.js';
import { WORKERS } from '../../workers/index.js';
import { createProcessHarness, PROCESSES_DIR } from './harness.js';

const MODELS = [
  'dgpt-p01-desarrollo-si',
  'dgpt-p01-pr01-solicitud',
  'dgpt-p01-pr02-conceptualizacion',
  'dgpt-p01-pr03-analisis-diseno',
  'dgpt-p01-pr04-construccion',
  'dgpt-p01-pr05-implementacion',
  'dgsti-p01-soporte-ti',
  'dgsti-p01-pr01-cas-queja',
  'dgsti-p01-pr01a-instalacion-servicios-cas',
  'dgsti-p01-pr01b-mantenimiento-cas',
  'dgsti-p01-pr01c-resguardo-efectivo',
  'dgsti-p01-pr02-base-datos',
  'dgsti-p01-pr03-soporte-tecnico',
  'dgsti-p01-pr04-red-voz',
  'dgsti-p01-pr05-red-datos',
  'dgsti-p01-pr06-respaldo',
  'dgsti-p01-pr07-accesos',
  'dgsti-p01-pr08-sigue',
];

const bpmnFiles = () =>
  readdirSync(PROCESSES_DIR)
    .filter((f) => f.endsWith('.bpmn'))
    .sort();
const read = (file: string) => readFileSync(join(PROCESSES_DIR, file), 'utf8');

afterAll(() => closeLinter());

describe('the manual as executable models', () => {
  it('has one model per process and procedure of PROCEDURES.md', () => {
    expect(bpmnFiles().map((f) => f.replace(/\.bpmn$/, ''))).toEqual([...MODELS].sort());
  });

  it('keeps every .bpmn in step with its definition in processes/models/', async () => {
    for (const definition of await loadDefinitions()) {
      expect({ id: definition.id, xml: read(`${definition.id}.bpmn`) }).toEqual({ id: definition.id, xml: toBpmnXml(definition) });
    }
  });

  it.each(MODELS)('%s is lint clean for Camunda 8.8 (no errors, no warnings)', async (id) => {
    const result = await lintBpmn(read(`${id}.bpmn`), `${id}.bpmn`);
    expect({ errors: result.errors, warnings: result.warnings }).toEqual({ errors: [], warnings: [] });
  });

  it('names only forms that exist and job types that have a worker', () => {
    const forms = loadForms();
    const workerTypes = new Set(WORKERS.map((w) => w.type));
    const missing: string[] = [];
    for (const file of bpmnFiles()) {
      const xml = read(file);
      for (const [, form] of xml.matchAll(/externalReference="([^"]+)"/g)) if (!forms.has(form!)) missing.push(`${file}: form ${form}`);
      for (const [, form] of xml.matchAll(new RegExp(`name="${START_FORM_PROPERTY}" value="([^"]+)"`, 'g'))) if (!forms.has(form!)) missing.push(`${file}: start form ${form}`);
      for (const [, type] of xml.matchAll(/zeebe:taskDefinition type="([^"]+)"/g)) if (!workerTypes.has(type!)) missing.push(`${file}: job type ${type}`);
    }
    expect(missing).toEqual([]);
  });

  it('deploys as a whole on an empty embedded engine', async () => {
    const h = await createProcessHarness({ deploy: false });
    try {
      const result = await h.engine.deployResourcesFromFiles(bpmnFiles().map((f) => join(PROCESSES_DIR, f)));
      expect(result.processes.map((p) => p.processDefinitionId).sort()).toEqual([...MODELS].sort());
    } finally {
      await h.close();
    }
  });
});
