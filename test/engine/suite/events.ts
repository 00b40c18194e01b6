// Event scenarios for an engine with Zeebe (Camunda 8) semantics: start, end, intermediate and
// boundary events, and the event-based gateway. Driven entirely through the engine port and the
// manual clock, so the same suite can run against any engine the harness builds.
import { eachHarness, bpmn, deployXml, rootVariables, instanceState, itWhen, START, EMBEDDED_TRAITS, type EngineHarness, type EngineTraits } from '../harness.js';
import { waitFor } from '../../support/wait-for.js';
import type { ElementInstanceResult, ElementInstanceState, EnginePort, IncidentResult, Job, JobActionReceipt, ProcessInstanceResult } from '../../../server/engine/port.js';

// ---------------------------------------------------------------------------------------------
// Local helpers (kept here rather than in harness.ts, which other suites append to).

const DAY = 86_400_000;

/** The element instances of an instance (the process itself left out), in creation order. */
async function elements(engine: EnginePort, processInstanceKey: string, elementId?: string): Promise<ElementInstanceResult[]> {
  const { items } = await engine.searchElementInstances({
    filter: { processInstanceKey, ...(elementId ? { elementId } : {}) },
    sort: [{ field: 'elementInstanceKey', order: 'ASC' }],
    page: { limit: 1000 },
  });
  return items.filter((i) => i.type !== 'PROCESS').sort((a, b) => (BigInt(a.elementInstanceKey) < BigInt(b.elementInstanceKey) ? -1 : 1));
}

/** The states of every instance of one element, in creation order ([] when it never ran). */
async function statesOf(engine: EnginePort, processInstanceKey: string, elementId: string): Promise<ElementInstanceState[]> {
  return (await elements(engine, processInstanceKey, elementId)).map((i) => i.state);
}

/** The process instances of one process id (optionally one version), oldest first. */
async function instancesOf(engine: EnginePort, processDefinitionId: string, processDefinitionVersion?: number): Promise<ProcessInstanceResult[]> {
  const { items } = await engine.searchProcessInstances({
    filter: { processDefinitionId, ...(processDefinitionVersion !== undefined ? { processDefinitionVersion } : {}) },
    sort: [{ field: 'processInstanceKey', order: 'ASC' }],
    page: { limit: 1000 },
  });
  return items;
}

async function incidentsOf(engine: EnginePort, processInstanceKey: string, state?: 'ACTIVE' | 'RESOLVED'): Promise<IncidentResult[]> {
  const { items } = await engine.searchIncidents({
    filter: { processInstanceKey, ...(state ? { state } : {}) },
    sort: [{ field: 'incidentKey', order: 'ASC' }],
    page: { limit: 100 },
  });
  return items;
}

/** The key of the open user task of an element in an instance. */
async function openUserTask(engine: EnginePort, processInstanceKey: string, elementId: string): Promise<string> {
  const { items } = await engine.searchUserTasks({ filter: { processInstanceKey, elementId, state: 'CREATED' } });
  if (items.length !== 1 || !items[0]!.userTaskKey) throw new Error(`expected one open user task '${elementId}', found ${items.length}`);
  return items[0]!.userTaskKey;
}

function worker(engine: EnginePort, jobType: string, jobHandler: (job: Job) => Promise<JobActionReceipt>) {
  return engine.createJobWorker({ jobType, jobHandler, maxParallelJobs: 4, jobTimeoutMs: DAY, pollIntervalMs: 10, workerName: `test-${jobType}` });
}

const userTask = (id: string) => `<bpmn:userTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>`;
const serviceTask = (id: string, type: string) =>
  `<bpmn:serviceTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="3"/></bpmn:extensionElements></bpmn:serviceTask>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;
const message = (id: string, name: string, correlationKey?: string) =>
  correlationKey === undefined
    ? `<bpmn:message id="${id}" name="${name}"/>`
    : `<bpmn:message id="${id}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${correlationKey}"/></bpmn:extensionElements></bpmn:message>`;
const timer = (kind: 'timeDate' | 'timeCycle' | 'timeDuration', value: string) =>
  `<bpmn:timerEventDefinition><bpmn:${kind} xsi:type="bpmn:tFormalExpression">${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;

const at = (offsetMs: number) => Date.parse(START) + offsetMs;
const HOUR = 3_600_000;
const startTimes = (instances: ProcessInstanceResult[]) => instances.map((i) => Date.parse(i.startDate));

// ---------------------------------------------------------------------------------------------

export function eventScenarios(make: () => Promise<EngineHarness>, traits: EngineTraits = EMBEDDED_TRAITS) {
  const itClock = itWhen(traits.manualClock);
  let engine: EngineHarness['engine'];
  let clock: EngineHarness['clock'];

  eachHarness(make, (ready) => {
    engine = ready.engine;
    clock = ready.clock;
  });

  // -------------------------------------------------------------------------------------------
  describe('start events', () => {
    it('given a none start event, when an instance is created with variables, then it runs start to end and keeps the variables at root', async () => {
      await deployXml(
        engine,
        bpmn(
          'ev-none-start',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'end')}
    <bpmn:endEvent id="end"/>`,
        ),
      );

      const created = await engine.createProcessInstance({ processDefinitionId: 'ev-none-start', variables: { orderId: 'o-1', amount: 42 } });

      expect(created.processDefinitionVersion).toBe(1);
      expect(await instanceState(engine, created.processInstanceKey)).toBe('COMPLETED');
      const ran = await elements(engine, created.processInstanceKey);
      expect(ran.map((e) => [e.elementId, e.type, e.state])).toEqual([
        ['start', 'START_EVENT', 'COMPLETED'],
        ['end', 'END_EVENT', 'COMPLETED'],
      ]);
      expect(await rootVariables(engine, created.processInstanceKey)).toEqual({ orderId: 'o-1', amount: 42 });
    });

    describe('timer start events', () => {
      itClock('given a timer start with a timeDate, when the clock passes that date, then exactly one instance starts at that date', async () => {
        await deployXml(
          engine,
          bpmn(
            'ev-timer-date',
            `
    <bpmn:startEvent id="start">${timer('timeDate', '2026-01-05T12:00:00Z')}</bpmn:startEvent>
    ${flow('f1', 'start', 'end')}
    <bpmn:endEvent id="end"/>`,
          ),
        );

        await clock.advanceTo('2026-01-05T11:59:59Z');
        expect(await instancesOf(engine, 'ev-timer-date')).toHaveLength(0);

        await clock.advance('PT1S');
        const started = await instancesOf(engine, 'ev-timer-date');
        expect(started).toHaveLength(1);
        expect(Date.parse(started[0]!.startDate)).toBe(Date.parse('2026-01-05T12:00:00Z'));
        expect(started[0]!.state).toBe('COMPLETED');
        expect(await statesOf(engine, started[0]!.processInstanceKey, 'start')).toEqual(['COMPLETED']);

        await clock.advance('P7D');
        expect(await instancesOf(engine, 'ev-timer-date')).toHaveLength(1);
      });

      itClock('given a timer start with cycle R3/PT1H, when 5 hours pass, then exactly 3 instances started, one per hour', async () => {
        await deployXml(
          engine,
          bpmn(
            'ev-timer-r3',
            `
    <bpmn:startEvent id="start">${timer('timeCycle', 'R3/PT1H')}</bpmn:startEvent>
    ${flow('f1', 'start', 'end')}
    <bpmn:endEvent id="end"/>`,
          ),
        );

        await clock.advance('PT59M');
        expect(await instancesOf(engine, 'ev-timer-r3')).toHaveLength(0);
        await clock.advance('PT1M');
        expect(await instancesOf(engine, 'ev-timer-r3')).toHaveLength(1);

        await clock.advance('PT4H');
        const started = await instancesOf(engine, 'ev-timer-r3');
        expect(started).toHaveLength(3);
        expect(startTimes(started).sort((a, b) => a - b)).toEqual([at(HOUR), at(2 * HOUR), at(3 * HOUR)]);
        expect(started.every((i) => i.state === 'COMPLETED')).toBe(true);

        await clock.advance('P1D');
        expect(await instancesOf(engine, 'ev-timer-r3')).toHaveLength(3);
      });

      itClock('given a timer start with the unbounded cycle R/P1W, when weeks pass, then one instance starts per week', async () => {
        await deployXml(
          engine,
          bpmn(
            'ev-timer-weekly',
            `
    <bpmn:startEvent id="start">${timer('timeCycle', 'R/P1W')}</bpmn:startEvent>
    ${flow('f1', 'start', 'end')}
    <bpmn:endEvent id="end"/>`,
          ),
        );

        await clock.advance('P6D');
        expect(await instancesOf(engine, 'ev-timer-weekly')).toHaveLength(0);
        await clock.advance('P1D');
        expect(await instancesOf(engine, 'ev-timer-weekly')).toHaveLength(1);
        await clock.advance('P3W');
        const started = await instancesOf(engine, 'ev-timer-weekly');
        expect(started).toHaveLength(4);
        expect(startTimes(started).sort((a, b) => a - b)).toEqual([at(7 * DAY), at(14 * DAY), at(21 * DAY), at(28 * DAY)]);
        await clock.advance('P6D');
        expect(await instancesOf(engine, 'ev-timer-weekly')).toHaveLength(4);
      });

      itClock('given a timer start with a timeDuration PT2H, when time passes, then one instance starts two hours after deployment and no more', async () => {
        await deployXml(
          engine,
          bpmn(
            'ev-timer-duration',
            `
    <bpmn:startEvent id="start">${timer('timeDuration', 'PT2H')}</bpmn:startEvent>
    ${flow('f1', 'start', 'end')}
    <bpmn:endEvent id="end"/>`,
          ),
        );

        await clock.advance('PT1H59M');
        expect(await instancesOf(engine, 'ev-timer-duration')).toHaveLength(0);
        await clock.advance('PT1M');
        const started = await instancesOf(engine, 'ev-timer-duration');
        expect(started).toHaveLength(1);
        expect(Date.parse(started[0]!.startDate)).toBe(at(2 * HOUR));
        await clock.advance('P2D');
        expect(await instancesOf(engine, 'ev-timer-duration')).toHaveLength(1);
      });

      itClock('given a timer start cycle in version 1, when version 2 is deployed, then only version 2 keeps starting instances', async () => {
        const v1 = bpmn(
          'ev-timer-redeploy',
          `
    <bpmn:startEvent id="start" name="hourly v1">${timer('timeCycle', 'R/PT1H')}</bpmn:startEvent>
    ${flow('f1', 'start', 'end')}
    <bpmn:endEvent id="end"/>`,
        );
        const v2 = bpmn(
          'ev-timer-redeploy',
          `
    <bpmn:startEvent id="start" name="hourly v2">${timer('timeCycle', 'R/PT1H')}</bpmn:startEvent>
    ${flow('f1', 'start', 'end2')}
    <bpmn:endEvent id="end2"/>`,
        );
        await deployXml(engine, v1);
        await clock.advance('PT1H');
        expect(await instancesOf(engine, 'ev-timer-redeploy', 1)).toHaveLength(1);

        const deployed = await deployXml(engine, v2);
        expect(deployed.processes[0]!.processDefinitionVersion).toBe(2);
        await clock.advance('PT3H');

        expect(await instancesOf(engine, 'ev-timer-redeploy', 1)).toHaveLength(1);
        const fromV2 = await instancesOf(engine, 'ev-timer-redeploy', 2);
        expect(fromV2).toHaveLength(3);
        expect(await statesOf(engine, fromV2[0]!.processInstanceKey, 'end2')).toEqual(['COMPLETED']);
      });
    });

    describe('message start events', () => {
      const messageStart = (processId: string, endId = 'end') =>
        bpmn(
          processId,
          `
    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="Msg_received"/></bpmn:startEvent>
    ${flow('f1', 'start', 'review')}
    ${userTask('review')}
    ${flow('f2', 'review', endId)}
    <bpmn:endEvent id="${endId}"/>`,
          message('Msg_received', 'order-received'),
        );

      it('given a message start event, when the message is published, then an instance starts with the message variables at root', async () => {
        await deployXml(engine, messageStart('ev-msg-start'));
        expect(await instancesOf(engine, 'ev-msg-start')).toHaveLength(0);

        await engine.publishMessage({ name: 'order-received', correlationKey: '', variables: { orderId: 'o-7', total: 99.5 } });

        const started = await instancesOf(engine, 'ev-msg-start');
        expect(started).toHaveLength(1);
        const key = started[0]!.processInstanceKey;
        expect(await statesOf(engine, key, 'start')).toEqual(['COMPLETED']);
        expect(await statesOf(engine, key, 'review')).toEqual(['ACTIVE']);
        expect(await rootVariables(engine, key)).toEqual({ orderId: 'o-7', total: 99.5 });
      });

      it('given a message with an unrelated name, when it is published, then no instance starts', async () => {
        await deployXml(engine, messageStart('ev-msg-start-other'));
        await engine.publishMessage({ name: 'order-cancelled', correlationKey: '', variables: { orderId: 'o-7' } });
        expect(await instancesOf(engine, 'ev-msg-start-other')).toHaveLength(0);
      });

      it('given version 2 of a message-started process, when the message is published, then only version 2 starts', async () => {
        await deployXml(engine, messageStart('ev-msg-start-v'));
        const second = await deployXml(engine, messageStart('ev-msg-start-v', 'end-v2'));
        expect(second.processes[0]!.processDefinitionVersion).toBe(2);

        await engine.publishMessage({ name: 'order-received', correlationKey: '' });

        const all = await instancesOf(engine, 'ev-msg-start-v');
        expect(all).toHaveLength(1);
        expect(all[0]!.processDefinitionVersion).toBe(2);
      });

      itClock(
        'given a message published with a messageId and a TTL, when the same messageId is published again within the TTL, then it is rejected and no second instance starts; after the TTL it is accepted',
        async () => {
          await deployXml(engine, messageStart('ev-msg-start-dedupe'));
          const publish = () => engine.publishMessage({ name: 'order-received', correlationKey: '', messageId: 'm-1', timeToLive: 60_000, variables: { n: 1 } });

          await publish();
          expect(await instancesOf(engine, 'ev-msg-start-dedupe')).toHaveLength(1);

          await expect(publish()).rejects.toMatchObject({ code: 'CONFLICT' });
          expect(await instancesOf(engine, 'ev-msg-start-dedupe')).toHaveLength(1);

          await clock.advance('PT5M');
          await publish();
          expect(await instancesOf(engine, 'ev-msg-start-dedupe')).toHaveLength(2);
        },
      );
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('end events', () => {
    it('given a terminate end event reached on one parallel branch, then the other branch is terminated and the instance completes', async () => {
      await deployXml(
        engine,
        bpmn(
          'ev-terminate',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'fork')}
    <bpmn:parallelGateway id="fork"/>
    ${flow('f2', 'fork', 'taskA')}
    ${flow('f3', 'fork', 'taskB')}
    ${userTask('taskA')}
    ${userTask('taskB')}
    ${flow('f4', 'taskA', 'terminate')}
    <bpmn:endEvent id="terminate"><bpmn:terminateEventDefinition/></bpmn:endEvent>
    ${flow('f5', 'taskB', 'endB')}
    <bpmn:endEvent id="endB"/>`,
        ),
      );
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-terminate' });
      expect(await statesOf(engine, key, 'taskB')).toEqual(['ACTIVE']);

      await engine.completeUserTask({ userTaskKey: await openUserTask(engine, key, 'taskA') });

      expect(await instanceState(engine, key)).toBe('COMPLETED');
      expect(await statesOf(engine, key, 'terminate')).toEqual(['COMPLETED']);
      expect(await statesOf(engine, key, 'taskB')).toEqual(['TERMINATED']);
      expect(await statesOf(engine, key, 'endB')).toEqual([]);
      const { items: tasks } = await engine.searchUserTasks({ filter: { processInstanceKey: key, elementId: 'taskB' } });
      expect(tasks.map((t) => t.state)).toEqual(['CANCELED']);
    });

    it('given a terminate end event inside a sub-process, then only the sub-process ends and the flow continues after it', async () => {
      await deployXml(
        engine,
        bpmn(
          'ev-terminate-sub',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'sub')}
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="subStart"/>
      ${flow('s1', 'subStart', 'fork')}
      <bpmn:parallelGateway id="fork"/>
      ${flow('s2', 'fork', 'taskA')}
      ${flow('s3', 'fork', 'taskB')}
      ${userTask('taskA')}
      ${userTask('taskB')}
      ${flow('s4', 'taskA', 'terminate')}
      <bpmn:endEvent id="terminate"><bpmn:terminateEventDefinition/></bpmn:endEvent>
      ${flow('s5', 'taskB', 'subEnd')}
      <bpmn:endEvent id="subEnd"/>
    </bpmn:subProcess>
    ${flow('f2', 'sub', 'after')}
    ${userTask('after')}
    ${flow('f3', 'after', 'end')}
    <bpmn:endEvent id="end"/>`,
        ),
      );
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-terminate-sub' });

      await engine.completeUserTask({ userTaskKey: await openUserTask(engine, key, 'taskA') });

      expect(await instanceState(engine, key)).toBe('ACTIVE');
      const [sub] = await elements(engine, key, 'sub');
      expect(sub!.state).toBe('COMPLETED');
      const [taskB] = await elements(engine, key, 'taskB');
      expect(taskB!.state).toBe('TERMINATED');
      expect(taskB!.flowScopeKey).toBe(sub!.elementInstanceKey);
      expect(await statesOf(engine, key, 'after')).toEqual(['ACTIVE']);

      await engine.completeUserTask({ userTaskKey: await openUserTask(engine, key, 'after') });
      expect(await instanceState(engine, key)).toBe('COMPLETED');
    });

    const errorInSub = (processId: string, boundaryDefinition: string) =>
      bpmn(
        processId,
        `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'sub')}
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="subStart"/>
      ${flow('s1', 'subStart', 'fail')}
      <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="Err_rejected"/></bpmn:endEvent>
    </bpmn:subProcess>
    ${flow('f2', 'sub', 'end')}
    <bpmn:endEvent id="end"/>
    <bpmn:boundaryEvent id="caught" attachedToRef="sub">${boundaryDefinition}</bpmn:boundaryEvent>
    ${flow('f3', 'caught', 'handled')}
    <bpmn:endEvent id="handled"/>`,
        `<bpmn:error id="Err_rejected" name="Rejected" errorCode="REJECTED"/>
  <bpmn:error id="Err_other" name="Other" errorCode="OTHER"/>`,
      );

    it('given an error end event in a sub-process, when it is reached, then the error boundary with that errorCode catches it and the sub-process is terminated', async () => {
      await deployXml(engine, errorInSub('ev-error-end', '<bpmn:errorEventDefinition errorRef="Err_rejected"/>'));
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-error-end' });

      expect(await instanceState(engine, key)).toBe('COMPLETED');
      expect(await statesOf(engine, key, 'sub')).toEqual(['TERMINATED']);
      expect(await statesOf(engine, key, 'caught')).toEqual(['COMPLETED']);
      expect(await statesOf(engine, key, 'handled')).toEqual(['COMPLETED']);
      expect(await statesOf(engine, key, 'end')).toEqual([]);
      expect(await incidentsOf(engine, key)).toEqual([]);
    });

    it('given an error boundary without errorRef (catch-all), when an error end event is reached inside, then it catches the error', async () => {
      await deployXml(engine, errorInSub('ev-error-catch-all', '<bpmn:errorEventDefinition/>'));
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-error-catch-all' });

      expect(await instanceState(engine, key)).toBe('COMPLETED');
      expect(await statesOf(engine, key, 'caught')).toEqual(['COMPLETED']);
      expect(await statesOf(engine, key, 'handled')).toEqual(['COMPLETED']);
    });

    it('given an error end event that no boundary catches, then an UNHANDLED_ERROR_EVENT incident is raised and the instance stays active', async () => {
      await deployXml(engine, errorInSub('ev-error-uncaught', '<bpmn:errorEventDefinition errorRef="Err_other"/>'));
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-error-uncaught' });

      const instance = await engine.getProcessInstance({ processInstanceKey: key });
      expect(instance.state).toBe('ACTIVE');
      expect(instance.hasIncident).toBe(true);
      const incidents = await incidentsOf(engine, key, 'ACTIVE');
      expect(incidents).toHaveLength(1);
      expect(incidents[0]!.errorType).toBe('UNHANDLED_ERROR_EVENT');
      expect(incidents[0]!.elementId).toBe('fail');
      expect(incidents[0]!.errorMessage).toContain('REJECTED');
      expect(await statesOf(engine, key, 'caught')).toEqual([]);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('intermediate timer catch events', () => {
    const waitProcess = (processId: string, definition: string) =>
      bpmn(
        processId,
        `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'wait')}
    <bpmn:intermediateCatchEvent id="wait">${definition}</bpmn:intermediateCatchEvent>
    ${flow('f2', 'wait', 'end')}
    <bpmn:endEvent id="end"/>`,
      );

    itClock('given a timer catch with duration PT10M, then the instance waits exactly ten minutes', async () => {
      await deployXml(engine, waitProcess('ev-wait-duration', timer('timeDuration', 'PT10M')));
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-wait-duration' });
      expect(await statesOf(engine, key, 'wait')).toEqual(['ACTIVE']);
      const [waiting] = await elements(engine, key, 'wait');
      expect(waiting!.type).toBe('INTERMEDIATE_CATCH_EVENT');

      await clock.advance('PT9M59S');
      expect(await instanceState(engine, key)).toBe('ACTIVE');
      await clock.advance('PT1S');
      expect(await instanceState(engine, key)).toBe('COMPLETED');
      expect(await statesOf(engine, key, 'wait')).toEqual(['COMPLETED']);
    });

    itClock('given a timer catch with a fixed timeDate, then the instance waits until that date', async () => {
      await deployXml(engine, waitProcess('ev-wait-date', timer('timeDate', '2026-01-06T12:00:00Z')));
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-wait-date' });

      await clock.advanceTo('2026-01-06T11:59:00Z');
      expect(await instanceState(engine, key)).toBe('ACTIVE');
      await clock.advanceTo('2026-01-06T12:00:00Z');
      expect(await instanceState(engine, key)).toBe('COMPLETED');
    });

    itClock('given a timer catch with the date expression =dueDate, then each instance waits until its own dueDate variable', async () => {
      await deployXml(engine, waitProcess('ev-wait-expr', timer('timeDate', '=dueDate')));
      const early = await engine.createProcessInstance({ processDefinitionId: 'ev-wait-expr', variables: { dueDate: '2026-01-05T10:00:00Z' } });
      const late = await engine.createProcessInstance({ processDefinitionId: 'ev-wait-expr', variables: { dueDate: '2026-01-07T09:00:00Z' } });

      await clock.advanceTo('2026-01-05T10:00:00Z');
      expect(await instanceState(engine, early.processInstanceKey)).toBe('COMPLETED');
      expect(await instanceState(engine, late.processInstanceKey)).toBe('ACTIVE');

      await clock.advanceTo('2026-01-07T08:59:59Z');
      expect(await instanceState(engine, late.processInstanceKey)).toBe('ACTIVE');
      await clock.advance('PT1S');
      expect(await instanceState(engine, late.processInstanceKey)).toBe('COMPLETED');
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('intermediate message catch events', () => {
    const paymentProcess = (processId: string) =>
      bpmn(
        processId,
        `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'awaitPayment')}
    <bpmn:intermediateCatchEvent id="awaitPayment"><bpmn:messageEventDefinition messageRef="Msg_paid"/></bpmn:intermediateCatchEvent>
    ${flow('f2', 'awaitPayment', 'end')}
    <bpmn:endEvent id="end"/>`,
        message('Msg_paid', 'payment-received', '=orderId'),
      );

    it('given an instance waiting at a message catch with correlationKey =orderId, when the matching message is published, then it continues and the message variables land at root', async () => {
      await deployXml(engine, paymentProcess('ev-msg-catch'));
      const mine = await engine.createProcessInstance({ processDefinitionId: 'ev-msg-catch', variables: { orderId: 'o-1' } });
      const other = await engine.createProcessInstance({ processDefinitionId: 'ev-msg-catch', variables: { orderId: 'o-2' } });
      expect(await statesOf(engine, mine.processInstanceKey, 'awaitPayment')).toEqual(['ACTIVE']);

      await engine.publishMessage({ name: 'payment-received', correlationKey: 'o-1', variables: { paidAmount: 120, method: 'card' } });

      expect(await instanceState(engine, mine.processInstanceKey)).toBe('COMPLETED');
      expect(await rootVariables(engine, mine.processInstanceKey)).toEqual({ orderId: 'o-1', paidAmount: 120, method: 'card' });
      expect(await instanceState(engine, other.processInstanceKey)).toBe('ACTIVE');
      expect(await rootVariables(engine, other.processInstanceKey)).toEqual({ orderId: 'o-2' });
    });

    it('given a message published with a TTL before the instance reaches the catch event, then it is correlated on arrival', async () => {
      await deployXml(engine, paymentProcess('ev-msg-buffered'));
      await engine.publishMessage({ name: 'payment-received', correlationKey: 'o-1', timeToLive: 60_000, variables: { paidAmount: 5 } });

      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-msg-buffered', variables: { orderId: 'o-1' } });

      expect(await instanceState(engine, key)).toBe('COMPLETED');
      expect(await statesOf(engine, key, 'awaitPayment')).toEqual(['COMPLETED']);
      expect((await rootVariables(engine, key)).paidAmount).toBe(5);
    });

    itClock('given a buffered message whose TTL has expired, when an instance reaches the catch event, then it is not correlated', async () => {
      await deployXml(engine, paymentProcess('ev-msg-expired'));
      await engine.publishMessage({ name: 'payment-received', correlationKey: 'o-1', timeToLive: 60_000 });
      await clock.advance('PT5M');

      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-msg-expired', variables: { orderId: 'o-1' } });

      expect(await statesOf(engine, key, 'awaitPayment')).toEqual(['ACTIVE']);
    });

    it('given a message published with TTL 0 before the instance waits, then it is lost; a later publication is correlated', async () => {
      await deployXml(engine, paymentProcess('ev-msg-ttl0'));
      await engine.publishMessage({ name: 'payment-received', correlationKey: 'o-1', timeToLive: 0, variables: { attempt: 1 } });

      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-msg-ttl0', variables: { orderId: 'o-1' } });
      expect(await statesOf(engine, key, 'awaitPayment')).toEqual(['ACTIVE']);

      await engine.publishMessage({ name: 'payment-received', correlationKey: 'o-1', timeToLive: 0, variables: { attempt: 2 } });
      expect(await instanceState(engine, key)).toBe('COMPLETED');
      expect((await rootVariables(engine, key)).attempt).toBe(2);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('boundary events', () => {
    itClock('given an interrupting timer boundary on a service task, when it fires, then the task is terminated, the timer path runs and the job can no longer be completed', async () => {
      await deployXml(
        engine,
        bpmn(
          'ev-boundary-timer',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'charge')}
    ${serviceTask('charge', 'ev-charge')}
    ${flow('f2', 'charge', 'end')}
    <bpmn:endEvent id="end"/>
    <bpmn:boundaryEvent id="timeout" attachedToRef="charge">${timer('timeDuration', 'PT1H')}</bpmn:boundaryEvent>
    ${flow('f3', 'timeout', 'timedOut')}
    <bpmn:endEvent id="timedOut"/>`,
        ),
      );
      const seen: Job[] = [];
      worker(engine, 'ev-charge', async (job) => {
        seen.push(job);
        return job.ignore();
      });
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-boundary-timer' });
      await waitFor(() => seen.length === 1, 5000, 'the charge job to be activated');
      await engine.idle();

      await clock.advance('PT1H');

      expect(await statesOf(engine, key, 'charge')).toEqual(['TERMINATED']);
      expect(await statesOf(engine, key, 'timeout')).toEqual(['COMPLETED']);
      expect(await statesOf(engine, key, 'timedOut')).toEqual(['COMPLETED']);
      expect(await statesOf(engine, key, 'end')).toEqual([]);
      expect(await instanceState(engine, key)).toBe('COMPLETED');
      const [boundary] = await elements(engine, key, 'timeout');
      expect(boundary!.type).toBe('BOUNDARY_EVENT');

      await expect(seen[0]!.complete({ late: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await rootVariables(engine, key)).toEqual({});
      expect(seen).toHaveLength(1);
    });

    itClock('given a non-interrupting timer boundary with cycle R2/PT1H on a user task, then it escalates twice and the task stays active', async () => {
      await deployXml(
        engine,
        bpmn(
          'ev-boundary-cycle',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'approve')}
    ${userTask('approve')}
    ${flow('f2', 'approve', 'end')}
    <bpmn:endEvent id="end"/>
    <bpmn:boundaryEvent id="remind" attachedToRef="approve" cancelActivity="false">${timer('timeCycle', 'R2/PT1H')}</bpmn:boundaryEvent>
    ${flow('f3', 'remind', 'escalated')}
    <bpmn:endEvent id="escalated"/>`,
        ),
      );
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-boundary-cycle' });

      await clock.advance('PT1H');
      expect(await statesOf(engine, key, 'escalated')).toEqual(['COMPLETED']);

      await clock.advance('PT4H');
      expect(await statesOf(engine, key, 'remind')).toEqual(['COMPLETED', 'COMPLETED']);
      expect(await statesOf(engine, key, 'escalated')).toEqual(['COMPLETED', 'COMPLETED']);
      expect(await statesOf(engine, key, 'approve')).toEqual(['ACTIVE']);
      expect(await instanceState(engine, key)).toBe('ACTIVE');

      await engine.completeUserTask({ userTaskKey: await openUserTask(engine, key, 'approve') });
      expect(await instanceState(engine, key)).toBe('COMPLETED');
      expect(await statesOf(engine, key, 'end')).toEqual(['COMPLETED']);
    });

    const errorBoundaryProcess = (processId: string) =>
      bpmn(
        processId,
        `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'lookup')}
    ${serviceTask('lookup', `${processId}-lookup`)}
    ${flow('f2', 'lookup', 'end')}
    <bpmn:endEvent id="end"/>
    <bpmn:boundaryEvent id="notFound" attachedToRef="lookup"><bpmn:errorEventDefinition errorRef="Err_notFound"/></bpmn:boundaryEvent>
    ${flow('f3', 'notFound', 'handled')}
    <bpmn:endEvent id="handled"/>`,
        '<bpmn:error id="Err_notFound" name="Not found" errorCode="NOT_FOUND"/>',
      );

    it('given an error boundary on a service task, when the worker throws that errorCode with variables, then the boundary path runs with the variables', async () => {
      await deployXml(engine, errorBoundaryProcess('ev-boundary-error'));
      worker(engine, 'ev-boundary-error-lookup', (job) => job.error({ errorCode: 'NOT_FOUND', errorMessage: 'no such customer', variables: { reason: 'customer unknown' } }));
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-boundary-error', variables: { customerId: 'c-9' } });

      await waitFor(async () => (await instanceState(engine, key)) === 'COMPLETED', 5000, 'the instance to complete');
      expect(await statesOf(engine, key, 'lookup')).toEqual(['TERMINATED']);
      expect(await statesOf(engine, key, 'notFound')).toEqual(['COMPLETED']);
      expect(await statesOf(engine, key, 'handled')).toEqual(['COMPLETED']);
      expect(await statesOf(engine, key, 'end')).toEqual([]);
      expect(await rootVariables(engine, key)).toEqual({ customerId: 'c-9', reason: 'customer unknown' });
    });

    it('given an error boundary on a service task, when the worker throws a different errorCode, then an UNHANDLED_ERROR_EVENT incident is raised on the task', async () => {
      await deployXml(engine, errorBoundaryProcess('ev-boundary-error-miss'));
      worker(engine, 'ev-boundary-error-miss-lookup', (job) => job.error({ errorCode: 'TIMEOUT', errorMessage: 'backend slow' }));
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-boundary-error-miss' });

      const [incident] = await waitFor(
        async () => {
          const found = await incidentsOf(engine, key, 'ACTIVE');
          return found.length ? found : undefined;
        },
        5000,
        'an incident',
      );
      expect(incident!.errorType).toBe('UNHANDLED_ERROR_EVENT');
      expect(incident!.elementId).toBe('lookup');
      expect(incident!.errorMessage).toContain('TIMEOUT');
      const instance = await engine.getProcessInstance({ processInstanceKey: key });
      expect(instance.state).toBe('ACTIVE');
      expect(instance.hasIncident).toBe(true);
      const [lookup] = await elements(engine, key, 'lookup');
      expect(lookup!.state).toBe('ACTIVE');
      expect(lookup!.hasIncident).toBe(true);
      expect(lookup!.incidentKey).toBe(incident!.incidentKey);
      expect(await statesOf(engine, key, 'notFound')).toEqual([]);
    });

    it('given an interrupting message boundary on a user task, when the message arrives, then the task is cancelled and the message path runs', async () => {
      await deployXml(
        engine,
        bpmn(
          'ev-boundary-msg',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'pack')}
    ${userTask('pack')}
    ${flow('f2', 'pack', 'end')}
    <bpmn:endEvent id="end"/>
    <bpmn:boundaryEvent id="cancelled" attachedToRef="pack"><bpmn:messageEventDefinition messageRef="Msg_cancel"/></bpmn:boundaryEvent>
    ${flow('f3', 'cancelled', 'refund')}
    <bpmn:endEvent id="refund"/>`,
          message('Msg_cancel', 'order-cancelled', '=orderId'),
        ),
      );
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-boundary-msg', variables: { orderId: 'o-3' } });

      await engine.publishMessage({ name: 'order-cancelled', correlationKey: 'o-3', variables: { cancelReason: 'customer' } });

      expect(await instanceState(engine, key)).toBe('COMPLETED');
      expect(await statesOf(engine, key, 'pack')).toEqual(['TERMINATED']);
      expect(await statesOf(engine, key, 'refund')).toEqual(['COMPLETED']);
      expect(await statesOf(engine, key, 'end')).toEqual([]);
      expect((await rootVariables(engine, key)).cancelReason).toBe('customer');
      const { items } = await engine.searchUserTasks({ filter: { processInstanceKey: key, elementId: 'pack' } });
      expect(items.map((t) => t.state)).toEqual(['CANCELED']);
    });

    it('given a non-interrupting message boundary on a user task, when two messages arrive, then the message path runs twice and the task stays open', async () => {
      await deployXml(
        engine,
        bpmn(
          'ev-boundary-msg-ni',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'pack')}
    ${userTask('pack')}
    ${flow('f2', 'pack', 'end')}
    <bpmn:endEvent id="end"/>
    <bpmn:boundaryEvent id="asked" attachedToRef="pack" cancelActivity="false"><bpmn:messageEventDefinition messageRef="Msg_status"/></bpmn:boundaryEvent>
    ${flow('f3', 'asked', 'answered')}
    <bpmn:endEvent id="answered"/>`,
          message('Msg_status', 'status-requested', '=orderId'),
        ),
      );
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-boundary-msg-ni', variables: { orderId: 'o-4' } });

      await engine.publishMessage({ name: 'status-requested', correlationKey: 'o-4' });
      await engine.publishMessage({ name: 'status-requested', correlationKey: 'o-4' });

      expect(await statesOf(engine, key, 'answered')).toEqual(['COMPLETED', 'COMPLETED']);
      expect(await statesOf(engine, key, 'pack')).toEqual(['ACTIVE']);
      expect(await instanceState(engine, key)).toBe('ACTIVE');

      await engine.completeUserTask({ userTaskKey: await openUserTask(engine, key, 'pack') });
      expect(await instanceState(engine, key)).toBe('COMPLETED');
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('event-based gateway', () => {
    const raceProcess = (processId: string) =>
      bpmn(
        processId,
        `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'race')}
    <bpmn:eventBasedGateway id="race"/>
    ${flow('f2', 'race', 'paid')}
    ${flow('f3', 'race', 'deadline')}
    <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="Msg_paid"/></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="deadline">${timer('timeDuration', 'PT1H')}</bpmn:intermediateCatchEvent>
    ${flow('f4', 'paid', 'ship')}
    ${flow('f5', 'deadline', 'remind')}
    ${userTask('ship')}
    ${userTask('remind')}
    ${flow('f6', 'ship', 'end1')}
    ${flow('f7', 'remind', 'end2')}
    <bpmn:endEvent id="end1"/>
    <bpmn:endEvent id="end2"/>`,
        message('Msg_paid', 'payment-received', '=orderId'),
      );

    itClock('given an event-based gateway racing a message and a timer, when the message arrives first, then the message branch runs and the timer never fires', async () => {
      await deployXml(engine, raceProcess('ev-race-msg'));
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-race-msg', variables: { orderId: 'o-5' } });
      expect(await statesOf(engine, key, 'race')).toEqual(['ACTIVE']);

      await engine.publishMessage({ name: 'payment-received', correlationKey: 'o-5' });
      expect(await statesOf(engine, key, 'race')).toEqual(['COMPLETED']);
      expect(await statesOf(engine, key, 'paid')).toEqual(['COMPLETED']);
      expect(await statesOf(engine, key, 'ship')).toEqual(['ACTIVE']);

      await clock.advance('PT3H');
      expect(await statesOf(engine, key, 'deadline')).toEqual([]);
      expect(await statesOf(engine, key, 'remind')).toEqual([]);
      expect(await statesOf(engine, key, 'ship')).toEqual(['ACTIVE']);
    });

    itClock('given an event-based gateway racing a message and a timer, when the timer fires first, then the timer branch runs and a later message is not correlated', async () => {
      await deployXml(engine, raceProcess('ev-race-timer'));
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'ev-race-timer', variables: { orderId: 'o-6' } });

      await clock.advance('PT1H');
      expect(await statesOf(engine, key, 'deadline')).toEqual(['COMPLETED']);
      expect(await statesOf(engine, key, 'remind')).toEqual(['ACTIVE']);

      await engine.publishMessage({ name: 'payment-received', correlationKey: 'o-6', variables: { late: true } });
      expect(await statesOf(engine, key, 'paid')).toEqual([]);
      expect(await statesOf(engine, key, 'ship')).toEqual([]);
      expect(await rootVariables(engine, key)).toEqual({ orderId: 'o-6' });
      expect(await instanceState(engine, key)).toBe('ACTIVE');
    });
  });
}
