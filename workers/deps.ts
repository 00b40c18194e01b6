// What the workers' run-time services are built from (createWorkerServices, services.ts). The
// composition root passes the store's collections and the mail settings; every adapter has a built-in
// default that keeps its records in those collections, and can be replaced by a real backend (OTRS, a directory…).
import type { RecordCollections } from './kit/index.js';
import type { TicketSystem } from './adapters/tickets.js';
import type { Mailer } from './adapters/mail.js';
import type { TapeInventory } from './adapters/tapes.js';
import type { AccountDirectory } from './adapters/directory.js';
import type { SigueDirectory } from './adapters/sigue.js';
import type { DatabaseRegistry } from './adapters/databases.js';
import type { ProjectServer } from './adapters/projects.js';
import type { KioskLog } from './adapters/kiosk.js';

export interface MailSettings {
  /** nodemailer SMTP transport options (host, port, secure, auth …). */
  smtp: { host: string; port: number; secure?: boolean; auth?: { user: string; pass: string }; ignoreTLS?: boolean };
  /** The sender address, e.g. "Mesa de Ayuda <mesa.ayuda@aguascalientes.gob.mx>". */
  from: string;
}

/** Tunables of the built-in adapters; every one has a default that suits a fresh install. */
export interface WorkerSettings {
  /** OTRS SystemID written into every ticket number (OTRS default 10). */
  ticketSystemId?: string;
  /** Minimum digits of the daily ticket counter (OTRS MinCounterSize, default 5). */
  ticketCounterDigits?: number;
  /** Tapes the inventory is seeded with on first use (default 24 = 4 a month × 6 months). */
  initialTapeStock?: number;
  /** Tapes a monthly replica uses (default 4); PR06 3.e wants six months of them in stock. */
  tapesPerMonth?: number;
  /** Length of a backup window in hours (default 6); it always fits in non-working hours. */
  backupWindowHours?: number;
}

export interface WorkerDeps {
  /** Collections of Oficio's store where the built-in adapters keep their records. */
  collections: RecordCollections;
  mail: MailSettings;
  /** The engine's clock (the manual clock in tests). */
  now?: () => Date;
  settings?: WorkerSettings;
  /** Real backends replacing the built-in adapters, when an organisation has them. */
  adapters?: {
    tickets?: TicketSystem;
    mailer?: Mailer;
    tapes?: TapeInventory;
    directory?: AccountDirectory;
    sigue?: SigueDirectory;
    databases?: DatabaseRegistry;
    projects?: ProjectServer;
    kioskLog?: KioskLog;
  };
}
