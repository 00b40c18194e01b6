// Deployment scenarios: what the engine refuses (each problem naming the element), that a refused
// deployment stores nothing, and Zeebe's versioning with duplicate detection.
import { eachHarness, bpmn, deployXml, itWhen, EMBEDDED_TRAITS, type EngineHarness, type EngineTraits } from '../harness.js';
import { DeploymentRejectedError, EngineError, type DeploymentProblem, type EnginePort } from '../../../server/engine/port.js';

// ---------------------------------------------------------------------------------------------
// Local helpers

/** Deploys and answers the rejection; fails the test if the deployment was accepted. */
async function rejection(engine: EnginePort, xml: string, name = 'dep-test.bpmn'): Promise<DeploymentRejectedError> {
  let accepted = false;
  try {
    await deployXml(engine, xml, name);
    accepted = true;
  } catch (error) {
    expect(error).toBeInstanceOf(DeploymentRejectedError);
    const rejected = error as DeploymentRejectedError;
    expect(rejected.code).toBe('DEPLOYMENT_REJECTED');
    expect(rejected.status).toBe(400);
    expect(rejected.problems.length).toBeGreaterThan(0);
    for (const p of rejected.problems) {
      expect(p.resourceName).toBe(name);
      expect(p.message.length).toBeGreaterThan(0);
    }
    return rejected;
  }
  throw new Error(`expected the deployment to be rejected, but it was accepted (${accepted})`);
}

/** The problem naming an element; fails when none does. */
function problemFor(error: DeploymentRejectedError, elementId: string): DeploymentProblem {
  const found = error.problems.find((p) => p.elementId === elementId);
  if (!found) throw new Error(`no problem names '${elementId}'; problems: ${JSON.stringify(error.problems)}`);
  return found;
}

async function expectRejected(engine: EnginePort, xml: string, expected: { elementId: string; elementType: string; message: RegExp }) {
  const error = await rejection(engine, xml);
  const problem = problemFor(error, expected.elementId);
  expect(problem.elementType).toBe(expected.elementType);
  expect(problem.message).toMatch(expected.message);
  // The aggregated error message names the element too, for logs and the CLI.
  expect(error.message).toContain(expected.elementId);
  return error;
}

async function definitionsOf(engine: EnginePort, processDefinitionId: string) {
  const { items } = await engine.searchProcessDefinitions({
    filter: { processDefinitionId },
    sort: [{ field: 'version', order: 'ASC' }],
  });
  return items;
}

const flow = (id: string, from: string, to: string, condition?: string) =>
  condition === undefined
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`;

/** start → `middle` (an element with id 'x' unless told) → end. */
const around = (processId: string, middle: string, middleId = 'x', extra = '') =>
  bpmn(
    processId,
    `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', middleId)}
    ${middle}
    ${flow('f2', middleId, 'end')}
    <bpmn:endEvent id="end"/>`,
    extra,
  );

const simple = (processId: string, endName = 'Done') =>
  bpmn(
    processId,
    `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'end')}
    <bpmn:endEvent id="end" name="${endName}"/>`,
  );

// ---------------------------------------------------------------------------------------------

export function deployScenarios(make: () => Promise<EngineHarness>, traits: EngineTraits = EMBEDDED_TRAITS) {
  const itRefusals = itWhen(traits.embeddedRefusals);
  let engine: EngineHarness['engine'];

  eachHarness(make, (ready) => {
    engine = ready.engine;
  });

  // -------------------------------------------------------------------------------------------
  describe('refusal of elements outside the coverage', () => {
    itRefusals('given a complex gateway, then the deployment is refused naming the gateway', async () => {
      await expectRejected(
        engine,
        bpmn(
          'dep-complex',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'cx')}
    <bpmn:complexGateway id="cx"/>
    ${flow('f2', 'cx', 'end')}
    <bpmn:endEvent id="end"/>`,
        ),
        { elementId: 'cx', elementType: 'bpmn:ComplexGateway', message: /complex gateway|not supported|unsupported/i },
      );
    });

    itRefusals('given a signal start event, then the deployment is refused naming it', async () => {
      await expectRejected(
        engine,
        bpmn(
          'dep-signal-start',
          `
    <bpmn:startEvent id="sigStart"><bpmn:signalEventDefinition signalRef="Sig"/></bpmn:startEvent>
    ${flow('f1', 'sigStart', 'end')}
    <bpmn:endEvent id="end"/>`,
          '<bpmn:signal id="Sig" name="go"/>',
        ),
        { elementId: 'sigStart', elementType: 'bpmn:StartEvent', message: /signal/i },
      );
    });

    itRefusals('given a signal intermediate catch event, then the deployment is refused naming it', async () => {
      await expectRejected(
        engine,
        around(
          'dep-signal-catch',
          '<bpmn:intermediateCatchEvent id="x"><bpmn:signalEventDefinition signalRef="Sig"/></bpmn:intermediateCatchEvent>',
          'x',
          '<bpmn:signal id="Sig" name="go"/>',
        ),
        { elementId: 'x', elementType: 'bpmn:IntermediateCatchEvent', message: /signal/i },
      );
    });

    itRefusals('given a signal end event, then the deployment is refused naming it', async () => {
      await expectRejected(
        engine,
        bpmn(
          'dep-signal-end',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'sigEnd')}
    <bpmn:endEvent id="sigEnd"><bpmn:signalEventDefinition signalRef="Sig"/></bpmn:endEvent>`,
          '<bpmn:signal id="Sig" name="go"/>',
        ),
        { elementId: 'sigEnd', elementType: 'bpmn:EndEvent', message: /signal/i },
      );
    });

    itRefusals('given an escalation throw event, then the deployment is refused naming it', async () => {
      await expectRejected(
        engine,
        around(
          'dep-escalation',
          '<bpmn:intermediateThrowEvent id="x"><bpmn:escalationEventDefinition escalationRef="Esc"/></bpmn:intermediateThrowEvent>',
          'x',
          '<bpmn:escalation id="Esc" name="late" escalationCode="LATE"/>',
        ),
        { elementId: 'x', elementType: 'bpmn:IntermediateThrowEvent', message: /escalation/i },
      );
    });

    itRefusals('given an escalation boundary event, then the deployment is refused naming it', async () => {
      const error = await rejection(
        engine,
        bpmn(
          'dep-escalation-boundary',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'work')}
    <bpmn:userTask id="work"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>
    ${flow('f2', 'work', 'end')}
    <bpmn:endEvent id="end"/>
    <bpmn:boundaryEvent id="escBoundary" attachedToRef="work"><bpmn:escalationEventDefinition escalationRef="Esc"/></bpmn:boundaryEvent>
    ${flow('f3', 'escBoundary', 'end2')}
    <bpmn:endEvent id="end2"/>`,
          '<bpmn:escalation id="Esc" name="late" escalationCode="LATE"/>',
        ),
      );
      const problem = problemFor(error, 'escBoundary');
      expect(problem.elementType).toBe('bpmn:BoundaryEvent');
      expect(problem.message).toMatch(/escalation/i);
    });

    itRefusals('given a compensation throw event and a compensation boundary, then the deployment is refused naming both', async () => {
      const error = await rejection(
        engine,
        bpmn(
          'dep-compensation',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'book')}
    <bpmn:serviceTask id="book"><bpmn:extensionElements><zeebe:taskDefinition type="book" retries="3"/></bpmn:extensionElements></bpmn:serviceTask>
    ${flow('f2', 'book', 'undo')}
    <bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition/></bpmn:intermediateThrowEvent>
    ${flow('f3', 'undo', 'end')}
    <bpmn:endEvent id="end"/>
    <bpmn:boundaryEvent id="compBoundary" attachedToRef="book"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
    <bpmn:serviceTask id="cancelBooking" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="cancel-booking" retries="3"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:association id="a1" associationDirection="One" sourceRef="compBoundary" targetRef="cancelBooking"/>`,
        ),
      );
      expect(problemFor(error, 'undo').message).toMatch(/compensat/i);
      expect(problemFor(error, 'undo').elementType).toBe('bpmn:IntermediateThrowEvent');
      expect(problemFor(error, 'compBoundary').message).toMatch(/compensat/i);
    });

    itRefusals('given a conditional intermediate catch event, then the deployment is refused naming it', async () => {
      await expectRejected(
        engine,
        around(
          'dep-conditional',
          '<bpmn:intermediateCatchEvent id="x"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=ready = true</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>',
        ),
        { elementId: 'x', elementType: 'bpmn:IntermediateCatchEvent', message: /conditional/i },
      );
    });

    itRefusals('given a pair of link events, then the deployment is refused naming the link throw and catch', async () => {
      const error = await rejection(
        engine,
        bpmn(
          'dep-link',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'goTo')}
    <bpmn:intermediateThrowEvent id="goTo"><bpmn:linkEventDefinition name="L1"/></bpmn:intermediateThrowEvent>
    <bpmn:intermediateCatchEvent id="landHere"><bpmn:linkEventDefinition name="L1"/></bpmn:intermediateCatchEvent>
    ${flow('f2', 'landHere', 'end')}
    <bpmn:endEvent id="end"/>`,
        ),
      );
      expect(problemFor(error, 'goTo').message).toMatch(/link/i);
      expect(problemFor(error, 'goTo').elementType).toBe('bpmn:IntermediateThrowEvent');
      expect(problemFor(error, 'landHere').message).toMatch(/link/i);
      expect(problemFor(error, 'landHere').elementType).toBe('bpmn:IntermediateCatchEvent');
    });

    itRefusals('given an event sub-process, then the deployment is refused naming the sub-process', async () => {
      const error = await rejection(
        engine,
        bpmn(
          'dep-event-sub',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'end')}
    <bpmn:endEvent id="end"/>
    <bpmn:subProcess id="onTimeout" triggeredByEvent="true">
      <bpmn:startEvent id="espStart"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
      ${flow('e1', 'espStart', 'espEnd')}
      <bpmn:endEvent id="espEnd"/>
    </bpmn:subProcess>`,
        ),
      );
      const problem = problemFor(error, 'onTimeout');
      expect(problem.elementType).toBe('bpmn:SubProcess');
      expect(problem.message).toMatch(/event sub-?process|triggeredByEvent/i);
    });

    itRefusals('given a transaction, then the deployment is refused naming it', async () => {
      await expectRejected(
        engine,
        around(
          'dep-transaction',
          `<bpmn:transaction id="x">
      <bpmn:startEvent id="txStart"/>
      ${flow('t1', 'txStart', 'txEnd')}
      <bpmn:endEvent id="txEnd"/>
    </bpmn:transaction>`,
        ),
        { elementId: 'x', elementType: 'bpmn:Transaction', message: /transaction/i },
      );
    });

    itRefusals('given an ad-hoc sub-process, then the deployment is refused naming it', async () => {
      await expectRejected(
        engine,
        around(
          'dep-adhoc',
          `<bpmn:adHocSubProcess id="x">
      <bpmn:userTask id="pick"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>
    </bpmn:adHocSubProcess>`,
        ),
        { elementId: 'x', elementType: 'bpmn:AdHocSubProcess', message: /ad-?hoc/i },
      );
    });

    itRefusals('given a business rule task calling a DMN decision, then the deployment is refused naming it', async () => {
      await expectRejected(
        engine,
        around(
          'dep-dmn',
          '<bpmn:businessRuleTask id="x"><bpmn:extensionElements><zeebe:calledDecision decisionId="discount" resultVariable="discount"/></bpmn:extensionElements></bpmn:businessRuleTask>',
        ),
        { elementId: 'x', elementType: 'bpmn:BusinessRuleTask', message: /decision|DMN|business rule/i },
      );
    });

    itRefusals('given a service task without zeebe:taskDefinition, then the deployment is refused naming it', async () => {
      await expectRejected(engine, around('dep-no-task-def', '<bpmn:serviceTask id="x" name="Charge"/>'), {
        elementId: 'x',
        elementType: 'bpmn:ServiceTask',
        message: /task ?definition|job type|type/i,
      });
    });

    itRefusals('given a user task whose assignee expression is malformed FEEL, then the deployment is refused naming it', async () => {
      await expectRejected(
        engine,
        around(
          'dep-bad-assignee',
          '<bpmn:userTask id="x"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition assignee="=owner +"/></bpmn:extensionElements></bpmn:userTask>',
        ),
        { elementId: 'x', elementType: 'bpmn:UserTask', message: /assignee|FEEL|expression/i },
      );
    });

    itRefusals('given a message catch event whose message has no correlation key, then the deployment is refused naming it', async () => {
      await expectRejected(
        engine,
        around(
          'dep-msg-no-key',
          '<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition messageRef="Msg"/></bpmn:intermediateCatchEvent>',
          'x',
          '<bpmn:message id="Msg" name="paid"/>',
        ),
        { elementId: 'x', elementType: 'bpmn:IntermediateCatchEvent', message: /correlation/i },
      );
    });

    itRefusals('given a message catch event without any message, then the deployment is refused naming it', async () => {
      await expectRejected(engine, around('dep-msg-none', '<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition/></bpmn:intermediateCatchEvent>'), {
        elementId: 'x',
        elementType: 'bpmn:IntermediateCatchEvent',
        message: /message/i,
      });
    });

    itRefusals('given a timer catch event without a time definition, then the deployment is refused naming it', async () => {
      await expectRejected(engine, around('dep-timer-empty', '<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>'), {
        elementId: 'x',
        elementType: 'bpmn:IntermediateCatchEvent',
        message: /timer|timeDuration|timeDate|timeCycle/i,
      });
    });

    itRefusals('given timers whose text is not ISO 8601 (a cron cycle, a zero-length cycle, a bad duration), then the deployment is refused naming each', async () => {
      const timer = (id: string, kind: string, body: string) =>
        `<bpmn:boundaryEvent id="${id}" attachedToRef="tarea" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:${kind}>${body}</bpmn:${kind}></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;
      const xml = around(
        'dep-timer-text',
        `<bpmn:userTask id="tarea"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>
        ${timer('cron', 'timeCycle', '0 0 8 * * MON')}${timer('cero', 'timeCycle', 'R/PT0S')}${timer('mal', 'timeDuration', 'dos horas')}`,
      );
      const error = await rejection(engine, xml);
      expect(problemFor(error, 'cron').message).toMatch(/cron/);
      expect(problemFor(error, 'cero').message).toMatch(/longer than zero/);
      expect(problemFor(error, 'mal').message).toMatch(/dos horas/);
    });

    itRefusals('given an exclusive gateway whose non-default outgoing flow has no condition, then the deployment is refused naming the gateway or the flow', async () => {
      const error = await rejection(
        engine,
        bpmn(
          'dep-xor-no-condition',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'route')}
    <bpmn:exclusiveGateway id="route" default="toSmall"/>
    ${flow('toBig', 'route', 'big', '=amount &gt; 100')}
    ${flow('toOdd', 'route', 'odd')}
    ${flow('toSmall', 'route', 'small')}
    <bpmn:endEvent id="big"/>
    <bpmn:endEvent id="odd"/>
    <bpmn:endEvent id="small"/>`,
        ),
      );
      const problem = error.problems.find((p) => p.elementId === 'toOdd' || p.elementId === 'route');
      expect(problem).toBeDefined();
      expect(problem!.message).toMatch(/condition/i);
      // The flow with a condition and the default flow are fine.
      expect(error.problems.some((p) => p.elementId === 'toBig' || p.elementId === 'toSmall')).toBe(false);
    });

    itRefusals('given malformed XML, then the deployment is refused saying the XML is malformed', async () => {
      const error = await rejection(engine, '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p"', 'dep-test.bpmn');
      expect(error.message).toMatch(/malformed/i);
      expect(error.problems.some((p) => /malformed/i.test(p.message))).toBe(true);
    });

    itRefusals('given a document without any executable process, then the deployment is refused saying so', async () => {
      const xml = simple('dep-not-executable').replace('isExecutable="true"', 'isExecutable="false"');
      const error = await rejection(engine, xml);
      expect(error.problems.some((p) => /executable/i.test(p.message))).toBe(true);
    });

    itRefusals('given one file with several problems, then all of them are reported at once', async () => {
      const error = await rejection(
        engine,
        bpmn(
          'dep-many',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'cx')}
    <bpmn:complexGateway id="cx"/>
    ${flow('f2', 'cx', 'noType')}
    <bpmn:serviceTask id="noType"/>
    ${flow('f3', 'noType', 'sigEnd')}
    <bpmn:endEvent id="sigEnd"><bpmn:signalEventDefinition signalRef="Sig"/></bpmn:endEvent>`,
          '<bpmn:signal id="Sig" name="go"/>',
        ),
      );
      expect(problemFor(error, 'cx').elementType).toBe('bpmn:ComplexGateway');
      expect(problemFor(error, 'noType').elementType).toBe('bpmn:ServiceTask');
      expect(problemFor(error, 'sigEnd').elementType).toBe('bpmn:EndEvent');
      expect(error.params.count).toBe(error.problems.length);
    });

    itRefusals('given a process using only covered elements, then it deploys (the refusals are not blanket)', async () => {
      const result = await deployXml(
        engine,
        bpmn(
          'dep-covered',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'route')}
    <bpmn:exclusiveGateway id="route" default="toTask"/>
    ${flow('toTask', 'route', 'work')}
    ${flow('toEnd', 'route', 'end', '=skip = true')}
    <bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="work" retries="3"/></bpmn:extensionElements></bpmn:serviceTask>
    ${flow('f2', 'work', 'review')}
    <bpmn:userTask id="review"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition assignee="=owner"/></bpmn:extensionElements></bpmn:userTask>
    ${flow('f3', 'review', 'wait')}
    <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    ${flow('f4', 'wait', 'end')}
    <bpmn:endEvent id="end"/>`,
        ),
      );
      expect(result.processes.map((p) => [p.processDefinitionId, p.processDefinitionVersion])).toEqual([['dep-covered', 1]]);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('a refused deployment stores nothing', () => {
    it('given version 1 deployed, when a broken version 2 is refused, then version 1 stays the latest and the one that starts', async () => {
      await deployXml(engine, simple('dep-keep'));
      await rejection(
        engine,
        bpmn(
          'dep-keep',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'cx')}
    <bpmn:complexGateway id="cx"/>
    ${flow('f2', 'cx', 'end')}
    <bpmn:endEvent id="end"/>`,
        ),
      );

      const defs = await definitionsOf(engine, 'dep-keep');
      expect(defs.map((d) => d.version)).toEqual([1]);
      const started = await engine.createProcessInstance({ processDefinitionId: 'dep-keep' });
      expect(started.processDefinitionVersion).toBe(1);
    });

    it('given a file holding a valid and an invalid process, when it is refused, then neither process can be started', async () => {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="defs_two" targetNamespace="http://oficio.test">
  <bpmn:process id="dep-good" isExecutable="true">
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'end')}
    <bpmn:endEvent id="end"/>
  </bpmn:process>
  <bpmn:process id="dep-bad" isExecutable="true">
    <bpmn:startEvent id="start2"/>
    ${flow('g1', 'start2', 'noType')}
    <bpmn:serviceTask id="noType"/>
    ${flow('g2', 'noType', 'end2')}
    <bpmn:endEvent id="end2"/>
  </bpmn:process>
</bpmn:definitions>`;
      const error = await rejection(engine, xml);
      expect(problemFor(error, 'noType').elementType).toBe('bpmn:ServiceTask');

      expect(await definitionsOf(engine, 'dep-good')).toEqual([]);
      expect(await definitionsOf(engine, 'dep-bad')).toEqual([]);
      const start = engine.createProcessInstance({ processDefinitionId: 'dep-good' });
      await expect(start).rejects.toBeInstanceOf(EngineError);
      await expect(start).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('versioning', () => {
    it('given a deployed process, when a changed XML with the same process id is deployed, then it becomes version 2 and new instances use it', async () => {
      const first = await deployXml(engine, simple('dep-versions', 'Done'), 'dep-versions.bpmn');
      const second = await deployXml(engine, simple('dep-versions', 'Finished'), 'dep-versions.bpmn');

      expect(first.processes[0]!.processDefinitionVersion).toBe(1);
      expect(second.processes[0]!.processDefinitionVersion).toBe(2);
      expect(second.processes[0]!.processDefinitionKey).not.toBe(first.processes[0]!.processDefinitionKey);

      const latest = await engine.createProcessInstance({ processDefinitionId: 'dep-versions' });
      expect(latest.processDefinitionVersion).toBe(2);
      expect(latest.processDefinitionKey).toBe(second.processes[0]!.processDefinitionKey);
      const pinned = await engine.createProcessInstance({ processDefinitionId: 'dep-versions', processDefinitionVersion: 1 });
      expect(pinned.processDefinitionKey).toBe(first.processes[0]!.processDefinitionKey);

      const { items: latestOnly } = await engine.searchProcessDefinitions({ filter: { processDefinitionId: 'dep-versions', isLatestVersion: true } });
      expect(latestOnly.map((d) => d.version)).toEqual([2]);
    });

    it('given a deployed process, when the identical XML is deployed again, then no new version is created and the existing key is answered', async () => {
      const xml = simple('dep-duplicate');
      const first = await deployXml(engine, xml, 'dep-duplicate.bpmn');
      const again = await deployXml(engine, xml, 'dep-duplicate.bpmn');

      expect(again.processes).toHaveLength(1);
      expect(again.processes[0]!.processDefinitionVersion).toBe(1);
      expect(again.processes[0]!.processDefinitionKey).toBe(first.processes[0]!.processDefinitionKey);
      expect((await definitionsOf(engine, 'dep-duplicate')).map((d) => d.version)).toEqual([1]);
    });

    it('given a deployment, then searchProcessDefinitions lists it and getProcessDefinitionXml answers the deployed XML unchanged', async () => {
      const xml = simple('dep-roundtrip', 'Round trip');
      const deployed = await deployXml(engine, xml, 'dep-roundtrip.bpmn');
      const result = deployed.processes[0]!;
      expect(result).toMatchObject({ processDefinitionId: 'dep-roundtrip', processDefinitionVersion: 1, resourceName: 'dep-roundtrip.bpmn' });
      expect(deployed.deployments.map((d) => d.processDefinition?.processDefinitionKey)).toEqual([result.processDefinitionKey]);

      const [definition, ...others] = await definitionsOf(engine, 'dep-roundtrip');
      expect(others).toEqual([]);
      expect(definition).toMatchObject({
        processDefinitionId: 'dep-roundtrip',
        processDefinitionKey: result.processDefinitionKey,
        version: 1,
        resourceName: 'dep-roundtrip.bpmn',
        name: 'dep-roundtrip',
      });

      expect(await engine.getProcessDefinitionXml({ processDefinitionKey: result.processDefinitionKey })).toBe(xml);
    });
  });
}
