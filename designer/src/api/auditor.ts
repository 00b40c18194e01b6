// The auditor area's calls: process instances (list, detail, diagram), incident retry, and the audit
// trail (query, CSV export link, chain verification) — server/http/routes/instances.ts, incidents.ts
// and audit.ts. What they take and answer is the API's contract (contracts/api), as types only.
import type {
  AuditEvent,
  AuditFilter,
  AuditQuery,
  ChainCheck,
  IncidentRetried,
  InstanceDetail,
  InstanceQuery,
  InstanceRow,
  List,
  Page,
  ProcessOption,
} from '../../../contracts/api/index.js';
import type { Locale } from '../../../contracts/i18n.js';
import { api, withQuery } from './client';

export type {
  AuditActor,
  AuditEvent,
  AuditFilter,
  AuditQuery,
  ChainCheck,
  ElementHistoryItem,
  Incident,
  InstanceAttachment,
  InstanceDetail,
  InstanceQuery,
  InstanceRow,
  InstanceState,
  Page,
  ProcessOption,
  Sla,
  StartedBy,
  VariableView,
  Who,
} from '../../../contracts/api/index.js';

export const listInstances = (query: InstanceQuery) => api.get<Page<InstanceRow>>('/api/instances', { ...query });
export const listProcesses = () => api.get<List<ProcessOption>>('/api/instances/processes');
export const getInstance = (key: string) => api.get<InstanceDetail>(`/api/instances/${encodeURIComponent(key)}`);
/** The BPMN XML of the version the instance runs (the server answers application/xml). */
export const getInstanceDiagram = (url: string) => api.get<string>(url);
export const retryIncident = (incidentKey: string) => api.post<IncidentRetried>(`/api/incidents/${encodeURIComponent(incidentKey)}/retry`);
export const attachmentUrl = (id: string) => `/api/attachments/${encodeURIComponent(id)}`;

export const queryAudit = (query: AuditQuery) => api.get<Page<AuditEvent>>('/api/audit', { ...query });
/** The CSV export as a plain link: the browser downloads it with the session cookie. */
export const auditCsvUrl = (filter: AuditFilter, lang: Locale) => withQuery('/api/audit.csv', { ...filter, lang });
export const verifyAudit = () => api.get<ChainCheck>('/api/audit/verify');
