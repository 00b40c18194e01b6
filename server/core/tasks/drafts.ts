// Drafts of a task's form: what a user typed but has not submitted, one per task and user, kept in
// the store (so they survive restarts) until the task is completed.
import { ConflictError, type Json, type Store } from '../../store/port.js';

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

export function createDrafts(store: Store) {
  const drafts = store.collection<DraftDoc>(TASK_DRAFTS, { indexes: [{ fields: ['userTaskKey'] }] });
  const idOf = (userTaskKey: string, userId: string) => `${userTaskKey}:${userId}`;

  return {
    async get(userTaskKey: string, userId: string): Promise<Draft | undefined> {
      const doc = await drafts.get(idOf(userTaskKey, userId));
      return doc && { data: doc.data, savedAt: doc.savedAt };
    },

    /** Saves (replaces) the user's draft; a concurrent save of the same draft is retried once, last writer wins. */
    async save(doc: DraftDoc): Promise<Draft> {
      const id = idOf(doc.userTaskKey, doc.userId);
      for (let attempt = 0; ; attempt++) {
        try {
          const existing = await drafts.get(id);
          if (existing) await drafts.update(id, doc, existing.version);
          else await drafts.insert({ ...doc, id });
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
