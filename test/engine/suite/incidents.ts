// Incident scenarios with Zeebe (Camunda 8) semantics: what raises an incident, what the instance
// looks like meanwhile (ACTIVE, hasIncident), and how resolving re-attempts the failed step.
import { eachHarness, bpmn, deployXml, instanceState, itWhen, rootVariables, EMBEDDED_TRAITS, type EngineHarness, type EngineTraits } from '../harness.js';
import { waitFor } from '../../support/wait-for.js';
import type { ElementInstanceResult, EnginePort, IncidentResult, Job, JobActionReceipt } from '../../../server/engine/port.js';

// ---------------------------------------------------------------------------------------------
// Local helpers

const DAY = 86_400_000;

async function elements(engine: EnginePort, processInstanceKey: string, elementId?: string): Promise<ElementInstanceResult[]> {
  const { items } = await engine.searchElementInstances({
    filter: { processInstanceKey, ...(elementId ? { elementId } : {}) },
    sort: [{ field: 'elementInstanceKey', order: 'ASC' }],
    page: { limit: 1000 },
  });
  return items.filter((i) => i.type !== 'PROCESS').sort((a, b) => (BigInt(a.elementInstanceKey) < BigInt(b.elementInstanceKey) ? -1 : 1));
}

async function statesOf(engine: EnginePort, processInstanceKey: string, elementId: string) {
  return (await elements(engine, processInstanceKey, elementId)).map((i) => i.state);
}

async function incidentsOf(engine: EnginePort, processInstanceKey: string, state?: 'ACTIVE' | 'RESOLVED'): Promise<IncidentResult[]> {
  const { items } = await engine.searchIncidents({
    filter: { processInstanceKey, ...(state ? { state } : {}) },
    sort: [{ field: 'incidentKey', order: 'ASC' }],
    page: { limit: 100 },
  });
  return items;
}

/** Waits for the instance's single active incident and answers it. */
async function activeIncident(engine: EnginePort, processInstanceKey: string): Promise<IncidentResult> {
  const found = await waitFor(
    async () => {
      const items = await incidentsOf(engine, processInstanceKey, 'ACTIVE');
      return items.length ? items : undefined;
    },
    5000,
    `an active incident on instance ${processInstanceKey}`,
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

async function expectStuck(engine: EnginePort, processInstanceKey: string) {
  const instance = await engine.getProcessInstance({ processInstanceKey });
  expect(instance.state).toBe('ACTIVE');
  expect(instance.hasIncident).toBe(true);
}

function worker(engine: EnginePort, jobType: string, jobHandler: (job: Job) => Promise<JobActionReceipt>) {
  return engine.createJobWorker({ jobType, jobHandler, maxParallelJobs: 4, jobTimeoutMs: DAY, pollIntervalMs: 10, workerName: `test-${jobType}` });
}

const flow = (id: string, from: string, to: string, condition?: string) =>
  condition === undefined
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`;

/** start → one service task of `jobType` → end. */
const oneJob = (processId: string, jobType: string, extension = '') =>
  bpmn(
    processId,
    `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'charge')}
    <bpmn:serviceTask id="charge" name="Charge card"><bpmn:extensionElements><zeebe:taskDefinition type="${jobType}" retries="3"/>${extension}</bpmn:extensionElements></bpmn:serviceTask>
    ${flow('f2', 'charge', 'end')}
    <bpmn:endEvent id="end"/>`,
  );

// ---------------------------------------------------------------------------------------------

export function incidentScenarios(make: () => Promise<EngineHarness>, traits: EngineTraits = EMBEDDED_TRAITS) {
  const itClock = itWhen(traits.manualClock);
  let engine: EngineHarness['engine'];
  let clock: EngineHarness['clock'];

  eachHarness(make, (ready) => {
    engine = ready.engine;
    clock = ready.clock;
  });

  // -------------------------------------------------------------------------------------------
  describe('gateway conditions', () => {
    const routing = bpmn(
      'inc-routing',
      `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'route')}
    <bpmn:exclusiveGateway id="route"/>
    ${flow('big', 'route', 'endBig', '=amount &gt; 100')}
    ${flow('refund', 'route', 'endRefund', '=amount &lt; 0')}
    <bpmn:endEvent id="endBig"/>
    <bpmn:endEvent id="endRefund"/>`,
    );

    it('given an exclusive gateway without default flow, when no condition is true, then a CONDITION_ERROR incident holds the instance at the gateway', async () => {
      await deployXml(engine, routing);
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'inc-routing', variables: { amount: 50 } });

      const incident = await activeIncident(engine, key);
      expect(incident.errorType).toBe('CONDITION_ERROR');
      expect(incident.elementId).toBe('route');
      expect(incident.processInstanceKey).toBe(key);
      await expectStuck(engine, key);
      const [gateway] = await elements(engine, key, 'route');
      expect(gateway!.state).toBe('ACTIVE');
      expect(gateway!.hasIncident).toBe(true);
      expect(gateway!.incidentKey).toBe(incident.incidentKey);
      expect(incident.elementInstanceKey).toBe(gateway!.elementInstanceKey);
      expect(await statesOf(engine, key, 'endBig')).toEqual([]);
      expect(await statesOf(engine, key, 'endRefund')).toEqual([]);
    });

    it('given a CONDITION_ERROR incident, when it is resolved with nothing changed, then the gateway is re-evaluated and a new incident is raised', async () => {
      await deployXml(engine, routing);
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'inc-routing', variables: { amount: 50 } });
      const first = await activeIncident(engine, key);

      await engine.resolveIncident({ incidentKey: first.incidentKey! });

      const resolved = await incidentsOf(engine, key, 'RESOLVED');
      expect(resolved.map((i) => i.incidentKey)).toEqual([first.incidentKey]);
      const second = await activeIncident(engine, key);
      expect(second.incidentKey).not.toBe(first.incidentKey);
      expect(second.errorType).toBe('CONDITION_ERROR');
      expect(second.elementId).toBe('route');
      await expectStuck(engine, key);
    });

    it('given an exclusive gateway condition reading a missing variable, then the instance gets an incident instead of taking a branch', async () => {
      await deployXml(engine, routing);
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'inc-routing' });

      const incident = await activeIncident(engine, key);
      // Zeebe: a condition that yields null is EXTRACT_VALUE_ERROR; no true condition is CONDITION_ERROR.
      expect(['CONDITION_ERROR', 'EXTRACT_VALUE_ERROR']).toContain(incident.errorType);
      expect(incident.elementId).toBe('route');
      await expectStuck(engine, key);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('expressions', () => {
    it('given an input mapping whose FEEL assert fails, then the task is not started and an IO mapping incident is raised', async () => {
      await deployXml(
        engine,
        oneJob('inc-input', 'inc-input-charge', '<zeebe:ioMapping><zeebe:input source="=assert(customerId, customerId != null)" target="customer"/></zeebe:ioMapping>'),
      );
      const received: Job[] = [];
      worker(engine, 'inc-input-charge', async (job) => {
        received.push(job);
        return job.complete();
      });

      const ok = await engine.createProcessInstance({ processDefinitionId: 'inc-input', variables: { customerId: 'c-1' } });
      const broken = await engine.createProcessInstance({ processDefinitionId: 'inc-input' });

      const incident = await activeIncident(engine, broken.processInstanceKey);
      expect(['IO_MAPPING_ERROR', 'EXTRACT_VALUE_ERROR']).toContain(incident.errorType);
      expect(incident.elementId).toBe('charge');
      await expectStuck(engine, broken.processInstanceKey);

      await waitFor(async () => (await instanceState(engine, ok.processInstanceKey)) === 'COMPLETED', 5000, 'the healthy instance');
      await engine.idle();
      expect(received.map((j) => j.processInstanceKey)).toEqual([ok.processInstanceKey]);
      expect(received[0]!.variables.customer).toBe('c-1');
    });

    it('given a message catch whose correlation key expression yields null, then an EXTRACT_VALUE_ERROR incident is raised on the catch event', async () => {
      await deployXml(
        engine,
        bpmn(
          'inc-corr-key',
          `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'awaitPayment')}
    <bpmn:intermediateCatchEvent id="awaitPayment"><bpmn:messageEventDefinition messageRef="Msg_paid"/></bpmn:intermediateCatchEvent>
    ${flow('f2', 'awaitPayment', 'end')}
    <bpmn:endEvent id="end"/>`,
          '<bpmn:message id="Msg_paid" name="payment-received"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>',
        ),
      );
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'inc-corr-key' });

      const incident = await activeIncident(engine, key);
      expect(incident.errorType).toBe('EXTRACT_VALUE_ERROR');
      expect(incident.elementId).toBe('awaitPayment');
      await expectStuck(engine, key);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('jobs', () => {
    it('given a worker that fails a job with no retries left, then a JOB_NO_RETRIES incident carries the failure message and the instance stays active', async () => {
      await deployXml(engine, oneJob('inc-no-retries', 'inc-no-retries-charge'));
      const jobs: Job[] = [];
      worker(engine, 'inc-no-retries-charge', async (job) => {
        jobs.push(job);
        return job.fail({ retries: 0, errorMessage: 'payment service down' });
      });
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'inc-no-retries' });

      const incident = await activeIncident(engine, key);
      await engine.idle();
      expect(incident.errorType).toBe('JOB_NO_RETRIES');
      expect(incident.elementId).toBe('charge');
      expect(incident.errorMessage).toContain('payment service down');
      expect(incident.jobKey).toBe(jobs[0]!.jobKey);
      await expectStuck(engine, key);
      const [charge] = await elements(engine, key, 'charge');
      expect(charge!.state).toBe('ACTIVE');
      expect(charge!.hasIncident).toBe(true);
      expect(charge!.incidentKey).toBe(incident.incidentKey);
      expect(jobs).toHaveLength(1);
    });

    it('given a JOB_NO_RETRIES incident, when retries are set to 2 and the incident is resolved, then the worker gets the job again, completes it and the incident is RESOLVED', async () => {
      await deployXml(engine, oneJob('inc-retry', 'inc-retry-charge'));
      const jobs: Job[] = [];
      worker(engine, 'inc-retry-charge', async (job) => {
        jobs.push(job);
        return jobs.length === 1 ? job.fail({ retries: 0, errorMessage: 'payment service down' }) : job.complete({ receipt: 'r-1' });
      });
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'inc-retry' });
      const incident = await activeIncident(engine, key);
      await engine.idle();
      expect(jobs).toHaveLength(1);

      await engine.updateJob({ jobKey: incident.jobKey!, changeset: { retries: 2 } });
      await engine.resolveIncident({ incidentKey: incident.incidentKey! });

      await waitFor(async () => (await instanceState(engine, key)) === 'COMPLETED', 5000, 'the instance to complete');
      expect(jobs).toHaveLength(2);
      expect(jobs[1]!.jobKey).toBe(jobs[0]!.jobKey);
      expect(jobs[1]!.retries).toBe(2);
      const all = await incidentsOf(engine, key);
      expect(all.map((i) => [i.incidentKey, i.state])).toEqual([[incident.incidentKey, 'RESOLVED']]);
      expect((await engine.getProcessInstance({ processInstanceKey: key })).hasIncident).toBe(false);
      expect(await rootVariables(engine, key)).toEqual({ receipt: 'r-1' });
      expect(await statesOf(engine, key, 'end')).toEqual(['COMPLETED']);
    });

    it('given a JOB_NO_RETRIES incident, when it is resolved without updating retries, then the job is granted one retry and handed out again', async () => {
      await deployXml(engine, oneJob('inc-retry-grant', 'inc-retry-grant-charge'));
      const jobs: Job[] = [];
      worker(engine, 'inc-retry-grant-charge', async (job) => {
        jobs.push(job);
        return jobs.length === 1 ? job.fail({ retries: 0, errorMessage: 'down' }) : job.complete();
      });
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'inc-retry-grant' });
      const incident = await activeIncident(engine, key);
      await engine.idle();

      await engine.resolveIncident({ incidentKey: incident.incidentKey! });

      await waitFor(async () => (await instanceState(engine, key)) === 'COMPLETED', 5000, 'the instance to complete');
      expect(jobs).toHaveLength(2);
      expect(jobs[1]!.retries).toBe(1);
    });

    itClock('given a worker failing with retries 2 and retryBackOff 60000, then the job is not handed out again until the clock has advanced one minute', async () => {
      await deployXml(engine, oneJob('inc-backoff', 'inc-backoff-charge'));
      const jobs: Job[] = [];
      worker(engine, 'inc-backoff-charge', async (job) => {
        jobs.push(job);
        return jobs.length === 1 ? job.fail({ retries: 2, retryBackOff: 60_000, errorMessage: 'busy' }) : job.complete();
      });
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'inc-backoff' });
      await waitFor(() => jobs.length === 1, 5000, 'the first activation');
      await engine.idle();

      await clock.advance('PT59S');
      await engine.idle();
      await new Promise((r) => setTimeout(r, 100));
      expect(jobs).toHaveLength(1);
      expect(await instanceState(engine, key)).toBe('ACTIVE');
      expect(await incidentsOf(engine, key)).toEqual([]);

      await clock.advance('PT1S');
      await waitFor(async () => (await instanceState(engine, key)) === 'COMPLETED', 5000, 'the retried job to complete');
      expect(jobs).toHaveLength(2);
      expect(jobs[1]!.retries).toBe(2);
      expect(await incidentsOf(engine, key)).toEqual([]);
    });

    it('given a worker throwing a BPMN error that nothing catches, then an UNHANDLED_ERROR_EVENT incident is raised on the task', async () => {
      await deployXml(engine, oneJob('inc-bpmn-error', 'inc-bpmn-error-charge'));
      worker(engine, 'inc-bpmn-error-charge', (job) => job.error({ errorCode: 'CARD_DECLINED', errorMessage: 'declined by issuer' }));
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'inc-bpmn-error' });

      const incident = await activeIncident(engine, key);
      expect(incident.errorType).toBe('UNHANDLED_ERROR_EVENT');
      expect(incident.elementId).toBe('charge');
      expect(incident.errorMessage).toContain('CARD_DECLINED');
      await expectStuck(engine, key);
      expect(await statesOf(engine, key, 'end')).toEqual([]);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('call activities', () => {
    const parent = bpmn(
      'inc-parent',
      `
    <bpmn:startEvent id="start"/>
    ${flow('f1', 'start', 'callChild')}
    <bpmn:callActivity id="callChild"><bpmn:extensionElements><zeebe:calledElement processId="inc-child" propagateAllChildVariables="true"/></bpmn:extensionElements></bpmn:callActivity>
    ${flow('f2', 'callChild', 'end')}
    <bpmn:endEvent id="end"/>`,
    );
    const child = bpmn(
      'inc-child',
      `
    <bpmn:startEvent id="childStart"/>
    ${flow('c1', 'childStart', 'childEnd')}
    <bpmn:endEvent id="childEnd"/>`,
    );

    it('given a call activity whose called process is not deployed, then CALLED_ELEMENT_ERROR is raised; after deploying it and resolving, the parent continues', async () => {
      await deployXml(engine, parent, 'inc-parent.bpmn');
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'inc-parent', variables: { x: 1 } });

      const incident = await activeIncident(engine, key);
      expect(incident.errorType).toBe('CALLED_ELEMENT_ERROR');
      expect(incident.elementId).toBe('callChild');
      expect(incident.errorMessage).toContain('inc-child');
      await expectStuck(engine, key);

      await deployXml(engine, child, 'inc-child.bpmn');
      await engine.resolveIncident({ incidentKey: incident.incidentKey! });

      expect(await instanceState(engine, key)).toBe('COMPLETED');
      expect(await statesOf(engine, key, 'callChild')).toEqual(['COMPLETED']);
      const { items: children } = await engine.searchProcessInstances({ filter: { parentProcessInstanceKey: key } });
      expect(children).toHaveLength(1);
      expect(children[0]!.processDefinitionId).toBe('inc-child');
      expect(children[0]!.state).toBe('COMPLETED');
      expect((await incidentsOf(engine, key)).map((i) => i.state)).toEqual(['RESOLVED']);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('cancellation', () => {
    it('given an instance held by an incident, when it is cancelled, then it is TERMINATED and its incident RESOLVED', async () => {
      await deployXml(engine, oneJob('inc-cancel', 'inc-cancel-charge'));
      worker(engine, 'inc-cancel-charge', (job) => job.fail({ retries: 0, errorMessage: 'down' }));
      const { processInstanceKey: key } = await engine.createProcessInstance({ processDefinitionId: 'inc-cancel' });
      const incident = await activeIncident(engine, key);
      await engine.idle();

      await engine.cancelProcessInstance({ processInstanceKey: key });

      const instance = await engine.getProcessInstance({ processInstanceKey: key });
      expect(instance.state).toBe('TERMINATED');
      expect(instance.hasIncident).toBe(false);
      expect(await statesOf(engine, key, 'charge')).toEqual(['TERMINATED']);
      const all = await incidentsOf(engine, key);
      expect(all.map((i) => [i.incidentKey, i.state])).toEqual([[incident.incidentKey, 'RESOLVED']]);
    });
  });
}
