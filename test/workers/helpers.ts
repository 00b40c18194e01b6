// Set-up for the worker suites: workers built on an in-memory store, jobs run through the real
// runner (schemas and outcome mapping included) either directly or on the embedded engine.
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import type { EmbeddedEngine, ManualClock } from '../../server/engine/embedded/index.js';
import { createTestOficio } from '../support/oficio.js';
import { silentLogger } from '../../server/log.js';
import { recordCollectionsOf, runJob, startWorkers } from '../../server/workers/runner.js';
import type { Job, JobFailRequest, JobErrorRequest, Variables } from '../../server/engine/port.js';
import type { Store } from '../../server/store/port.js';
import type { WorkerDefinition } from '../../workers/kit/index.js';
import { createWorkerServices, type WorkerDeps, type WorkerServices } from '../../workers/index.js';

export interface Fixture {
  store: Store;
  deps: WorkerDeps;
  /** Built once from deps, as a run builds them: every job of the fixture shares its adapters. */
  services: WorkerServices;
  close(): Promise<void>;
}

/** Workers' dependencies on a fresh in-memory store; mail goes nowhere unless overridden. */
export function createFixture(overrides: Partial<WorkerDeps> = {}): Fixture {
  const store = createSqliteStore({ path: ':memory:' });
  const deps: WorkerDeps = {
    collections: recordCollectionsOf(store),
    mail: { smtp: { host: '127.0.0.1', port: 9, secure: false, ignoreTLS: true }, from: 'Oficio <oficio@aguascalientes.gob.mx>' },
    ...overrides,
  };
  return { store, deps, services: createWorkerServices(deps), close: () => store.close() };
}

export type JobAnswer = { action: 'complete'; variables: Variables } | ({ action: 'fail' } & JobFailRequest) | ({ action: 'error' } & JobErrorRequest);

let jobCounter = 0;

/** Runs one job through the runner as the engine would hand it out, with the fixture's services, and answers what the runner did. */
export async function runOnce(
  { services }: Pick<Fixture, 'services'>,
  definition: WorkerDefinition,
  variables: Variables,
  options: { now?: Date | string; jobKey?: string; headers?: Record<string, string>; retries?: number } = {},
): Promise<JobAnswer> {
  let answer: JobAnswer | undefined;
  const receipt = 'JOB_ACTION_RECEIPT' as never;
  const job = {
    type: definition.type,
    processDefinitionId: 'test',
    processDefinitionVersion: 1,
    elementId: 'task',
    customHeaders: options.headers ?? {},
    worker: 'test',
    retries: options.retries ?? 3,
    deadline: Date.now() + 60_000,
    variables,
    tenantId: '<default>',
    jobKey: options.jobKey ?? `job-${++jobCounter}`,
    processInstanceKey: '1',
    processDefinitionKey: '1',
    elementInstanceKey: '1',
    kind: 'BPMN_ELEMENT',
    listenerEventType: 'UNSPECIFIED',
    async complete(v?: Variables) {
      answer = { action: 'complete', variables: v ?? {} };
      return receipt;
    },
    async fail(body: JobFailRequest) {
      answer = { action: 'fail', ...body };
      return receipt;
    },
    async error(body: JobErrorRequest) {
      answer = { action: 'error', ...body };
      return receipt;
    },
    cancelWorkflow: async () => receipt,
    ignore: async () => receipt,
    modifyJobTimeout: async () => undefined,
    modifyRetries: async () => undefined,
  } as unknown as Job;
  const now = options.now ? new Date(options.now) : undefined;
  await runJob(definition, job, { services, ...(now ? { now: () => now } : {}) });
  if (!answer) throw new Error('the runner answered nothing');
  return answer;
}

/** The variables of a completed job, failing the test with the runner's answer otherwise. */
export async function completed(fixture: Pick<Fixture, 'services'>, definition: WorkerDefinition, variables: Variables, options: Parameters<typeof runOnce>[3] = {}): Promise<Variables> {
  const answer = await runOnce(fixture, definition, variables, options);
  if (answer.action !== 'complete') throw new Error(`expected complete, got ${JSON.stringify(answer)}`);
  return answer.variables;
}

export interface EngineFixture {
  engine: EmbeddedEngine;
  clock: ManualClock;
  store: Store;
  deps: WorkerDeps;
  services: WorkerServices;
  close(): Promise<void>;
}

/** Oficio (createTestOficio) on the manual clock, running only the given workers through the real runner. */
export async function createEngineFixture(start: string, definitions: readonly WorkerDefinition[], overrides: Partial<WorkerDeps> = {}): Promise<EngineFixture> {
  const oficio = await createTestOficio({ start });
  const { engine, clock, store } = oficio;
  const now = () => new Date(clock.now());
  const deps: WorkerDeps = {
    collections: recordCollectionsOf(store),
    mail: { smtp: { host: '127.0.0.1', port: 9, secure: false, ignoreTLS: true }, from: 'Oficio <oficio@aguascalientes.gob.mx>' },
    now,
    ...overrides,
  };
  const services = createWorkerServices(deps);
  const workers = startWorkers(engine, definitions, { services, now, log: silentLogger() });
  return {
    engine,
    clock,
    store,
    deps,
    services,
    async close() {
      for (const w of workers) w.stop();
      await oficio.close();
    },
  };
}

/** A process: start → the service task (with an error boundary for `errorCode`, if any) → end. */
export function serviceTaskProcess(processId: string, type: string, options: { errorCode?: string; retries?: number; headers?: Record<string, string> } = {}): string {
  const headers = options.headers
    ? `<zeebe:taskHeaders>${Object.entries(options.headers)
        .map(([k, v]) => `<zeebe:header key="${k}" value="${v}"/>`)
        .join('')}</zeebe:taskHeaders>`
    : '';
  const boundary = options.errorCode
    ? `<bpmn:boundaryEvent id="caught" attachedToRef="task"><bpmn:outgoing>f3</bpmn:outgoing><bpmn:errorEventDefinition errorRef="Err"/></bpmn:boundaryEvent>
    <bpmn:endEvent id="failedEnd"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="caught" targetRef="failedEnd"/>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs_${processId}" targetNamespace="http://oficio.test">
  ${options.errorCode ? `<bpmn:error id="Err" name="${options.errorCode}" errorCode="${options.errorCode}"/>` : ''}
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="${options.retries ?? 3}"/>${headers}</bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
    ${boundary}
  </bpmn:process>
</bpmn:definitions>`;
}

/** Completed element ids and root variables of an instance. */
export async function outcomeOf(engine: EmbeddedEngine, processInstanceKey: string) {
  const { items } = await engine.searchElementInstances({ filter: { processInstanceKey, state: 'COMPLETED' }, sort: [{ field: 'elementInstanceKey', order: 'ASC' }], page: { limit: 1000 } });
  const vars = await engine.searchVariables({ filter: { processInstanceKey, scopeKey: processInstanceKey }, page: { limit: 1000 } });
  return { path: items.map((i) => i.elementId), variables: Object.fromEntries(vars.items.map((v) => [v.name, JSON.parse(v.value)])) as Variables };
}
