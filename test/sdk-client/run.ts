// An unmodified @camunda8/sdk client in its own process, configured only by the SDK's environment
// variables (ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY=BASIC, CAMUNDA_BASIC_AUTH_USERNAME/PASSWORD,
// CAMUNDA_SDK_VALIDATION): deploys sdk-flujo.bpmn, starts an instance, completes its service task
// with a job worker, finds and completes its user task, and waits for the instance to complete.
// Each step is printed as one JSON line ({"step": …}); test/http/v2/sdk.test.ts runs it with
// `node --import tsx` and asserts on them. Every wait is bounded; any failure prints an "error" step
// and exits 1.
import { fileURLToPath } from 'node:url';
import { Camunda8 } from '@camunda8/sdk';
import { ProcessDefinitionId } from '@camunda8/orchestration-cluster-api';

const BPMN = fileURLToPath(new URL('./sdk-flujo.bpmn', import.meta.url));
const JOB_TYPE = 'sdk.calcular';

function print(step: string, data: Record<string, unknown> = {}) {
  process.stdout.write(`${JSON.stringify({ step, ...data })}\n`);
}

/** What the SDK made of an error answer: its HTTP status and the problem's fields. */
function problemOf(error: unknown) {
  const e = error as { name?: string; status?: number; title?: string; detail?: string; message?: string };
  return { name: e.name, status: e.status, title: e.title, detail: e.detail, message: e.message };
}

async function main() {
  const camunda = new Camunda8().getOrchestrationClusterApiClient();

  const topology = await camunda.getTopology();
  print('topology', { brokers: topology.brokers.length, gatewayVersion: topology.gatewayVersion });
  const me = await camunda.getAuthentication();
  print('authenticated', { username: me.username, roles: me.roles });

  const deployment = await camunda.deployResourcesFromFiles([BPMN]);
  print('deployed', {
    deploymentKey: deployment.deploymentKey,
    processes: deployment.processes.map((p) => ({ processDefinitionId: p.processDefinitionId, processDefinitionKey: p.processDefinitionKey, version: p.processDefinitionVersion })),
  });

  try {
    await camunda.createProcessInstance({ processDefinitionId: ProcessDefinitionId.assumeExists('no-existe-este-proceso') });
    print('unexpected', { what: 'an unknown process started' });
  } catch (error) {
    print('unknownProcessRefused', problemOf(error));
  }

  const worker = camunda.createJobWorker({
    jobType: JOB_TYPE,
    jobTimeoutMs: 30_000,
    maxParallelJobs: 2,
    workerName: 'sdk-client',
    jobHandler: async (job) => {
      const cantidad = Number((job.variables as { cantidad?: unknown }).cantidad ?? 0);
      print('job', { jobKey: job.jobKey, type: job.type, elementId: job.elementId, processInstanceKey: job.processInstanceKey, cantidad, retries: job.retries, worker: job.worker });
      return job.complete({ total: cantidad * 2 });
    },
  });

  try {
    const created = await camunda.createProcessInstance({ processDefinitionId: ProcessDefinitionId.assumeExists('sdk-flujo'), variables: { cantidad: 21 } });
    const processInstanceKey = created.processInstanceKey;
    print('created', { processInstanceKey, processDefinitionKey: created.processDefinitionKey, version: created.processDefinitionVersion });

    // The SDK's own way to wait for an eventually consistent read: poll until the predicate holds.
    const tasks = await camunda.searchUserTasks(
      { filter: { processInstanceKey, state: 'CREATED' } },
      { consistency: { waitUpToMs: 15_000, pollIntervalMs: 50, predicate: (found) => found.items.length > 0 } },
    );
    const task = tasks.items[0]!;
    print('userTask', { userTaskKey: task.userTaskKey, elementId: task.elementId, candidateGroups: task.candidateGroups, externalFormReference: task.externalFormReference });

    const detail = await camunda.getUserTask({ userTaskKey: task.userTaskKey }, { consistency: { waitUpToMs: 0 } });
    print('userTaskRead', { userTaskKey: detail.userTaskKey, state: detail.state, name: detail.name });

    try {
      await camunda.completeUserTask({ userTaskKey: task.userTaskKey, variables: { calificacion: 9, resuelto: true } });
      print('unexpected', { what: 'invalid form data was accepted' });
    } catch (error) {
      print('invalidDataRefused', problemOf(error));
    }

    await camunda.assignUserTask({ userTaskKey: task.userTaskKey, assignee: me.username! });
    print('assigned', { userTaskKey: task.userTaskKey, assignee: me.username });
    await camunda.completeUserTask({ userTaskKey: task.userTaskKey, variables: { calificacion: 5, resuelto: true, comentarios: 'Total revisado desde el SDK.' } });
    print('userTaskCompleted', { userTaskKey: task.userTaskKey });

    const instance = await camunda.getProcessInstance({ processInstanceKey }, { consistency: { waitUpToMs: 15_000, pollIntervalMs: 50, predicate: (found) => found.state === 'COMPLETED' } });
    const variables = await camunda.searchVariables({ filter: { processInstanceKey } }, { consistency: { waitUpToMs: 0 } });
    print('instance', {
      processInstanceKey: instance.processInstanceKey,
      state: instance.state,
      variables: Object.fromEntries(variables.items.map((v) => [v.name, JSON.parse(v.value)])),
    });

    const search = await camunda.searchProcessInstances({ filter: { processDefinitionId: 'sdk-flujo', state: 'COMPLETED' } }, { consistency: { waitUpToMs: 0 } });
    print('searched', { totalItems: Number(search.page.totalItems), keys: search.items.map((i) => i.processInstanceKey) });
  } finally {
    await worker.stopGracefully({ waitUpToMs: 2000 });
  }
  print('done');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    print('error', { ...problemOf(error), stack: (error as Error)?.stack });
    process.exit(1);
  },
);
