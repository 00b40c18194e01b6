// Every /v2 operation called through the real @camunda8/sdk client (CamundaClient of
// @camunda8/orchestration-cluster-api 8.8, as Camunda8#getOrchestrationClusterApiClient returns
// it) with CAMUNDA_SDK_VALIDATION=req:strict,res:strict: the SDK's own schemas check each request we
// accept and each answer we give, and its error handling reads our problems.
import { fileURLToPath } from 'node:url';
import { ProcessDefinitionId, type CamundaClient } from '@camunda8/orchestration-cluster-api';
import { bpmn, createV2Harness, serviceThenUserTask, type V2Harness } from './harness.js';
import { waitFor } from '../../support/wait-for.js';

const FLOW = fileURLToPath(new URL('../../sdk-client/sdk-flujo.bpmn', import.meta.url));
const NOW = { consistency: { waitUpToMs: 0 } };

let h: V2Harness;
let po: CamundaClient;
let admin: CamundaClient;

beforeAll(async () => {
  h = await createV2Harness();
  po = await h.sdk('process-owner');
  admin = await h.sdk('admin');
});
afterAll(async () => {
  await h.close();
});

/** The error the SDK threw, as its callers see it. */
async function sdkError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; status?: number; title?: string; detail?: string };
    return { name: e.name, status: e.status, title: e.title, detail: e.detail };
  }
  throw new Error('the SDK did not throw');
}

test('cluster, deployment and definitions', async () => {
  expect((await po.getTopology()).brokers).toHaveLength(1);
  expect((await po.getLicense()).validLicense).toBe(true);
  expect((await po.getAuthentication()).username).toBe('process-owner');
  await po.getStatus();

  const deployed = await po.deployResourcesFromFiles([FLOW]);
  expect(deployed.processes).toEqual([expect.objectContaining({ processDefinitionId: 'sdk-flujo', processDefinitionVersion: 1 })]);
  const key = deployed.processes[0]!.processDefinitionKey;
  const search = await po.searchProcessDefinitions({ filter: { processDefinitionId: 'sdk-flujo' }, sort: [{ field: 'version', order: 'DESC' }], page: { from: 0, limit: 10 } }, NOW);
  expect(search.items!.map((d) => d.processDefinitionKey)).toEqual([key]);
  expect((await po.getProcessDefinition({ processDefinitionKey: key }, NOW)).processDefinitionId).toBe('sdk-flujo');
  expect(await po.getProcessDefinitionXml({ processDefinitionKey: key }, NOW)).toContain('id="sdk-flujo"');

  const rejected = await sdkError(po.createDeployment({ resources: [new File([bpmn('roto', '<bpmn:serviceTask id="s"/>')], 'roto.bpmn', { type: 'application/xml' })] }));
  expect(rejected).toMatchObject({ name: 'HttpSdkError', status: 400, title: 'INVALID_ARGUMENT', detail: expect.stringMatching(/^El modelo no se puede desplegar/) });
});

test('instances, their elements, variables and cancellation', async () => {
  await po.deployResourcesFromFiles([FLOW]);
  const created = await po.createProcessInstance({ processDefinitionId: ProcessDefinitionId.assumeExists('sdk-flujo'), variables: { cantidad: 3 } });
  const key = created.processInstanceKey;
  expect((await po.getProcessInstance({ processInstanceKey: key }, NOW)).state).toBe('ACTIVE');
  const page1 = await po.searchProcessInstances({ filter: { processDefinitionId: 'sdk-flujo' }, page: { limit: 1 } }, NOW);
  expect(page1.items).toHaveLength(1);
  if (page1.page.endCursor) await po.searchProcessInstances({ filter: { processDefinitionId: 'sdk-flujo' }, page: { after: page1.page.endCursor, limit: 1 } }, NOW);
  const elements = await po.searchElementInstances({ filter: { processInstanceKey: key }, sort: [{ field: 'elementInstanceKey' }] }, NOW);
  expect(elements.items!.map((e) => e.elementId)).toEqual(['inicio', 'calcular']);
  const variables = await po.searchVariables({ filter: { processInstanceKey: key } }, NOW);
  // Besides what it was started with, the folio Oficio gives every instance (server/core/cases).
  expect(variables.items).toEqual([
    expect.objectContaining({ name: 'cantidad', value: '3', isTruncated: false }),
    expect.objectContaining({ name: 'folio', value: expect.stringMatching(/^"OFI-\d{4}-\d{6}"$/) }),
  ]);
  await po.cancelProcessInstance({ processInstanceKey: key });
  expect((await po.getProcessInstance({ processInstanceKey: key }, NOW)).state).toBe('TERMINATED');

  const missing = await sdkError(po.createProcessInstance({ processDefinitionId: ProcessDefinitionId.assumeExists('no-existe') }));
  expect(missing).toEqual({ name: 'HttpSdkError', status: 404, title: 'NOT_FOUND', detail: 'El motor no encontró «no-existe».' });

  await h.engine.createDeployment({
    resources: [{ name: 'directo.bpmn', content: bpmn('directo', '<bpmn:startEvent id="a"/><bpmn:sequenceFlow id="f" sourceRef="a" targetRef="b"/><bpmn:endEvent id="b"/>') }],
  });
  const awaited = await po.createProcessInstance({ processDefinitionId: ProcessDefinitionId.assumeExists('directo'), variables: { x: 1 }, awaitCompletion: true, requestTimeout: 5000 });
  expect(awaited.variables).toEqual({ x: 1, folio: expect.stringMatching(/^OFI-\d{4}-\d{6}$/) });
});

test('jobs: activate, complete, fail, error, update; a worker; incidents', async () => {
  await h.engine.createDeployment({ resources: [{ name: 'forma-sdk.bpmn', content: serviceThenUserTask('forma-sdk', 'sdk.forma', 'process-owner') }] });
  const start = () => po.createProcessInstance({ processDefinitionId: ProcessDefinitionId.assumeExists('forma-sdk'), variables: { n: 1 } });

  const one = await start();
  const { jobs } = await po.activateJobs({ type: 'sdk.forma', maxJobsToActivate: 5, timeout: 30_000, worker: 'shapes', requestTimeout: -1 });
  expect(jobs.map((j) => j.processInstanceKey)).toEqual([one.processInstanceKey]);
  const job = jobs[0]!;
  await po.updateJob({ jobKey: job.jobKey, changeset: { retries: 4, timeout: 40_000 } });
  await job.complete({ listo: true });

  const two = await start();
  const [second] = (await po.activateJobs({ type: 'sdk.forma', maxJobsToActivate: 1, timeout: 30_000, requestTimeout: -1 })).jobs;
  await second!.fail({ errorMessage: 'no hay red', retries: 0, retryBackOff: 0 });
  const incidents = await po.searchIncidents({ filter: { processInstanceKey: two.processInstanceKey } }, NOW);
  expect(incidents.items).toEqual([expect.objectContaining({ errorType: 'JOB_NO_RETRIES', state: 'ACTIVE' })]);
  await po.updateJob({ jobKey: second!.jobKey, changeset: { retries: 1 } });
  await po.resolveIncident({ incidentKey: incidents.items![0]!.incidentKey! });
  const [retried] = (await po.activateJobs({ type: 'sdk.forma', maxJobsToActivate: 1, timeout: 30_000, requestTimeout: -1 })).jobs;
  expect(retried).toMatchObject({ jobKey: second!.jobKey, retries: 1 });
  await retried!.complete({});

  const three = await start();
  const [third] = (await po.activateJobs({ type: 'sdk.forma', maxJobsToActivate: 1, timeout: 30_000, requestTimeout: -1 })).jobs;
  await third!.error({ errorCode: 'SIN_CAPTURA', errorMessage: 'nadie la atrapa' });
  expect((await po.searchIncidents({ filter: { processInstanceKey: three.processInstanceKey } }, NOW)).items?.[0]?.errorType).toBe('UNHANDLED_ERROR_EVENT');

  // The SDK's own job worker, long polling with the server's default wait.
  const done: string[] = [];
  const worker = po.createJobWorker({ jobType: 'sdk.forma', jobTimeoutMs: 10_000, maxParallelJobs: 2, jobHandler: (j) => (done.push(j.processInstanceKey), j.complete({ hecho: true })) });
  try {
    const four = await start();
    await waitFor(() => done.includes(four.processInstanceKey), 5000, "the SDK's worker to complete the job", { intervalMs: 25 });
    expect(done).toContain(four.processInstanceKey);
  } finally {
    await worker.stopGracefully({ waitUpToMs: 2000 });
  }
  expect(await sdkError(po.completeJob({ jobKey: job.jobKey, variables: {} }))).toMatchObject({ status: 404, title: 'NOT_FOUND' });
});

test('messages', async () => {
  const published = await po.publishMessage({ name: 'aviso', correlationKey: 'c-1', timeToLive: 1000, variables: { a: 1 } });
  expect(published.messageKey).toMatch(/^\d+$/);
  const correlated = await po.correlateMessage({ name: 'aviso', correlationKey: 'c-2' });
  expect(correlated.tenantId).toBe('<default>');
});

test('user tasks: search, get, assign, unassign, complete (refused against the form first)', async () => {
  await po.deployResourcesFromFiles([FLOW]);
  const { processInstanceKey } = await po.createProcessInstance({ processDefinitionId: ProcessDefinitionId.assumeExists('sdk-flujo'), variables: { cantidad: 1 } });
  const [job] = (await po.activateJobs({ type: 'sdk.calcular', maxJobsToActivate: 1, timeout: 30_000, requestTimeout: 5000 })).jobs;
  await job!.complete({ total: 2 });
  const tasks = await po.searchUserTasks({ filter: { processInstanceKey }, sort: [{ field: 'creationDate', order: 'ASC' }] }, NOW);
  const task = tasks.items[0]!;
  expect(task).toMatchObject({ elementId: 'revisar', state: 'CREATED', candidateGroups: ['process-owner'] });
  expect((await po.getUserTask({ userTaskKey: task.userTaskKey }, NOW)).userTaskKey).toBe(task.userTaskKey);
  await po.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'process-owner', allowOverride: true });
  await po.unassignUserTask({ userTaskKey: task.userTaskKey });
  const refused = await sdkError(po.completeUserTask({ userTaskKey: task.userTaskKey, variables: { resuelto: 'sí' } }));
  expect(refused).toMatchObject({ status: 400, title: 'INVALID_ARGUMENT', detail: expect.stringMatching(/^Revise los campos señalados del formulario/) });
  expect(await sdkError(admin.completeUserTask({ userTaskKey: task.userTaskKey, variables: { calificacion: 4, resuelto: true } }))).toMatchObject({ status: 403, title: 'FORBIDDEN' });
  await po.completeUserTask({ userTaskKey: task.userTaskKey, variables: { calificacion: 4, resuelto: true } });
  expect((await po.getProcessInstance({ processInstanceKey }, NOW)).state).toBe('COMPLETED');
});
