// Forms as the server hands them over: in the reader's language (to fill in) or with every text in
// both languages (to design), the designed versions, and the body of a save.
import { z } from 'zod';
import { Author, Text } from './common.js';

/** A form ready to render: schema and uiSchema as stored, every text in the reader's language. */
export const LocalizedForm = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  schema: z.record(z.string(), z.unknown()),
  uiSchema: z.record(z.string(), z.unknown()),
  /** Label per field path ('ip', 'contacto/correo'). */
  labels: z.record(z.string(), z.string()),
  help: z.record(z.string(), z.string()),
  /** Display name per enum value, per field path. */
  options: z.record(z.string(), z.record(z.string(), z.string())),
  manualReference: z.string(),
});
export type LocalizedForm = z.infer<typeof LocalizedForm>;

const Texts = z.record(z.string(), Text);

/** A form with every text in both languages, as forms/<id>.form.json holds it (without its examples). */
export const FormDefinition = z.object({
  id: z.string(),
  title: Text,
  description: Text.optional(),
  schema: z.record(z.string(), z.unknown()),
  uiSchema: z.record(z.string(), z.unknown()),
  labels: Texts,
  help: Texts.optional(),
  options: z.record(z.string(), Texts).optional(),
  manualReference: z.string(),
});
export type FormDefinition = z.infer<typeof FormDefinition>;

export const FormSource = z.enum(['file', 'designed']);
export type FormSource = z.infer<typeof FormSource>;

/** Where a form comes from: forms/ (a file), or the designer (a saved version, its author and time). */
const Origin = {
  source: FormSource,
  version: z.number().int().optional(),
  savedAt: z.string().optional(),
  author: Author.optional(),
};

export const FormSummary = z.object({ id: z.string(), title: Text, description: Text.optional(), manualReference: z.string(), ...Origin });
export type FormSummary = z.infer<typeof FormSummary>;

/** One form with every text in both languages, and where it comes from. */
export const FormDocument = FormDefinition.extend(Origin);
export type FormDocument = z.infer<typeof FormDocument>;

export const FormIdParams = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,199}$/) });

export const FormDesignBody = z.object({
  title: z.object({ es: z.string().max(300), en: z.string().max(300) }),
  description: z.object({ es: z.string().max(4000), en: z.string().max(4000) }).optional(),
  schema: z.record(z.string(), z.unknown()),
  uiSchema: z.record(z.string(), z.unknown()),
  labels: Texts,
  help: Texts.optional(),
  options: z.record(z.string(), Texts).optional(),
  manualReference: z.string().max(200).optional(),
  /**
   * The designed version the copy was edited from (0: from a file form, or a new form). The save is
   * refused with 409 unless it is still the latest. Optional for older clients, whose saves are
   * appended as the next version unchecked; the designer always sends it.
   */
  baseVersion: z.number().int().min(0).optional(),
  /** A new form: refused with 409 when a file form or a designed version already has the id. */
  new: z.boolean().optional(),
});
export type FormDesignBody = z.input<typeof FormDesignBody>;

export const SavedFormVersion = z.object({ id: z.string(), version: z.number().int(), sha256: z.string(), savedAt: z.string(), author: Author });
export type SavedFormVersion = z.infer<typeof SavedFormVersion>;

export const FormVersion = z.object({ version: z.number().int(), sha256: z.string(), savedAt: z.string(), author: Author, definition: FormDefinition });
export type FormVersion = z.infer<typeof FormVersion>;

export const FormVersions = z.object({ id: z.string(), items: z.array(FormVersion) });
export type FormVersions = z.infer<typeof FormVersions>;

/** Why a save was refused with 409 (members of its problem document), and the latest version it names. */
export const FormSaveConflict = z.object({
  formId: z.string(),
  reason: z.enum(['idTaken', 'staleVersion', 'unknownBase']),
  baseVersion: z.number().int(),
  latestVersion: z.number().int().optional(),
  latestSavedAt: z.string().optional(),
  latestAuthor: Author.optional(),
  fileForm: z.boolean(),
});
export type FormSaveConflict = z.infer<typeof FormSaveConflict>;

/** A stored file, as a form field holds it. */
export const Adjunto = z.object({ id: z.string(), nombre: z.string(), tipo: z.string(), tamano: z.number(), sha256: z.string() });
export type Adjunto = z.infer<typeof Adjunto>;

export const AttachmentIdParams = z.object({ id: z.string().regex(/^adj_[0-9a-f]{24}$/) });
