// A case as staff read it beside a task's form, and as its requester reads it: who asked what (the
// request as filed, with its own form's labels), every form submitted since, the attachments, what
// happened when (in words), and the notes. Staff add notes: internal, or a reply mailed to the
// requester; a note is never changed after it is written.
import { z } from 'zod';
import { Who } from './common.js';
import { LocalizedForm } from './forms.js';
import { InstanceState } from './instances.js';

/** Who filed the request: a user, or a citizen through a public form (name and e-mail as given). */
export const CaseRequester = z.object({ name: z.string(), email: z.string().optional(), username: z.string().optional() });
export type CaseRequester = z.infer<typeof CaseRequester>;

/** The case header: what people say on the phone and what they see first. */
export const CaseHeader = z.object({
  /** The folio (CAS-2026-000045); the root instance's key for instances from before folios. */
  folio: z.string(),
  /** The root instance of the case (the engine key, for operators). */
  processInstanceKey: z.string(),
  processDefinitionId: z.string(),
  processName: z.string(),
  /** For logic (filters, colours); never shown as is. */
  state: InstanceState,
  /** The state in the reader's language («En curso», «Concluido», «Cancelado»). */
  stateLabel: z.string(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  requester: CaseRequester.nullable(),
  /** The help-desk (OTRS) ticket number, when known. */
  ticket: z.string().optional(),
  kiosk: z.string().optional(),
  /** One line of what the request is about. */
  summary: z.string().optional(),
});
export type CaseHeader = z.infer<typeof CaseHeader>;

/** A form and the data submitted with it: the browser renders it read-only with the form's own labels. */
export const FilledForm = z.object({
  /** The form in the reader's language; null when the form is no longer known (show `data` plainly). */
  form: LocalizedForm.nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type FilledForm = z.infer<typeof FilledForm>;

/** The request as filed: the start form and what the requester sent. */
export const CaseRequest = FilledForm.extend({ filedAt: z.string(), filedBy: Who });
export type CaseRequest = z.infer<typeof CaseRequest>;

/** One task's form as it was completed. */
export const CaseSubmission = FilledForm.extend({
  userTaskKey: z.string(),
  /** The task's name in the model («Revisar queja»). */
  taskName: z.string(),
  /** The instance the task belonged to (a call activity's child has its own). */
  processInstanceKey: z.string(),
  completedBy: Who,
  completedAt: z.string(),
});
export type CaseSubmission = z.infer<typeof CaseSubmission>;

export const CaseAttachment = z.object({
  id: z.string(),
  name: z.string(),
  /** The media type (application/pdf). */
  type: z.string(),
  /** Bytes. */
  size: z.number(),
  uploadedBy: z.object({ id: z.string(), name: z.string() }).optional(),
  uploadedAt: z.string().optional(),
  /** Where to download it (the attachment route). */
  url: z.string(),
});
export type CaseAttachment = z.infer<typeof CaseAttachment>;

export const NoteKind = z.enum(['internal', 'reply']);
export type NoteKind = z.infer<typeof NoteKind>;

export const CaseNote = z.object({
  id: z.string(),
  /** 'internal': staff only; 'reply': mailed to the requester, who sees it too. */
  kind: NoteKind,
  text: z.string(),
  author: z.object({ id: z.string(), name: z.string() }),
  at: z.string(),
  /** A reply: the addresses it was sent to. */
  sentTo: z.array(z.string()).optional(),
});
export type CaseNote = z.infer<typeof CaseNote>;

export const TIMELINE_KINDS = [
  'started',
  'element',
  'task-created',
  'task-claimed',
  'task-released',
  'task-reassigned',
  'task-completed',
  'attachment',
  'incident',
  'incident-resolved',
  'note',
  'ended',
] as const;
export const TimelineKind = z.enum(TIMELINE_KINDS);
export type TimelineKind = z.infer<typeof TimelineKind>;

/** One thing that happened, oldest first. `text` is the whole sentence in the reader's language. */
export const TimelineEntry = z.object({
  at: z.string(),
  kind: TimelineKind,
  /** «Ana Pérez completó «Revisar queja»», «Incidente en «Consultar OTRS»: …». */
  text: z.string(),
  who: Who.optional(),
  /** The element's name in the model, when the entry is about one. */
  elementName: z.string().optional(),
  /** Why (a reassignment's reason, an incident's message in words). */
  reason: z.string().optional(),
  /** A note entry: the note's id in `notes`. */
  noteId: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** What the reader may do with the case, for the page to offer it. */
export const CaseActions = z.object({ addInternalNote: z.boolean(), reply: z.boolean() });
export type CaseActions = z.infer<typeof CaseActions>;

export const CaseView = z.object({
  case: CaseHeader,
  /** 'staff' reads everything; 'requester' reads the request, replies addressed to them, and no internal notes. */
  audience: z.enum(['staff', 'requester']),
  /** Null when the instance was not started through a form (started by a message, a timer, the API …). */
  request: CaseRequest.nullable(),
  /** Every task form completed in the case, oldest first. */
  submissions: z.array(CaseSubmission),
  attachments: z.array(CaseAttachment),
  timeline: z.array(TimelineEntry),
  /** Oldest first (newest last). */
  notes: z.array(CaseNote),
  /** The display names of the people the case's forms name in their person fields (x-oficio-person), by user name. */
  people: z.record(z.string(), z.string()),
  actions: CaseActions,
});
export type CaseView = z.infer<typeof CaseView>;

/** The most a note may say, in characters once trimmed. */
export const NOTE_MAX_LENGTH = 5000;

export const NoteBody = z.object({
  kind: NoteKind,
  /**
   * 1 to NOTE_MAX_LENGTH characters once trimmed. A blank (spaces only) or longer text is refused
   * by the server with a sentence naming the field (not here: its words are the catalogue's).
   */
  text: z.string(),
});
export type NoteBody = z.input<typeof NoteBody>;

/** The note as written (201). */
export const NoteCreated = CaseNote;
export type NoteCreated = z.infer<typeof NoteCreated>;
