// The start catalogue: the processes a user may start with their start forms, starting one, and the
// citizen's public forms.
import { z } from 'zod';
import { LocalizedForm } from './forms.js';

export const ProcessIdParams = z.object({ processId: z.string().regex(/^[A-Za-z_][\w.-]{0,199}$/) });

/** Form data, as a start or a completion sends it. */
export const FormDataBody = z.object({ data: z.record(z.string(), z.unknown()) });

export const CatalogueEntry = z.object({
  processDefinitionId: z.string(),
  processDefinitionKey: z.string(),
  name: z.string(),
  version: z.number().int(),
  versionTag: z.string().optional(),
  startFormId: z.string(),
  startFormTitle: z.string(),
  /** A citizen may start it without signing in, at /publico/:processId. */
  publicStart: z.boolean(),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

export const StartForm = z.object({
  processDefinitionId: z.string(),
  processDefinitionKey: z.string(),
  name: z.string(),
  version: z.number().int(),
  form: LocalizedForm,
});
export type StartForm = z.infer<typeof StartForm>;

/** A FOLIO: what people say on the phone, `<SERIES>-<YEAR>-<6 digits>` (CAS-2026-000045). */
export const Folio = z.string().regex(/^[A-Z][A-Z0-9]{0,9}-\d{4}-\d{6}$/);

/** A started request: its folio (what the requester quotes) and the engine key (for operators). */
export const Started = z.object({ processInstanceKey: z.string(), folio: Folio });
export type Started = z.infer<typeof Started>;

/** The `iniciadoPor` variable a start through the catalogue sets: who started the instance. */
export const StartedBy = z.object({ id: z.string(), username: z.string(), nombre: z.string() });
export type StartedBy = z.infer<typeof StartedBy>;
