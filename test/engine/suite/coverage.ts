// The coverage table's remaining rows: elements that only pass through or only document, task
// variants, and refusals the other suites do not reach.
import { eachHarness, bpmn, deployXml, elementTrail, instanceState, itWhen, openUserTask, EMBEDDED_TRAITS, type EngineHarness, type EngineTraits } from '../harness.js';
import { DeploymentRejectedError, type EnginePort } from '../../../server/engine/port.js';

const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;

/** start → the given elements in order → end, wired by flows. */
function line(processId: string, elements: string[], ids: string[], extra = '', outside = '') {
  const all = ['inicio', ...ids, 'fin'];
  const flows = all.slice(1).map((id, i) => flow(`f${i}`, all[i]!, id));
  return bpmn(processId, ['<bpmn:startEvent id="inicio"/>', ...elements, '<bpmn:endEvent id="fin"/>', ...flows, extra].join('\n'), outside);
}

async function problemsOf(engine: EnginePort, xml: string) {
  try {
    await deployXml(engine, xml, 'cov.bpmn');
  } catch (error) {
    expect(error).toBeInstanceOf(DeploymentRejectedError);
    return (error as DeploymentRejectedError).problems;
  }
  throw new Error('expected the deployment to be refused');
}

export function coverageScenarios(make: () => Promise<EngineHarness>, traits: EngineTraits = EMBEDDED_TRAITS) {
  const itClock = itWhen(traits.manualClock);
  const itRefusals = itWhen(traits.embeddedRefusals);
  const itEmbeddedOnly = itWhen(traits.embeddedOnly);
  let h: EngineHarness;
  let engine: EnginePort;
  eachHarness(make, (ready) => {
    h = ready;
    engine = ready.engine;
  });

  describe('elements without runtime behaviour', () => {
    it('given a none intermediate throw event, when the instance runs, then it passes through and is recorded as completed', async () => {
      await deployXml(engine, line('cov-throw', ['<bpmn:intermediateThrowEvent id="hito" name="Solicitud recibida"/>'], ['hito']));
      const { processInstanceKey } = await engine.createProcessInstance({ processDefinitionId: 'cov-throw' });
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      expect(await elementTrail(engine, processInstanceKey, 'COMPLETED')).toEqual(['inicio', 'hito', 'fin']);
    });

    it('given data objects, a data store, a text annotation, a group and lanes, when the process runs, then they are accepted and change nothing', async () => {
      const xml = bpmn(
        'cov-docs',
        `<bpmn:laneSet id="carriles">
           <bpmn:lane id="mesa" name="Mesa de Ayuda"><bpmn:flowNodeRef>inicio</bpmn:flowNodeRef><bpmn:flowNodeRef>registrar</bpmn:flowNodeRef></bpmn:lane>
           <bpmn:lane id="soporte" name="Soporte Técnico"><bpmn:flowNodeRef>fin</bpmn:flowNodeRef></bpmn:lane>
         </bpmn:laneSet>
         <bpmn:startEvent id="inicio"/>
         <bpmn:manualTask id="registrar" name="Registrar en bitácora">
           <bpmn:dataOutputAssociation id="salida"><bpmn:targetRef>bitacora</bpmn:targetRef></bpmn:dataOutputAssociation>
         </bpmn:manualTask>
         <bpmn:endEvent id="fin"/>
         <bpmn:dataObjectReference id="bitacora" name="Control de atención a usuarios" dataObjectRef="bitacoraObj"/>
         <bpmn:dataObject id="bitacoraObj"/>
         <bpmn:dataStoreReference id="otrs" name="OTRS"/>
         <bpmn:textAnnotation id="nota"><bpmn:text>PR03 3.b</bpmn:text></bpmn:textAnnotation>
         <bpmn:association id="asoc" sourceRef="registrar" targetRef="nota"/>
         <bpmn:group id="grupo"/>
         ${flow('f1', 'inicio', 'registrar')}${flow('f2', 'registrar', 'fin')}`,
      );
      await deployXml(engine, xml);
      const { processInstanceKey } = await engine.createProcessInstance({ processDefinitionId: 'cov-docs' });
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      expect(await elementTrail(engine, processInstanceKey, 'COMPLETED')).toEqual(['inicio', 'registrar', 'fin']);
    });
  });

  describe('task variants', () => {
    itEmbeddedOnly('given a user task without zeebe:userTask (job-based in Zeebe), when the instance reaches it, then it is a task in the tasklist with its candidate group', async () => {
      await deployXml(
        engine,
        line(
          'cov-legacy-user-task',
          [
            '<bpmn:userTask id="atender" name="Atender solicitud"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>',
          ],
          ['atender'],
        ),
      );
      const { processInstanceKey } = await engine.createProcessInstance({ processDefinitionId: 'cov-legacy-user-task' });
      const task = await openUserTask(engine, processInstanceKey, 'atender');
      expect(task).toMatchObject({ name: 'Atender solicitud', candidateGroups: ['mesa-ayuda'], state: 'CREATED' });
      await engine.completeUserTask({ userTaskKey: task.userTaskKey });
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
    });

    itClock('given a receive task with an interrupting timer boundary, when no message arrives in time, then the timer path runs and a late message finds nothing', async () => {
      const xml = bpmn(
        'cov-receive-timeout',
        `<bpmn:startEvent id="inicio"/>
         <bpmn:receiveTask id="esperarPago" messageRef="pago"/>
         <bpmn:boundaryEvent id="vencido" attachedToRef="esperarPago"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
         <bpmn:endEvent id="pagado"/><bpmn:endEvent id="cancelado"/>
         ${flow('f1', 'inicio', 'esperarPago')}${flow('f2', 'esperarPago', 'pagado')}${flow('f3', 'vencido', 'cancelado')}`,
        `<bpmn:message id="pago" name="pago-recibido"><bpmn:extensionElements><zeebe:subscription correlationKey="=folio"/></bpmn:extensionElements></bpmn:message>`,
      );
      await deployXml(engine, xml);
      const { processInstanceKey } = await engine.createProcessInstance({ processDefinitionId: 'cov-receive-timeout', variables: { folio: 'F-1' } });
      await h.clock.advance('PT2H');
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      expect(await elementTrail(engine, processInstanceKey, 'COMPLETED')).toEqual(['inicio', 'vencido', 'cancelado']);
      expect(await elementTrail(engine, processInstanceKey, 'TERMINATED')).toEqual(['esperarPago']);
      await engine.publishMessage({ name: 'pago-recibido', correlationKey: 'F-1', variables: { tarde: true } });
      const { items } = await engine.searchVariables({ filter: { processInstanceKey, name: 'tarde' } });
      expect(items).toHaveLength(0);
    });
  });

  describe('refusals the other suites do not reach', () => {
    itRefusals.each([
      ['an instantiating event-based gateway', '<bpmn:eventBasedGateway id="x" instantiate="true"/>', /instantiating/],
      ['a standard loop', '<bpmn:task id="x"><bpmn:standardLoopCharacteristics/></bpmn:task>', /standard loop/],
      [
        'multi-instance with a loop cardinality',
        '<bpmn:task id="x"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1,2,3]"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:task>',
        /cardinality/,
      ],
      [
        'execution listeners',
        '<bpmn:task id="x"><bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="start" type="auditar"/></zeebe:executionListeners></bpmn:extensionElements></bpmn:task>',
        /execution listeners/,
      ],
      [
        'a Camunda form linked by formId',
        '<bpmn:userTask id="x"><bpmn:extensionElements><zeebe:userTask/><zeebe:formDefinition formId="solicitud"/></bpmn:extensionElements></bpmn:userTask>',
        /externalReference/,
      ],
      ['a multi-instance without an input collection', '<bpmn:task id="x"><bpmn:multiInstanceLoopCharacteristics/></bpmn:task>', /inputCollection/],
      ['a call activity without a called process', '<bpmn:callActivity id="x"/>', /calledElement/],
      [
        'a script task with zeebe:script but no result variable',
        '<bpmn:scriptTask id="x"><bpmn:extensionElements><zeebe:script expression="=1"/></bpmn:extensionElements></bpmn:scriptTask>',
        /resultVariable/,
      ],
    ])('given %s, then the deployment is refused naming the element', async (_what, element, message) => {
      await expectRefused(element, message);
    });

    // Camunda runs task listeners (Oficio's own keep its tasklist there); only the embedded engine refuses them.
    itEmbeddedOnly('given task listeners, then the deployment is refused naming the element', async () => {
      await expectRefused(
        '<bpmn:userTask id="x"><bpmn:extensionElements><zeebe:userTask/><zeebe:taskListeners><zeebe:taskListener eventType="completing" type="validar"/></zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask>',
        /task listeners/,
      );
    });

    async function expectRefused(element: string, message: RegExp) {
      const problems = await problemsOf(engine, line('cov-refused', [element], ['x']));
      const problem = problems.find((p) => p.elementId === 'x');
      expect(problem?.message).toMatch(message);
    }
  });
}
