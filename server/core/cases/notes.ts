// The notes of a case: what staff write on it — an internal note, or a reply mailed to the
// requester. Append-only: a note is written once, with its audit event (and, for a reply, its
// e-mail in the outbox) in the same store transaction, and there is no way here to change or
// delete one. Who may write is the case's business (casework.ts, by instances/access.ts rules).
import { createHash, randomBytes } from 'node:crypto';
import { NOTE_MAX_LENGTH } from '../../../contracts/api/cases.js';
import { invalidField, DomainError } from '../../errors.js';
import { t, type Locale } from '../../i18n/index.js';
import { ConflictError, type Stored, type Store } from '../../store/port.js';
import type { AuditTrail, AuditUser } from '../audit/index.js';
import { CASE_NOTE_ACTION } from '../instances/access.js';
import type { MailOutbox } from '../mail/outbox.js';
import { CASE_NOTES, type CaseNoteDoc } from './model.js';

export { NOTE_MAX_LENGTH };

// Unique: two notes written at once cannot take the same place; the later one is written again.
const NOTES_SPEC = { indexes: [{ fields: ['processInstanceKey', 'n'], unique: true }] };
/** Attempts at writing a note when another write on the case (a note, an audit event) won the race. */
const WRITE_ATTEMPTS = 5;
/** The most notes a case shows (a case with more is not one people work by hand). */
const NOTES_PER_CASE = 10_000;

export interface NewNote {
  /** The root instance of the case. */
  caseKey: string;
  folio: string;
  processName: string;
  kind: CaseNoteDoc['kind'];
  text: string;
  author: AuditUser;
  /** Whom a reply goes to; a reply without an e-mail address is refused. */
  requester?: { name: string; email?: string | undefined } | null;
  ip?: string;
}

export interface NoteBookDeps {
  store: Store;
  audit: AuditTrail;
  outbox: MailOutbox;
  now: () => Date;
  /** The language of the e-mails to requesters (the installation's: config.locale). */
  mailLocale: Locale;
}

export type NoteBook = ReturnType<typeof createNoteBook>;

/** The text as kept: trimmed, not blank, at most NOTE_MAX_LENGTH characters. */
function checkedText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw invalidField('text', 'notes.blank');
  if (trimmed.length > NOTE_MAX_LENGTH) throw invalidField('text', 'notes.tooLong', { max: NOTE_MAX_LENGTH });
  return trimmed;
}

export function createNoteBook({ store, audit, outbox, now, mailLocale }: NoteBookDeps) {
  const notes = store.collection<CaseNoteDoc>(CASE_NOTES, NOTES_SPEC);

  return {
    /**
     * Writes a note and its 'case.note' event — a reply also its e-mail to the requester — all in
     * one transaction: if any of them is refused, none exists. The trail keeps the text's SHA-256
     * and length, not the text: the trail is append-only and read with the instance (requesters
     * included), and an internal note must reach neither; the hash proves the note unaltered.
     */
    async add(input: NewNote): Promise<Stored<CaseNoteDoc>> {
      const text = checkedText(input.text);
      const to = input.requester?.email?.trim();
      if (input.kind === 'reply' && !to) throw new DomainError('invalid', 'notes.noRequesterEmail', { folio: input.folio });
      const id = `nota_${randomBytes(12).toString('hex')}`;
      const at = now().toISOString();
      const author = { id: input.author.id, name: input.author.name };
      for (let attempt = 1; ; attempt++) {
        try {
          return await store.transaction(async (tx) => {
            const caseNotes = tx.collection<CaseNoteDoc>(CASE_NOTES);
            const n = (await caseNotes.count({ processInstanceKey: input.caseKey })) + 1;
            const outboxId =
              input.kind === 'reply'
                ? await outbox.enqueue(tx, {
                    to: [to!],
                    subject: t(mailLocale, 'notes.reply.subject', { folio: input.folio }),
                    text: t(mailLocale, 'notes.reply.body', { nombre: input.requester!.name, text, author: author.name, process: input.processName, folio: input.folio }),
                    origin: { kind: 'note', processInstanceKey: input.caseKey },
                  })
                : undefined;
            const doc: CaseNoteDoc = { processInstanceKey: input.caseKey, kind: input.kind, text, author, at, n, ...(outboxId ? { reply: { to: [to!], outboxId } } : {}) };
            const stored = await caseNotes.insert({ id, ...doc });
            await audit.record(
              {
                actor: input.author,
                action: CASE_NOTE_ACTION,
                processInstanceKey: input.caseKey,
                subject: id,
                data: {
                  kind: input.kind,
                  noteId: id,
                  textSha256: createHash('sha256').update(text, 'utf8').digest('hex'),
                  length: text.length,
                  ...(outboxId ? { outboxId } : {}),
                },
                ...(input.ip ? { ip: input.ip } : {}),
              },
              tx,
            );
            return stored;
          });
        } catch (error) {
          // The whole unit again: the note, its e-mail and its event roll back together.
          if (!(error instanceof ConflictError) || attempt >= WRITE_ATTEMPTS) throw error;
        }
      }
    },

    /** The notes of a case, oldest first (newest last). */
    async list(caseKey: string): Promise<Array<Stored<CaseNoteDoc>>> {
      const { items } = await notes.find({ processInstanceKey: caseKey }, { sort: [{ field: 'n', order: 'asc' }], limit: NOTES_PER_CASE });
      return items;
    },
  };
}
