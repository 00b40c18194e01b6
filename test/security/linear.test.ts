// Scanning that stays linear (issue 12, items 4 and 5). A /v2 `$like` of many wildcards is matched
// without a backtracking regular expression however many instances the caller sees; a model is read
// only up to its first unreadable part, never on the server's event loop, within a size limit and —
// in the checker's worker — a time limit that ends a runaway check with a finding. No timings are
// asserted: on the code before, each probe below did not finish (the server's event loop was held
// for tens of seconds), or answered what it must not.
import { jest } from '@jest/globals';
import request from 'supertest';
import { moddle, readBpmn } from '../../server/bpmn/read.js';
import { DomainError } from '../../server/errors.js';
import { createApp } from '../../server/http/app.js';
import { CHECK_TIME_LIMIT_RULE, createModelChecker, DEFAULT_CHECK_TIME_LIMIT_MS, MALFORMED_XML_RULE } from '../../server/lint/index.js';
import { compileWildcard, matchesWildcard } from '../../server/store/wildcard.js';
import { bpmn } from '../engine/harness.js';
import { TEST_HTTP } from '../http/harness.js';
import { createTestOficio, type TestOficio } from '../support/oficio.js';

const PASSWORD = 'Oficio#2026demo';
const START = '2026-03-02T15:00:00.000Z';

let oficio: TestOficio | undefined;
afterEach(async () => {
  jest.restoreAllMocks();
  await oficio?.close();
  oficio = undefined;
});

/** Oficio and its app, with the environment given (limits). */
async function serve(env: NodeJS.ProcessEnv = {}) {
  oficio = await createTestOficio({ start: START, demoPassword: PASSWORD, env });
  const app = createApp({ ...oficio, http: TEST_HTTP });
  return { oficio, app };
}

/** A supertest agent signed in to /api as `username`, sending its CSRF token. */
async function signIn(app: ReturnType<typeof createApp>, username: string) {
  const agent = request.agent(app);
  const res = await agent.post('/api/auth/login').send({ username, password: PASSWORD });
  if (res.status !== 200) throw new Error(`cannot sign in as ${username}: ${res.status}`);
  const csrf = res.body.csrfToken as string;
  return {
    get: (path: string) => agent.get(path),
    post: (path: string, body: object) => agent.post(path).set('x-csrf-token', csrf).send(body),
    put: (path: string, body: object) => agent.put(path).set('x-csrf-token', csrf).send(body),
  };
}

describe('wildcard matching ($like)', () => {
  it.each([
    // [pattern, text, matches]
    ['', '', true],
    ['', 'a', false],
    ['*', '', true],
    ['*', 'cualquier cosa', true],
    ['***', 'abc', true],
    ['?', '', false],
    ['?', 'a', true],
    ['?', 'ab', false],
    ['a*', 'a', true],
    ['a*', 'abc', true],
    ['a*', 'ba', false],
    ['*a', 'ba', true],
    ['*a', 'ab', false],
    ['a*b', 'ab', true],
    ['a*b', 'axxb', true],
    ['a*b', 'axxbc', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['*ab*ab*', 'abab', true],
    ['*ab*ab*', 'aab', false],
    ['*aab', 'aaab', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['?*?', 'a', false],
    ['?*?', 'ab', true],
    ['22517*', '2251799813685249', true],
    ['*5249', '2251799813685249', true],
    ['*9813?85*', '2251799813685249', true],
    ['*9813?85', '2251799813685249', false],
    // A backslash makes the next character literal; one that ends the pattern stands for itself.
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['a\\?', 'a?', true],
    ['a\\?', 'ab', false],
    ['\\\\', '\\', true],
    ['\\\\*', '\\abc', true],
    ['*\\*', 'abc*', true],
    ['*\\*', 'abc', false],
    ['\\a', 'a', true],
    ['a\\', 'a\\', true],
    // Nothing of a regular expression's syntax means anything.
    ['a.c', 'abc', false],
    ['a.c', 'a.c', true],
    ['(x)+', '(x)+', true],
    ['[0-9]', '5', false],
    ['^$', '^$', true],
    ['.*', 'abc', false],
    // `?` is one character, an emoji too.
    ['?', '😀', true],
    ['a?b', 'a😀b', true],
  ])('%j matches %j: %s', (pattern, text, expected) => {
    expect(matchesWildcard(text, pattern)).toBe(expected);
    expect(compileWildcard(pattern)(text)).toBe(expected);
  });

  it('answers at once for patterns that make a backtracking matcher try every split', () => {
    // The probe of issue 12 (a RegExp took 69 s on one 16-digit key), and worse.
    expect(matchesWildcard('2251799813685249', '*****************x')).toBe(false);
    expect(matchesWildcard('2251799813685249', '*****************9')).toBe(true);
    expect(matchesWildcard('1'.repeat(10_000), `${'*'.repeat(10_000)}x`)).toBe(false);
    expect(matchesWildcard(`${'1'.repeat(9_999)}x`, `${'*'.repeat(10_000)}x`)).toBe(true);
    expect(matchesWildcard('a'.repeat(5_000), `${'a*'.repeat(2_000)}b`)).toBe(false);
    expect(matchesWildcard('a'.repeat(5_000), `${'*a'.repeat(2_000)}*`)).toBe(true);
    expect(matchesWildcard('ab'.repeat(2_000), `${'?*'.repeat(3_000)}`)).toBe(true);
  });
});

describe('a /v2 search with a $like of many wildcards', () => {
  const VISIBLE = 100;

  it('over many visible instances, is answered — with what matches — and another request is answered meanwhile', async () => {
    const { oficio: o, app } = await serve();
    const process = bpmn(
      'visible-like',
      `<bpmn:startEvent id="a"/><bpmn:sequenceFlow id="f" sourceRef="a" targetRef="b"/>
       <bpmn:userTask id="b"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>`,
    );
    await o.engine.createDeployment({ resources: [{ name: 'visible-like.bpmn', content: process }] });
    const user = (await o.identity.findByUsername('solicitante'))!;
    const mine: string[] = [];
    for (let i = 0; i < VISIBLE; i++) {
      const started = await o.engine.createProcessInstance({ processDefinitionId: 'visible-like', variables: { iniciadoPor: { id: user.id, username: user.username } } });
      mine.push(started.processInstanceKey);
    }
    const others = (await o.engine.createProcessInstance({ processDefinitionId: 'visible-like', variables: { iniciadoPor: { id: 'otra-persona' } } })).processInstanceKey;
    const search = (like: string) =>
      request(app)
        .post('/v2/process-instances/search')
        .auth('solicitante', PASSWORD)
        .send({ filter: { processInstanceKey: { $like: like } }, page: { limit: 1000 } });
    const keysOf = (res: request.Response) => (res.body.items as Array<{ processInstanceKey: string }>).map((i) => i.processInstanceKey).sort();

    // Eleven stars: before, each visible key cost a backtracking RegExp about 0.6 s, all on the event loop.
    const [attack, meanwhile] = await Promise.all([search(`${'*'.repeat(11)}x`), request(app).get('/v2/topology').auth('solicitante', PASSWORD)]);
    expect(attack.status).toBe(200);
    expect(attack.body.items).toEqual([]);
    expect(meanwhile.status).toBe(200);

    const last = mine.at(-1)!;
    expect(keysOf(await search(`*${'*'.repeat(16)}${last.slice(-6)}`))).toContain(last);
    expect(keysOf(await search(`${last.slice(0, -1)}?`))).toEqual(mine.filter((k) => k.slice(0, -1) === last.slice(0, -1)).sort());
    expect(keysOf(await search('*'))).toEqual([...mine].sort());
    // What the caller may not see stays out, whatever the pattern.
    expect(keysOf(await search(others))).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------
// Models

const DEFINITIONS_OPEN = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://oficio.test">`;

/** A valid model of documented tasks in a row, as large as `bytes` allows (the draft route takes 900 KB). */
function largeModel(processId: string, bytes: number): string {
  const model = (count: number) => {
    const tasks = Array.from({ length: count }, (_, i) => `<bpmn:task id="t${i}" name="Tarea ${i}"><bpmn:documentation>${'x'.repeat(380)}</bpmn:documentation></bpmn:task>\n`);
    const ids = ['s', ...Array.from({ length: count }, (_, i) => `t${i}`), 'e'];
    const flows = ids.slice(1).map((to, i) => `<bpmn:sequenceFlow id="f${i}" sourceRef="${ids[i]}" targetRef="${to}"/>\n`);
    return bpmn(processId, `<bpmn:startEvent id="s"/>\n${tasks.join('')}${flows.join('')}<bpmn:endEvent id="e"/>`);
  };
  let count = Math.ceil(bytes / 400);
  while (model(count).length > bytes) count = Math.floor(count * 0.98);
  return model(count);
}

/**
 * The shape that froze the server: a 144 KB processing instruction, then a process whose body holds
 * thousands of lines of stray text between processing instructions — each line a parser warning
 * that moddle-xml placed by counting the lines from the document's start.
 */
function strayLinesModel(processId: string, lines: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?><?pi ${'x'.repeat(144_000)}?>
${DEFINITIONS_OPEN}<bpmn:process id="${processId}" isExecutable="true"><bpmn:startEvent id="s"/>
${'y<?pi x?>\n'.repeat(lines)}<bpmn:endEvent id="e"/></bpmn:process></bpmn:definitions>`;
}

describe('reading a model', () => {
  it('stops at its first unreadable part, answering what came before', async () => {
    const xml = `${DEFINITIONS_OPEN}<bpmn:process id="a"><bpmn:startEvent id="s"/>${'y<?pi x?>\n'.repeat(2_000)}</bpmn:process><bpmn:process id="b"/></bpmn:definitions>`;
    const reading = await readBpmn(xml);
    expect(reading).toMatchObject({ complete: false, processIds: ['a'], parseError: expect.stringMatching(/^unparsable content/) });
    // The engines read with the same moddle: the document is refused at that part, whatever follows.
    await expect(moddle.fromXML(xml, 'bpmn:Definitions')).rejects.toThrow(/unparsable content/);
  });

  it('reads sub-processes nested thousands deep', async () => {
    const depth = 5_000;
    const xml = `${DEFINITIONS_OPEN}<bpmn:process id="hondo">${'<bpmn:subProcess>'.repeat(depth)}<bpmn:userTask id="t"><bpmn:extensionElements><zeebe:formDefinition externalReference="f"/></bpmn:extensionElements></bpmn:userTask>${'</bpmn:subProcess>'.repeat(depth)}</bpmn:process></bpmn:definitions>`;
    expect(await readBpmn(xml)).toMatchObject({ complete: true, processIds: ['hondo'], forms: [{ elementId: 't', form: 'f' }] });
  });
});

describe('the model routes', () => {
  it('answer a 144 KB processing instruction over thousands of stray lines — draft saved, lint a finding — without parsing on the event loop', async () => {
    const { app } = await serve();
    const owner = await signIn(app, 'process-owner');
    const parse = jest.spyOn(moddle, 'fromXML');
    const xml = strayLinesModel('instruccion', 15_000);

    const [draft, meanwhile] = await Promise.all([owner.put('/api/models/instruccion/draft', { xml }), owner.get('/api/auth/me')]);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ processId: 'instruccion', version: 1 });
    expect(meanwhile.status).toBe(200);

    const lint = await owner.post('/api/models/lint', { xml });
    expect(lint.status).toBe(200);
    expect(lint.body.errors).toEqual([{ kind: 'lint', elementId: '', rule: MALFORMED_XML_RULE, message: expect.stringContaining('instruccion.bpmn') }]);
    expect(parse).not.toHaveBeenCalled();
  });

  it('save a 900 KB draft read off the event loop, answering another request meanwhile', async () => {
    const { app } = await serve();
    const owner = await signIn(app, 'process-owner');
    const parse = jest.spyOn(moddle, 'fromXML');
    const xml = largeModel('grande', 899_000);
    expect(Buffer.byteLength(xml)).toBeGreaterThan(850_000);

    const [draft, meanwhile] = await Promise.all([owner.put('/api/models/grande/draft', { xml }), owner.get('/api/auth/me')]);
    expect(draft.status).toBe(200);
    expect(meanwhile.status).toBe(200);
    expect(parse).not.toHaveBeenCalled();
  });

  it('refuse a model larger than OFICIO_MODEL_MAX_BYTES before reading it, naming the field', async () => {
    const { app } = await serve({ OFICIO_MODEL_MAX_BYTES: '2000' });
    const owner = await signIn(app, 'process-owner');
    const xml = largeModel('mediano', 4_000);
    for (const res of [await owner.put('/api/models/mediano/draft', { xml }), await owner.post('/api/models/lint', { xml })]) {
      expect(res.status).toBe(413);
      expect(res.body.errors).toEqual([{ field: 'body/xml', code: 'model_too_large', message: expect.stringContaining('2000 bytes') }]);
    }
    expect(await oficio!.store.collection('model_drafts').count()).toBe(0);
  });

  it('end a check that outlasts OFICIO_MODEL_CHECK_SECONDS: live lint answers a finding, a draft save a 400', async () => {
    const { app } = await serve({ OFICIO_MODEL_CHECK_SECONDS: '0.05' });
    const owner = await signIn(app, 'process-owner');
    const xml = largeModel('lento', 899_000);

    const lint = await owner.post('/api/models/lint', { xml });
    expect(lint.status).toBe(200);
    expect(lint.body.errors).toEqual([{ kind: 'lint', elementId: '', rule: CHECK_TIME_LIMIT_RULE, message: expect.stringMatching(/^Revisar el modelo tomó demasiado tiempo/) }]);

    const draft = await owner.put('/api/models/lento/draft', { xml }).set('Accept-Language', 'en');
    expect(draft.status).toBe(400);
    expect(draft.body.errors).toEqual([{ field: 'body/xml', code: 'model_check_time_limit', message: expect.stringMatching(/^Reading the model took too long/) }]);
    expect(await oficio!.store.collection('model_drafts').count()).toBe(0);
  });
});

describe("the checker's worker", () => {
  const SMALL = bpmn('pequeno', '<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/><bpmn:endEvent id="e"/>');

  it('ends a runaway lint at its time limit with a finding, and checks the next document afresh', async () => {
    const hurried = createModelChecker({ timeLimitMs: 50 });
    const runaway = await hurried.check(largeModel('desbocado', 899_000), 'desbocado.bpmn');
    expect(runaway).toEqual({ errors: [expect.objectContaining({ rule: CHECK_TIME_LIMIT_RULE, elementId: '', category: 'error' })], warnings: [], reading: undefined });

    const patient = createModelChecker({ timeLimitMs: DEFAULT_CHECK_TIME_LIMIT_MS });
    const next = await patient.check(SMALL, 'pequeno.bpmn');
    expect(next.reading).toMatchObject({ complete: true, processIds: ['pequeno'] });
    expect(next.errors.some((f) => f.rule === CHECK_TIME_LIMIT_RULE)).toBe(false);
  });

  it('refuses a check as busy when too many documents are waiting, and answers the others', async () => {
    const checker = createModelChecker({ timeLimitMs: 50, maxWaiting: 1 });
    const xml = largeModel('cola', 400_000);
    const outcomes = await Promise.allSettled([checker.check(xml), checker.check(xml), checker.check(xml)]);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const o of refused) expect((o as PromiseRejectedResult).reason).toEqual(expect.objectContaining({ kind: 'unavailable', messageKey: 'models.checkerBusy' }));
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(DomainError);
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
  });
});
