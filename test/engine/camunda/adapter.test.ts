// The Camunda adapter's own promises, beyond the shared engine suites: what it sends through the
// SDK (checked on the double's recorded requests), how it words what goes wrong, and Oficio's task
// listeners keeping the tasklist and refusing completions that break the task's form.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createCamundaEngine, TASK_LISTENER_TYPE, type CompletionCheck } from '../../../server/engine/camunda/index.js';
import { EngineError, type Job } from '../../../server/engine/port.js';
import { bpmn, deployXml, rejectionOf, waitForInstanceState, withFlowRefs, START, openUserTask } from '../harness.js';
import { waitFor } from '../../support/wait-for.js';
import { chain, endEvent, startEvent } from '../fixtures.js';
import { createDoubleHarness, STRICT, type CamundaHarness, type CamundaHarnessOptions } from './harness.js';

let h: CamundaHarness | undefined;
const harness = async (options: CamundaHarnessOptions = {}) => (h = await createDoubleHarness(options));
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const serviceProcess = (id: string, type: string) =>
  withFlowRefs(
    bpmn(
      id,
      [
        startEvent(),
        `<bpmn:serviceTask id="paso" name="Paso"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="3"/></bpmn:extensionElements></bpmn:serviceTask>`,
        endEvent(),
        chain('start', 'paso', 'end'),
      ].join('\n'),
    ),
  );

const reviewProcess = (id: string) =>
  withFlowRefs(
    bpmn(
      id,
      [
        startEvent(),
        `<bpmn:userTask id="revisar" name="Revisar solicitud"><bpmn:extensionElements><zeebe:userTask/><zeebe:formDefinition externalReference="revision"/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>`,
        endEvent(),
        chain('start', 'revisar', 'end'),
      ].join('\n'),
    ),
  );

/** A free port on this machine that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('jobs through the SDK', () => {
  it('given a worker completing a job with variables, then the completion request carries that object as its variables and the instance gets them', async () => {
    const { engine, double } = await harness();
    await deployXml(engine, serviceProcess('cam-complete', 'calcular'));
    const { processInstanceKey } = await engine.createProcessInstance({ processDefinitionId: 'cam-complete' });
    engine.createJobWorker({ jobType: 'calcular', maxParallelJobs: 1, jobTimeoutMs: 60_000, jobHandler: (job) => job.complete({ total: 5, detalle: { iva: 0.8 } }) });
    await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');

    const completions = double!.requestsTo('POST /jobs/:key/completion');
    expect(completions.map((r) => r.body)).toEqual([{ variables: { total: 5, detalle: { iva: 0.8 } } }]);
  });

  it('given a worker failing a job with a back-off, then the failure request carries retries, the message and retryBackOff; without retries, one less than the job had', async () => {
    const { engine, double } = await harness();
    await deployXml(engine, serviceProcess('cam-fail', 'inestable'));
    await engine.createProcessInstance({ processDefinitionId: 'cam-fail' });
    const seen: Job[] = [];
    engine.createJobWorker({
      jobType: 'inestable',
      maxParallelJobs: 1,
      jobTimeoutMs: 60_000,
      jobHandler: (job) => {
        seen.push(job);
        return seen.length === 1 ? job.fail({ retries: 2, errorMessage: 'servicio caído', retryBackOff: 60_000 }) : job.fail({ errorMessage: 'otra vez' });
      },
    });
    await waitFor(() => seen.length === 1);
    await engine.idle();
    await h!.clock.advance(60_000);
    await waitFor(() => double!.requestsTo('POST /jobs/:key/failure').length === 2, 5000, 'the second failure');

    const [first, second] = double!.requestsTo('POST /jobs/:key/failure').map((r) => r.body as Record<string, unknown>);
    // The SDK's schema sends the back-off as an int64 (a string on the wire when validated).
    expect({ ...first, retryBackOff: Number(first!.retryBackOff) }).toEqual({ retries: 2, errorMessage: 'servicio caído', retryBackOff: 60_000 });
    expect(second).toMatchObject({ retries: 1, errorMessage: 'otra vez' });
  });
});

describe("what goes wrong, in Oficio's words", () => {
  it('given a request the 8.8 API does not allow, then the SDK refuses it before sending and the adapter answers INVALID_ARGUMENT', async () => {
    const { engine, double } = await harness();
    const error = await rejectionOf(engine.createProcessInstance({ processDefinitionKey: 'no-es-una-clave' }));
    expect(error).toBeInstanceOf(EngineError);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/does not match the Camunda 8.8 API/);
    expect(double!.requestsTo('POST /process-instances')).toHaveLength(0);
  });

  it("given an answer off the 8.8 API, then the SDK's schema catches it and the adapter answers UNAVAILABLE instead of passing it on", async () => {
    const { engine, double } = await harness();
    double!.intercept('GET /process-instances/:key', () => ({ status: 200, body: { state: 'ACTIVO', processInstanceKey: '2251799813685249' } }));
    const error = await rejectionOf(engine.getProcessInstance({ processInstanceKey: '2251799813685249' }));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/shape this version of Oficio does not expect/);
    expect(error.message).not.toContain('ACTIVO');
  });

  it("given an instance Camunda does not know, then NOT_FOUND naming the key, without Camunda's own text (kept as the cause)", async () => {
    const { engine } = await harness();
    const error = await rejectionOf(engine.getProcessInstance({ processInstanceKey: '2251799813685249' }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.status).toBe(404);
    expect(error.params.key).toBe('2251799813685249');
    expect(error.message).not.toMatch(/Command|rejected/);
    expect((error as Error & { cause?: { status?: number } }).cause?.status).toBe(404);
  });

  it('given a task someone holds, when another user claims it without override, then CONFLICT (the tasklist then names who has it)', async () => {
    const { engine } = await harness();
    await deployXml(engine, reviewProcess('cam-claim'));
    const { processInstanceKey } = await engine.createProcessInstance({ processDefinitionId: 'cam-claim' });
    const { userTaskKey } = await openUserTask(engine, processInstanceKey, 'revisar');
    await engine.assignUserTask({ userTaskKey, assignee: 'ana', allowOverride: false });
    const error = await rejectionOf(engine.assignUserTask({ userTaskKey, assignee: 'luis', allowOverride: false }));
    expect(error.code).toBe('CONFLICT');
    expect((await engine.getUserTask({ userTaskKey })).assignee).toBe('ana');
  });

  it('given a cluster nobody answers at, then UNAVAILABLE naming its address', async () => {
    const address = `http://127.0.0.1:${await closedPort()}`;
    const engine = createCamundaEngine({ settings: { ZEEBE_REST_ADDRESS: address, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: '1', ...STRICT } });
    try {
      const error = await rejectionOf(engine.searchProcessInstances({}));
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.status).toBe(503);
      expect(error.message).toContain(address);
      expect(error.params.address).toBe(address);
    } finally {
      await engine.close();
    }
  });
});

describe('deploying to Camunda', () => {
  it("given a model of the manual, when deployed from its file, then every Camunda user task goes out with Oficio's listener for creating, assigning, completing and canceling; the file stays as it was", async () => {
    const { engine, double } = await harness();
    const file = 'processes/dgsti-p01-pr03-soporte-tecnico.bpmn';
    const before = await readFile(file, 'utf8');
    const userTasks = (before.match(/<zeebe:userTask\s*\/>/g) ?? []).length;
    expect(userTasks).toBeGreaterThan(0);

    const result = await engine.deployResourcesFromFiles([file]);
    expect(result.processes.map((p) => p.processDefinitionId)).toEqual(['dgsti-p01-pr03-soporte-tecnico']);

    const [deployment] = double!.requestsTo('POST /deployments');
    const sent = (deployment!.body as { resources: Array<{ name: string; content: string }> }).resources;
    expect(sent.map((r) => r.name)).toEqual(['dgsti-p01-pr03-soporte-tecnico.bpmn']);
    for (const event of ['creating', 'assigning', 'completing', 'canceling']) {
      const listeners = sent[0]!.content.match(new RegExp(`<zeebe:taskListener [^>]*eventType="${event}"[^>]*type="${TASK_LISTENER_TYPE}"`, 'g')) ?? [];
      expect(listeners).toHaveLength(userTasks);
    }
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});

describe("user tasks on Camunda, kept by Oficio's task listeners", () => {
  it("given a user task created, then Oficio records it with its name, form, groups and the broker's time, and answers the tasklist from its own record", async () => {
    const { engine, double } = await harness();
    await deployXml(engine, reviewProcess('cam-record'));
    const { processInstanceKey } = await engine.createProcessInstance({ processDefinitionId: 'cam-record' });

    const { items } = await engine.searchUserTasks({ filter: { candidateGroup: 'mesa-ayuda', state: 'CREATED' } });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      name: 'Revisar solicitud',
      processName: 'cam-record',
      elementId: 'revisar',
      externalFormReference: 'revision',
      candidateGroups: ['mesa-ayuda'],
      processInstanceKey,
      creationDate: START,
      priority: 50,
    });
    expect(double!.requestsTo('POST /user-tasks/search')).toHaveLength(0);
    const activations = double!.requestsTo('POST /jobs/activation').filter((r) => (r.body as { type?: string }).type === TASK_LISTENER_TYPE);
    expect(activations.length).toBeGreaterThan(0);
  });

  it("given data that breaks the task's form, when the task is completed, then the completing listener denies it with the form's reason and the task stays open; valid data completes it", async () => {
    const checked: Array<Record<string, unknown>> = [];
    const checkCompletion: CompletionCheck = async (formId, data) => {
      checked.push({ formId, ...data });
      return typeof data.aprobado === 'boolean' ? undefined : 'Indique si aprueba la solicitud.';
    };
    const { engine, double } = await harness({ checkCompletion });
    await deployXml(engine, reviewProcess('cam-deny'));
    const { processInstanceKey } = await engine.createProcessInstance({ processDefinitionId: 'cam-deny', variables: { folio: 'S-1' } });
    const { userTaskKey } = await openUserTask(engine, processInstanceKey, 'revisar');

    const refused = await rejectionOf(engine.completeUserTask({ userTaskKey, variables: { comentario: 'sin decidir' } }));
    expect(refused.code).toBe('INVALID_ARGUMENT');
    expect(refused.params.reason).toBe('Indique si aprueba la solicitud.');
    const denial = double!
      .requestsTo('POST /jobs/:key/completion')
      .map((r) => r.body as { result?: unknown })
      .find((b) => b.result);
    expect(denial).toEqual({ result: { type: 'userTask', denied: true, deniedReason: 'Indique si aprueba la solicitud.' } });
    expect((await engine.getUserTask({ userTaskKey })).state).toBe('CREATED');
    expect((await double!.engine.getUserTask({ userTaskKey })).state).toBe('CREATED');

    await engine.completeUserTask({ userTaskKey, variables: { aprobado: true } });
    await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');
    const task = await engine.getUserTask({ userTaskKey });
    expect(task.state).toBe('COMPLETED');
    expect(task.completionDate).toBe(START);
    expect(checked.map((c) => c.formId)).toEqual(['revision', 'revision']);
    expect(checked[1]).toMatchObject({ folio: 'S-1', aprobado: true });
  });

  it('given a cluster whose completing listener does not see the submitted variables, then what was submitted through Oficio is what the form check gets', async () => {
    const checked: Array<Record<string, unknown>> = [];
    const checkCompletion: CompletionCheck = async (_formId, data) => {
      checked.push(data);
      return typeof data.aprobado === 'boolean' ? undefined : 'Indique si aprueba la solicitud.';
    };
    const { engine } = await harness({ checkCompletion, double: { completionVariablesToListeners: false } });
    await deployXml(engine, reviewProcess('cam-held'));
    const { processInstanceKey } = await engine.createProcessInstance({ processDefinitionId: 'cam-held' });
    const { userTaskKey } = await openUserTask(engine, processInstanceKey, 'revisar');

    await engine.completeUserTask({ userTaskKey, variables: { aprobado: false, comentario: 'no procede' } });
    await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');
    expect(checked).toEqual([{ aprobado: false, comentario: 'no procede' }]);
  });
});
