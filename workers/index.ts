// The registry: every worker Oficio runs, built from its dependencies in one place.
import type { WorkerDefinition } from './kit/index.js';
import type { WorkerDeps } from './deps.js';
import registerTicket from './ticket.register/index.js';
import closeTicket from './ticket.close/index.js';
import notifyEmail from './notify.email/index.js';
import scheduleBackup from './backup.schedule/index.js';
import recordBackup from './backup.record/index.js';
import releaseTapes from './backup.release-tapes/index.js';
import checkTapeStock from './backup.check-stock/index.js';
import applyAccountChange from './accounts.apply/index.js';
import createSigueUser from './sigue.create-user/index.js';
import provisionDatabase from './database.provision/index.js';
import publishWorkPlan from './project.publish-plan/index.js';
import findMissingChange from './cas.find-missing-change/index.js';
import reconcileCashCut from './cas.reconcile/index.js';
import publishMessage from './message.publish/index.js';

export type { MailSettings, WorkerDeps, WorkerSettings } from './deps.js';
export { adaptersOf, type Adapters } from './adapters/index.js';

/** One factory per task type; the folder name is the type. */
export const workerFactories: ReadonlyArray<(deps: WorkerDeps) => WorkerDefinition> = [
  registerTicket,
  closeTicket,
  notifyEmail,
  scheduleBackup,
  recordBackup,
  releaseTapes,
  checkTapeStock,
  applyAccountChange,
  createSigueUser,
  provisionDatabase,
  publishWorkPlan,
  findMissingChange,
  reconcileCashCut,
  publishMessage,
];

export function createWorkers(deps: WorkerDeps): WorkerDefinition[] {
  return workerFactories.map((create) => create(deps));
}
