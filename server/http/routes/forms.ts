// Forms: the forms of forms/ and those designed in the browser, one form with every text in both
// languages (for the designer to edit), saving a designed version (checked hard: every problem
// named on its field, in the caller's language; refused with 409 when it would overwrite a version
// its author has not seen) and a form's saved versions.
import { z } from 'zod';
import { loadForms, type FormDefinition } from '../../../forms/index.js';
import { createFormRegistry, FormDesignInvalidError, FormSaveConflictError, type FormRegistry, type RegisteredForm } from '../../core/forms/index.js';
import { t } from '../../i18n/index.js';
import type { AppDeps } from '../deps.js';
import { HttpProblem } from '../problems.js';
import { defineRoute } from '../route.js';
import { actorOf } from './auth.js';

let fileForms: Map<string, FormDefinition> | undefined;
const registries = new WeakMap<AppDeps, FormRegistry>();

/** The form registry of one app: deps.forms, or one of its own over deps.store and forms/ (read once per process). */
export function formsOf(deps: AppDeps): FormRegistry {
  if (deps.forms) return deps.forms;
  let registry = registries.get(deps);
  if (!registry) {
    registry = createFormRegistry({ store: deps.store, fileForms: (fileForms ??= loadForms()), ...(deps.now ? { now: deps.now } : {}) });
    registries.set(deps, registry);
  }
  return registry;
}

const FormIdParams = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,199}$/) });
const Text = z.object({ es: z.string(), en: z.string() });
const Author = z.object({ id: z.string(), name: z.string() });
const Texts = z.record(z.string(), Text);

const Definition = z.object({
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

const Origin = {
  source: z.enum(['file', 'designed']),
  version: z.number().int().optional(),
  savedAt: z.string().optional(),
  author: Author.optional(),
};

const FormSummary = z.object({ id: z.string(), title: Text, description: Text.optional(), manualReference: z.string(), ...Origin });

const FormDesignBody = z.object({
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

const SavedVersion = z.object({ id: z.string(), version: z.number().int(), sha256: z.string(), savedAt: z.string(), author: Author });

function origin(form: RegisteredForm) {
  return {
    source: form.source,
    ...(form.version !== undefined ? { version: form.version } : {}),
    ...(form.savedAt ? { savedAt: form.savedAt } : {}),
    ...(form.author ? { author: form.author } : {}),
  };
}

/** A refused save as the client sees it: what it was based on, and the latest version with who saved it and when. */
function conflictProblem(error: FormSaveConflictError): HttpProblem {
  const { formId: id, baseVersion, latest } = error;
  const extra = {
    formId: id,
    reason: error.reason,
    baseVersion,
    ...(latest ? { latestVersion: latest.version, latestSavedAt: latest.savedAt, latestAuthor: latest.author } : {}),
    fileForm: error.hasFile,
  };
  if (error.reason === 'idTaken') return new HttpProblem(409, 'forms.design.idTaken', { id }, [], extra);
  if (error.reason === 'unknownBase') return new HttpProblem(409, 'forms.design.unknownBase', { id, base: baseVersion, latest: latest?.version ?? 0 }, [], extra);
  return new HttpProblem(409, 'forms.design.staleVersion', { id, latest: latest!.version, author: latest!.author.name }, [], extra);
}

export const formRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/forms',
    summary: 'Los formularios: de forms/ y diseñados / The forms: from forms/ and designed',
    tag: 'forms',
    access: 'user',
    response: z.array(FormSummary),
    async handler({ deps }) {
      return (await formsOf(deps).list()).map((form) => {
        const { id, title, description, manualReference } = form.definition;
        return { id, title, ...(description ? { description } : {}), manualReference, ...origin(form) };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/forms/:id',
    summary: 'Un formulario: esquema JSON, uiSchema y textos en ambos idiomas / One form: JSON schema, uiSchema and texts in both languages',
    tag: 'forms',
    access: 'user',
    params: FormIdParams,
    response: Definition.extend(Origin),
    async handler({ params, deps }) {
      const form = await formsOf(deps).get(params.id);
      if (!form) throw new HttpProblem(404, 'http.form.notFound', { id: params.id });
      return { ...form.definition, ...origin(form) };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/forms/:id',
    summary: 'Guarda una nueva versión del formulario diseñado / Saves a new version of the designed form',
    tag: 'forms',
    access: 'models.edit',
    // The id's pattern is checked with the rest of the form, so that its refusal is worded like theirs.
    params: z.object({ id: z.string().min(1).max(300) }),
    body: FormDesignBody,
    response: SavedVersion,
    async handler({ params, body, user, ip, locale, deps }) {
      const { baseVersion, new: isNew, ...design } = body;
      if (isNew && baseVersion) {
        throw new HttpProblem(400, 'http.validation', {}, [{ field: 'body/baseVersion', message: t(locale, 'forms.design.newWithBase'), code: 'new_with_base' }]);
      }
      try {
        const base = { ...(baseVersion !== undefined ? { baseVersion } : {}), ...(isNew ? { new: true } : {}) };
        const saved = await formsOf(deps).save(params.id, design, { id: user!.id, name: user!.displayName }, base);
        await deps.audit.record({ actor: actorOf(user), action: 'form.saveVersion', subject: params.id, data: { version: saved.version, sha256: saved.sha256, bytes: Buffer.byteLength(JSON.stringify(design)) }, ip });
        return saved;
      } catch (error) {
        if (error instanceof FormSaveConflictError) throw conflictProblem(error);
        if (!(error instanceof FormDesignInvalidError)) throw error;
        throw new HttpProblem(
          400,
          'http.form.designInvalid',
          {},
          error.problems.map((p) => ({ field: p.field, message: t(locale, p.messageKey, p.params), code: p.code })),
          { formId: params.id },
        );
      }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/forms/:id/versions',
    summary: 'Versiones guardadas de un formulario, la más reciente primero / A form\'s saved versions, newest first',
    tag: 'forms',
    access: 'models.edit',
    params: FormIdParams,
    response: z.object({ id: z.string(), items: z.array(z.object({ version: z.number().int(), sha256: z.string(), savedAt: z.string(), author: Author, definition: Definition })) }),
    async handler({ params, deps }) {
      const registry = formsOf(deps);
      const items = await registry.versions(params.id);
      if (items.length === 0 && !registry.hasFile(params.id)) throw new HttpProblem(404, 'http.form.notFound', { id: params.id });
      return { id: params.id, items };
    },
  }),
];
