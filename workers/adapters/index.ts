// Every adapter a worker may need: the one the composition root passed, else the built-in default
// keeping its records in the store. Built once per run by createWorkerServices (workers/services.ts),
// so every worker of that run shares them.
import type { WorkerDeps } from '../deps.js';
import { createStoredTicketSystem, type TicketSystem } from './tickets.js';
import { createSmtpMailer, type Mailer } from './mail.js';
import { createStoredTapeInventory, type TapeInventory } from './tapes.js';
import { createStoredDirectory, type AccountDirectory } from './directory.js';
import { createStoredSigueDirectory, type SigueDirectory } from './sigue.js';
import { createStoredDatabaseRegistry, type DatabaseRegistry } from './databases.js';
import { createStoredProjectServer, type ProjectServer } from './projects.js';
import { createStoredKioskLog, type KioskLog } from './kiosk.js';

export interface Adapters {
  tickets: TicketSystem;
  mailer: Mailer;
  tapes: TapeInventory;
  directory: AccountDirectory;
  sigue: SigueDirectory;
  databases: DatabaseRegistry;
  projects: ProjectServer;
  kioskLog: KioskLog;
}

/** Builds the adapters of one run; the SMTP mailer only when a mail is first sent. */
export function createAdapters(deps: WorkerDeps): Adapters {
  const given = deps.adapters ?? {};
  const settings = deps.settings ?? {};
  let mailer: Mailer | undefined;
  return {
    tickets:
      given.tickets ??
      createStoredTicketSystem(deps.collections, {
        ...(settings.ticketSystemId ? { systemId: settings.ticketSystemId } : {}),
        ...(settings.ticketCounterDigits ? { counterDigits: settings.ticketCounterDigits } : {}),
      }),
    get mailer() {
      return (mailer ??= given.mailer ?? createSmtpMailer(deps.mail));
    },
    tapes: given.tapes ?? createStoredTapeInventory(deps.collections, settings.initialTapeStock !== undefined ? { initialStock: settings.initialTapeStock } : {}),
    directory: given.directory ?? createStoredDirectory(deps.collections),
    sigue: given.sigue ?? createStoredSigueDirectory(deps.collections),
    databases: given.databases ?? createStoredDatabaseRegistry(deps.collections),
    projects: given.projects ?? createStoredProjectServer(deps.collections),
    kioskLog: given.kioskLog ?? createStoredKioskLog(deps.collections),
  };
}

export type { TicketSystem, Mailer, TapeInventory, AccountDirectory, SigueDirectory, DatabaseRegistry, ProjectServer, KioskLog };
