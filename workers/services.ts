// What a handler is given at run time, built once per run from WorkerDeps: the adapters, the
// workers' own records, the settings and the clock. Every worker of that run shares them.
import type { RecordCollection } from './kit/index.js';
import type { WorkerDeps, WorkerSettings } from './deps.js';
import { createAdapters, type Adapters } from './adapters/index.js';
import { backupCollections, type BackupDoc, type BackupRecord } from './adapters/tapes.js';
import { SENT_MAIL_COLLECTION, type SentMail } from './adapters/mail.js';

/** Records the workers keep for themselves in Oficio's store, beside the adapters' own. */
export interface WorkerRecords {
  /** The backups backup.schedule planned, and how far each has gone. */
  backups: RecordCollection<BackupDoc>;
  /** "Control de respaldos de información" (backup.record). */
  backupLog: RecordCollection<BackupRecord>;
  /** Mails notify.email sent, keyed by job. */
  sentMail: RecordCollection<SentMail>;
}

export interface WorkerServices {
  /** The systems the workers talk to: the real backends in WorkerDeps.adapters, else the built-in ones. */
  adapters: Adapters;
  records: WorkerRecords;
  /** Tunables as given; each worker applies its own default. */
  settings: WorkerSettings;
  /** The engine's clock (the manual clock in tests). */
  now: () => Date;
}

/** Builds what the handlers of one run use; call it once and pass the result to startWorkers. */
export function createWorkerServices(deps: WorkerDeps): WorkerServices {
  const { backups, records: backupLog } = backupCollections(deps.collections);
  return {
    adapters: createAdapters(deps),
    records: { backups, backupLog, sentMail: deps.collections<SentMail>(SENT_MAIL_COLLECTION) },
    settings: deps.settings ?? {},
    now: deps.now ?? (() => new Date()),
  };
}
