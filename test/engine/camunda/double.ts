// A stand-in Camunda 8.8 cluster for the Camunda adapter's tests: an HTTP server on 127.0.0.1
// answering the /v2 endpoints the SDK calls, backed by the embedded engine (Oficio's own engine
// with Zeebe's semantics), recording every request. User task listeners, which the embedded
// engine does not run, are emulated here: their jobs are handed out like any other and block the
// assignment or completion until answered, as Zeebe's do.
//
// To be replaced by (or rebuilt on) server/http/v2, the /v2 API the embedded engine serves for
// real, once that covers jobs, user tasks and task listeners.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { createSqliteStore } from '../../../server/store/sqlite/index.js';
import { createEmbeddedEngine, createManualClock, type EmbeddedEngine, type ManualClock } from '../../../server/engine/embedded/index.js';
import { openCollections } from '../../../server/engine/embedded/collections.js';
import { DeploymentRejectedError, EngineError, type UserTaskResult, type Variables } from '../../../server/engine/port.js';
import type { Store } from '../../../server/store/port.js';

export interface RecordedRequest {
  method: string;
  /** The path below /v2 with keys in place ('/jobs/2251799813685251/completion'). */
  path: string;
  /** The same with its keys as placeholders ('/jobs/:key/completion'). */
  route: string;
  query: Record<string, string>;
  /** The JSON body as sent (a deployment: its resources' names and texts). */
  body: unknown;
  status: number;
}

export interface CamundaDouble {
  /** The address to give the SDK as ZEEBE_REST_ADDRESS (it appends /v2). */
  readonly url: string;
  readonly engine: EmbeddedEngine;
  readonly clock: ManualClock;
  readonly requests: RecordedRequest[];
  /** The requests to a route ('POST /jobs/:key/completion'). */
  requestsTo(route: string): RecordedRequest[];
  /** Hands out the listener jobs of what changed and waits until they are answered. */
  settle(): Promise<void>;
  /** Answers a route ('GET /process-instances/:key') with `respond` instead; undefined lets the request through. */
  intercept(route: string, respond: (request: RecordedRequest) => { status: number; body?: unknown } | undefined): void;
  /** Jobs of these types that wait for a worker (due, not handed out, listener jobs included). */
  waitingJobs(types: string[]): Promise<number>;
  close(): Promise<void>;
}

const TENANT = '<default>';
const LONG_POLL_DEFAULT_MS = 10_000;
const LONG_POLL_MAX_MS = 60_000;
const POLL_EVERY_MS = 5;
/** How long a blocked assignment or completion waits for its listeners. */
const LISTENER_WAIT_MS = 10_000;
/** A listener type counts as served while its worker polled within this long. */
const SERVED_WITHIN_MS = 2_000;

const zeebe = createRequire(import.meta.url)('zeebe-bpmn-moddle/resources/zeebe.json');
const moddle = BpmnModdle({ zeebe });

type ListenerEvent = 'CREATING' | 'ASSIGNING' | 'COMPLETING' | 'CANCELING';
interface ListenerDef {
  eventType: ListenerEvent;
  type: string;
  retries: number;
}
interface ListenerOutcome {
  denied?: string;
  failed?: string;
}
interface ListenerJob {
  jobKey: string;
  type: string;
  event: ListenerEvent;
  task: UserTaskResult;
  props: Record<string, unknown>;
  variables: Variables;
  retries: number;
  state: 'ACTIVATABLE' | 'ACTIVATED' | 'DONE';
  due: number;
  deadline?: number;
  worker?: string;
  settle: (outcome: ListenerOutcome) => void;
  done: Promise<ListenerOutcome>;
}

class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export interface CamundaDoubleOptions {
  /** The clock's start (default the scenario suites' START). */
  start?: string;
  /**
   * Whether a completing listener's job carries the variables the completion submits (default
   * true); false plays a cluster whose listeners see only the instance's variables.
   */
  completionVariablesToListeners?: boolean;
}

export async function startCamundaDouble(options: CamundaDoubleOptions = {}): Promise<CamundaDouble> {
  const store = await createSqliteStore({ path: ':memory:' });
  const clock = createManualClock(options.start ?? '2026-01-05T09:00:00.000Z');
  const engine = createEmbeddedEngine({ store, clock });
  const double = new Double(store, engine, clock, options.completionVariablesToListeners !== false);
  await double.listen();
  return double;
}

class Double implements CamundaDouble {
  url = '';
  readonly requests: RecordedRequest[] = [];
  private server?: Server;
  private closed = false;
  private readonly jobsCollection;
  /** The XML as deployed (with its listeners) by process definition key. */
  private readonly deployedXml = new Map<string, string>();
  /** Task listeners by process definition key and element id. */
  private readonly listeners = new Map<string, Map<string, ListenerDef[]>>();
  private readonly listenerJobs = new Map<string, ListenerJob>();
  /** Tasks whose creating (and canceling) listeners were started, with the creating run. */
  private readonly announced = { created: new Map<string, Promise<unknown>>(), canceled: new Set<string>() };
  /** Listener runs under way, with the listener types they involve. */
  private readonly runs = new Set<string[]>();
  private readonly polledAt = new Map<string, number>();
  private readonly openPolls = new Set<() => void>();
  private nextListenerKey = 4_503_599_627_370_496n;
  private readonly interceptors = new Map<string, (request: RecordedRequest) => { status: number; body?: unknown } | undefined>();

  constructor(
    private readonly store: Store,
    readonly engine: EmbeddedEngine,
    readonly clock: ManualClock,
    private readonly completionVariablesToListeners: boolean,
  ) {
    this.jobsCollection = openCollections(store).jobs;
  }

  intercept(route: string, respond: (request: RecordedRequest) => { status: number; body?: unknown } | undefined) {
    this.interceptors.set(route, respond);
  }

  requestsTo(route: string) {
    return this.requests.filter((r) => `${r.method} ${r.route}` === route);
  }

  async listen() {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async close() {
    this.closed = true;
    for (const wake of this.openPolls) wake();
    for (const job of this.listenerJobs.values()) job.settle({ failed: 'the cluster is shutting down' });
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
    await this.engine.close();
    await this.store.close();
  }

  // ------------------------------------------------------------------------------------------
  // HTTP

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://double');
    const path = url.pathname.replace(/^\/v2/, '');
    const raw = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown;
    try {
      body = contentType.startsWith('multipart/form-data') ? parseMultipart(raw, contentType) : raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      body = raw.toString('utf8');
    }
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      route: path.replace(/\/\d{6,}(?=\/|$)/g, '/:key'),
      query: Object.fromEntries(url.searchParams),
      body,
      status: 0,
    };
    this.requests.push(record);
    let status = 200;
    let payload: unknown;
    try {
      const intercepted = this.interceptors.get(`${record.method} ${record.route}`)?.(record);
      const answer = intercepted ? intercepted.body : await this.route(record, res);
      if (intercepted) status = intercepted.status;
      if (answer === undefined) status = intercepted ? status : 204;
      else payload = answer;
    } catch (error) {
      const problem = toProblem(error);
      status = problem.status;
      payload = { type: 'about:blank', title: problem.title, status: problem.status, detail: problem.detail, instance: `/v2${path}` };
    }
    record.status = status;
    if (res.destroyed) return;
    if (status === 204) {
      res.writeHead(204).end();
    } else if (typeof payload === 'string') {
      res.writeHead(status, { 'content-type': 'text/xml' }).end(payload);
    } else {
      res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' }).end(JSON.stringify(payload));
    }
  }

  private async route(r: RecordedRequest, res: ServerResponse): Promise<unknown> {
    const b = (r.body ?? {}) as Record<string, any>;
    const key = /\/(\d{6,})(?:\/|$)/.exec(r.path)?.[1] ?? '';
    const e = this.engine;
    switch (`${r.method} ${r.route}`) {
      case 'GET /topology':
        return { brokers: [], clusterSize: 1, partitionsCount: 1, replicationFactor: 1, gatewayVersion: '8.8.0' };
      case 'POST /deployments':
        return this.deploy(b as { resources: Array<{ name: string; content: string }>; tenantId?: string });
      case 'POST /process-definitions/search':
        return e.searchProcessDefinitions(b);
      case 'GET /process-definitions/:key/xml':
        return this.deployedXml.get(key) ?? (await e.getProcessDefinitionXml({ processDefinitionKey: key }));
      case 'POST /process-instances': {
        const created = await e.createProcessInstance({
          ...b,
          ...(b.processDefinitionVersion !== undefined ? { processDefinitionVersion: Number(b.processDefinitionVersion) } : {}),
          ...(b.requestTimeout !== undefined ? { requestTimeout: Number(b.requestTimeout) } : {}),
        });
        await this.settle();
        return created;
      }
      case 'POST /process-instances/:key/cancellation':
        await e.cancelProcessInstance({ processInstanceKey: key });
        await this.settle();
        return undefined;
      case 'GET /process-instances/:key':
        return e.getProcessInstance({ processInstanceKey: key });
      case 'POST /process-instances/search':
        return e.searchProcessInstances(b);
      case 'POST /element-instances/search':
        return stripFlowScope(await e.searchElementInstances(b));
      case 'POST /variables/search':
        return e.searchVariables(b);
      case 'POST /messages/publication': {
        const published = await e.publishMessage({ ...b, ...(b.timeToLive !== undefined ? { timeToLive: Number(b.timeToLive) } : {}) } as never);
        await this.settle();
        return { tenantId: TENANT, messageKey: published.messageKey ?? '0' };
      }
      case 'POST /jobs/activation':
        return { jobs: await this.activate(b, res) };
      case 'POST /jobs/:key/completion':
        return this.answerJob(key, 'complete', b);
      case 'POST /jobs/:key/failure':
        return this.answerJob(key, 'fail', b);
      case 'POST /jobs/:key/error':
        return this.answerJob(key, 'error', b);
      case 'PATCH /jobs/:key':
        return this.updateJob(key, b);
      case 'POST /user-tasks/search':
        return e.searchUserTasks(b);
      case 'GET /user-tasks/:key':
        return e.getUserTask({ userTaskKey: key });
      case 'POST /user-tasks/:key/assignment':
        return this.assign(key, b.assignee, b.allowOverride);
      case 'DELETE /user-tasks/:key/assignee':
        return this.assign(key, undefined, true);
      case 'POST /user-tasks/:key/completion':
        return this.completeTask(key, b.variables ?? undefined);
      case 'POST /incidents/search':
        return e.searchIncidents(b);
      case 'POST /incidents/:key/resolution':
        await e.resolveIncident({ incidentKey: key });
        await this.settle();
        return undefined;
      default:
        throw new Problem(404, 'NOT_FOUND', `The double does not serve ${r.method} /v2${r.path}`);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Deployments: the listeners are kept aside (the embedded engine refuses them) and emulated.

  private async deploy(input: { resources: Array<{ name: string; content: string }>; tenantId?: string }) {
    const resources = input.resources ?? [];
    const stripped: Array<{ name: string; content: string; listeners: Map<string, Map<string, ListenerDef[]>> }> = [];
    for (const r of resources) stripped.push({ name: r.name, content: stripListeners(r.content), listeners: await listenersOf(r.content) });
    const result = await this.engine.createDeployment({ resources: stripped.map(({ name, content }) => ({ name, content })) });
    for (const p of result.processes) {
      const source = resources.find((r) => r.name === p.resourceName);
      const own = stripped.find((r) => r.name === p.resourceName)?.listeners.get(p.processDefinitionId);
      if (source) this.deployedXml.set(p.processDefinitionKey, source.content);
      if (own?.size) this.listeners.set(p.processDefinitionKey, own);
    }
    return {
      ...result,
      deployments: result.deployments.map((d) => (d.processDefinition ? { processDefinition: d.processDefinition } : d)),
    };
  }

  // ------------------------------------------------------------------------------------------
  // Jobs

  private async activate(b: Record<string, any>, res: ServerResponse) {
    const type = String(b.type);
    const max = Number(b.maxJobsToActivate ?? 1);
    const timeout = Number(b.timeout ?? 300_000);
    const requested = b.requestTimeout === undefined ? 0 : Number(b.requestTimeout);
    const wait = requested < 0 ? 0 : Math.min(requested === 0 ? LONG_POLL_DEFAULT_MS : requested, LONG_POLL_MAX_MS);
    const until = Date.now() + wait;
    let gone = false;
    // A closed response before the answer: the worker stopped and cancelled its activation.
    res.once('close', () => (gone = true));
    for (;;) {
      this.polledAt.set(type, Date.now());
      if (gone || this.closed) return [];
      await this.announce();
      const jobs: unknown[] = this.takeListenerJobs(type, max, timeout, String(b.worker ?? ''));
      if (jobs.length < max) {
        const records = await this.engine.activateJobs({ type, maxJobsToActivate: max - jobs.length, timeout, worker: String(b.worker ?? 'worker'), ...(b.fetchVariable?.length ? { fetchVariable: b.fetchVariable } : {}) });
        jobs.push(
          ...records.map((j) => ({
            type: j.type,
            processDefinitionId: j.processDefinitionId,
            processDefinitionVersion: j.processDefinitionVersion,
            elementId: j.elementId,
            customHeaders: j.customHeaders,
            worker: j.worker ?? String(b.worker ?? ''),
            retries: j.retries,
            deadline: j.deadline,
            variables: j.variables,
            tenantId: TENANT,
            jobKey: j.jobKey,
            processInstanceKey: j.processInstanceKey,
            processDefinitionKey: j.processDefinitionKey,
            elementInstanceKey: j.elementInstanceKey,
            kind: 'BPMN_ELEMENT',
            listenerEventType: 'UNSPECIFIED',
          })),
        );
      }
      if (jobs.length || Date.now() >= until) return jobs;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.openPolls.delete(wake);
          resolve();
        };
        this.openPolls.add(wake);
        setTimeout(wake, POLL_EVERY_MS);
      });
    }
  }

  private async answerJob(key: string, action: 'complete' | 'fail' | 'error', b: Record<string, any>) {
    const listener = this.listenerJobs.get(key);
    if (listener) return this.answerListenerJob(listener, action, b);
    if (action === 'complete') await this.engine.completeJob({ jobKey: key, variables: b.variables ?? {} });
    else if (action === 'fail') {
      await this.engine.failJob({
        jobKey: key,
        retries: b.retries === undefined ? 0 : Number(b.retries),
        ...(b.errorMessage !== undefined ? { errorMessage: b.errorMessage } : {}),
        retryBackOff: b.retryBackOff === undefined ? 0 : Number(b.retryBackOff),
        ...(b.variables ? { variables: b.variables } : {}),
      });
    } else await this.engine.throwJobError({ jobKey: key, errorCode: b.errorCode, errorMessage: b.errorMessage ?? '', variables: b.variables ?? null });
    await this.settle();
    return undefined;
  }

  private async updateJob(key: string, b: Record<string, any>) {
    const changeset = b.changeset ?? {};
    const listener = this.listenerJobs.get(key);
    if (listener) {
      if (changeset.retries != null) listener.retries = Number(changeset.retries);
      if (changeset.timeout != null && listener.state === 'ACTIVATED') listener.due = listener.deadline = this.clock.now() + Number(changeset.timeout);
      return undefined;
    }
    await this.engine.updateJob({
      jobKey: key,
      changeset: { ...(changeset.retries != null ? { retries: Number(changeset.retries) } : {}), ...(changeset.timeout != null ? { timeout: Number(changeset.timeout) } : {}) },
    });
    return undefined;
  }

  async waitingJobs(types: string[]): Promise<number> {
    if (!types.length) return 0;
    const now = this.clock.now();
    const listenerWaiting = [...this.listenerJobs.values()].filter((j) => types.includes(j.type) && j.state !== 'DONE' && j.due <= now).length;
    const engineWaiting = await this.jobsCollection.count({ type: { $in: types }, state: { $in: ['ACTIVATABLE', 'ACTIVATED'] }, due: { $lte: now } });
    return listenerWaiting + engineWaiting;
  }

  // ------------------------------------------------------------------------------------------
  // Task listeners

  private listenersFor(task: UserTaskResult, event: ListenerEvent): ListenerDef[] {
    return (this.listeners.get(task.processDefinitionKey ?? '')?.get(task.elementId ?? '') ?? []).filter((l) => l.eventType === event);
  }

  /** Whether a worker polls for this listener type: without one, nothing waits for its jobs. */
  private served(type: string) {
    return Date.now() - (this.polledAt.get(type) ?? 0) < SERVED_WITHIN_MS;
  }

  private async visibleVariables(task: UserTaskResult): Promise<Variables> {
    const { items } = await this.engine.searchVariables({ filter: { processInstanceKey: task.processInstanceKey! }, page: { limit: 10_000 } });
    const out: Variables = {};
    for (const scope of [task.processInstanceKey, task.elementInstanceKey]) for (const v of items) if (v.scopeKey === scope) out[v.name] = JSON.parse(v.value);
    return out;
  }

  /** Runs the task's listeners of one event in order; the first denial or failure ends them. */
  private async runListeners(task: UserTaskResult, event: ListenerEvent, props: Record<string, unknown>, extra: Variables = {}): Promise<ListenerOutcome> {
    const defs = this.listenersFor(task, event);
    if (!defs.length) return {};
    const run = defs.map((d) => d.type);
    this.runs.add(run);
    try {
      for (const def of defs) {
        const variables = { ...(await this.visibleVariables(task)), ...extra };
        const job = this.createListenerJob(def, task, event, props, variables);
        let timer: NodeJS.Timeout | undefined;
        const outcome = await Promise.race([
          job.done,
          new Promise<ListenerOutcome>((resolve) => {
            timer = setTimeout(() => resolve({ failed: 'no task listener answered' }), LISTENER_WAIT_MS);
            timer.unref();
          }),
        ]);
        clearTimeout(timer);
        if (outcome.denied !== undefined || outcome.failed !== undefined) return outcome;
      }
      return {};
    } finally {
      this.runs.delete(run);
    }
  }

  private createListenerJob(def: ListenerDef, task: UserTaskResult, event: ListenerEvent, props: Record<string, unknown>, variables: Variables): ListenerJob {
    let settle!: (outcome: ListenerOutcome) => void;
    const done = new Promise<ListenerOutcome>((resolve) => (settle = resolve));
    const job: ListenerJob = {
      jobKey: String(this.nextListenerKey++),
      type: def.type,
      event,
      task,
      props,
      variables,
      retries: def.retries,
      state: 'ACTIVATABLE',
      due: this.clock.now(),
      settle: (outcome) => {
        job.state = 'DONE';
        this.listenerJobs.delete(job.jobKey);
        settle(outcome);
      },
      done,
    };
    this.listenerJobs.set(job.jobKey, job);
    for (const wake of this.openPolls) wake();
    return job;
  }

  private takeListenerJobs(type: string, max: number, timeout: number, worker: string) {
    const now = this.clock.now();
    const out: unknown[] = [];
    for (const job of this.listenerJobs.values()) {
      if (out.length >= max) break;
      if (job.type !== type || job.state === 'DONE' || job.due > now) continue;
      job.state = 'ACTIVATED';
      job.deadline = job.due = now + timeout;
      job.worker = worker;
      const t = job.task;
      out.push({
        type: job.type,
        processDefinitionId: t.processDefinitionId,
        processDefinitionVersion: t.processDefinitionVersion,
        elementId: t.elementId,
        customHeaders: {},
        worker,
        retries: job.retries,
        deadline: job.deadline,
        variables: job.variables,
        tenantId: TENANT,
        jobKey: job.jobKey,
        processInstanceKey: t.processInstanceKey,
        processDefinitionKey: t.processDefinitionKey,
        elementInstanceKey: t.elementInstanceKey,
        kind: 'TASK_LISTENER',
        listenerEventType: job.event,
        userTask: {
          userTaskKey: t.userTaskKey,
          assignee: t.assignee ?? null,
          candidateGroups: t.candidateGroups ?? [],
          candidateUsers: t.candidateUsers ?? [],
          dueDate: t.dueDate ?? null,
          followUpDate: t.followUpDate ?? null,
          priority: t.priority ?? 50,
          ...job.props,
        },
      });
    }
    return out;
  }

  private answerListenerJob(job: ListenerJob, action: 'complete' | 'fail' | 'error', b: Record<string, any>) {
    if (job.state !== 'ACTIVATED') throw new Problem(409, 'INVALID_STATE', `Expected to ${action} job with key '${job.jobKey}', but it is not activated`);
    if (action === 'error') throw new Problem(400, 'INVALID_ARGUMENT', `Expected to throw an error for job with key '${job.jobKey}', but task listener jobs cannot throw BPMN errors`);
    if (action === 'fail') {
      const retries = b.retries === undefined ? 0 : Number(b.retries);
      if (retries > 0) {
        job.retries = retries;
        job.state = 'ACTIVATABLE';
        job.due = this.clock.now() + Number(b.retryBackOff ?? 0);
      } else job.settle({ failed: String(b.errorMessage ?? 'the task listener failed') });
      return undefined;
    }
    const result = (b.result ?? {}) as { denied?: boolean | null; deniedReason?: string | null };
    job.settle(result.denied ? { denied: String(result.deniedReason ?? '') } : {});
    return undefined;
  }

  /** Hands out the creating and canceling listener jobs of tasks that appeared or were cancelled. */
  private async announce() {
    if (!this.listeners.size) return;
    const { items } = await this.engine.searchUserTasks({ filter: { processDefinitionKey: { $in: [...this.listeners.keys()] } as never, state: { $in: ['CREATED', 'CANCELED'] } }, page: { limit: 10_000 } });
    for (const task of items) {
      const key = task.userTaskKey!;
      if (!this.announced.created.has(key)) this.announced.created.set(key, this.runListeners(task, 'CREATING', {}));
      if (task.state === 'CANCELED' && !this.announced.canceled.has(key)) {
        this.announced.canceled.add(key);
        // As in Zeebe, a task's canceling listeners run after its creating ones have answered.
        void this.announced.created.get(key)!.then(() => this.runListeners(task, 'CANCELING', {}));
      }
    }
  }

  async settle() {
    const until = Date.now() + LISTENER_WAIT_MS;
    await this.announce();
    while (Date.now() < until && [...this.runs].some((types) => types.some((t) => this.served(t)))) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  private async assign(key: string, assignee: string | undefined, allowOverride: boolean | undefined) {
    const task = await this.engine.getUserTask({ userTaskKey: key });
    if (task.state !== 'CREATED') {
      throw new Problem(409, 'INVALID_STATE', `Command 'ASSIGN' rejected with code 'INVALID_STATE': Expected to assign user task with key '${key}', but it is in state '${task.state}'`);
    }
    if (assignee !== undefined && allowOverride === false && task.assignee && task.assignee !== assignee) {
      throw new Problem(409, 'INVALID_STATE', `Command 'CLAIM' rejected with code 'INVALID_STATE': Expected to claim user task with key '${key}', but it has already been assigned`);
    }
    const outcome = await this.runListeners(task, 'ASSIGNING', { assignee: assignee ?? '', action: assignee === undefined ? 'unassign' : 'assign' });
    if (outcome.denied !== undefined) throw denial('ASSIGN', 'Assignment', key, outcome.denied);
    if (outcome.failed !== undefined) throw new Problem(409, 'INVALID_STATE', `The assigning listener of user task '${key}' failed: ${outcome.failed}`);
    if (assignee === undefined) await this.engine.unassignUserTask({ userTaskKey: key });
    else await this.engine.assignUserTask({ userTaskKey: key, assignee, allowOverride: true });
    return undefined;
  }

  private async completeTask(key: string, variables: Variables | undefined) {
    const task = await this.engine.getUserTask({ userTaskKey: key });
    if (task.state !== 'CREATED') {
      throw new Problem(409, 'INVALID_STATE', `Command 'COMPLETE' rejected with code 'INVALID_STATE': Expected to complete user task with key '${key}', but it is in state '${task.state}'`);
    }
    const outcome = await this.runListeners(task, 'COMPLETING', { action: 'complete' }, this.completionVariablesToListeners ? (variables ?? {}) : {});
    if (outcome.denied !== undefined) throw denial('COMPLETE', 'Completion', key, outcome.denied);
    if (outcome.failed !== undefined) throw new Problem(409, 'INVALID_STATE', `The completing listener of user task '${key}' failed: ${outcome.failed}`);
    await this.engine.completeUserTask({ userTaskKey: key, ...(variables ? { variables } : {}) });
    await this.settle();
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------

function denial(command: string, what: string, key: string, reason: string) {
  return new Problem(409, 'INVALID_STATE', `Command '${command}' rejected with code 'INVALID_STATE': ${what} of the User Task with key '${key}' was denied by Task Listener. Reason to deny: '${reason}'`);
}

/** Zeebe's rejection texts: a refused deployment lists each resource's elements and their errors. */
function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  if (error instanceof DeploymentRejectedError) {
    const byResource = new Map<string, string[]>();
    for (const p of error.problems) {
      const lines = byResource.get(p.resourceName) ?? [];
      lines.push(p.elementId ? `- Element: ${p.elementId}\n    - ERROR: ${p.message}` : p.message);
      byResource.set(p.resourceName, lines);
    }
    const listed = [...byResource].map(([name, lines]) => `'${name}': ${lines.join('\n')}`).join('\n');
    return new Problem(400, 'INVALID_ARGUMENT', `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n${listed}\n`);
  }
  if (error instanceof EngineError) {
    const status = error.code === 'NOT_FOUND' ? 404 : error.code === 'CONFLICT' || error.code === 'INVALID_STATE' ? 409 : 400;
    // Zeebe's rejection types: a duplicate (a message id published twice) is ALREADY_EXISTS.
    const title = error.code === 'CONFLICT' ? 'ALREADY_EXISTS' : error.code;
    return new Problem(status, title, `Command rejected with code '${title}': ${error.message}`);
  }
  return new Problem(500, 'INTERNAL', (error as Error)?.message ?? String(error));
}

/** Camunda's element instances do not say their scope; the adapter has to find it out. */
function stripFlowScope<T extends { items: Array<{ flowScopeKey?: string }> }>(result: T): T {
  return { ...result, items: result.items.map(({ flowScopeKey: _scope, ...rest }) => rest) };
}

function stripListeners(xml: string): string {
  return xml.replace(/<([\w-]+):taskListeners\b[^>]*>[\s\S]*?<\/\1:taskListeners>/g, '').replace(/<([\w-]+):taskListeners\b[^>]*\/>/g, '');
}

/** Process id → element id → its task listeners, in document order. */
async function listenersOf(xml: string): Promise<Map<string, Map<string, ListenerDef[]>>> {
  const out = new Map<string, Map<string, ListenerDef[]>>();
  if (!/taskListener/.test(xml)) return out;
  let definitions: any;
  try {
    definitions = (await moddle.fromXML(xml, 'bpmn:Definitions')).rootElement;
  } catch {
    return out;
  }
  const walk = (container: any, byElement: Map<string, ListenerDef[]>) => {
    for (const element of container.flowElements ?? []) {
      const holder = (element.extensionElements?.values ?? []).find((v: any) => v.$type === 'zeebe:TaskListeners');
      if (holder) {
        byElement.set(
          element.id,
          (holder.listeners ?? []).map((l: any) => ({ eventType: String(l.eventType).toUpperCase() as ListenerEvent, type: l.type, retries: Number(l.retries ?? 3) })),
        );
      }
      if (element.flowElements) walk(element, byElement);
    }
  };
  for (const root of definitions.rootElements ?? []) {
    if (root.$type !== 'bpmn:Process') continue;
    const byElement = new Map<string, ListenerDef[]>();
    walk(root, byElement);
    out.set(root.id, byElement);
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The parts of a multipart/form-data body: files under `resources`, plain fields by name. */
function parseMultipart(raw: Buffer, contentType: string) {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = `--${boundary?.[1] ?? boundary?.[2]}`;
  const text = raw.toString('utf8');
  const resources: Array<{ name: string; content: string }> = [];
  const fields: Record<string, string> = {};
  for (const part of text.split(marker).slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    const headers = part.slice(0, split);
    const content = part.slice(split + 4).replace(/\r\n$/, '');
    const name = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    if (filename !== undefined) resources.push({ name: filename, content });
    else fields[name] = content;
  }
  return { resources, ...fields };
}
