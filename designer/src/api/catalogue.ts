// The start catalogue's calls (server/http/routes/processes.ts and public.ts): processes one may
// start, their start forms, starting an instance, the public form. What they take and answer is the
// API's contract (contracts/api), as types only.
import type { CatalogueEntry, List, StartForm, Started } from '../../../contracts/api/index.js';
import { api } from './client';

export type { CatalogueEntry, StartForm, Started } from '../../../contracts/api/index.js';

const id = (processId: string) => encodeURIComponent(processId);

export const catalogueApi = {
  list: () => api.get<List<CatalogueEntry>>('/api/processes'),
  startForm: (processId: string) => api.get<StartForm>(`/api/processes/${id(processId)}/start-form`),
  start: (processId: string, data: Record<string, unknown>) => api.post<Started>(`/api/processes/${id(processId)}/instances`, { data }),
  publicForm: (processId: string) => api.get<StartForm>(`/api/public/forms/${id(processId)}`),
  submitPublic: (processId: string, data: Record<string, unknown>) => api.post<Started>(`/api/public/forms/${id(processId)}/instances`, { data }),
};
