// The form designer's calls: the forms (from forms/ and designed), one form with its texts in both
// languages, saving a version, and a form's saved versions. Mirrors server/http/routes/forms.ts.
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
  /** Whether a form with this id exists already (a new form must not take over another's id). */
  exists: async (id: string): Promise<boolean> => {
    try {
      await api.get<FormDocument>(path(id));
      return true;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) return false;
      throw error;
    }
  },
  save: (id: string, body: Json) => api.put<SavedFormVersion>(path(id), body),
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
