// Jobs through /v2, as a worker in another process uses them: activation (at once, or long polling
// until a job comes), completion, failure with retries and back-off, BPMN errors, changing retries
// and timeout — each answer audited on the job's instance, each refusal a Camunda problem.
import { bpmn, createV2Harness, serviceThenUserTask, START, type V2Harness } from './harness.js';

const JOB_TYPE = 'v2.trabajo';

const withErrorBoundary = bpmn(
  'v2-error',
  `<bpmn:startEvent id="inicio"/><bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="cobro"/>
  <bpmn:serviceTask id="cobro"><bpmn:extensionElements><zeebe:taskDefinition type="v2.cobro"/></bpmn:extensionElements></bpmn:serviceTask>
  <bpmn:boundaryEvent id="sin-fondos" attachedToRef="cobro"><bpmn:errorEventDefinition errorRef="e1"/></bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="cobro" targetRef="fin"/><bpmn:endEvent id="fin"/>
  <bpmn:sequenceFlow id="f3" sourceRef="sin-fondos" targetRef="rechazado"/><bpmn:endEvent id="rechazado"/>`,
).replace('</bpmn:definitions>', '<bpmn:error id="e1" errorCode="SIN_FONDOS"/></bpmn:definitions>');

let h: V2Harness;

beforeAll(async () => {
  h = await createV2Harness();
  await h.engine.createDeployment({
    resources: [
      { name: 'v2-job.bpmn', content: serviceThenUserTask('v2-job', JOB_TYPE, 'process-owner') },
      { name: 'v2-error.bpmn', content: withErrorBoundary },
    ],
  });
});
afterAll(async () => {
  await h.close();
});

const activation = (body: Record<string, unknown>) =>
  h.as('process-owner').post('/v2/jobs/activation', { type: JOB_TYPE, timeout: 60_000, maxJobsToActivate: 10, requestTimeout: -1, ...body });

const keysOf = (jobs: Array<{ jobKey: string }>) => jobs.map((job) => job.jobKey);

/** Takes every job of the type still waiting, so each test starts from none. */
async function drain(type = JOB_TYPE) {
  for (;;) {
    const jobs = await h.engine.activateJobs({ type, maxJobsToActivate: 100, timeout: 3_600_000 });
    if (!jobs.length) return;
    for (const job of jobs) await h.engine.completeJob({ jobKey: job.jobKey });
  }
}

beforeEach(async () => {
  await drain();
});

describe('activation', () => {
  test("a ready job is handed out at once in the API's shape, and the activation is audited on its instance", async () => {
    const { processInstanceKey, processDefinitionKey } = await h.engine.createProcessInstance({ processDefinitionId: 'v2-job', variables: { cantidad: 2, nota: 'x' } });
    const res = await activation({ worker: 'cobranza', timeout: '30000' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      jobs: [
        {
          type: JOB_TYPE,
          processDefinitionId: 'v2-job',
          processDefinitionVersion: 1,
          elementId: 'servicio',
          customHeaders: {},
          worker: 'cobranza',
          retries: 3,
          deadline: Date.parse(START) + 30_000,
          // Besides what it was started with, the folio Oficio gives every instance (server/core/cases).
          variables: { cantidad: 2, nota: 'x', folio: expect.stringMatching(/^OFI-\d{4}-\d{6}$/) },
          tenantId: '<default>',
          jobKey: expect.stringMatching(/^\d+$/),
          processInstanceKey,
          processDefinitionKey,
          elementInstanceKey: expect.stringMatching(/^\d+$/),
          kind: 'BPMN_ELEMENT',
          listenerEventType: 'UNSPECIFIED',
        },
      ],
    });
    expect(await h.events('job.activate', { processInstanceKey })).toEqual([
      expect.objectContaining({
        subject: res.body.jobs[0].jobKey,
        data: { via: 'camunda-api', jobKey: res.body.jobs[0].jobKey, type: JOB_TYPE, elementId: 'servicio', worker: 'cobranza', timeout: 30_000 },
      }),
    ]);
  });

  test('no more than maxJobsToActivate, only the variables asked for', async () => {
    for (let i = 0; i < 3; i++) await h.engine.createProcessInstance({ processDefinitionId: 'v2-job', variables: { cantidad: i, nota: 'x' } });
    const res = await activation({ maxJobsToActivate: 2, fetchVariable: ['cantidad'] });
    expect(res.body.jobs).toHaveLength(2);
    for (const job of res.body.jobs) expect(Object.keys(job.variables)).toEqual(['cantidad']);
    expect((await activation({})).body.jobs).toHaveLength(1);
  });

  test('without a ready job, a long poll answers as soon as one is created', async () => {
    const started = Date.now();
    const waiting = activation({ requestTimeout: 10_000 }).then((res) => ({ res, after: Date.now() - started }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'v2-job', variables: { cantidad: 5 } });
    const { res, after } = await waiting;
    expect(res.body.jobs).toEqual([expect.objectContaining({ processInstanceKey, variables: { cantidad: 5, folio: expect.stringMatching(/^OFI-\d{4}-\d{6}$/) }, worker: 'default' })]);
    expect(after).toBeGreaterThanOrEqual(150);
    expect(after).toBeLessThan(3000);
  });

  test('a long poll with nothing to hand out ends at its requestTimeout with no jobs; below 0 it does not wait', async () => {
    const started = Date.now();
    expect((await activation({ requestTimeout: 300 })).body).toEqual({ jobs: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    const immediate = Date.now();
    expect((await activation({ requestTimeout: -1 })).body).toEqual({ jobs: [] });
    expect(Date.now() - immediate).toBeLessThan(250);
  });

  test('a job created after its long poll was abandoned goes to the next worker, not to the one gone', async () => {
    const url = await h.listen();
    const abort = new AbortController();
    const abandoned = fetch(`${url}/v2/jobs/activation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('process-owner:Camunda#2026demo').toString('base64')}` },
      body: JSON.stringify({ type: JOB_TYPE, timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 10_000 }),
      signal: abort.signal,
    }).catch(() => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 100));
    abort.abort();
    expect(await abandoned).toBe('aborted');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'v2-job', variables: {} });
    expect((await activation({})).body.jobs).toEqual([expect.objectContaining({ processInstanceKey })]);
  });

  test('bad requests are 400 naming the field; those who do not operate instances are 403', async () => {
    const missing = await h.as('process-owner').post('/v2/jobs/activation', { type: JOB_TYPE, maxJobsToActivate: 1 });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'body/timeout' })]);
    expect((await activation({ timeout: 0 })).body.errors).toEqual([
      expect.objectContaining({ field: 'body/timeout', message: 'El tiempo de bloqueo de un trabajo (timeout) debe ser de al menos 1 ms.' }),
    ]);
    expect((await activation({ tenantIds: ['otra'] })).status).toBe(400);
    expect((await h.as('auditor').post('/v2/jobs/activation', { type: JOB_TYPE, timeout: 1000, maxJobsToActivate: 1 })).status).toBe(403);
  });
});

describe('answering a job', () => {
  async function activeJob(processId = 'v2-job', type = JOB_TYPE) {
    const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: processId, variables: { cantidad: 1 } });
    const res = await h.as('process-owner').post('/v2/jobs/activation', { type, timeout: 5000, maxJobsToActivate: 1, requestTimeout: -1 });
    return { processInstanceKey, job: res.body.jobs[0] as { jobKey: string; retries: number } };
  }

  test('completion moves the instance on with the variables, audited on the instance', async () => {
    const { processInstanceKey, job } = await activeJob();
    expect((await h.as('process-owner').post(`/v2/jobs/${job.jobKey}/completion`, { variables: { total: 2 } })).status).toBe(204);
    const { items } = await h.engine.searchUserTasks({ filter: { processInstanceKey } });
    expect(items).toHaveLength(1);
    const { items: total } = await h.engine.searchVariables({ filter: { processInstanceKey, name: 'total' } });
    expect(total[0]!.value).toBe('2');
    expect(await h.events('job.complete', { processInstanceKey })).toEqual([
      expect.objectContaining({ subject: job.jobKey, data: { via: 'camunda-api', jobKey: job.jobKey, type: JOB_TYPE, elementId: 'servicio', variables: { total: 2 } } }),
    ]);
    const again = await h.as('process-owner').post(`/v2/jobs/${job.jobKey}/completion`, {});
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ type: 'about:blank', title: 'NOT_FOUND', status: 404 });
  });

  test('a failure with retries left comes back after its back-off; audited', async () => {
    const { processInstanceKey, job } = await activeJob();
    expect((await h.as('process-owner').post(`/v2/jobs/${job.jobKey}/failure`, { retries: 2, errorMessage: 'servicio caído', retryBackOff: '60000' })).status).toBe(204);
    expect(keysOf((await activation({})).body.jobs)).not.toContain(job.jobKey);
    await h.clock.advance(61_000);
    expect((await activation({})).body.jobs).toContainEqual(expect.objectContaining({ jobKey: job.jobKey, retries: 2, processInstanceKey }));
    expect(await h.events('job.fail', { processInstanceKey })).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ retries: 2, retryBackOff: 60_000, errorMessage: 'servicio caído' }) }),
    ]);
  });

  test("a failure without retries (Camunda's default) raises an incident", async () => {
    const { processInstanceKey, job } = await activeJob();
    expect((await h.as('process-owner').post(`/v2/jobs/${job.jobKey}/failure`, { errorMessage: 'sin remedio' })).status).toBe(204);
    const { items } = await h.engine.searchIncidents({ filter: { processInstanceKey } });
    expect(items).toEqual([expect.objectContaining({ errorType: 'JOB_NO_RETRIES', errorMessage: 'sin remedio', jobKey: job.jobKey })]);
  });

  test('a BPMN error is caught by its boundary event; one nobody catches is an incident', async () => {
    await drain('v2.cobro');
    const caught = await activeJob('v2-error', 'v2.cobro');
    expect((await h.as('process-owner').post(`/v2/jobs/${caught.job.jobKey}/error`, { errorCode: 'SIN_FONDOS', errorMessage: 'saldo insuficiente' })).status).toBe(204);
    const { items } = await h.engine.searchElementInstances({ filter: { processInstanceKey: caught.processInstanceKey, elementId: 'rechazado' } });
    expect(items).toHaveLength(1);
    expect(await h.events('job.error', { processInstanceKey: caught.processInstanceKey })).toEqual([expect.objectContaining({ data: expect.objectContaining({ errorCode: 'SIN_FONDOS' }) })]);

    const uncaught = await activeJob('v2-error', 'v2.cobro');
    expect((await h.as('process-owner').post(`/v2/jobs/${uncaught.job.jobKey}/error`, { errorCode: 'OTRO' })).status).toBe(204);
    expect((await h.engine.searchIncidents({ filter: { processInstanceKey: uncaught.processInstanceKey } })).items[0]).toMatchObject({ errorType: 'UNHANDLED_ERROR_EVENT' });
    expect((await h.as('process-owner').post(`/v2/jobs/${uncaught.job.jobKey}/error`, {})).status).toBe(400);
  });

  test('updating retries and timeout: the job stays locked for the new timeout, then comes back with the new retries', async () => {
    const { job } = await activeJob();
    expect((await h.as('admin').patch(`/v2/jobs/${job.jobKey}`, { changeset: { retries: 7, timeout: '600000' } })).status).toBe(204);
    await h.clock.advance(10_000);
    expect(keysOf((await activation({})).body.jobs)).not.toContain(job.jobKey);
    await h.clock.advance(600_000);
    expect((await activation({})).body.jobs).toContainEqual(expect.objectContaining({ jobKey: job.jobKey, retries: 7 }));
    expect((await h.events('job.update')).at(-1)).toMatchObject({ subject: job.jobKey, data: { retries: 7, timeout: 600_000 } });
    expect((await h.as('admin').patch(`/v2/jobs/${job.jobKey}`, { changeset: {} })).status).toBe(400);
    expect((await h.as('admin').patch('/v2/jobs/2251799813999999', { changeset: { retries: 1 } })).status).toBe(404);
  });
});
