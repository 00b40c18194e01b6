// Checking a model as deploy would, on a real store and engine: lint findings plus the forms and
// job types the model names, the forms read afresh on every check (a form saved a moment ago
// counts), lint asked once per document however often the modeler sends it, and nothing written.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createModels, LINT_CACHE_SIZE, MODEL_DRAFTS_COLLECTION } from '../../server/core/models/index.js';
import { createEmbeddedEngine, type EmbeddedEngine } from '../../server/engine/embedded/index.js';
import { createModelChecker, DEFAULT_CHECK_TIME_LIMIT_MS, type ModelCheck } from '../../server/lint/index.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import type { Store } from '../../server/store/port.js';

const XML = readFileSync(fileURLToPath(new URL('../http/fixtures/baja-equipo.bpmn', import.meta.url)), 'utf8');

let store: Store;
let engine: EmbeddedEngine;
let lintCalls: string[];
let formIds: Set<string>;

const checker = createModelChecker({ timeLimitMs: DEFAULT_CHECK_TIME_LIMIT_MS });
const countingLint = async (xml: string, name?: string): Promise<ModelCheck> => {
  lintCalls.push(name ?? '');
  return checker.check(xml, name);
};

beforeEach(() => {
  store = createSqliteStore({ path: ':memory:' });
  engine = createEmbeddedEngine({ store });
  lintCalls = [];
  formIds = new Set(['baja-equipo-solicitud']);
});
afterEach(async () => {
  await engine.close();
  await store.close();
});

const models = () => createModels({ store, engine, lint: countingLint, formIds: async () => formIds, workerTypes: () => new Set(['ticket.close']) });

describe('checking a model', () => {
  it('given a model naming a form that does not exist, finds it; once the form exists, the same document is clean', async () => {
    const m = models();
    const first = await m.check(XML, 'baja-equipo.bpmn');
    expect(first.errors).toEqual([{ kind: 'missingForm', elementId: 'dictaminar', rule: 'baja-equipo-dictamen', message: expect.any(String) }]);
    formIds.add('baja-equipo-dictamen');
    expect((await m.check(XML, 'baja-equipo.bpmn')).errors).toEqual([]);
    expect(await store.collection(MODEL_DRAFTS_COLLECTION).count()).toBe(0);
  });

  it('lints a document once however often it is asked, and again once it changes', async () => {
    const m = models();
    await Promise.all([m.check(XML, 'baja-equipo.bpmn'), m.check(XML, 'baja-equipo.bpmn')]);
    await m.check(XML, 'baja-equipo.bpmn');
    expect(lintCalls).toHaveLength(1);
    await m.check(XML.replace('Dictaminar el equipo', 'Dictaminar'), 'baja-equipo.bpmn');
    expect(lintCalls).toHaveLength(2);
  });

  it('forgets the least recently asked document beyond its limit', async () => {
    const m = models();
    const variant = (i: number) => XML.replace('Dictaminar el equipo', `Dictaminar ${i}`);
    for (let i = 0; i <= LINT_CACHE_SIZE; i++) await m.check(variant(i), 'baja-equipo.bpmn');
    expect(lintCalls).toHaveLength(LINT_CACHE_SIZE + 1);
    await m.check(variant(LINT_CACHE_SIZE), 'baja-equipo.bpmn');
    expect(lintCalls).toHaveLength(LINT_CACHE_SIZE + 1);
    await m.check(variant(0), 'baja-equipo.bpmn');
    expect(lintCalls).toHaveLength(LINT_CACHE_SIZE + 2);
  });

  it('answers a document that is not XML with the parse error alone', async () => {
    const found = await models().check('<bpmn:definitions><zeebe:taskDefinition type="no.existe"/>', 'roto.bpmn');
    expect(found.errors).toEqual([{ kind: 'lint', elementId: '', rule: 'malformed-xml', message: expect.stringContaining('roto.bpmn') }]);
  });
});
