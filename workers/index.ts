// The registry: every worker Oficio runs, built from its dependencies in one place.
import type { WorkerDefinition, RecordCollections } from './kit/index.js';

export interface MailSettings {
  /** nodemailer SMTP transport options (host, port, secure, auth …). */
  smtp: { host: string; port: number; secure?: boolean; auth?: { user: string; pass: string }; ignoreTLS?: boolean };
  /** The sender address, e.g. "Mesa de Ayuda <mesa.ayuda@aguascalientes.gob.mx>". */
  from: string;
}

export interface WorkerDeps {
  /** Collections of Oficio's store where the built-in adapters keep their records. */
  collections: RecordCollections;
  mail: MailSettings;
  /** The engine's clock (the manual clock in tests). */
  now?: () => Date;
}

export function createWorkers(deps: WorkerDeps): WorkerDefinition[] {
  void deps;
  return [];
}
