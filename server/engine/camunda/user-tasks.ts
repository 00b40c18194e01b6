// Oficio's record of the user tasks of a Camunda cluster, kept by Oficio's task listeners
// (creating, assigning, completing, canceling) in Oficio's own store: the tasklist, its SLA and the
// audit read them from there at once, instead of waiting for Camunda's eventually consistent
// search. The completing listener also refuses data that breaks the task's form.
import { ConflictError, type Collection, type FindOptions, type Json, type Store, type Stored } from '../../store/port.js';
import type { SearchQuery, SearchQueryResponse, UserTaskFilter, UserTaskResult, UserTaskSortField, Variables } from '../port.js';
import type { Logger } from '../../log.js';
import type { SdkClient } from './client.js';
import { TASK_LISTENER_TYPE, type UserTaskModel } from './models.js';
import { userTaskFilter, type UserTaskRecord } from '../user-task-records.js';

export const USER_TASKS_COLLECTION = 'camunda_user_tasks';
/** How long a listener job is Oficio's before Camunda hands it out again. */
export const LISTENER_TIMEOUT_MS = 30_000;
const TENANT = '<default>';
const DEFAULT_PRIORITY = 50;
const WRITE_ATTEMPTS = 8;

/**
 * Whether `data` satisfies the form `formId`: undefined when it does, otherwise the reason to
 * refuse the completion, worded for the person who completed it (the catalogue's language).
 */
export type CompletionCheck = (formId: string, data: Variables) => Promise<string | undefined>;

interface UserTaskDoc extends UserTaskRecord {
  formKey?: string;
  /** The variables a completion through Oficio submits, kept while the completing listener runs. */
  pendingCompletion?: { [key: string]: Json };
}

export class UserTaskRecords {
  private readonly tasks: Collection<UserTaskDoc>;

  constructor(store: Store) {
    this.tasks = store.collection<UserTaskDoc>(USER_TASKS_COLLECTION, {
      indexes: [
        { fields: ['state', 'creationDate'] },
        { fields: ['processInstanceKey'] },
        { fields: ['assignee', 'state'] },
        { fields: ['elementInstanceKey'] },
        { fields: ['candidateGroups', 'state', 'creationDate'], multikey: 'candidateGroups' },
        { fields: ['candidateGroups', 'state', 'dueDate'], multikey: 'candidateGroups' },
      ],
    });
  }

  async get(userTaskKey: string): Promise<UserTaskResult | undefined> {
    const doc = await this.tasks.get(userTaskKey);
    return doc && toResult(doc);
  }

  async search(input: SearchQuery<UserTaskFilter, UserTaskSortField> = {}): Promise<SearchQueryResponse<UserTaskResult>> {
    const filter = userTaskFilter(input.filter ?? {});
    const options: FindOptions = { limit: Math.min(Math.max(input.page?.limit ?? 100, 1), 10_000) };
    if (input.sort?.length) options.sort = input.sort.map((s) => ({ field: s.field, order: String(s.order ?? 'asc').toLowerCase() === 'desc' ? 'desc' : 'asc' }));
    if (input.page?.after) options.after = input.page.after;
    if (input.page?.from) options.offset = input.page.from;
    const [page, totalItems] = await Promise.all([this.tasks.find(filter, options), this.tasks.count(filter)]);
    return { items: page.items.map(toResult), page: { totalItems, ...(page.nextCursor ? { endCursor: page.nextCursor } : {}) } };
  }

  /** Keeps what a completion through Oficio submits, for the completing listener to check. */
  async holdCompletion(userTaskKey: string, variables: Variables | null | undefined) {
    await this.change(userTaskKey, (doc) => doc && { ...doc, pendingCompletion: JSON.parse(JSON.stringify(variables ?? {})) });
  }

  async releaseCompletion(userTaskKey: string) {
    await this.change(userTaskKey, (doc) => {
      if (!doc?.pendingCompletion) return undefined;
      const { pendingCompletion: _held, ...rest } = doc;
      return rest;
    });
  }

  async pendingCompletion(userTaskKey: string): Promise<Variables | undefined> {
    return (await this.tasks.get(userTaskKey))?.pendingCompletion;
  }

  /** Applies `next` to the task's record (undefined: leave it), retrying when another writer came first. */
  async change(userTaskKey: string, next: (doc: UserTaskDoc | undefined) => UserTaskDoc | undefined): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.tasks.get(userTaskKey);
      const wanted = next(current && withoutMeta(current));
      if (!wanted) return;
      try {
        if (current) await this.tasks.update(userTaskKey, wanted, current.version);
        else await this.tasks.insert({ ...wanted, id: userTaskKey });
        return;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }
}

function withoutMeta(doc: Stored<UserTaskDoc>): UserTaskDoc {
  const { id: _id, version: _version, ...fields } = doc;
  return fields;
}

function toResult(doc: Stored<UserTaskDoc> | UserTaskDoc): UserTaskResult {
  const { pendingCompletion: _held, ...fields } = 'version' in doc ? withoutMeta(doc as Stored<UserTaskDoc>) : doc;
  return { ...fields, tenantId: TENANT };
}

// ---------------------------------------------------------------------------------------------
// The listener worker

/** The listener job as the SDK hands it out (only what Oficio reads). */
interface ListenerJob {
  jobKey: string;
  elementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  deadline: number | bigint | string;
  variables: Record<string, unknown>;
  listenerEventType: string;
  userTask?: {
    userTaskKey?: string | null;
    assignee?: string | null;
    candidateGroups?: string[];
    candidateUsers?: string[];
    dueDate?: string | null;
    followUpDate?: string | null;
    formKey?: string;
    priority?: number | null;
  };
  ignore(): Promise<unknown>;
}

export interface TaskListenerDeps {
  client: SdkClient;
  records: UserTaskRecords;
  /** What the model says of the task (name, form, headers). */
  modelOf(processDefinitionKey: string, elementId: string): Promise<UserTaskModel | undefined>;
  checkCompletion?: CompletionCheck;
  /** Where a listener job that failed is reported; Camunda hands it out again, or raises an incident when its retries are spent. */
  log?: Logger;
}

/** Starts the SDK job worker answering Oficio's task listener jobs. */
export function startTaskListenerWorker(deps: TaskListenerDeps) {
  let active = 0;
  const worker = deps.client.createJobWorker({
    jobType: TASK_LISTENER_TYPE,
    workerName: 'oficio-task-listener',
    maxParallelJobs: 8,
    jobTimeoutMs: LISTENER_TIMEOUT_MS,
    pollIntervalMs: 100,
    jobHandler: async (job) => {
      active += 1;
      const listenerJob = job as unknown as ListenerJob;
      try {
        const denial = await handleListenerJob(deps, listenerJob);
        const jobKey = listenerJob.jobKey;
        // A task listener's answer is a job result (approve, or deny with a reason), which the
        // SDK's job.complete(variables) cannot send; the job is then acknowledged locally.
        if (denial !== undefined) await deps.client.completeJob({ jobKey, result: { type: 'userTask', denied: true, deniedReason: denial } });
        else await deps.client.completeJob({ jobKey });
        return job.ignore();
      } catch (error) {
        deps.log?.warn(
          {
            jobType: TASK_LISTENER_TYPE,
            jobKey: String(listenerJob.jobKey),
            processInstanceKey: String(listenerJob.processInstanceKey),
            elementId: listenerJob.elementId,
            listenerEventType: listenerJob.listenerEventType,
            err: error,
          },
          'job failed',
        );
        throw error;
      } finally {
        active -= 1;
      }
    },
  });
  return {
    /** Stops taking listener jobs and lets those under way finish, up to `waitUpToMs`. */
    async shutdown(waitUpToMs: number) {
      worker.stop();
      const until = Date.now() + waitUpToMs;
      while (active > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}

/** Records what the event changes; answers the reason to deny a completion, if any. */
export async function handleListenerJob(deps: TaskListenerDeps, job: ListenerJob): Promise<string | undefined> {
  const props = job.userTask ?? {};
  const userTaskKey = props.userTaskKey ? String(props.userTaskKey) : undefined;
  if (!userTaskKey) return undefined;
  // The broker's clock: the job was handed out at its deadline minus the timeout Oficio asked for,
  // right when the task changed (listeners block the change until they answer).
  const at = new Date(Number(job.deadline) - LISTENER_TIMEOUT_MS).toISOString();
  const model = await deps.modelOf(job.processDefinitionKey, job.elementId);
  const event = job.listenerEventType;

  if (event === 'COMPLETING' && deps.checkCompletion) {
    const held = await deps.records.pendingCompletion(userTaskKey);
    const record = await deps.records.get(userTaskKey);
    const formId = record?.externalFormReference ?? model?.externalFormReference;
    if (formId) {
      const reason = await deps.checkCompletion(formId, { ...job.variables, ...(held ?? {}) });
      if (reason !== undefined) return reason;
    }
  }

  await deps.records.change(userTaskKey, (doc) => {
    const base: UserTaskDoc = doc ?? {
      userTaskKey,
      name: model?.name ?? job.elementId,
      state: 'CREATED',
      candidateGroups: [...(props.candidateGroups ?? [])],
      candidateUsers: [...(props.candidateUsers ?? [])],
      priority: props.priority ?? DEFAULT_PRIORITY,
      customHeaders: { ...(model?.customHeaders ?? {}) },
      creationDate: at,
      elementId: job.elementId,
      elementInstanceKey: String(job.elementInstanceKey),
      processInstanceKey: String(job.processInstanceKey),
      processDefinitionKey: String(job.processDefinitionKey),
      processDefinitionId: job.processDefinitionId,
      processDefinitionVersion: job.processDefinitionVersion,
      processName: model?.processName ?? job.processDefinitionId,
      ...(model?.externalFormReference ? { externalFormReference: model.externalFormReference } : {}),
      ...(props.assignee ? { assignee: props.assignee } : {}),
      ...(props.dueDate ? { dueDate: props.dueDate } : {}),
      ...(props.followUpDate ? { followUpDate: props.followUpDate } : {}),
      ...(props.formKey ? { formKey: String(props.formKey) } : {}),
    };
    const next: UserTaskDoc = { ...base };
    switch (event) {
      case 'ASSIGNING':
        // An unassignment is an assignment to nobody.
        if (props.assignee) next.assignee = props.assignee;
        else delete next.assignee;
        break;
      case 'COMPLETING':
        next.state = 'COMPLETED';
        next.completionDate = at;
        delete next.pendingCompletion;
        break;
      case 'CANCELING':
        next.state = 'CANCELED';
        next.completionDate = at;
        break;
      default:
        if (doc) return undefined;
    }
    return next;
  });
  return undefined;
}
