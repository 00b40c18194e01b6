// What differs between the two ways the /v2 router serves, chosen once when it is built: Oficio's
// users under Oficio's rules (npm start), or a stand-in for a Camunda cluster (the Camunda adapter's
// tests run the real SDK against it) — no authentication, every caller a client with every
// permission as on a cluster with CAMUNDA_AUTH_STRATEGY=NONE, user task commands straight to the
// engine, no audit events, and the engine's refusals in Zeebe's own words, which the adapter reads.
// Request validation, response shapes and problem documents are the same in both.
import type { Request } from 'express';
import type { AuditEventInput } from '../../core/audit/index.js';
import { createAuditedCommands, type RunAudited } from '../../core/audit/commands.js';
import { ROLES, actorOf, type User } from '../../core/identity/index.js';
import { refusePlatformVariables } from '../../core/catalogue/index.js';
import type { EnginePort, Variables } from '../../engine/port.js';
import { DomainError } from '../../errors.js';
import { t, type Locale } from '../../i18n/index.js';
import type { UseCases } from '../deps.js';
import { createBasicAuth } from './auth.js';
import type { ProblemWording } from './problems.js';

export type CamundaApiMode = 'oficio' | 'stand-in';

/** What /v2 does with a user task command of `user`. */
export interface UserTaskCommands {
  assign(user: User, userTaskKey: string, input: { assignee: string; allowOverride?: boolean | null | undefined; action?: string | null | undefined }): Promise<void>;
  unassign(user: User, userTaskKey: string): Promise<void>;
  complete(user: User, userTaskKey: string, input: { variables?: Variables | null | undefined; action?: string | null | undefined }, locale: Locale): Promise<void>;
}

export interface CamundaApiPolicy {
  /** Who calls: the user of the request's Basic credentials, or the stand-in's Camunda client. */
  auth: { authenticate(req: Request, ip: string): Promise<User> };
  /**
   * Where the API's actions are recorded: Oficio's audit trail, or nowhere (a cluster keeps none of
   * Oficio's). `run` runs an engine command with its event, the two committing together.
   */
  audit: { record(event: AuditEventInput): Promise<unknown>; run: RunAudited };
  userTasks: UserTaskCommands;
  /**
   * Refuses what an operator's start may not carry although it starts any process with any
   * variables: the variables the platform owns (server/core/catalogue). A stand-in's cluster has no such rule.
   */
  refuseStartVariables(variables: Variables | undefined): void;
  /** Whether a job's completion may carry a task listener's answer: only the stand-in's engine hands out listener jobs. */
  jobResults: boolean;
  /** How `detail` words the engine's refusals. */
  wording: ProblemWording;
}

type PolicyDeps = Pick<UseCases, 'identity' | 'audit' | 'tasklist' | 'now'> & { engine: EnginePort };

export function policyOf(mode: CamundaApiMode, deps: PolicyDeps): CamundaApiPolicy {
  if (mode === 'stand-in') {
    return {
      auth: { authenticate: async () => CAMUNDA_CLIENT },
      audit: { record: async () => undefined, run: (_event, command) => command({}) },
      userTasks: straightToEngine(deps.engine),
      refuseStartVariables: () => undefined,
      jobResults: true,
      wording: 'zeebe',
    };
  }
  return {
    auth: createBasicAuth({ identity: deps.identity, audit: deps.audit, now: () => deps.now().getTime() }),
    audit: { record: (event) => deps.audit.record(event), run: createAuditedCommands({ engine: deps.engine, audit: deps.audit }) },
    userTasks: throughTasklist(deps),
    refuseStartVariables: refusePlatformVariables,
    jobResults: false,
    wording: 'oficio',
  };
}

/** The stand-in's caller: a Camunda client that may do anything, as on a cluster without authentication. */
const CAMUNDA_CLIENT: User = {
  id: 'camunda-client',
  username: 'camunda-client',
  displayName: 'Camunda client',
  roles: [...ROLES],
  groups: [],
  active: true,
  createdAt: '1970-01-01T00:00:00.000Z',
  passwordChangedAt: '1970-01-01T00:00:00.000Z',
};

/**
 * Through the tasklist's rules, audited as the tasklist does: assigning to oneself is claiming, to
 * someone else reassigning within the task's groups; completing checks the variables against the
 * task's form.
 */
function throughTasklist({ engine, tasklist }: PolicyDeps): UserTaskCommands {
  return {
    async assign(user, key, { assignee, allowOverride, action }) {
      if (allowOverride === false) {
        const task = await engine.getUserTask({ userTaskKey: key });
        if (task.assignee && task.assignee !== assignee) throw new DomainError('conflict', 'tasks.assignedToOther', { key, assignee: task.assignee });
      }
      if (assignee === user.username) await tasklist.claim(user, actorOf(user), key);
      else await tasklist.reassign(user, actorOf(user), key, { assignee, reason: action?.trim() || t('es', 'v2.assignReason') });
    },
    unassign: (user, key) => tasklist.unclaim(user, actorOf(user), key),
    complete: (user, key, { variables }, locale) => tasklist.complete(user, actorOf(user), key, variables ?? {}, locale),
  };
}

/** Straight to the engine, as a cluster does them. */
function straightToEngine(engine: EnginePort): UserTaskCommands {
  return {
    assign: (_user, userTaskKey, { assignee, allowOverride, action }) =>
      engine.assignUserTask({ userTaskKey, assignee, ...(allowOverride !== undefined ? { allowOverride } : {}), ...(action !== undefined ? { action } : {}) }),
    unassign: (_user, userTaskKey) => engine.unassignUserTask({ userTaskKey }),
    complete: (_user, userTaskKey, { variables, action }) => engine.completeUserTask({ userTaskKey, ...(variables ? { variables } : {}), ...(action ? { action } : {}) }),
  };
}
