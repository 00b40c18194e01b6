// Shared set-up for engine scenarios: a fresh embedded engine on an in-memory SQLite store with a
// manual clock, plus small helpers to deploy inline BPMN and wait for asynchronous progress.
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import type { EmbeddedEngine, ManualClock } from '../../server/engine/embedded/index.js';
import { createTestOficio } from '../support/oficio.js';
import type { Store } from '../../server/store/port.js';
import type { EnginePort, Variables } from '../../server/engine/port.js';
import { waitFor } from '../support/wait-for.js';

export const START = '2026-01-05T09:00:00.000Z';

/** The engine the scenario suites drive: the port, plus waiting until workers have nothing left to do. */
export type TestEngine = EnginePort & {
  /** Resolves once no job handler is running and no job waits for a free worker. */
  idle(): Promise<void>;
};

/** What a scenario suite is given per test: any engine behind the port, with the clock it runs on. */
export interface EngineHarness {
  engine: TestEngine;
  clock: ManualClock;
  close(): Promise<void>;
}

/** The embedded engine's harness: its store too. */
export interface Harness extends EngineHarness {
  engine: EmbeddedEngine;
  store: Store;
}

/**
 * What the engine under test offers beyond the port, so that a suite skips (visibly, as skipped
 * tests) what it cannot run there. The embedded engine has all of it.
 */
export interface EngineTraits {
  /** The harness's clock is the engine's: timers, back-offs and timeouts pass without waiting. */
  manualClock: boolean;
  /** The embedded engine decides deployments: its refusals (docs/bpmn-coverage.md) and their wording. */
  embeddedRefusals: boolean;
  /** What only the embedded engine does: variable history, job-based user tasks in the tasklist. */
  embeddedOnly: boolean;
}

export const EMBEDDED_TRAITS: EngineTraits = { manualClock: true, embeddedRefusals: true, embeddedOnly: true };

/** `it` when the engine can run the test, `it.skip` otherwise. */
export function itWhen(runs: boolean): jest.It {
  return runs ? it : it.skip;
}

/** Oficio (createOficio) on an SQLite store at `path` (in memory by default), or on the store `makeStore` opens (MongoDB). */
export async function createHarness(path: string | (() => Promise<Store>) = ':memory:'): Promise<Harness> {
  const store = typeof path === 'string' ? createSqliteStore({ path }) : await path();
  // The engine as Camunda runs it: no folios (Oficio's platform work, test/core/cases.test.ts).
  const oficio = await createTestOficio({ start: START, store, numberInstances: false });
  return {
    engine: oficio.engine,
    clock: oficio.clock,
    store,
    close: () => oficio.close(),
  };
}

/** Deploys one BPMN document given as text. */
export async function deployXml(engine: EnginePort, xml: string, name = 'test.bpmn') {
  return engine.createDeployment({ resources: [{ name, content: xml }] });
}

/** The ids of the elements of an instance in a given state, in start order. */
export async function elementIds(engine: EnginePort, processInstanceKey: string, state?: 'ACTIVE' | 'COMPLETED' | 'TERMINATED') {
  const { items } = await engine.searchElementInstances({
    filter: { processInstanceKey, ...(state ? { state } : {}) },
    sort: [{ field: 'elementInstanceKey', order: 'ASC' }],
    page: { limit: 1000 },
  });
  return items.map((i) => i.elementId);
}

/** The root-scope variables of an instance as a plain object. */
export async function rootVariables(engine: EnginePort, processInstanceKey: string): Promise<Variables> {
  const { items } = await engine.searchVariables({ filter: { processInstanceKey, scopeKey: processInstanceKey }, page: { limit: 1000 } });
  return Object.fromEntries(items.map((v) => [v.name, JSON.parse(v.value)]));
}

export async function instanceState(engine: EnginePort, processInstanceKey: string) {
  return (await engine.getProcessInstance({ processInstanceKey })).state;
}

/** Wraps process elements in a BPMN document with the Zeebe namespace declared. */
export function bpmn(processId: string, body: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="defs_${processId}" targetNamespace="http://oficio.test">
  ${extra}
  <bpmn:process id="${processId}" name="${processId}" isExecutable="true">
${body}
  </bpmn:process>
</bpmn:definitions>`;
}

// ---------------------------------------------------------------------------------------------
// Helpers for the task and flow scenarios (test/engine/suite/tasks.ts, suite/flow.ts).
import type {
  ElementInstanceFilter,
  ElementInstanceResult,
  ElementInstanceState,
  EngineError,
  Job,
  JobWorker,
  JobWorkerConfig,
  ProcessInstanceState,
  UserTaskResult,
} from '../../server/engine/port.js';

/**
 * Adds the `<bpmn:incoming>` / `<bpmn:outgoing>` references a modeler writes, derived from the
 * `<bpmn:sequenceFlow id sourceRef targetRef>` elements of the document, so inline fixtures can
 * declare each flow once and still look like Camunda Modeler output.
 */
export function withFlowRefs(xml: string): string {
  const refs = new Map<string, string[]>();
  const add = (id: string, ref: string) => refs.set(id, [...(refs.get(id) ?? []), ref]);
  for (const m of xml.matchAll(/<bpmn:sequenceFlow\b[^>]*>/g)) {
    const id = /\bid="([^"]+)"/.exec(m[0])?.[1];
    const source = /\bsourceRef="([^"]+)"/.exec(m[0])?.[1];
    const target = /\btargetRef="([^"]+)"/.exec(m[0])?.[1];
    if (!id || !source || !target) continue;
    add(source, `<bpmn:outgoing>${id}</bpmn:outgoing>`);
    add(target, `<bpmn:incoming>${id}</bpmn:incoming>`);
  }
  const sorted = (id: string) => {
    const list = refs.get(id) ?? [];
    return [...list.filter((r) => r.startsWith('<bpmn:incoming')), ...list.filter((r) => r.startsWith('<bpmn:outgoing'))].join('');
  };
  // As the schema orders them: after the element's extensionElements, before everything else.
  return xml.replace(
    /<bpmn:(\w+)(\s[^>]*?\bid="([^"]+)"[^>]*?)(\/?)>(\s*<bpmn:extensionElements>[\s\S]*?<\/bpmn:extensionElements>)?/g,
    (tag, name: string, attrs: string, id: string, selfClosing: string, extensions: string | undefined) => {
      if (name === 'sequenceFlow' || !refs.has(id)) return tag;
      return selfClosing ? `<bpmn:${name}${attrs}>${sorted(id)}</bpmn:${name}>${extensions ?? ''}` : `${tag}${sorted(id)}`;
    },
  );
}

/** The element instances of a process instance in creation order (the process itself left out). */
export async function elementInstancesOf(engine: EnginePort, processInstanceKey: string, filter: Omit<ElementInstanceFilter, 'processInstanceKey'> = {}): Promise<ElementInstanceResult[]> {
  const { items } = await engine.searchElementInstances({
    filter: { ...filter, processInstanceKey },
    sort: [{ field: 'elementInstanceKey', order: 'ASC' }],
    page: { limit: 1000 },
  });
  return items.filter((i) => i.type !== 'PROCESS').sort((a, b) => (BigInt(a.elementInstanceKey) < BigInt(b.elementInstanceKey) ? -1 : 1));
}

/** The ids of the elements an instance went through, in creation order (the process left out). */
export async function elementTrail(engine: EnginePort, processInstanceKey: string, state?: ElementInstanceState): Promise<string[]> {
  return (await elementInstancesOf(engine, processInstanceKey, state ? { state } : {})).map((i) => i.elementId);
}

/** Waits until a process instance is in the given state. */
export async function waitForInstanceState(engine: EnginePort, processInstanceKey: string, state: ProcessInstanceState, timeoutMs = 5000) {
  await waitFor(async () => (await engine.getProcessInstance({ processInstanceKey })).state === state, timeoutMs, `instance ${processInstanceKey} ${state}`);
}

/** The variables of one scope (an element instance key or the process instance key) as a plain object. */
export async function scopeVariables(engine: EnginePort, scopeKey: string): Promise<Variables> {
  const { items } = await engine.searchVariables({ filter: { scopeKey }, page: { limit: 1000 } });
  return Object.fromEntries(items.map((v) => [v.name, JSON.parse(v.value)]));
}

/** A worker completing every job of `jobType` with what `answer` returns; `jobs` records what it was handed. */
export function completingWorker(
  engine: EnginePort,
  jobType: string,
  answer: (job: Job) => Variables | undefined = () => undefined,
  config: Partial<Omit<JobWorkerConfig, 'jobType' | 'jobHandler'>> = {},
): { worker: JobWorker; jobs: Job[] } {
  const jobs: Job[] = [];
  const worker = engine.createJobWorker({
    jobType,
    maxParallelJobs: 8,
    jobTimeoutMs: 60_000,
    ...config,
    jobHandler: (job) => {
      jobs.push(job);
      return job.complete(answer(job) ?? {});
    },
  });
  return { worker, jobs };
}

/**
 * A worker that takes jobs and leaves them unanswered (job.ignore) with a long timeout, so the
 * test decides when and how each one is completed, failed or thrown.
 */
export function holdingWorker(engine: EnginePort, jobType: string, config: Partial<Omit<JobWorkerConfig, 'jobType' | 'jobHandler'>> = {}): { worker: JobWorker; jobs: Job[] } {
  const jobs: Job[] = [];
  const worker = engine.createJobWorker({
    jobType,
    maxParallelJobs: 32,
    jobTimeoutMs: 3_600_000,
    ...config,
    jobHandler: (job) => {
      jobs.push(job);
      return job.ignore();
    },
  });
  return { worker, jobs };
}

/** Waits for the open (CREATED) user task of an element in an instance. */
export async function openUserTask(engine: EnginePort, processInstanceKey: string, elementId?: string): Promise<UserTaskResult & { userTaskKey: string }> {
  return waitFor(
    async () => {
      const { items } = await engine.searchUserTasks({ filter: { processInstanceKey, state: 'CREATED', ...(elementId ? { elementId } : {}) } });
      return items[0]?.userTaskKey ? (items[0] as UserTaskResult & { userTaskKey: string }) : undefined;
    },
    5000,
    `open user task ${elementId ?? ''} in ${processInstanceKey}`,
  );
}

/** What a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    return error as EngineError;
  }
  throw new Error('expected the call to be rejected, but it succeeded');
}

/** A fresh harness for every test of the enclosing describe, closed after it; `ready` receives it. */
export function eachHarness<H extends EngineHarness>(make: () => Promise<H>, ready: (h: H) => void): void {
  let current: H | undefined;
  beforeEach(async () => {
    current = await make();
    ready(current);
  });
  afterEach(async () => {
    const closing = current;
    current = undefined;
    await closing?.close();
  });
}
