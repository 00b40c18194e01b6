// What a process owner's model can do to the server (issue 12, items 6 and 11). A FEEL expression
// that loops, grows or builds a huge value goes over its budget and becomes an incident naming the
// expression and the budget — the instance waits, the engine goes on with everything else. A path
// that names `__proto__`, `constructor` or `prototype` is refused at deploy, on /api and on the
// engine, naming the element; a model stored before that check still cannot reach Object.prototype.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeploymentRejectedError, EnginePort, IncidentResult } from '../../server/engine/port.js';
import type { DefinitionDoc } from '../../server/engine/embedded/collections.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import { bpmn, createHarness, deployXml, instanceState, rejectionOf, rootVariables, type Harness } from '../engine/harness.js';
import { createHttpHarness, type HttpHarness } from '../http/harness.js';
import { createTestOficio, openTestOficio } from '../support/oficio.js';

/** A process whose script task evaluates `expression` into `resultado`. */
const scriptProcess = (processId: string, expression: string) =>
  bpmn(
    processId,
    `
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="calcular"/>
    <bpmn:scriptTask id="calcular" name="Calcular">
      <bpmn:extensionElements><zeebe:script expression="=${escapeXml(expression)}" resultVariable="resultado"/></bpmn:extensionElements>
    </bpmn:scriptTask>
    <bpmn:sequenceFlow id="f2" sourceRef="calcular" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
  );

/** A process whose task maps `expression` into `copia` when it completes (at once: a bpmn:task). */
const outputProcess = (processId: string, expression: string) =>
  bpmn(
    processId,
    `
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="copiar"/>
    <bpmn:task id="copiar" name="Copiar">
      <bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=${escapeXml(expression)}" target="copia"/></zeebe:ioMapping></bpmn:extensionElements>
    </bpmn:task>
    <bpmn:sequenceFlow id="f2" sourceRef="copiar" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
  );

function escapeXml(text: string) {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function incidentsOf(engine: EnginePort, processInstanceKey: string): Promise<IncidentResult[]> {
  return (await engine.searchIncidents({ filter: { processInstanceKey }, page: { limit: 10 } })).items;
}

/** `{a: "xxxxxxxxxxxxxxxx", b: a+a, c: b+b, …}.<last>`: 16 × 2^doublings characters from a few hundred. */
function doubledText(doublings: number) {
  const keys = Array.from({ length: doublings + 1 }, (_, i) => `k${i}`);
  const entries = keys.map((k, i) => (i === 0 ? `${k}: "xxxxxxxxxxxxxxxx"` : `${k}: ${keys[i - 1]}+${keys[i - 1]}`));
  return `{${entries.join(', ')}}.${keys.at(-1)}`;
}

describe('FEEL budget (issue 12, item 6)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  /** Starts `xml`'s process and answers its one incident, the instance still active. */
  async function incidentOf(processId: string, xml: string, variables: Record<string, unknown> = {}) {
    await deployXml(h.engine, xml);
    const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: processId, variables });
    const incidents = await incidentsOf(h.engine, processInstanceKey);
    expect(incidents).toHaveLength(1);
    expect(await instanceState(h.engine, processInstanceKey)).toBe('ACTIVE');
    return incidents[0]!;
  }

  /** The engine still runs loops, filters and quantifiers within the budget, and plain expressions. */
  async function expectEngineStillWorks() {
    const ok = scriptProcess(
      'sigue-funcionando',
      '{total: count(for x in 1..1000 return x), pares: [1, 2, 3, 4][modulo(item, 2) = 0], alguno: some p in ["lectura", "admin"] satisfies p = "admin", suma: 1 + 2}',
    );
    await deployXml(h.engine, ok);
    const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'sigue-funcionando' });
    expect(await instanceState(h.engine, processInstanceKey)).toBe('COMPLETED');
    expect((await rootVariables(h.engine, processInstanceKey)).resultado).toEqual({ total: 1000, pares: [2, 4], alguno: true, suma: 3 });
  }

  it('given a script task counting ten million numbers, when an instance runs it, then it is an incident naming the expression and the budget, and the engine goes on', async () => {
    const expression = 'count(for x in 1..10000000 return x)';
    const incident = await incidentOf('contar-mucho', scriptProcess('contar-mucho', expression));
    expect(incident).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'calcular', state: 'ACTIVE' });
    expect(incident.errorMessage).toContain(`'${expression}'`);
    expect(incident.errorMessage).toMatch(/budget of \d+ ms/);
    await expectEngineStillWorks();
  });

  it('given an instance evaluating an expression that runs until its budget, then meanwhile the engine answers another read and the thread keeps turning', async () => {
    await deployXml(h.engine, scriptProcess('rango-ocupado', 'for x in 1.5..3 return x'));
    let turns = 0;
    let turning = true;
    const turn = () => {
      turns++;
      if (turning) setImmediate(turn);
    };
    setImmediate(turn);
    const events: string[] = [];
    const started = h.engine.createProcessInstance({ processDefinitionId: 'rango-ocupado' }).then(() => events.push('started'));
    // A read issued while the worker computes is answered before the start that waits on it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await h.engine.searchProcessInstances({ filter: { processDefinitionId: 'rango-ocupado' } }).then(() => events.push('read'));
    await started;
    turning = false;
    expect(events).toEqual(['read', 'started']);
    expect(turns).toBeGreaterThan(100);
  });

  it('given a loop that never ends in feelin (a range from 1.5), when an instance runs it, then it is an incident, not a frozen server', async () => {
    const expression = 'for x in 1.5..3 return x';
    const incident = await incidentOf('rango-sin-fin', scriptProcess('rango-sin-fin', expression));
    expect(incident.errorMessage).toContain(`'${expression}'`);
    expect(incident.errorMessage).toMatch(/budget/);
    await expectEngineStillWorks();
  });

  it('given a text doubled to 64 million characters and then upper-cased (work no timer can interrupt), when an instance runs it, then it is an incident and the engine goes on', async () => {
    const expression = `upper case(${doubledText(22)})`;
    const incident = await incidentOf('texto-enorme', scriptProcess('texto-enorme', expression));
    expect(incident.errorType).toBe('EXTRACT_VALUE_ERROR');
    expect(incident.errorMessage).toContain(`'${expression}'`);
    expect(incident.errorMessage).toMatch(/budget/);
    await expectEngineStillWorks();
  });

  it('given an output mapping whose result is five copies of a 1 MiB variable, when the task completes, then it is an IO_MAPPING_ERROR incident naming the expression and the size budget, and nothing is stored', async () => {
    const expression = 'grande + grande + grande + grande + grande';
    const incident = await incidentOf('copia-enorme', outputProcess('copia-enorme', expression), { grande: 'x'.repeat(1024 * 1024) });
    expect(incident).toMatchObject({ errorType: 'IO_MAPPING_ERROR', elementId: 'copiar' });
    expect(incident.errorMessage).toContain(`'${expression}'`);
    expect(incident.errorMessage).toMatch(/budget of [\d,]+ characters/);
    expect(Object.keys(await rootVariables(h.engine, incident.processInstanceKey!))).toEqual(['grande']);
  });

  it('given a list doubled at every step of a loop, when an instance runs it, then it is an incident and the engine goes on', async () => {
    const expression = 'count(for i in 1..40 return if i = 1 then [1] else concatenate(partial[-1], partial[-1]))';
    const incident = await incidentOf('lista-enorme', scriptProcess('lista-enorme', expression));
    expect(incident.errorMessage).toContain(`'${expression}'`);
    expect(incident.errorMessage).toMatch(/budget/);
    await expectEngineStillWorks();
  });

  it('given a value nested thousands of levels deep, when an instance builds it, then it is an incident naming the depth budget', async () => {
    const expression = '(for i in 1..5000 return if i = 1 then [] else [partial[-1]])[-1]';
    const incident = await incidentOf('anidado', scriptProcess('anidado', expression));
    expect(incident.errorMessage).toContain(`'${expression}'`);
    expect(incident.errorMessage).toMatch(/budget of \d+ levels/);
  });
});

describe('prototype pollution through variable paths (issue 12, item 11)', () => {
  afterEach(() => {
    // Today's code pollutes this very process: leave nothing behind for the next test.
    for (const name of ['email', 'polluted']) delete (Object.prototype as Record<string, unknown>)[name];
  });

  const PROCESS_ID = 'dgpt-p01-pr02-conceptualizacion';
  const VALID = readFileSync(fileURLToPath(new URL(`../../processes/${PROCESS_ID}.bpmn`, import.meta.url)), 'utf8');
  const START_EVENT = 'vision-alcance-recibida';
  const POLLUTING = VALID.replace(
    '<zeebe:properties><zeebe:property name="oficio:startForm"',
    '<zeebe:ioMapping><zeebe:output source="=&quot;intruso@example.com&quot;" target="__proto__.email"/></zeebe:ioMapping><zeebe:properties><zeebe:property name="oficio:startForm"',
  );

  describe('through /api', () => {
    let h: HttpHarness;
    beforeEach(async () => {
      h = await createHttpHarness();
    });
    afterEach(() => h.close());

    it('given a process owner, when they save and deploy a model whose output mapping writes __proto__.email, then the deploy is refused naming the element, and /api/auth/me is what it was', async () => {
      expect(POLLUTING).not.toBe(VALID);
      const owner = await h.signIn('process-owner');
      const before = await owner.get('/api/auth/me');
      expect(before.status).toBe(200);

      expect((await owner.put(`/api/models/${PROCESS_ID}/draft`, { xml: POLLUTING })).status).toBe(200);
      const deployed = await owner.post(`/api/models/${PROCESS_ID}/deploy`, {});
      if (deployed.status === 200) {
        // What today's code lets happen next: any instance of the model runs the mapping.
        await h.engine.createProcessInstance({ processDefinitionId: PROCESS_ID, variables: {} });
      }
      expect(({} as Record<string, unknown>).email).toBeUndefined();
      expect(deployed.status).toBe(400);
      expect(deployed.body.errors).toContainEqual(expect.objectContaining({ field: START_EVENT, code: 'reservedPathSegment', message: expect.stringContaining('__proto__') }));
      const spanish = deployed.body.errors.find((e: { code?: string }) => e.code === 'reservedPathSegment');
      expect(spanish.message).toContain('«__proto__.email»');

      const after = await owner.get('/api/auth/me');
      expect(after.body).toEqual(before.body);
      const staff = await h.signIn('mesa-ayuda');
      expect((await staff.get('/api/auth/me')).body.email).not.toBe('intruso@example.com');
    });
  });

  describe('through the engine', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await createHarness();
    });
    afterEach(() => h.close());

    it('refuses every place a path of names is written — input and output mapping targets, result variables, multi-instance elements and collections — naming each element', async () => {
      const xml = bpmn(
        'rutas-reservadas',
        `
        <bpmn:startEvent id="inicio">
          <bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=&quot;x&quot;" target="__proto__.email"/></zeebe:ioMapping></bpmn:extensionElements>
        </bpmn:startEvent>
        <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="entrada"/>
        <bpmn:task id="entrada">
          <bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=1" target="datos.constructor.prototype"/></zeebe:ioMapping></bpmn:extensionElements>
        </bpmn:task>
        <bpmn:sequenceFlow id="f2" sourceRef="entrada" targetRef="guion"/>
        <bpmn:scriptTask id="guion">
          <bpmn:extensionElements><zeebe:script expression="=1" resultVariable="__proto__"/></bpmn:extensionElements>
        </bpmn:scriptTask>
        <bpmn:sequenceFlow id="f3" sourceRef="guion" targetRef="varios"/>
        <bpmn:task id="varios">
          <bpmn:multiInstanceLoopCharacteristics>
            <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1, 2]" inputElement="prototype" outputCollection="constructor" outputElement="=1"/></bpmn:extensionElements>
          </bpmn:multiInstanceLoopCharacteristics>
        </bpmn:task>
        <bpmn:sequenceFlow id="f4" sourceRef="varios" targetRef="fin"/>
        <bpmn:endEvent id="fin"/>`,
      );
      const error = (await rejectionOf(deployXml(h.engine, xml))) as DeploymentRejectedError;
      expect(error.code).toBe('DEPLOYMENT_REJECTED');
      const reserved = error.problems.filter((p) => p.code === 'reservedPathSegment');
      expect(reserved.map((p) => [p.elementId, p.params?.path, p.params?.segment])).toEqual([
        ['inicio', '__proto__.email', '__proto__'],
        ['entrada', 'datos.constructor.prototype', 'constructor'],
        ['guion', '__proto__', '__proto__'],
        ['varios', 'prototype', 'prototype'],
        ['varios', 'constructor', 'constructor'],
      ]);
      expect(reserved[0]!.message).toBe("an output mapping '__proto__.email' uses the reserved name '__proto__': no part of a variable name may be __proto__, constructor or prototype");
      expect(({} as Record<string, unknown>).email).toBeUndefined();
    });

    it('still maps nested targets into contexts, and a variable whose value has a "__proto__" key stays a plain value', async () => {
      await deployXml(h.engine, outputProcess('anidado-normal', 'datos').replace('target="copia"', 'target="pedido.datos"'));
      const datos = JSON.parse('{"__proto__": {"polluted": true}, "total": 3}') as Record<string, unknown>;
      const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'anidado-normal', variables: { datos, pedido: { folio: 'A-1' } } });
      expect(await instanceState(h.engine, processInstanceKey)).toBe('COMPLETED');
      const vars = await rootVariables(h.engine, processInstanceKey);
      expect(JSON.stringify(vars.pedido)).toBe('{"folio":"A-1","datos":{"__proto__":{"polluted":true},"total":3}}');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('a model stored before the deploy check', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'oficio-pollution-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('given a stored definition whose output mapping writes __proto__.email, when an instance runs it, then it is an incident naming the path and Object.prototype stays clean', async () => {
      const path = join(dir, 'oficio.sqlite');
      const first = await createTestOficio({ start: '2026-03-02T15:00:00Z', store: createSqliteStore({ path }) });
      await deployXml(first.engine, outputProcess('antiguo', '"intruso@example.com"').replace('target="copia"', 'target="contacto.email"'));
      await first.close();

      // As if deployed by a version of Oficio without the check: the stored XML names __proto__.
      const store = createSqliteStore({ path });
      const definitions = store.collection<DefinitionDoc>('engine_definitions');
      const [doc] = (await definitions.find({ processDefinitionId: 'antiguo' })).items;
      const { id, version, ...fields } = doc!;
      await definitions.update(id, { ...fields, xml: fields.xml.replace('target="contacto.email"', 'target="__proto__.email"') }, version);
      const oficio = await openTestOficio(store);
      try {
        const { processInstanceKey } = await oficio.engine.createProcessInstance({ processDefinitionId: 'antiguo' });
        expect(({} as Record<string, unknown>).email).toBeUndefined();
        const incidents = await incidentsOf(oficio.engine, processInstanceKey);
        expect(incidents).toEqual([expect.objectContaining({ errorType: 'IO_MAPPING_ERROR', elementId: 'copiar', errorMessage: expect.stringContaining("'__proto__.email'") })]);
      } finally {
        await oficio.close();
      }
    });
  });
});

describe('a model nesting sub-processes without end', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it('given 500 sub-processes each inside the last, when it is deployed, then it is refused naming the depth, not a crash of the call stack', async () => {
    let body = '<bpmn:startEvent id="s500"/>';
    for (let level = 499; level >= 0; level--)
      body = `<bpmn:startEvent id="s${level}"/><bpmn:sequenceFlow id="f${level}" sourceRef="s${level}" targetRef="sub${level}"/><bpmn:subProcess id="sub${level}">${body}</bpmn:subProcess>`;
    const rejected = (await rejectionOf(deployXml(h.engine, bpmn('anidado', body)))) as DeploymentRejectedError;
    expect(rejected.problems.map((p) => p.code)).toContain('subProcessTooDeep');
  });
});
