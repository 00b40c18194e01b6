// Drafts of a task's form: what a user typed but has not submitted, one per task and user, kept in
// the store (so they survive restarts) until the task is completed. Each save makes a new version of
// the draft; what the audit trail keeps of it is that version and the data's sha256 and size, never
// the data itself (an append-only trail must not grow by a draft's weight at every save).
import { createHash } from 'node:crypto';
import { ConflictError, type Json, type Store, type Transaction } from '../../store/port.js';
import { canonicalJson } from '../audit/canonical.js';

export const TASK_DRAFTS = 'task_drafts';

export interface DraftDoc {
  userTaskKey: string;
  userId: string;
  username: string;
  data: { [key: string]: Json };
  savedAt: string;
}

export interface Draft {
  data: { [key: string]: Json };
  savedAt: string;
}

/** What a save is known by in the audit trail: the draft's version, and its data's sha256 and size (canonical JSON). */
export interface DraftFingerprint {
  version: number;
  sha256: string;
  bytes: number;
}

export function createDrafts(store: Store) {
  const drafts = store.collection<DraftDoc>(TASK_DRAFTS, { indexes: [{ fields: ['userTaskKey'] }] });
  const idOf = (userTaskKey: string, userId: string) => `${userTaskKey}:${userId}`;

  return {
    async get(userTaskKey: string, userId: string): Promise<Draft | undefined> {
      const doc = await drafts.get(idOf(userTaskKey, userId));
      return doc && { data: doc.data, savedAt: doc.savedAt };
    },

    /**
     * Saves (replaces) the user's draft as its next version; `alongside` (its audit event) runs in
     * the same transaction with the saved version's fingerprint, so the save and its record commit
     * together. A concurrent save of the same draft is retried (twice), last writer wins.
     */
    async save(doc: DraftDoc, alongside?: (tx: Transaction, saved: DraftFingerprint) => Promise<unknown>): Promise<Draft> {
      const id = idOf(doc.userTaskKey, doc.userId);
      const text = canonicalJson(doc.data, 'data');
      const fingerprint = { sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) };
      for (let attempt = 0; ; attempt++) {
        try {
          await store.transaction(async (tx) => {
            const own = tx.collection<DraftDoc>(TASK_DRAFTS);
            const existing = await own.get(id);
            const saved = existing ? await own.update(id, doc, existing.version) : await own.insert({ ...doc, id });
            await alongside?.(tx, { version: saved.version, ...fingerprint });
          });
          return { data: doc.data, savedAt: doc.savedAt };
        } catch (error) {
          if (!(error instanceof ConflictError) || attempt >= 2) throw error;
        }
      }
    },

    /** Deletes every user's draft of a task (it was completed); answers how many. */
    removeAll(userTaskKey: string): Promise<number> {
      return drafts.deleteMany({ userTaskKey });
    },
  };
}
