// The form designer's calls (server/http/routes/forms.ts): the forms (from forms/ and designed), one
// form with its texts in both languages, saving a version (never over one its author has not seen),
// and a form's saved versions. What they take and answer is the API's contract (contracts/api), as
// types only; what is left here reads a refusal and a document on the designer's side.
import type { FormDesignBody, FormDocument, FormSaveConflict, FormSummary, FormVersion, FormVersions, SavedFormVersion } from '../../../contracts/api/index.js';
import type { FormDefinitionJson } from '../form-designer/model';
import { api, ApiProblem } from './client';
import type { FormDesign } from './types';

export type { FormDocument, FormSaveConflict, FormSource, FormSummary, FormVersion, SavedFormVersion } from '../../../contracts/api/index.js';

/** What a saved copy was edited from: the designed version (0 for a file form or a new one), and whether it is a new form. */
export type SaveBase = Required<Pick<FormDesignBody, 'baseVersion'>> & Pick<FormDesignBody, 'new'>;

/** What the designer reads of a 409 refusing a save: why, and the latest version it names. */
export type SaveConflict = Pick<FormSaveConflict, 'reason' | 'latestVersion' | 'latestSavedAt' | 'latestAuthor'>;

/** The save conflict an error reports, if it is one (PUT /api/forms/:id answering 409). */
export function saveConflictOf(error: unknown): SaveConflict | undefined {
  if (!(error instanceof ApiProblem) || error.status !== 409) return undefined;
  const { reason, latestVersion, latestSavedAt, latestAuthor } = error.body;
  if (reason !== 'idTaken' && reason !== 'staleVersion' && reason !== 'unknownBase') return undefined;
  const author = typeof latestAuthor === 'object' && latestAuthor !== null ? (latestAuthor as FormSaveConflict['latestAuthor']) : undefined;
  return {
    reason,
    ...(typeof latestVersion === 'number' ? { latestVersion } : {}),
    ...(typeof latestSavedAt === 'string' ? { latestSavedAt } : {}),
    ...(author && typeof author.name === 'string' ? { latestAuthor: author } : {}),
  };
}

const path = (id: string) => `/api/forms/${encodeURIComponent(id)}`;

/** The keys of a form document that describe where it comes from, not the form itself. */
const ORIGIN_KEYS = ['source', 'version', 'savedAt', 'author', 'sha256'] as const;

/** The definition in a form document: its origin left out, keys the designer does not know kept. */
export function definitionOf(document: FormDocument): FormDefinitionJson {
  const copy: Record<string, unknown> = { ...document };
  for (const key of ORIGIN_KEYS) delete copy[key];
  return copy as FormDefinitionJson;
}

export const formsApi = {
  list: () => api.get<FormSummary[]>('/api/forms'),
  get: (id: string) => api.get<FormDocument>(path(id)),
  /**
   * Saves a new version. `base` says what the copy was edited from, so that the server refuses (409)
   * rather than overwrite a version its author has not seen: see saveConflictOf.
   */
  save: (id: string, design: FormDesign, base: SaveBase) => api.put<SavedFormVersion>(path(id), { ...design, ...base } satisfies FormDesignBody),
  /** Newest first; none (rather than an error) for a form that has never been saved in the designer. */
  versions: async (id: string): Promise<FormVersion[]> => {
    try {
      return (await api.get<FormVersions>(`${path(id)}/versions`)).items;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) return [];
      throw error;
    }
  },
};
