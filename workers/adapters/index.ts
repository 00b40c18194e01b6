// Every adapter a worker may need: the one the composition root passed, else the built-in default
// keeping its records in the store. Built once per deps object, so workers share them.
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

const built = new WeakMap<WorkerDeps, Adapters>();

export function adaptersOf(deps: WorkerDeps): Adapters {
  let adapters = built.get(deps);
  if (!adapters) {
    const given = deps.adapters ?? {};
    const settings = deps.settings ?? {};
    const lazy = <T>(make: () => T) => {
      let value: T | undefined;
      return () => (value ??= make());
    };
    const mailer = lazy(() => given.mailer ?? createSmtpMailer(deps.mail));
    adapters = {
      tickets: given.tickets ?? createStoredTicketSystem(deps.collections, { ...(settings.ticketSystemId ? { systemId: settings.ticketSystemId } : {}), ...(settings.ticketCounterDigits ? { counterDigits: settings.ticketCounterDigits } : {}) }),
      get mailer() {
        return mailer();
      },
      tapes: given.tapes ?? createStoredTapeInventory(deps.collections, settings.initialTapeStock !== undefined ? { initialStock: settings.initialTapeStock } : {}),
      directory: given.directory ?? createStoredDirectory(deps.collections),
      sigue: given.sigue ?? createStoredSigueDirectory(deps.collections),
      databases: given.databases ?? createStoredDatabaseRegistry(deps.collections),
      projects: given.projects ?? createStoredProjectServer(deps.collections),
      kioskLog: given.kioskLog ?? createStoredKioskLog(deps.collections),
    };
    built.set(deps, adapters);
  }
  return adapters;
}

export type { TicketSystem, Mailer, TapeInventory, AccountDirectory, SigueDirectory, DatabaseRegistry, ProjectServer, KioskLog };
