// Forms: the forms of forms/ and those designed in the browser, one form with every text in both
// languages (for the designer to edit), saving a designed version (checked hard: every problem
// named on its field, in the caller's language; refused with 409 when it would overwrite a version
// its author has not seen) and a form's saved versions.
import { z } from 'zod';
import { FormDesignBody, FormDocument, FormIdParams, FormSummary, FormVersions, SavedFormVersion } from '../../../contracts/api/index.js';
import type { RegisteredForm } from '../../core/forms/index.js';
import { actorOf } from '../../core/identity/index.js';
import { DomainError } from '../../errors.js';
import { defineRoute } from '../route.js';

function origin(form: RegisteredForm) {
  return {
    source: form.source,
    ...(form.version !== undefined ? { version: form.version } : {}),
    ...(form.savedAt ? { savedAt: form.savedAt } : {}),
    ...(form.author ? { author: form.author } : {}),
  };
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
      return (await deps.forms.list()).map((form) => {
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
    response: FormDocument,
    async handler({ params, deps }) {
      const form = await deps.forms.get(params.id);
      if (!form) throw new DomainError('not-found', 'http.form.notFound', { id: params.id });
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
    response: SavedFormVersion,
    async handler({ params, body, user, ip, deps }) {
      const { baseVersion, new: isNew, ...design } = body;
      if (isNew && baseVersion) {
        throw new DomainError('invalid', 'http.validation', {}, { fields: [{ field: 'body/baseVersion', messageKey: 'forms.design.newWithBase', code: 'new_with_base' }] });
      }
      const base = { ...(baseVersion !== undefined ? { baseVersion } : {}), ...(isNew ? { new: true } : {}) };
      const saved = await deps.forms.save(params.id, design, { id: user!.id, name: user!.displayName }, base);
      await deps.audit.record({
        actor: actorOf(user),
        action: 'form.saveVersion',
        subject: params.id,
        data: { version: saved.version, sha256: saved.sha256, bytes: Buffer.byteLength(JSON.stringify(design)) },
        ip,
      });
      return saved;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/forms/:id/versions',
    summary: "Versiones guardadas de un formulario, la más reciente primero / A form's saved versions, newest first",
    tag: 'forms',
    access: 'models.edit',
    params: FormIdParams,
    response: FormVersions,
    async handler({ params, deps }) {
      const items = await deps.forms.versions(params.id);
      if (items.length === 0 && !deps.forms.hasFile(params.id)) throw new DomainError('not-found', 'http.form.notFound', { id: params.id });
      return { id: params.id, items };
    },
  }),
];
