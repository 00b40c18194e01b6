// Process instances as auditors and process owners read them: the filtered list, one instance in
// full (what ran, who did it, every value of every variable, incidents, attachments, audit events),
// and incidents with their retry.
import { z } from 'zod';
import { AuditEvent } from './audit.js';
import { BooleanQuery, IsoDateTime, Key, Limit, Who, pageOf } from './common.js';
import { Adjunto } from './forms.js';
import { Folio } from './processes.js';
import { Sla } from './tasks.js';

export const InstanceState = z.enum(['ACTIVE', 'COMPLETED', 'TERMINATED']);
export type InstanceState = z.infer<typeof InstanceState>;

export const InstanceKeyParams = z.object({ key: Key });

export const InstanceSummary = z.object({
  processInstanceKey: z.string(),
  processDefinitionId: z.string(),
  processDefinitionName: z.string(),
  processDefinitionVersion: z.number(),
  processDefinitionKey: z.string(),
  state: InstanceState,
  startDate: z.string(),
  endDate: z.string().optional(),
  hasIncident: z.boolean(),
  /** The iniciadoPor root variable (processes.ts StartedBy), when the catalogue started it. */
  iniciadoPor: z.unknown().optional(),
  /** The folio of the instance's case (a called instance: its caller's); absent for instances older than folios. */
  folio: Folio.optional(),
});
export type InstanceSummary = z.infer<typeof InstanceSummary>;

/** A list row: the summary plus how many of its incidents are open (only when it has any). */
export const InstanceRow = InstanceSummary.extend({ openIncidents: z.number().optional() });
export type InstanceRow = z.infer<typeof InstanceRow>;

export const InstanceQuery = z.object({
  /** The BPMN process id. */
  process: z.string().min(1).max(200).optional(),
  state: InstanceState.optional(),
  startedFrom: IsoDateTime.optional(),
  startedTo: IsoDateTime.optional(),
  /** A user id or user name. */
  startedBy: z.string().min(1).max(100).optional(),
  withIncident: BooleanQuery.optional(),
  limit: Limit,
  cursor: z.string().min(1).max(2000).optional(),
});
export type InstanceQuery = z.input<typeof InstanceQuery>;

export const InstancePage = pageOf(InstanceRow);

/** A deployed process, to filter instances by. */
export const ProcessOption = z.object({ processDefinitionId: z.string(), name: z.string(), versions: z.array(z.number()) });
export type ProcessOption = z.infer<typeof ProcessOption>;

export const ElementHistoryItem = z.object({
  elementInstanceKey: z.string(),
  elementId: z.string(),
  name: z.string(),
  type: z.string(),
  /** An element instance has an instance's three states (the engine port's ElementInstanceState). */
  state: InstanceState,
  startDate: z.string(),
  endDate: z.string().optional(),
  hasIncident: z.boolean(),
  userTaskKey: z.string().optional(),
  assignee: z.string().optional(),
  completedBy: Who.optional(),
  /** A user task against its due date. */
  sla: Sla.optional(),
});
export type ElementHistoryItem = z.infer<typeof ElementHistoryItem>;

export const VariableChange = z.object({ value: z.unknown(), changedAt: z.string(), changedBy: Who.optional() });
export type VariableChange = z.infer<typeof VariableChange>;

export const VariableView = z.object({
  name: z.string(),
  variableKey: z.string(),
  /** 'proceso' for the instance's own scope, else the element id of the scope. */
  scope: z.string(),
  scopeKey: z.string(),
  value: z.unknown(),
  history: z.array(VariableChange),
});
export type VariableView = z.infer<typeof VariableView>;

export const INCIDENT_ERROR_TYPES = ['UNKNOWN', 'IO_MAPPING_ERROR', 'JOB_NO_RETRIES', 'CONDITION_ERROR', 'EXTRACT_VALUE_ERROR', 'CALLED_ELEMENT_ERROR', 'UNHANDLED_ERROR_EVENT'] as const;

export const Incident = z.object({
  incidentKey: z.string().optional(),
  processInstanceKey: z.string().optional(),
  processDefinitionId: z.string().optional(),
  processDefinitionKey: z.string().optional(),
  elementId: z.string().optional(),
  elementInstanceKey: z.string().optional(),
  errorType: z.enum(INCIDENT_ERROR_TYPES).optional(),
  errorMessage: z.string().optional(),
  creationTime: z.string().optional(),
  state: z.enum(['ACTIVE', 'RESOLVED']).optional(),
  jobKey: z.string().optional(),
  tenantId: z.string().optional(),
});
export type Incident = z.infer<typeof Incident>;

/** An attachment of the instance, with who uploaded it and when. */
export const InstanceAttachment = Adjunto.extend({ uploadedBy: z.object({ id: z.string(), name: z.string() }).optional(), uploadedAt: z.string().optional() });
export type InstanceAttachment = z.infer<typeof InstanceAttachment>;

export const InstanceDetail = z.object({
  instance: InstanceSummary,
  /** The instance's SLA: its worst task. */
  sla: Sla.optional(),
  elements: z.array(ElementHistoryItem),
  variables: z.array(VariableView),
  incidents: z.array(Incident),
  attachments: z.array(InstanceAttachment),
  audit: z.array(AuditEvent),
  /** The URL of the diagram's BPMN. */
  diagram: z.string(),
});
export type InstanceDetail = z.infer<typeof InstanceDetail>;

export const IncidentQuery = z.object({
  processInstanceKey: Key.optional(),
  process: z.string().min(1).max(200).optional(),
  state: z.enum(['ACTIVE', 'RESOLVED']).optional(),
  errorType: z.enum(INCIDENT_ERROR_TYPES).optional(),
  elementId: z.string().min(1).max(200).optional(),
  limit: Limit,
  cursor: z.string().min(1).max(2000).optional(),
});

export const IncidentPage = pageOf(Incident);

export const IncidentRetried = z.object({ incidentKey: z.string(), processInstanceKey: z.string(), retriesSet: z.boolean() });
export type IncidentRetried = z.infer<typeof IncidentRetried>;
