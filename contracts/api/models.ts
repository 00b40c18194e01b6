// Models: drafts with versions and authors, the deployed versions, the findings of a check, and a
// deployment. Also the lists the modeler's pickers offer: workers and candidate groups.
import { z } from 'zod';
import { Author, Text, listOf } from './common.js';

export const ModelIdParams = z.object({ processId: z.string().regex(/^[A-Za-z_][\w.-]{0,199}$/) });

/** A lint finding, a form the model names that does not exist, or a job type no worker serves; `message` in the reader's language. */
export const Finding = z.object({ kind: z.enum(['lint', 'missingForm', 'missingWorker']), elementId: z.string(), rule: z.string(), message: z.string() });
export type Finding = z.infer<typeof Finding>;

export const Findings = z.object({ errors: z.array(Finding), warnings: z.array(Finding) });
export type Findings = z.infer<typeof Findings>;

export const ModelXmlBody = z.object({ xml: z.string().min(1).max(900_000) });
export const LintBody = z.object({ xml: z.string().max(900_000) });
export const DeployBody = z.object({ version: z.number().int().min(1).optional() });

export const SavedDraft = z.object({ processId: z.string(), version: z.number(), sha256: z.string(), author: Author, savedAt: z.string() });
export type SavedDraft = z.infer<typeof SavedDraft>;

export const ModelSummary = z.object({
  processId: z.string(),
  name: z.string().optional(),
  draft: z.object({ version: z.number(), author: Author, savedAt: z.string() }).optional(),
  deployed: z.array(z.object({ version: z.number(), processDefinitionKey: z.string(), name: z.string().optional() })),
});
export type ModelSummary = z.infer<typeof ModelSummary>;

export const DraftVersion = z.object({
  version: z.number(),
  xml: z.string(),
  sha256: z.string(),
  author: Author,
  savedAt: z.string(),
  deployedAs: z.array(z.object({ version: z.number(), processDefinitionKey: z.string(), deployedAt: z.string() })),
});
export type DraftVersion = z.infer<typeof DraftVersion>;

export const DeployedVersion = z.object({
  version: z.number(),
  processDefinitionKey: z.string(),
  name: z.string().optional(),
  versionTag: z.string().optional(),
  /** The deployed BPMN, on the latest version only (it opens a model that has no draft yet). */
  xml: z.string().optional(),
});
export type DeployedVersion = z.infer<typeof DeployedVersion>;

/** A model's versions: drafts newest first, with their BPMN; deployed ones newest first. */
export const ModelVersions = z.object({ processId: z.string(), drafts: z.array(DraftVersion), deployed: z.array(DeployedVersion) });
export type ModelVersions = z.infer<typeof ModelVersions>;

export const Deployment = z.object({ processDefinitionKey: z.string(), version: z.number(), draftVersion: z.number(), warnings: z.array(Finding) });
export type Deployment = z.infer<typeof Deployment>;

/** A worker as the service-task picker shows it: its job type, what it does, the variables it reads and writes. */
export const WorkerSummary = z.object({ type: z.string(), description: Text.optional(), reads: z.array(z.string()).optional(), writes: z.array(z.string()).optional() });
export type WorkerSummary = z.infer<typeof WorkerSummary>;
export const WorkerList = listOf(WorkerSummary);

/** A candidate group with its name in both languages. */
export const NamedGroup = z.object({ id: z.string(), name: Text });
export type NamedGroup = z.infer<typeof NamedGroup>;
export const GroupList = listOf(NamedGroup);
