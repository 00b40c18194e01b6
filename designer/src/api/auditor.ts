// The auditor area's calls and shapes: process instances (list, detail, diagram), incident retry,
// and the audit trail (query, CSV export link, chain verification). Mirrors server/http/routes/
// instances.ts, incidents.ts and audit.ts.
import { api, withQuery } from './client';

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

/** Who did something, as the instance detail names them. */
export type Who = { id: string; name: string } | 'system' | 'anonymous';

/** The `iniciadoPor` variable the start route sets. */
export interface StartedBy {
  id?: string;
  username?: string;
  nombre?: string;
}

export interface InstanceSummary {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionName: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  state: InstanceState;
  startDate: string;
  endDate?: string;
  hasIncident: boolean;
  iniciadoPor?: unknown;
  /** Open incidents, counted only when hasIncident. */
  openIncidents?: number;
}

export interface InstanceFilter {
  process?: string;
  state?: InstanceState;
  startedFrom?: string;
  startedTo?: string;
  /** A user id or user name. */
  startedBy?: string;
  withIncident?: 'true' | 'false';
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface ProcessOption {
  processDefinitionId: string;
  name: string;
  versions: number[];
}

export type SlaStatus = 'on-time' | 'due-soon' | 'breached';
export interface Sla {
  status: SlaStatus;
  byMinutes: number;
  dueDate: string;
}

export interface ElementHistoryItem {
  elementInstanceKey: string;
  elementId: string;
  name: string;
  type: string;
  state: InstanceState;
  startDate: string;
  endDate?: string;
  hasIncident: boolean;
  userTaskKey?: string;
  assignee?: string;
  completedBy?: Who;
  sla?: Sla;
}

export interface VariableChange {
  value: unknown;
  changedAt: string;
  changedBy?: Who;
}

export interface VariableView {
  name: string;
  variableKey: string;
  /** 'proceso' for the instance's own scope, else the element id of the scope. */
  scope: string;
  scopeKey: string;
  value: unknown;
  history: VariableChange[];
}

export interface Incident {
  incidentKey?: string;
  processInstanceKey?: string;
  elementId?: string;
  elementInstanceKey?: string;
  errorType?: string;
  errorMessage?: string;
  creationTime?: string;
  state?: 'ACTIVE' | 'RESOLVED';
  jobKey?: string;
}

export interface InstanceAttachment {
  id: string;
  nombre: string;
  tipo: string;
  tamano: number;
  sha256: string;
  uploadedBy?: { id: string; name: string };
  uploadedAt?: string;
}

export type AuditActor = { id: string; name: string; roles?: string[] } | 'system' | 'anonymous';

export interface AuditEvent {
  sequence: number;
  at: string;
  actor: AuditActor;
  actorId: string;
  action: string;
  processInstanceKey?: string;
  userTaskKey?: string;
  subject?: string;
  data?: unknown;
  ip?: string;
  prevHash: string;
  hash: string;
}

export interface InstanceDetail {
  instance: InstanceSummary;
  sla?: Sla;
  elements: ElementHistoryItem[];
  variables: VariableView[];
  incidents: Incident[];
  attachments: InstanceAttachment[];
  audit: AuditEvent[];
  /** The URL of the diagram's XML. */
  diagram: string;
}

export interface AuditFilter {
  /** A user name, a user id, 'system' or 'anonymous'. */
  actor?: string;
  /** One action, or several separated by commas. */
  action?: string;
  processInstanceKey?: string;
  userTaskKey?: string;
  from?: string;
  to?: string;
}

export type ChainCheck =
  | { intact: true; events: number; message: string; lastHash?: string }
  | { intact: false; events: number; message: string; brokenAt: number; reason: string; reasonCode?: string; expectedHash?: string; actualHash?: string };

export const listInstances = (filter: InstanceFilter) => api.get<Page<InstanceSummary>>('/api/instances', { ...filter });
export const listProcesses = () => api.get<{ items: ProcessOption[] }>('/api/instances/processes');
export const getInstance = (key: string) => api.get<InstanceDetail>(`/api/instances/${encodeURIComponent(key)}`);
/** The BPMN XML of the version the instance runs (the server answers application/xml). */
export const getInstanceDiagram = (url: string) => api.get<string>(url);
export const retryIncident = (incidentKey: string) =>
  api.post<{ incidentKey: string; processInstanceKey: string; retriesSet: boolean }>(`/api/incidents/${encodeURIComponent(incidentKey)}/retry`);
export const attachmentUrl = (id: string) => `/api/attachments/${encodeURIComponent(id)}`;

export const queryAudit = (filter: AuditFilter & { order?: 'asc' | 'desc'; limit?: number; cursor?: string }) => api.get<Page<AuditEvent>>('/api/audit', { ...filter });
/** The CSV export as a plain link: the browser downloads it with the session cookie. */
export const auditCsvUrl = (filter: AuditFilter, lang: 'es' | 'en') => withQuery('/api/audit.csv', { ...filter, lang });
export const verifyAudit = () => api.get<ChainCheck>('/api/audit/verify');
