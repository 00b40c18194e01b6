// The form designer's calls: the forms (from forms/ and designed), one form with its texts in both
// languages, saving a version (never over one its author has not seen), and a form's saved versions. Mirrors server/http/routes/forms.ts.
import { api, ApiProblem } from './client';
import type { FormDefinitionJson, Json, Text } from '../form-designer/model';

export interface FormAuthor {
  id: string;
  name: string;
}

export type FormSource = 'file' | 'designed';

export interface FormSummary {
  id: string;
  title: Text;
  description?: Text;
  manualReference: string;
  /** Older servers do not say; such forms come from forms/. */
  source?: FormSource;
  version?: number;
  savedAt?: string;
  author?: FormAuthor;
}

/** One form with every text in both languages, and where it comes from. */
export interface FormDocument extends FormDefinitionJson {
  source?: FormSource;
  version?: number;
  savedAt?: string;
  author?: FormAuthor;
}

export interface SavedFormVersion {
  id: string;
  version: number;
  sha256: string;
  savedAt: string;
  author: FormAuthor;
}

export interface FormVersion {
  version: number;
  sha256: string;
  savedAt: string;
  author: FormAuthor;
  definition: FormDefinitionJson;
}

/** What a saved copy was edited from: the designed version (0 for a file form or a new one), and whether it is a new form. */
export interface SaveBase {
  baseVersion: number;
  /** A new form: the server refuses it when a file form or a designed one has the id. */
  new?: boolean;
}

/** Why the server refused a save with 409, and the latest version it named. */
export interface FormSaveConflict {
  reason: 'idTaken' | 'staleVersion' | 'unknownBase';
  latestVersion?: number;
  latestSavedAt?: string;
  latestAuthor?: FormAuthor;
}

/** The save conflict an error reports, if it is one (PUT /api/forms/:id answering 409). */
export function saveConflictOf(error: unknown): FormSaveConflict | undefined {
  if (!(error instanceof ApiProblem) || error.status !== 409) return undefined;
  const { reason, latestVersion, latestSavedAt, latestAuthor } = error.body;
  if (reason !== 'idTaken' && reason !== 'staleVersion' && reason !== 'unknownBase') return undefined;
  const author = typeof latestAuthor === 'object' && latestAuthor !== null ? (latestAuthor as FormAuthor) : undefined;
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
  save: (id: string, body: Json, base: SaveBase) => api.put<SavedFormVersion>(path(id), { ...body, ...base }),
  /** Newest first; none (rather than an error) for a form that has never been saved in the designer. */
  versions: async (id: string): Promise<FormVersion[]> => {
    try {
      return (await api.get<{ id: string; items: FormVersion[] }>(`${path(id)}/versions`)).items;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) return [];
      throw error;
    }
  },
};
