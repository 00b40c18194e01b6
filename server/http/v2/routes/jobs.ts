// Jobs, for workers running in other processes: activation (long polling), completion, failure with
// retries and back-off, BPMN errors, and changing a job's retries or timeout.
//
// The worker principal: a user holding 'instances.operate' (admin, process owner) — those who may
// already retry incidents and cancel instances. Every activation and every answer is audited on the
// job's instance; an answer and its event commit together.
import { z } from 'zod';
import { actorOf } from '../../../core/identity/index.js';
import type { AuditedCommandAction } from '../../../core/audit/commands.js';
import type { CommandOptions } from '../../../engine/port.js';
import type { Json } from '../../../store/port.js';
import type { User } from '../../../core/identity/index.js';
import { activateJobs } from '../long-poll.js';
import { DomainError } from '../../../errors.js';
import { defineV2Route, type V2Access } from '../route.js';
import type { CamundaApiJob, CamundaApiServices } from '../services.js';
import { DEFAULT_TENANT, Int64, LongKey, OperationReference, TenantId, Variables, refusal } from '../schemas.js';

const WORKERS: V2Access = ['instances.operate'];

const Activation = z.object({
  type: z.string().min(1).max(500),
  worker: z.string().max(500).optional(),
  timeout: Int64.refine((ms) => ms >= 1, refusal('v2.jobTimeout')),
  maxJobsToActivate: z.number().int().min(1).max(1000),
  fetchVariable: z.array(z.string()).optional(),
  requestTimeout: Int64.optional(),
  tenantIds: z.array(TenantId).optional(),
});

const KeyParams = z.object({ jobKey: LongKey });

/** A job as the API hands it out (a task listener's with its event and task). */
function jobView(job: CamundaApiJob, worker: string) {
  return {
    type: job.type,
    processDefinitionId: job.processDefinitionId,
    processDefinitionVersion: job.processDefinitionVersion,
    elementId: job.elementId,
    customHeaders: { ...job.customHeaders },
    worker,
    retries: job.retries,
    deadline: job.deadline,
    variables: job.variables,
    tenantId: DEFAULT_TENANT,
    jobKey: job.jobKey,
    processInstanceKey: job.processInstanceKey,
    processDefinitionKey: job.processDefinitionKey,
    elementInstanceKey: job.elementInstanceKey,
    kind: job.kind ?? 'BPMN_ELEMENT',
    listenerEventType: job.listenerEventType ?? 'UNSPECIFIED',
    ...(job.userTask ? { userTask: job.userTask } : {}),
  };
}

/** A task listener's answer (Camunda's job result of type userTask); corrections of the task are not applied, so refused. */
const ListenerResult = z.strictObject({
  type: z.literal('userTask'),
  denied: z.boolean().nullable().optional(),
  deniedReason: z.string().max(10_000).nullable().optional(),
});

/** Answers a job, the answer committing with its event on the job's instance (known when this server handed the job out). */
async function answer(
  api: CamundaApiServices,
  user: User,
  ip: string,
  action: AuditedCommandAction,
  jobKey: string,
  data: Record<string, Json>,
  command: (options: CommandOptions) => Promise<void>,
) {
  const job = api.jobs.find(jobKey);
  await api.audit.run(
    {
      actor: actorOf(user),
      action,
      ...(job ? { processInstanceKey: job.processInstanceKey } : {}),
      subject: jobKey,
      data: { via: 'camunda-api', jobKey, ...(job ? { type: job.type, elementId: job.elementId } : {}), ...data },
      ip,
    },
    command,
  );
}

export const jobRoutes = [
  defineV2Route({
    operationId: 'activateJobs',
    method: 'post',
    path: '/jobs/activation',
    access: WORKERS,
    body: Activation,
    status: 200,
    async handler({ body, user, ip, req, res, api }) {
      const { settings } = api;
      // 0 means the server's default wait; below 0, no wait at all.
      const asked = body.requestTimeout ?? 0;
      const waitMs = asked < 0 ? 0 : Math.min(asked === 0 ? settings.longPollDefaultMs : asked, settings.requestTimeoutMaxMs);
      const worker = body.worker || 'default';
      const jobs = await activateJobs(
        api,
        { type: body.type, maxJobsToActivate: body.maxJobsToActivate, timeout: body.timeout, worker, ...(body.fetchVariable ? { fetchVariable: body.fetchVariable } : {}) },
        waitMs,
        req,
        res,
      );
      for (const job of jobs) {
        api.jobs.remember(job);
        await api.audit.record({
          actor: actorOf(user),
          action: 'job.activate',
          processInstanceKey: job.processInstanceKey,
          subject: job.jobKey,
          data: { via: 'camunda-api', jobKey: job.jobKey, type: job.type, elementId: job.elementId, worker, timeout: body.timeout },
          ip,
        });
      }
      return { jobs: jobs.map((job) => jobView(job, worker)) };
    },
  }),
  defineV2Route({
    operationId: 'completeJob',
    method: 'post',
    path: '/jobs/:jobKey/completion',
    access: WORKERS,
    params: KeyParams,
    body: z.object({ variables: Variables.nullable().optional(), result: ListenerResult.nullable().optional() }),
    status: 204,
    async handler({ params, body, user, ip, api }) {
      const variables = body.variables ?? {};
      // Only task listener jobs take a result, and only a stand-in's engine hands those out.
      if (body.result && !api.jobResults) throw new DomainError('invalid', 'v2.unsupported', { feature: 'result' });
      await answer(api, user, ip, 'job.complete', params.jobKey, { variables: variables as Json }, (options) =>
        api.engine.jobs.completeJob({ jobKey: params.jobKey, variables, ...(body.result ? { result: body.result } : {}) }, options),
      );
      api.jobs.forget(params.jobKey);
    },
  }),
  defineV2Route({
    operationId: 'failJob',
    method: 'post',
    path: '/jobs/:jobKey/failure',
    access: WORKERS,
    params: KeyParams,
    body: z.object({
      // Camunda's default: a failure without retries leaves none (an incident).
      retries: z.number().int().min(0).default(0),
      errorMessage: z.string().max(10_000).optional(),
      retryBackOff: Int64.pipe(z.number().int().min(0)).default(0),
      variables: Variables.optional(),
    }),
    status: 204,
    async handler({ params, body, user, ip, api }) {
      await answer(api, user, ip, 'job.fail', params.jobKey, { retries: body.retries, retryBackOff: body.retryBackOff, errorMessage: body.errorMessage ?? '' }, (options) =>
        api.engine.jobs.failJob(
          {
            jobKey: params.jobKey,
            retries: body.retries,
            retryBackOff: body.retryBackOff,
            ...(body.errorMessage !== undefined ? { errorMessage: body.errorMessage } : {}),
            ...(body.variables ? { variables: body.variables } : {}),
          },
          options,
        ),
      );
      api.jobs.forget(params.jobKey);
    },
  }),
  defineV2Route({
    operationId: 'throwJobError',
    method: 'post',
    path: '/jobs/:jobKey/error',
    access: WORKERS,
    params: KeyParams,
    body: z.object({ errorCode: z.string().min(1).max(500), errorMessage: z.string().max(10_000).nullable().optional(), variables: Variables.nullable().optional() }),
    status: 204,
    async handler({ params, body, user, ip, api }) {
      await answer(api, user, ip, 'job.error', params.jobKey, { errorCode: body.errorCode, errorMessage: body.errorMessage ?? '' }, (options) =>
        api.engine.jobs.throwJobError({ jobKey: params.jobKey, errorCode: body.errorCode, errorMessage: body.errorMessage ?? null, variables: body.variables ?? null }, options),
      );
      api.jobs.forget(params.jobKey);
    },
  }),
  defineV2Route({
    operationId: 'updateJob',
    method: 'patch',
    path: '/jobs/:jobKey',
    access: WORKERS,
    params: KeyParams,
    body: z.object({
      changeset: z.object({ retries: z.number().int().min(0).nullable().optional(), timeout: Int64.pipe(z.number().int().min(1)).nullable().optional() }),
      operationReference: OperationReference,
    }),
    status: 204,
    async handler({ params, body, user, ip, api }) {
      const { retries, timeout } = body.changeset;
      if ((retries === undefined || retries === null) && (timeout === undefined || timeout === null)) {
        throw new DomainError('invalid', 'v2.invalidRequest', { problems: 'changeset: retries or timeout' });
      }
      await answer(
        api,
        user,
        ip,
        'job.update',
        params.jobKey,
        {
          ...(retries !== undefined && retries !== null ? { retries } : {}),
          ...(timeout !== undefined && timeout !== null ? { timeout } : {}),
        },
        (options) => api.engine.updateJob({ jobKey: params.jobKey, changeset: { retries: retries ?? null, timeout: timeout ?? null } }, options),
      );
    },
  }),
];
