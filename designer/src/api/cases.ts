// A case's calls (server/http/routes/cases.ts): the case as the task page shows it beside the form,
// and its notes. What they take and answer is the API's contract (contracts/api/cases.ts), as types only.
import type { CaseView, NoteBody, NoteCreated } from '../../../contracts/api/index.js';
import { api } from './client';

export type {
  CaseActions,
  CaseAttachment,
  CaseHeader,
  CaseNote,
  CaseRequest,
  CaseRequester,
  CaseSubmission,
  CaseView,
  FilledForm,
  NoteBody,
  NoteCreated,
  NoteKind,
  TimelineEntry,
  TimelineKind,
  Who,
} from '../../../contracts/api/index.js';

/** The most a note may say (contracts/api/cases.ts NOTE_MAX_LENGTH; a value of its own: the contract's module brings zod). */
export const NOTE_MAX_LENGTH = 5000;

const path = (processInstanceKey: string) => `/api/instances/${encodeURIComponent(processInstanceKey)}`;

export const casesApi = {
  get: (processInstanceKey: string) => api.get<CaseView>(`${path(processInstanceKey)}/case`),
  addNote: (processInstanceKey: string, body: NoteBody) => api.post<NoteCreated>(`${path(processInstanceKey)}/notes`, body),
};
