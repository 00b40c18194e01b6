// The start catalogue's calls to the server and its answers (mirrors of server/http/routes/processes.ts
// and public.ts): processes one may start, their start forms, starting an instance, the public form.
import type { LocalizedForm } from './types';
import { api } from './client';

export interface CatalogueEntry {
  processDefinitionId: string;
  processDefinitionKey: string;
  name: string;
  version: number;
  versionTag?: string;
  startFormId: string;
  startFormTitle: string;
  /** A citizen may start it without signing in, at /publico/:processId. */
  publicStart: boolean;
}

export interface StartForm {
  processDefinitionId: string;
  processDefinitionKey: string;
  name: string;
  version: number;
  form: LocalizedForm;
}

export interface Started {
  processInstanceKey: string;
}

const id = (processId: string) => encodeURIComponent(processId);

export const catalogueApi = {
  list: () => api.get<{ items: CatalogueEntry[] }>('/api/processes'),
  startForm: (processId: string) => api.get<StartForm>(`/api/processes/${id(processId)}/start-form`),
  start: (processId: string, data: Record<string, unknown>) => api.post<Started>(`/api/processes/${id(processId)}/instances`, { data }),
  publicForm: (processId: string) => api.get<StartForm>(`/api/public/forms/${id(processId)}`),
  submitPublic: (processId: string, data: Record<string, unknown>) => api.post<Started>(`/api/public/forms/${id(processId)}/instances`, { data }),
};
