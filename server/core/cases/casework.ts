// Casework: reading a case and writing notes on it, for the user asking. Who may do which is
// decided by instances/access.ts (caseStanding) and nowhere else; the view is view.ts's, the notes
// notes.ts's.
import type { CaseNote, CaseView, NoteKind } from '../../../contracts/api/cases.js';
import { DomainError } from '../../errors.js';
import type { Locale } from '../../i18n/index.js';
import type { InstanceAccess, Viewer } from '../instances/access.js';
import { createNoteBook, type NoteBookDeps } from './notes.js';
import { buildCaseView, loadCase, type CaseViewDeps } from './view.js';

export interface CaseworkDeps extends CaseViewDeps, NoteBookDeps {
  access: InstanceAccess;
}

export type Casework = ReturnType<typeof createCasework>;

export function createCasework(deps: CaseworkDeps) {
  const notes = createNoteBook(deps);

  /**
   * The case of instance `key` and how `user` stands in it. Visibility first: one who may not see
   * the instance learns nothing of it, not even whether it exists (403, in words).
   */
  async function open(user: Viewer, key: string) {
    if (!(await deps.access.maySee(user, key))) throw new DomainError('forbidden', 'http.instance.notVisible');
    const loaded = await loadCase(deps, key);
    return { loaded, standing: await deps.access.caseStanding(user, key, loaded.root.processInstanceKey) };
  }

  return {
    /** The case view of instance `key` as `user` reads it: staff everything, the requester without internal notes. */
    async view(user: Viewer, key: string, locale: Locale): Promise<CaseView> {
      const { standing, loaded } = await open(user, key);
      const writes = standing.writesNotes;
      return buildCaseView(deps, loaded, {
        audience: standing.audience,
        actions: { addInternalNote: writes, reply: writes && !!loaded.requester?.email },
        notes: await notes.list(loaded.root.processInstanceKey),
        locale,
        now: deps.now(),
      });
    },

    /** Writes a note on the case of instance `key`: staff only (403 in words); a reply needs the requester's e-mail (400 in words). */
    async addNote(user: Viewer & { displayName: string }, key: string, input: { kind: NoteKind; text: string }, ip?: string): Promise<CaseNote> {
      const { standing, loaded } = await open(user, key);
      if (!standing.writesNotes) throw new DomainError('forbidden', 'notes.notStaff', { folio: loaded.folio });
      const note = await notes.add({
        caseKey: loaded.root.processInstanceKey,
        folio: loaded.folio,
        processName: loaded.doc?.processName ?? loaded.root.processDefinitionName,
        kind: input.kind,
        text: input.text,
        author: { id: user.id, name: user.displayName, roles: [...user.roles] },
        requester: loaded.requester,
        ...(ip ? { ip } : {}),
      });
      return { id: note.id, kind: note.kind, text: note.text, author: note.author, at: note.at, ...(note.reply ? { sentTo: note.reply.to } : {}) };
    },
  };
}
