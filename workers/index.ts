// The registry: every worker Oficio runs, as static definitions. Listing them (the modeler's picker,
// the deploy check) builds nothing; running them takes the services createWorkerServices(deps)
// builds once: startWorkers(engine, WORKERS, { services: createWorkerServices(deps) }).
import { variableNames, type WorkerDefinition } from './kit/index.js';
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
import type { Bilingual } from '../contracts/i18n.js';

export type { MailSettings, WorkerDeps, WorkerSettings } from './deps.js';
export { createWorkerServices, type WorkerRecords, type WorkerServices } from './services.js';
export type { Adapters } from './adapters/index.js';

/** One definition per task type; the folder name is the type. */
export const WORKERS: readonly WorkerDefinition[] = [
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

/** A worker as the modeler's service-task picker shows it. */
export interface WorkerSummary {
  type: string;
  description: Bilingual;
  /** The process variables it reads (its input schema's top-level keys). */
  reads: string[];
  /** The process variables it writes (its output schema's top-level keys). */
  writes: string[];
}

/** The workers by type, with what each does and the variables it reads and writes; builds nothing. */
export function describeWorkers(workers: readonly WorkerDefinition[] = WORKERS): WorkerSummary[] {
  return workers
    .map((worker) => ({
      type: worker.type,
      description: { es: worker.description.es, en: worker.description.en },
      reads: variableNames(worker.input) ?? [],
      writes: variableNames(worker.output) ?? [],
    }))
    .sort((a, b) => a.type.localeCompare(b.type));
}
