// Scenarios for the control flow of the embedded engine with Camunda 8 (Zeebe) semantics:
// gateways, sub-processes, call activities, multi-instance, variable mappings and propagation.
// Run against a fresh harness per test.
import { itWhen, EMBEDDED_TRAITS, type EngineHarness, type EngineTraits, type TestEngine } from '../harness.js';
import { chain, endEvent, escapeXml, flow, startEvent } from '../fixtures.js';
import {
  eachHarness,
  bpmn,
  completingWorker,
  deployXml,
  elementInstancesOf,
  elementTrail,
  holdingWorker,
  instanceState,
  openUserTask,
  rootVariables,
  scopeVariables,
  waitForInstanceState,
  withFlowRefs,
} from '../harness.js';
import { waitFor } from '../../support/wait-for.js';
import type { UserTaskResult, Variables } from '../../../server/engine/port.js';

// ---------------------------------------------------------------------------------------------
// Inline fixture builders

const manualTask = (id: string) => `<bpmn:manualTask id="${id}" name="${id}"/>`;

const serviceTask = (id: string, type: string, extensions = '', inner = '') =>
  `<bpmn:serviceTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="3"/>${extensions}</bpmn:extensionElements>${inner}</bpmn:serviceTask>`;

const userTask = (id: string, extensions = '', inner = '') =>
  `<bpmn:userTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:userTask/>${extensions}</bpmn:extensionElements>${inner}</bpmn:userTask>`;

const ioMapping = (mappings: { inputs?: Array<[source: string, target: string]>; outputs?: Array<[source: string, target: string]> }) =>
  `<zeebe:ioMapping>${(mappings.inputs ?? []).map(([s, t]) => `<zeebe:input source="${escapeXml(s).replace(/"/g, '&quot;')}" target="${t}"/>`).join('')}${(mappings.outputs ?? [])
    .map(([s, t]) => `<zeebe:output source="${escapeXml(s).replace(/"/g, '&quot;')}" target="${t}"/>`)
    .join('')}</zeebe:ioMapping>`;

const multiInstance = (
  loop: { inputCollection: string; inputElement?: string; outputCollection?: string; outputElement?: string },
  opts: { sequential?: boolean; completionCondition?: string } = {},
) => {
  const attrs = Object.entries(loop)
    .map(([k, v]) => `${k}="${escapeXml(v).replace(/"/g, '&quot;')}"`)
    .join(' ');
  return `<bpmn:multiInstanceLoopCharacteristics${opts.sequential ? ' isSequential="true"' : ''}><bpmn:extensionElements><zeebe:loopCharacteristics ${attrs}/></bpmn:extensionElements>${
    opts.completionCondition ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${escapeXml(opts.completionCondition)}</bpmn:completionCondition>` : ''
  }</bpmn:multiInstanceLoopCharacteristics>`;
};

const subProcess = (id: string, body: string, extensions = '') =>
  `<bpmn:subProcess id="${id}" name="${id}">${extensions ? `<bpmn:extensionElements>${extensions}</bpmn:extensionElements>` : ''}${body}</bpmn:subProcess>`;

const callActivity = (id: string, calledElement: string, extensions = '') =>
  `<bpmn:callActivity id="${id}" name="${id}"><bpmn:extensionElements>${calledElement}${extensions}</bpmn:extensionElements></bpmn:callActivity>`;

const script = (id: string, expression: string, resultVariable: string) =>
  `<bpmn:scriptTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:script expression="${escapeXml(expression).replace(/"/g, '&quot;')}" resultVariable="${resultVariable}"/></bpmn:extensionElements></bpmn:scriptTask>`;

/** A process document: the body plus the modeler's incoming/outgoing references. */
const processXml = (id: string, body: string[], extra = '') => withFlowRefs(bpmn(id, body.join('\n'), extra));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const count = (ids: string[], id: string) => ids.filter((x) => x === id).length;

// ---------------------------------------------------------------------------------------------

export function flowScenarios(make: () => Promise<EngineHarness>, traits: EngineTraits = EMBEDDED_TRAITS) {
  const itEmbeddedOnly = itWhen(traits.embeddedOnly);
  let h: EngineHarness | undefined;
  let engine: TestEngine;

  eachHarness(make, (ready) => {
    h = ready;
    engine = ready.engine;
  });

  const deploy = (xml: string, name = 'flow-scenario.bpmn') => deployXml(engine, xml, name);
  const start = async (processDefinitionId: string, variables: Variables = {}) => (await engine.createProcessInstance({ processDefinitionId, variables })).processInstanceKey;
  const elementsNamed = async (processInstanceKey: string, elementId: string) => elementInstancesOf(engine, processInstanceKey, { elementId });
  const stateOf = async (processInstanceKey: string, elementId: string) => (await elementsNamed(processInstanceKey, elementId)).map((e) => e.state);
  const openTasks = async (processInstanceKey: string, n: number) =>
    waitFor(
      async () => {
        const { items } = await engine.searchUserTasks({ filter: { processInstanceKey, state: 'CREATED' }, page: { limit: 100 } });
        return items.length === n ? (items as Array<UserTaskResult & { userTaskKey: string; elementInstanceKey: string }>) : undefined;
      },
      5000,
      `${n} open user tasks`,
    );
  const completeTask = async (processInstanceKey: string, elementId: string, variables: Variables = {}) => {
    const { userTaskKey } = await openUserTask(engine, processInstanceKey, elementId);
    await engine.completeUserTask({ userTaskKey, variables });
  };
  const childrenOf = async (parentProcessInstanceKey: string) => (await engine.searchProcessInstances({ filter: { parentProcessInstanceKey } })).items;

  // -------------------------------------------------------------------------------------------
  describe('exclusive gateway', () => {
    const decision = processXml('flow-xor-order', [
      startEvent(),
      `<bpmn:exclusiveGateway id="decidir" default="f_decidir_normal"/>`,
      endEvent('grande'),
      endEvent('mediano'),
      endEvent('normal'),
      chain('start', 'decidir'),
      // Both conditions hold for large amounts: the first one in document order wins.
      flow('decidir', 'grande', '=importe > 1000'),
      flow('decidir', 'mediano', '=importe > 100'),
      flow('decidir', 'normal'),
    ]);

    it.each([
      { importe: 5000, route: 'grande', why: 'both conditions are true and the first one in document order wins' },
      { importe: 500, route: 'mediano', why: 'only the second condition is true' },
      { importe: 5, route: 'normal', why: 'no condition is true, so the default flow is taken' },
    ])('given importe $importe, when the instance passes the gateway, then it ends in "$route" because $why', async ({ importe, route }) => {
      await deploy(decision);
      const processInstanceKey = await start('flow-xor-order', { importe });
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      expect(await elementTrail(engine, processInstanceKey)).toEqual(['start', 'decidir', route]);
    });

    const typed = processXml('flow-xor-types', [
      startEvent(),
      `<bpmn:exclusiveGateway id="decidir" default="f_decidir_porDefecto"/>`,
      ...['texto', 'booleano', 'numero', 'contexto', 'lista', 'fecha', 'porDefecto'].map((id) => endEvent(id)),
      chain('start', 'decidir'),
      flow('decidir', 'texto', '=tipo = "urgente"'),
      flow('decidir', 'booleano', '=vip'),
      flow('decidir', 'numero', '=importe >= 1000'),
      flow('decidir', 'contexto', '=cliente.pais = "ES"'),
      flow('decidir', 'lista', '=list contains(etiquetas, "fragil")'),
      flow('decidir', 'fecha', '=date(entrega) < date("2026-01-01")'),
      flow('decidir', 'porDefecto'),
    ]);
    const base = { tipo: 'normal', vip: false, importe: 10.5, cliente: { pais: 'FR' }, etiquetas: ['ligero'], entrega: '2026-03-01' };

    it.each([
      { what: 'a string', change: { tipo: 'urgente' }, route: 'texto' },
      { what: 'a boolean', change: { vip: true }, route: 'booleano' },
      { what: 'a number', change: { importe: 1000 }, route: 'numero' },
      { what: 'a nested context entry', change: { cliente: { pais: 'ES' } }, route: 'contexto' },
      { what: 'a list', change: { etiquetas: ['ligero', 'fragil'] }, route: 'lista' },
      { what: 'a date given as text', change: { entrega: '2025-12-24' }, route: 'fecha' },
      { what: 'nothing (all false)', change: {}, route: 'porDefecto' },
    ])('given a condition on $what that holds, when the instance passes the gateway, then it takes that flow ($route)', async ({ change, route }) => {
      await deploy(typed);
      const processInstanceKey = await start('flow-xor-types', { ...base, ...change });
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      expect(await elementTrail(engine, processInstanceKey)).toEqual(['start', 'decidir', route]);
    });

    it('given no true condition and no default flow, when the instance reaches the gateway, then it stops there with a CONDITION_ERROR incident', async () => {
      await deploy(
        processXml('flow-xor-stuck', [
          startEvent(),
          `<bpmn:exclusiveGateway id="decidir"/>`,
          endEvent('a'),
          endEvent('b'),
          chain('start', 'decidir'),
          flow('decidir', 'a', '=x = 1'),
          flow('decidir', 'b', '=x = 2'),
        ]),
      );
      const processInstanceKey = await start('flow-xor-stuck', { x: 3 });
      expect(await instanceState(engine, processInstanceKey)).toBe('ACTIVE');
      const { items } = await engine.searchIncidents({ filter: { processInstanceKey } });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ errorType: 'CONDITION_ERROR', elementId: 'decidir', state: 'ACTIVE' });
      expect(await elementTrail(engine, processInstanceKey)).not.toContain('a');
      expect(await elementTrail(engine, processInstanceKey)).not.toContain('b');
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('parallel gateway', () => {
    it('given a fork into 3 branches and a join, when only 2 branches are done, then the join waits; when the third is done, the instance passes the join once and completes', async () => {
      await deploy(
        processXml('flow-parallel-join', [
          startEvent(),
          `<bpmn:parallelGateway id="fork"/>`,
          userTask('a'),
          userTask('b'),
          userTask('c'),
          `<bpmn:parallelGateway id="join"/>`,
          manualTask('despues'),
          endEvent(),
          chain('start', 'fork'),
          chain('fork', 'a', 'join'),
          chain('fork', 'b', 'join'),
          chain('fork', 'c', 'join'),
          chain('join', 'despues', 'end'),
        ]),
      );
      const processInstanceKey = await start('flow-parallel-join');
      expect((await openTasks(processInstanceKey, 3)).map((t) => t.elementId).sort()).toEqual(['a', 'b', 'c']);

      await completeTask(processInstanceKey, 'a');
      await completeTask(processInstanceKey, 'c');
      expect(await instanceState(engine, processInstanceKey)).toBe('ACTIVE');
      const waiting = await elementTrail(engine, processInstanceKey);
      expect(waiting).not.toContain('despues');
      expect(waiting).not.toContain('end');
      expect(await stateOf(processInstanceKey, 'join')).not.toContain('COMPLETED');

      await completeTask(processInstanceKey, 'b');
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      const trail = await elementTrail(engine, processInstanceKey);
      expect(count(trail, 'join')).toBe(1);
      expect(count(trail, 'despues')).toBe(1);
      expect(count(trail, 'end')).toBe(1);
      expect(await stateOf(processInstanceKey, 'join')).toEqual(['COMPLETED']);
    });

    it('given a fork into 3 branches that each end on their own, when two end at once and one waits, then the instance completes only when the last branch ends', async () => {
      await deploy(
        processXml('flow-parallel-ends', [
          startEvent(),
          `<bpmn:parallelGateway id="fork"/>`,
          manualTask('rapido1'),
          manualTask('rapido2'),
          userTask('lento'),
          endEvent('fin1'),
          endEvent('fin2'),
          endEvent('fin3'),
          chain('start', 'fork'),
          chain('fork', 'rapido1', 'fin1'),
          chain('fork', 'rapido2', 'fin2'),
          chain('fork', 'lento', 'fin3'),
        ]),
      );
      const processInstanceKey = await start('flow-parallel-ends');
      expect(await instanceState(engine, processInstanceKey)).toBe('ACTIVE');
      expect(await stateOf(processInstanceKey, 'fin1')).toEqual(['COMPLETED']);
      expect(await stateOf(processInstanceKey, 'fin2')).toEqual(['COMPLETED']);

      await completeTask(processInstanceKey, 'lento');
      const instance = await engine.getProcessInstance({ processInstanceKey });
      expect(instance.state).toBe('COMPLETED');
      expect(instance.endDate).toBeDefined();
      const trail = await elementTrail(engine, processInstanceKey, 'COMPLETED');
      expect(['fin1', 'fin2', 'fin3'].map((id) => count(trail, id))).toEqual([1, 1, 1]);
    });

    it('given a fork where one branch loops three times before reaching the join, when both branches are done, then the join fires once and the instance completes once', async () => {
      await deploy(
        processXml('flow-parallel-loop', [
          startEvent(),
          `<bpmn:parallelGateway id="fork"/>`,
          userTask('revisar'),
          serviceTask('intentar', 'intento'),
          `<bpmn:exclusiveGateway id="otraVez" default="f_otraVez_join"/>`,
          `<bpmn:parallelGateway id="join"/>`,
          endEvent(),
          chain('start', 'fork'),
          chain('fork', 'revisar', 'join'),
          chain('fork', 'intentar', 'otraVez'),
          flow('otraVez', 'intentar', '=vueltas < 3'),
          flow('otraVez', 'join'),
          chain('join', 'end'),
        ]),
      );
      const { jobs } = completingWorker(engine, 'intento', (job) => ({ vueltas: (job.variables.vueltas as number) + 1 }));
      const processInstanceKey = await start('flow-parallel-loop', { vueltas: 0 });
      await waitFor(async () => (await stateOf(processInstanceKey, 'otraVez')).filter((s) => s === 'COMPLETED').length === 3, 5000, 'three loops');
      await engine.idle();

      expect(jobs).toHaveLength(3);
      expect(await instanceState(engine, processInstanceKey)).toBe('ACTIVE');
      expect(await stateOf(processInstanceKey, 'join')).not.toContain('COMPLETED');
      expect(await stateOf(processInstanceKey, 'intentar')).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);

      await completeTask(processInstanceKey, 'revisar');
      await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');
      const trail = await elementTrail(engine, processInstanceKey);
      expect(count(trail, 'join')).toBe(1);
      expect(count(trail, 'end')).toBe(1);
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ vueltas: 3 });
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('inclusive gateway', () => {
    const inclusive = processXml('flow-inclusive', [
      startEvent(),
      `<bpmn:inclusiveGateway id="repartir" default="f_repartir_estandar"/>`,
      userTask('envio'),
      userTask('montaje'),
      userTask('seguro'),
      manualTask('estandar'),
      `<bpmn:inclusiveGateway id="reunir"/>`,
      endEvent(),
      chain('start', 'repartir'),
      flow('repartir', 'envio', '=list contains(servicios, "envio")'),
      flow('repartir', 'montaje', '=list contains(servicios, "montaje")'),
      flow('repartir', 'seguro', '=list contains(servicios, "seguro")'),
      flow('repartir', 'estandar'),
      chain('envio', 'reunir'),
      chain('montaje', 'reunir'),
      chain('seguro', 'reunir'),
      chain('estandar', 'reunir'),
      chain('reunir', 'end'),
    ]);

    it('given an inclusive fork with two true conditions, when the instance runs, then only those two branches start and the join waits just for them', async () => {
      await deploy(inclusive);
      const processInstanceKey = await start('flow-inclusive', { servicios: ['envio', 'seguro'] });
      expect((await openTasks(processInstanceKey, 2)).map((t) => t.elementId).sort()).toEqual(['envio', 'seguro']);
      expect(await elementTrail(engine, processInstanceKey)).not.toContain('montaje');
      expect(await elementTrail(engine, processInstanceKey)).not.toContain('estandar');

      await completeTask(processInstanceKey, 'envio');
      expect(await instanceState(engine, processInstanceKey)).toBe('ACTIVE');
      expect(await elementTrail(engine, processInstanceKey)).not.toContain('end');

      await completeTask(processInstanceKey, 'seguro');
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      const trail = await elementTrail(engine, processInstanceKey);
      expect(count(trail, 'reunir')).toBe(1);
      expect(count(trail, 'end')).toBe(1);
      expect(trail).not.toContain('montaje');
    });

    it('given an inclusive fork where no condition is true, when the instance runs, then only the default flow is taken and the join lets it through', async () => {
      await deploy(inclusive);
      const processInstanceKey = await start('flow-inclusive', { servicios: [] });
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      expect(await elementTrail(engine, processInstanceKey)).toEqual(['start', 'repartir', 'estandar', 'reunir', 'end']);
    });

    it('given two taken branches where one is still running through several steps, when the other arrives at the join, then the join keeps waiting until the slow branch arrives', async () => {
      await deploy(
        processXml('flow-inclusive-running', [
          startEvent(),
          `<bpmn:inclusiveGateway id="repartir"/>`,
          manualTask('rapido'),
          userTask('lento1'),
          serviceTask('lento2', 'lento'),
          `<bpmn:inclusiveGateway id="reunir"/>`,
          endEvent(),
          chain('start', 'repartir'),
          flow('repartir', 'rapido', '=true'),
          flow('repartir', 'lento1', '=importe > 0'),
          chain('rapido', 'reunir'),
          chain('lento1', 'lento2', 'reunir'),
          chain('reunir', 'end'),
        ]),
      );
      const processInstanceKey = await start('flow-inclusive-running', { importe: 10 });
      expect(await stateOf(processInstanceKey, 'rapido')).toEqual(['COMPLETED']);
      expect(await stateOf(processInstanceKey, 'reunir')).not.toContain('COMPLETED');

      await completeTask(processInstanceKey, 'lento1');
      expect(await stateOf(processInstanceKey, 'lento2')).toEqual(['ACTIVE']);
      expect(await stateOf(processInstanceKey, 'reunir')).not.toContain('COMPLETED');
      expect(await instanceState(engine, processInstanceKey)).toBe('ACTIVE');

      completingWorker(engine, 'lento');
      await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');
      expect(await stateOf(processInstanceKey, 'reunir')).toEqual(['COMPLETED']);
      expect(count(await elementTrail(engine, processInstanceKey), 'end')).toBe(1);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('embedded sub-process', () => {
    it('given an embedded sub-process, when the instance enters it, then its elements run inside the sub-process scope and the instance continues after it completes', async () => {
      await deploy(
        processXml('flow-subprocess', [
          startEvent(),
          subProcess('tramite', [startEvent('tStart'), userTask('revisar'), endEvent('tEnd'), chain('tStart', 'revisar', 'tEnd')].join('\n')),
          manualTask('despues'),
          endEvent(),
          chain('start', 'tramite', 'despues', 'end'),
        ]),
      );
      const processInstanceKey = await start('flow-subprocess');
      const [sub] = await elementsNamed(processInstanceKey, 'tramite');
      expect(sub).toMatchObject({ type: 'SUB_PROCESS', state: 'ACTIVE', flowScopeKey: processInstanceKey });
      const [revisar] = await elementsNamed(processInstanceKey, 'revisar');
      expect(revisar!.flowScopeKey).toBe(sub!.elementInstanceKey);
      expect((await elementsNamed(processInstanceKey, 'tStart'))[0]!.flowScopeKey).toBe(sub!.elementInstanceKey);

      await completeTask(processInstanceKey, 'revisar');
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      expect(await elementTrail(engine, processInstanceKey, 'COMPLETED')).toEqual(['start', 'tramite', 'tStart', 'revisar', 'tEnd', 'despues', 'end']);
    });

    it('given a sub-process with an input mapping, when its inner job runs, then the job sees the local variable but it never reaches the root scope', async () => {
      await deploy(
        processXml('flow-subprocess-local', [
          startEvent(),
          subProcess(
            'tramite',
            [startEvent('tStart'), serviceTask('etiquetar', 'etiquetar'), userTask('revisar'), endEvent('tEnd'), chain('tStart', 'etiquetar', 'revisar', 'tEnd')].join('\n'),
            ioMapping({ inputs: [['=pedido.id', 'idPedido']] }),
          ),
          endEvent(),
          chain('start', 'tramite', 'end'),
        ]),
      );
      const { jobs } = completingWorker(engine, 'etiquetar', (job) => ({ etiqueta: `ET-${job.variables.idPedido as string}` }));
      const processInstanceKey = await start('flow-subprocess-local', { pedido: { id: 'A-1' } });
      await openUserTask(engine, processInstanceKey, 'revisar');

      expect(jobs[0]!.variables).toEqual({ pedido: { id: 'A-1' }, idPedido: 'A-1' });
      const [sub] = await elementsNamed(processInstanceKey, 'tramite');
      expect(await scopeVariables(engine, sub!.elementInstanceKey)).toEqual({ idPedido: 'A-1' });
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ pedido: { id: 'A-1' }, etiqueta: 'ET-A-1' });

      await completeTask(processInstanceKey, 'revisar');
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ pedido: { id: 'A-1' }, etiqueta: 'ET-A-1' });
    });

    it('given nested sub-processes, when the innermost task is done, then the scopes chain up correctly and complete from the inside out', async () => {
      await deploy(
        processXml('flow-subprocess-nested', [
          startEvent(),
          subProcess(
            'externo',
            [
              startEvent('eStart'),
              subProcess('interno', [startEvent('iStart'), userTask('tarea'), endEvent('iEnd'), chain('iStart', 'tarea', 'iEnd')].join('\n')),
              endEvent('eEnd'),
              chain('eStart', 'interno', 'eEnd'),
            ].join('\n'),
          ),
          endEvent(),
          chain('start', 'externo', 'end'),
        ]),
      );
      const processInstanceKey = await start('flow-subprocess-nested');
      const [externo] = await elementsNamed(processInstanceKey, 'externo');
      const [interno] = await elementsNamed(processInstanceKey, 'interno');
      const [tarea] = await elementsNamed(processInstanceKey, 'tarea');
      expect(externo!.flowScopeKey).toBe(processInstanceKey);
      expect(interno!.flowScopeKey).toBe(externo!.elementInstanceKey);
      expect(tarea!.flowScopeKey).toBe(interno!.elementInstanceKey);
      expect([externo!.state, interno!.state, tarea!.state]).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);

      await completeTask(processInstanceKey, 'tarea');
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      const all = await elementInstancesOf(engine, processInstanceKey);
      expect(all.every((e) => e.state === 'COMPLETED')).toBe(true);
      const ended = (id: string) => Date.parse(all.find((e) => e.elementId === id)!.endDate!);
      expect(ended('interno')).toBeLessThanOrEqual(ended('externo'));
      expect(await elementTrail(engine, processInstanceKey)).toEqual(['start', 'externo', 'eStart', 'interno', 'iStart', 'tarea', 'iEnd', 'eEnd', 'end']);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('call activity', () => {
    const childWithTask = (id: string) => processXml(id, [startEvent(), userTask('tareaHija'), endEvent(), chain('start', 'tareaHija', 'end')]);
    const parent = (id: string, calledElement: string, extensions = '') =>
      processXml(id, [startEvent(), callActivity('llamar', calledElement, extensions), manualTask('despues'), endEvent(), chain('start', 'llamar', 'despues', 'end')]);

    it('given a call activity with a static processId, when the parent reaches it, then a child instance starts with the parent variables and its result comes back when it completes', async () => {
      await deploy(childWithTask('flow-child'), 'flow-child.bpmn');
      await deploy(parent('flow-parent', '<zeebe:calledElement processId="flow-child"/>'), 'flow-parent.bpmn');
      const parentKey = await start('flow-parent', { pedido: 'A-1' });

      const [llamar] = await elementsNamed(parentKey, 'llamar');
      expect(llamar).toMatchObject({ type: 'CALL_ACTIVITY', state: 'ACTIVE' });
      const children = await childrenOf(parentKey);
      expect(children).toHaveLength(1);
      const child = children[0]!;
      expect(child).toMatchObject({
        processDefinitionId: 'flow-child',
        state: 'ACTIVE',
        parentProcessInstanceKey: parentKey,
        parentElementInstanceKey: llamar!.elementInstanceKey,
      });
      expect(await rootVariables(engine, child.processInstanceKey)).toEqual({ pedido: 'A-1' });

      await completeTask(child.processInstanceKey, 'tareaHija', { resultado: 'ok' });
      expect(await instanceState(engine, child.processInstanceKey)).toBe('COMPLETED');
      await waitForInstanceState(engine, parentKey, 'COMPLETED');
      expect(await rootVariables(engine, parentKey)).toEqual({ pedido: 'A-1', resultado: 'ok' });
      expect(await elementTrail(engine, parentKey, 'COMPLETED')).toEqual(['start', 'llamar', 'despues', 'end']);
    });

    it('given a call activity whose processId is the FEEL expression "=hijo", when the parent runs, then the process named by the variable is called', async () => {
      await deploy(processXml('flow-child-a', [startEvent(), script('marcar', '="a"', 'quien'), endEvent(), chain('start', 'marcar', 'end')]), 'flow-child-a.bpmn');
      await deploy(processXml('flow-child-b', [startEvent(), script('marcar', '="b"', 'quien'), endEvent(), chain('start', 'marcar', 'end')]), 'flow-child-b.bpmn');
      await deploy(parent('flow-parent-feel', '<zeebe:calledElement processId="=hijo"/>'), 'flow-parent-feel.bpmn');

      const parentKey = await start('flow-parent-feel', { hijo: 'flow-child-b' });
      await waitForInstanceState(engine, parentKey, 'COMPLETED');
      expect((await childrenOf(parentKey)).map((c) => c.processDefinitionId)).toEqual(['flow-child-b']);
      expect(await rootVariables(engine, parentKey)).toEqual({ hijo: 'flow-child-b', quien: 'b' });
    });

    it('given the default propagation, when the child completes, then all its root variables come back to the parent', async () => {
      const child = processXml('flow-child-vars', [startEvent(), script('x', '=1', 'x'), script('y', '=2', 'y'), endEvent(), chain('start', 'x', 'y', 'end')]);
      await deploy(child, 'flow-child-vars.bpmn');
      await deploy(parent('flow-parent-all', '<zeebe:calledElement processId="flow-child-vars"/>'), 'flow-parent-all.bpmn');
      const parentKey = await start('flow-parent-all', { propio: true });
      await waitForInstanceState(engine, parentKey, 'COMPLETED');
      expect(await rootVariables(engine, parentKey)).toEqual({ propio: true, x: 1, y: 2 });
    });

    it('given propagateAllChildVariables false and an output mapping, when the child completes, then only the mapped result reaches the parent', async () => {
      const child = processXml('flow-child-vars', [startEvent(), script('x', '=1', 'x'), script('y', '=2', 'y'), endEvent(), chain('start', 'x', 'y', 'end')]);
      await deploy(child, 'flow-child-vars.bpmn');
      await deploy(
        parent('flow-parent-mapped', '<zeebe:calledElement processId="flow-child-vars" propagateAllChildVariables="false"/>', ioMapping({ outputs: [['=x', 'deHijo']] })),
        'flow-parent-mapped.bpmn',
      );
      const parentKey = await start('flow-parent-mapped', { propio: true });
      await waitForInstanceState(engine, parentKey, 'COMPLETED');
      expect(await rootVariables(engine, parentKey)).toEqual({ propio: true, deHijo: 1 });
    });

    it('given input mappings, when the child starts, then it gets the mapped values plus all parent variables by default, or only the mapped values with propagateAllParentVariables false', async () => {
      await deploy(childWithTask('flow-child-in'), 'flow-child-in.bpmn');
      const inputs = ioMapping({ inputs: [['=a * 10', 'b']] });
      await deploy(parent('flow-parent-in-all', '<zeebe:calledElement processId="flow-child-in"/>', inputs), 'flow-parent-in-all.bpmn');
      await deploy(parent('flow-parent-in-only', '<zeebe:calledElement processId="flow-child-in" propagateAllParentVariables="false"/>', inputs), 'flow-parent-in-only.bpmn');

      const all = await start('flow-parent-in-all', { a: 2, secreto: 's' });
      const only = await start('flow-parent-in-only', { a: 2, secreto: 's' });
      const [childOfAll] = await childrenOf(all);
      const [childOfOnly] = await childrenOf(only);
      expect(await rootVariables(engine, childOfAll!.processInstanceKey)).toEqual({ a: 2, secreto: 's', b: 20 });
      expect(await rootVariables(engine, childOfOnly!.processInstanceKey)).toEqual({ b: 20 });
      // The input mapping is local to the call activity: the parent root does not get it.
      expect(await rootVariables(engine, all)).toEqual({ a: 2, secreto: 's' });
    });

    it('given a parent waiting on a child instance, when the parent is cancelled, then the child is cancelled too', async () => {
      await deploy(childWithTask('flow-child'), 'flow-child.bpmn');
      await deploy(parent('flow-parent', '<zeebe:calledElement processId="flow-child"/>'), 'flow-parent.bpmn');
      const parentKey = await start('flow-parent');
      const [child] = await childrenOf(parentKey);
      const { userTaskKey } = await openUserTask(engine, child!.processInstanceKey, 'tareaHija');

      await engine.cancelProcessInstance({ processInstanceKey: parentKey });
      expect(await instanceState(engine, parentKey)).toBe('TERMINATED');
      expect(await instanceState(engine, child!.processInstanceKey)).toBe('TERMINATED');
      expect((await engine.getUserTask({ userTaskKey })).state).toBe('CANCELED');
      expect(await stateOf(parentKey, 'llamar')).toEqual(['TERMINATED']);
    });

    it('given a child whose job throws a BPMN error it does not catch, when the error is thrown, then the error boundary on the call activity catches it and the child is terminated', async () => {
      await deploy(processXml('flow-child-error', [startEvent(), serviceTask('reservar', 'reservar'), endEvent(), chain('start', 'reservar', 'end')]), 'flow-child-error.bpmn');
      await deploy(
        processXml(
          'flow-parent-error',
          [
            startEvent(),
            callActivity('llamar', '<zeebe:calledElement processId="flow-child-error"/>'),
            `<bpmn:boundaryEvent id="sinStock" attachedToRef="llamar"><bpmn:errorEventDefinition errorRef="Err_stock"/></bpmn:boundaryEvent>`,
            manualTask('avisar'),
            endEvent('finError'),
            endEvent(),
            chain('start', 'llamar', 'end'),
            chain('sinStock', 'avisar', 'finError'),
          ],
          `<bpmn:error id="Err_stock" name="Sin stock" errorCode="SIN_STOCK"/>`,
        ),
        'flow-parent-error.bpmn',
      );
      engine.createJobWorker({
        jobType: 'reservar',
        maxParallelJobs: 1,
        jobTimeoutMs: 60_000,
        jobHandler: (job) => job.error({ errorCode: 'SIN_STOCK', errorMessage: 'no queda' }),
      });
      const parentKey = await start('flow-parent-error');
      await waitForInstanceState(engine, parentKey, 'COMPLETED');

      const [child] = await childrenOf(parentKey);
      expect(child!.state).toBe('TERMINATED');
      expect(await stateOf(parentKey, 'llamar')).toEqual(['TERMINATED']);
      const trail = await elementTrail(engine, parentKey, 'COMPLETED');
      expect(trail).toEqual(['start', 'sinStock', 'avisar', 'finError']);
      expect(await elementTrail(engine, parentKey)).not.toContain('end');
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('multi-instance', () => {
    it('given a parallel multi-instance user task, when the tasks are completed in reverse order, then the output collection follows the order of the items and the loop variables stay local', async () => {
      await deploy(
        processXml('flow-mi-parallel', [
          startEvent(),
          userTask('revisar', '', multiInstance({ inputCollection: '=lineas', inputElement: 'linea', outputCollection: 'notas', outputElement: '=nota' })),
          endEvent(),
          chain('start', 'revisar', 'end'),
        ]),
      );
      const processInstanceKey = await start('flow-mi-parallel', { lineas: ['a', 'b', 'c'] });
      const tasks = await openTasks(processInstanceKey, 3);

      const [body] = await elementInstancesOf(engine, processInstanceKey, { type: 'MULTI_INSTANCE_BODY' });
      expect(body).toMatchObject({ elementId: 'revisar', state: 'ACTIVE' });
      const inner = await elementInstancesOf(engine, processInstanceKey, { type: 'USER_TASK' });
      expect(inner).toHaveLength(3);
      expect(inner.every((i) => i.elementId === 'revisar' && i.flowScopeKey === body!.elementInstanceKey)).toBe(true);

      const byItem = new Map<string, string>();
      for (const task of tasks) {
        const local = await scopeVariables(engine, task.elementInstanceKey);
        byItem.set(local.linea as string, task.userTaskKey);
        expect(local).toMatchObject({ linea: ['a', 'b', 'c'][(local.loopCounter as number) - 1] });
      }
      expect([...byItem.keys()].sort()).toEqual(['a', 'b', 'c']);

      for (const item of ['c', 'a', 'b']) {
        expect(await instanceState(engine, processInstanceKey)).toBe('ACTIVE');
        await engine.completeUserTask({ userTaskKey: byItem.get(item)!, variables: { nota: item.toUpperCase() } });
      }
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ lineas: ['a', 'b', 'c'], notas: ['A', 'B', 'C'] });
      expect(await stateOf(processInstanceKey, 'revisar')).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
    });

    it('given a parallel multi-instance service task, when its jobs run, then each job sees its own item and loopCounter and the results are collected by index', async () => {
      await deploy(
        processXml('flow-mi-jobs', [
          startEvent(),
          serviceTask('doblar', 'doblar', '', multiInstance({ inputCollection: '=numeros', inputElement: 'n', outputCollection: 'dobles', outputElement: '=resultado' })),
          endEvent(),
          chain('start', 'doblar', 'end'),
        ]),
      );
      const { jobs } = completingWorker(engine, 'doblar', (job) => ({ resultado: (job.variables.n as number) * 2 }));
      const processInstanceKey = await start('flow-mi-jobs', { numeros: [1, 2, 3], otra: 'x' });
      await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');

      expect(jobs.map((j) => [j.variables.n, j.variables.loopCounter]).sort()).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
      ]);
      expect(jobs.every((j) => j.variables.otra === 'x' && Array.isArray(j.variables.numeros))).toBe(true);
      // outputElement "=resultado" names a variable, so Zeebe creates it local to each inner
      // instance: the job results stay there and only the collection reaches the root.
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ numeros: [1, 2, 3], otra: 'x', dobles: [2, 4, 6] });
    });

    it('given a sequential multi-instance service task, when a generous worker handles it, then the items are processed one at a time in collection order', async () => {
      await deploy(
        processXml('flow-mi-sequential', [
          startEvent(),
          serviceTask(
            'procesar',
            'procesar',
            '',
            multiInstance({ inputCollection: '=items', inputElement: 'item', outputCollection: 'hechos', outputElement: '=item + "!"' }, { sequential: true }),
          ),
          endEvent(),
          chain('start', 'procesar', 'end'),
        ]),
      );
      const processInstanceKey = await start('flow-mi-sequential', { items: ['x', 'y', 'z'] });
      expect(await elementInstancesOf(engine, processInstanceKey, { type: 'SERVICE_TASK' })).toHaveLength(1);

      let running = 0;
      let peak = 0;
      const order: Array<[unknown, unknown]> = [];
      engine.createJobWorker({
        jobType: 'procesar',
        maxParallelJobs: 5,
        jobTimeoutMs: 60_000,
        jobHandler: async (job) => {
          running++;
          peak = Math.max(peak, running);
          order.push([job.variables.item, job.variables.loopCounter]);
          try {
            await sleep(10);
            return await job.complete();
          } finally {
            running--;
          }
        },
      });
      await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');

      expect(order).toEqual([
        ['x', 1],
        ['y', 2],
        ['z', 3],
      ]);
      expect(peak).toBe(1);
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ items: ['x', 'y', 'z'], hechos: ['x!', 'y!', 'z!'] });
    });

    it('given an empty input collection, when the instance reaches the multi-instance task, then it completes at once with an empty output collection', async () => {
      await deploy(
        processXml('flow-mi-empty', [
          startEvent(),
          serviceTask('procesar', 'procesar', '', multiInstance({ inputCollection: '=items', inputElement: 'item', outputCollection: 'hechos', outputElement: '=item' })),
          endEvent(),
          chain('start', 'procesar', 'end'),
        ]),
      );
      const processInstanceKey = await start('flow-mi-empty', { items: [] });
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      const procesar = await elementsNamed(processInstanceKey, 'procesar');
      expect(procesar.map((e) => [e.type, e.state])).toEqual([['MULTI_INSTANCE_BODY', 'COMPLETED']]);
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ items: [], hechos: [] });
    });

    it('given a completionCondition "=numberOfCompletedInstances >= 2", when two of four tasks are done, then the others are cancelled and the instance moves on with a partial output collection', async () => {
      await deploy(
        processXml('flow-mi-condition', [
          startEvent(),
          userTask(
            'votar',
            '',
            multiInstance(
              { inputCollection: '=votantes', inputElement: 'votante', outputCollection: 'votos', outputElement: '=voto' },
              { completionCondition: '=numberOfCompletedInstances >= 2' },
            ),
          ),
          manualTask('recontar'),
          endEvent(),
          chain('start', 'votar', 'recontar', 'end'),
        ]),
      );
      const processInstanceKey = await start('flow-mi-condition', { votantes: ['ana', 'luis', 'marta', 'pablo'] });
      const tasks = await openTasks(processInstanceKey, 4);
      const byVoter = new Map<string, string>();
      for (const task of tasks) byVoter.set((await scopeVariables(engine, task.elementInstanceKey)).votante as string, task.userTaskKey);

      await engine.completeUserTask({ userTaskKey: byVoter.get('marta')!, variables: { voto: 'si' } });
      expect(await instanceState(engine, processInstanceKey)).toBe('ACTIVE');
      await engine.completeUserTask({ userTaskKey: byVoter.get('ana')!, variables: { voto: 'no' } });

      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      expect((await engine.getUserTask({ userTaskKey: byVoter.get('luis')! })).state).toBe('CANCELED');
      expect((await engine.getUserTask({ userTaskKey: byVoter.get('pablo')! })).state).toBe('CANCELED');
      const inner = await elementInstancesOf(engine, processInstanceKey, { type: 'USER_TASK' });
      expect(inner.map((i) => i.state).sort()).toEqual(['COMPLETED', 'COMPLETED', 'TERMINATED', 'TERMINATED']);
      expect((await elementInstancesOf(engine, processInstanceKey, { type: 'MULTI_INSTANCE_BODY' }))[0]!.state).toBe('COMPLETED');
      expect((await rootVariables(engine, processInstanceKey)).votos).toEqual(['no', null, 'si', null]);
      expect(await stateOf(processInstanceKey, 'recontar')).toEqual(['COMPLETED']);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('input and output mappings', () => {
    it('given input mappings on a service task, when its job runs, then the job sees the mapped values as local variables that never reach the root', async () => {
      await deploy(
        processXml('flow-io-input', [
          startEvent(),
          serviceTask(
            'calcular',
            'calcular',
            ioMapping({
              inputs: [
                ['=pedido.importe * 2', 'doble'],
                ['=pedido.id', 'ref'],
                ['urgente', 'prioridad'],
              ],
            }),
          ),
          endEvent(),
          chain('start', 'calcular', 'end'),
        ]),
      );
      const { jobs } = holdingWorker(engine, 'calcular');
      const processInstanceKey = await start('flow-io-input', { pedido: { id: 'A-1', importe: 100 } });
      await waitFor(() => jobs.length === 1);
      const job = jobs[0]!;

      expect(job.variables).toEqual({ pedido: { id: 'A-1', importe: 100 }, doble: 200, ref: 'A-1', prioridad: 'urgente' });
      expect(await scopeVariables(engine, job.elementInstanceKey)).toEqual({ doble: 200, ref: 'A-1', prioridad: 'urgente' });
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ pedido: { id: 'A-1', importe: 100 } });

      // "doble" exists in the task scope, so the job's new value lands there and dies with it.
      await job.complete({ ok: true, doble: 999 });
      await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ pedido: { id: 'A-1', importe: 100 }, ok: true });
    });

    it('given an output mapping, when the job completes, then only the mapped (renamed) value reaches the root', async () => {
      await deploy(
        processXml('flow-io-output', [startEvent(), serviceTask('pagar', 'pagar', ioMapping({ outputs: [['=estado', 'estadoPago']] })), endEvent(), chain('start', 'pagar', 'end')]),
      );
      completingWorker(engine, 'pagar', () => ({ estado: 'OK', interno: 'x' }));
      const processInstanceKey = await start('flow-io-output', { pedido: 'A-1' });
      await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ pedido: 'A-1', estadoPago: 'OK' });
    });

    it('given an output mapping with the nested target "pedido.total", when the job completes, then the entry is merged into the existing pedido context', async () => {
      await deploy(
        processXml('flow-io-nested', [
          startEvent(),
          serviceTask('totalizar', 'totalizar', ioMapping({ outputs: [['=total', 'pedido.total']] })),
          endEvent(),
          chain('start', 'totalizar', 'end'),
        ]),
      );
      completingWorker(engine, 'totalizar', () => ({ total: 99 }));
      const processInstanceKey = await start('flow-io-nested', { pedido: { id: 'A-1', lineas: 2 } });
      await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ pedido: { id: 'A-1', lineas: 2, total: 99 } });
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('variable history', () => {
    itEmbeddedOnly('given a variable changed by two user tasks, then its history keeps every value in order, each with its time', async () => {
      await deploy(processXml('flow-vars-history', [startEvent(), userTask('revisar'), userTask('aprobar'), endEvent(), chain('start', 'revisar', 'aprobar', 'end')]));
      const processInstanceKey = await start('flow-vars-history', { estado: 'recibida', folio: 'F-1' });
      await engine.completeUserTask({ userTaskKey: (await openUserTask(engine, processInstanceKey, 'revisar')).userTaskKey, variables: { estado: 'revisada' } });
      await h!.clock.advance('PT1H');
      await engine.completeUserTask({ userTaskKey: (await openUserTask(engine, processInstanceKey, 'aprobar')).userTaskKey, variables: { estado: 'aprobada' } });

      const { items } = await engine.searchVariableHistory!({ filter: { processInstanceKey, name: 'estado' } });
      expect(items.map((c) => [JSON.parse(c.value), c.changedAt])).toEqual([
        ['recibida', '2026-01-05T09:00:00.000Z'],
        ['revisada', '2026-01-05T09:00:00.000Z'],
        ['aprobada', '2026-01-05T10:00:00.000Z'],
      ]);
      expect(new Set(items.map((c) => c.variableKey)).size).toBe(1);
      // An unchanged variable has one entry only.
      expect((await engine.searchVariableHistory!({ filter: { processInstanceKey, name: 'folio' } })).items).toHaveLength(1);
    });
  });

  describe('variable propagation', () => {
    it('given a sub-process with a local variable shadowing a root one, when an inner job and user task write it, then the local copy changes, the root one does not, and new names go to the root', async () => {
      await deploy(
        processXml('flow-vars-shadow', [
          startEvent(),
          subProcess(
            'bloque',
            [startEvent('bStart'), serviceTask('contar', 'contar'), userTask('revisar'), endEvent('bEnd'), chain('bStart', 'contar', 'revisar', 'bEnd')].join('\n'),
            ioMapping({ inputs: [['=contador + 1', 'contador']] }),
          ),
          userTask('final'),
          endEvent(),
          chain('start', 'bloque', 'final', 'end'),
        ]),
      );
      const { jobs } = completingWorker(engine, 'contar', () => ({ contador: 200, nuevo: 'x' }));
      const processInstanceKey = await start('flow-vars-shadow', { contador: 100 });
      await openUserTask(engine, processInstanceKey, 'revisar');

      expect(jobs[0]!.variables).toEqual({ contador: 101 });
      const [bloque] = await elementsNamed(processInstanceKey, 'bloque');
      expect(await scopeVariables(engine, bloque!.elementInstanceKey)).toEqual({ contador: 200 });
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ contador: 100, nuevo: 'x' });

      await completeTask(processInstanceKey, 'revisar', { contador: 300, nota: 'n' });
      const finalTask = await openUserTask(engine, processInstanceKey, 'final');
      expect(finalTask.elementId).toBe('final');
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ contador: 100, nuevo: 'x', nota: 'n' });
    });

    it('given awaitCompletion, when the instance is created, then the call resolves once it has ended, with its root variables (or only the fetched ones)', async () => {
      await deploy(processXml('flow-await', [startEvent(), serviceTask('calcular', 'calcular'), endEvent(), chain('start', 'calcular', 'end')]));
      completingWorker(engine, 'calcular', (job) => ({ total: (job.variables.a as number) * 21 }));

      const result = await engine.createProcessInstance({ processDefinitionId: 'flow-await', variables: { a: 2, b: 'x' }, awaitCompletion: true });
      expect(result.variables).toEqual({ a: 2, b: 'x', total: 42 });
      expect(result.processDefinitionId).toBe('flow-await');
      expect(await instanceState(engine, result.processInstanceKey)).toBe('COMPLETED');

      const fetched = await engine.createProcessInstance({
        processDefinitionId: 'flow-await',
        variables: { a: 1, b: 'y' },
        awaitCompletion: true,
        fetchVariables: ['total'],
      });
      expect(fetched.variables).toEqual({ total: 21 });
    });
  });
}
