// The modeler's calls (server/http/routes/models.ts, forms.ts, groups.ts, workers.ts): models and
// their draft versions, deploying, live lint, and the lists the modeler's pickers offer (forms,
// candidate groups, job workers). What they take and answer is the API's contract (contracts/api), as
// types only; what is left here reads a refusal on the designer's side.
import type { Deployment, Findings, FormSummary, List, ModelSummary, ModelVersions, NamedGroup, SavedDraft, WorkerSummary } from '../../../contracts/api/index.js';
import { api, ApiProblem } from './client';

export type {
  Deployment,
  DeployedVersion,
  DraftVersion,
  Finding,
  Findings,
  FormSummary,
  ModelSummary,
  ModelVersions,
  NamedGroup,
  SavedDraft,
  WorkerSummary,
} from '../../../contracts/api/index.js';

export const modelsApi = {
  list: () => api.get<ModelSummary[]>('/api/models'),
  /** The drafts and deployed versions; null when the process has neither (a new model). */
  versions: async (processId: string): Promise<ModelVersions | null> => {
    try {
      return await api.get<ModelVersions>(`/api/models/${encodeURIComponent(processId)}/versions`);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) return null;
      throw error;
    }
  },
  saveDraft: (processId: string, xml: string) => api.put<SavedDraft>(`/api/models/${encodeURIComponent(processId)}/draft`, { xml }),
  deploy: (processId: string, version?: number) => api.post<Deployment>(`/api/models/${encodeURIComponent(processId)}/deploy`, version === undefined ? {} : { version }),
  /** Live lint of unsaved XML; null while the server does not offer it yet (404). */
  lint: async (xml: string): Promise<Findings | null> => {
    try {
      return await api.post<Findings>('/api/models/lint', { xml });
    } catch (error) {
      if (error instanceof ApiProblem && (error.status === 404 || error.status === 405)) return null;
      throw error;
    }
  },
  forms: () => api.get<FormSummary[]>('/api/forms'),
  workers: () => optionalList(api.get<List<WorkerSummary>>('/api/workers')),
  groups: () => optionalList(api.get<List<NamedGroup>>('/api/groups')),
};

/** A list the pickers can live without: absent (404) reads as empty, so a free-text field remains. */
async function optionalList<T>(call: Promise<List<T>>): Promise<T[] | null> {
  try {
    return (await call).items;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return null;
    throw error;
  }
}

/** The findings a deploy refusal carries (problem body `findings`), or none. */
export function findingsOfRefusal(error: unknown): Findings | null {
  if (!(error instanceof ApiProblem)) return null;
  const findings = error.body.findings as Partial<Findings> | undefined;
  if (!findings || !Array.isArray(findings.errors)) return null;
  return { errors: findings.errors, warnings: Array.isArray(findings.warnings) ? findings.warnings : [] };
}
