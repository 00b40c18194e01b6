// The start-form catalogue: the processes the signed-in user may start, a start form in the
// caller's language, and starting an instance with form data validated on the server.
import { z } from 'zod';
import { createCatalogue, FormInvalidError, UseCaseError, type Catalogue } from '../../core/catalogue/index.js';
import { t, type Locale } from '../../i18n/index.js';
import type { AppDeps } from '../deps.js';
import { HttpProblem } from '../problems.js';
import { defineRoute } from '../route.js';
import { actorOf } from './auth.js';
import { formsOf } from './forms.js';

// ---------------------------------------------------------------------------------------------
// Shared by the catalogue, public-form and task routes: the clock and use cases of one app, and
// the translation of their refusals into problems.

/** The clock of the app: deps.now (the engine's manual clock in tests) or the system clock. */
export const clockOf = (deps: AppDeps): (() => Date) => deps.now ?? (() => new Date());

const catalogues = new WeakMap<AppDeps, Catalogue>();

/** The catalogue use cases of one app (one per deps, so each test app has its own caches). */
export function catalogueOf(deps: AppDeps): Catalogue {
  let catalogue = catalogues.get(deps);
  if (!catalogue) {
    catalogue = createCatalogue({ engine: deps.engine, audit: deps.audit, forms: formsOf(deps) });
    catalogues.set(deps, catalogue);
  }
  return catalogue;
}

const STATUS = { NOT_FOUND: 404, FORBIDDEN: 403, CONFLICT: 409, INVALID: 400 } as const;

/**
 * Runs a use case, turning its refusals into problems: UseCaseError by its code (an INVALID one
 * naming `<where>/<field>`), FormInvalidError as 400 listing each form field with its sentence.
 */
export async function answering<T>(locale: Locale, work: () => Promise<T>, where: 'body' | 'query' = 'body'): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FormInvalidError) throw new HttpProblem(400, 'http.formInvalid', {}, error.problems, { formId: error.formId });
    if (error instanceof UseCaseError) {
      if (error.code === 'INVALID') {
        throw new HttpProblem(400, 'http.validation', {}, [{ field: [where, error.field].filter(Boolean).join('/'), message: t(locale, error.messageKey, error.params), code: error.messageKey }]);
      }
      throw new HttpProblem(STATUS[error.code], error.messageKey, error.params);
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Schemas

export const ProcessIdParams = z.object({ processId: z.string().regex(/^[A-Za-z_][\w.-]{0,199}$/) });
export const FormDataBody = z.object({ data: z.record(z.string(), z.unknown()) });

export const LocalizedFormView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  schema: z.record(z.string(), z.unknown()),
  uiSchema: z.record(z.string(), z.unknown()),
  labels: z.record(z.string(), z.string()),
  help: z.record(z.string(), z.string()),
  options: z.record(z.string(), z.record(z.string(), z.string())),
  manualReference: z.string(),
});

export const StartFormResponse = z.object({
  processDefinitionId: z.string(),
  processDefinitionKey: z.string(),
  name: z.string(),
  version: z.number().int(),
  form: LocalizedFormView,
});

export const StartedResponse = z.object({ processInstanceKey: z.string() });

const CatalogueEntryView = z.object({
  processDefinitionId: z.string(),
  processDefinitionKey: z.string(),
  name: z.string(),
  version: z.number().int(),
  versionTag: z.string().optional(),
  startFormId: z.string(),
  startFormTitle: z.string(),
  publicStart: z.boolean(),
});

export const processRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/processes',
    summary: 'Procesos que puede iniciar, con su formulario de inicio / Processes you may start, with their start form',
    tag: 'processes',
    access: 'user',
    response: z.object({ items: z.array(CatalogueEntryView) }),
    async handler({ user, locale, deps }) {
      return { items: await catalogueOf(deps).list(user!, locale) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/processes/:processId/start-form',
    summary: 'El formulario de inicio de un proceso / A process\'s start form',
    tag: 'processes',
    access: 'user',
    params: ProcessIdParams,
    response: StartFormResponse,
    async handler({ params, user, locale, deps }) {
      return answering(locale, () => catalogueOf(deps).startForm(params.processId, { kind: 'user', user: user!, actor: actorOf(user) }, locale));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/processes/:processId/instances',
    summary: 'Inicia un proceso con los datos de su formulario / Starts a process with its form data',
    tag: 'processes',
    access: 'user',
    params: ProcessIdParams,
    body: FormDataBody,
    response: StartedResponse,
    status: 201,
    async handler({ params, body, user, locale, ip, deps }) {
      const started = await answering(locale, () => catalogueOf(deps).start(params.processId, body.data, { kind: 'user', user: user!, actor: actorOf(user), ip }, locale));
      return { processInstanceKey: started.processInstanceKey };
    },
  }),
];
