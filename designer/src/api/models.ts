// The modeler's calls: models and their draft versions, deploying, live lint, and the lists the
// modeler's pickers offer (forms, candidate groups, job workers). Mirrors server/http/routes/models.ts.
import { api, ApiProblem } from './client';

export interface Author {
  id: string;
  name: string;
}

export interface ModelSummary {
  processId: string;
  name?: string;
  draft?: { version: number; author: Author; savedAt: string };
  deployed: Array<{ version: number; processDefinitionKey: string; name?: string }>;
}

export interface DraftVersion {
  version: number;
  xml: string;
  sha256: string;
  author: Author;
  savedAt: string;
  deployedAs: Array<{ version: number; processDefinitionKey: string; deployedAt: string }>;
}

export interface DeployedVersion {
  version: number;
  processDefinitionKey: string;
  name?: string;
  versionTag?: string;
  /** The deployed BPMN, when the server hands it over (opens a model that has no draft yet). */
  xml?: string;
}

export interface ModelVersions {
  processId: string;
  drafts: DraftVersion[];
  deployed: DeployedVersion[];
}

export interface SavedDraft {
  processId: string;
  version: number;
  sha256: string;
  author: Author;
  savedAt: string;
}

/** One lint finding, a form missing from forms/ or a job type without a worker; message in the reader's language. */
export interface Finding {
  kind: 'lint' | 'missingForm' | 'missingWorker';
  elementId: string;
  rule: string;
  message: string;
}

export interface Findings {
  errors: Finding[];
  warnings: Finding[];
}

export interface Deployment {
  processDefinitionKey: string;
  version: number;
  draftVersion: number;
  warnings: Finding[];
}

export interface FormSummary {
  id: string;
  title: { es: string; en: string };
  source?: string;
  version?: number;
}

export interface WorkerSummary {
  type: string;
  description?: { es: string; en: string };
}

export interface GroupSummary {
  id: string;
  name: { es: string; en: string };
}

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
  forms: () => api.get<FormSummary[] | { items: FormSummary[] }>('/api/forms').then(itemsOf),
  workers: () => optionalList(api.get<{ items: WorkerSummary[] } | WorkerSummary[]>('/api/workers')),
  groups: () => optionalList(api.get<{ items: GroupSummary[] } | GroupSummary[]>('/api/groups')),
};

function itemsOf<T>(answer: T[] | { items: T[] }): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}

/** A list the pickers can live without: absent (404) reads as empty, so a free-text field remains. */
async function optionalList<T>(call: Promise<T[] | { items: T[] }>): Promise<T[] | null> {
  try {
    return itemsOf(await call);
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
