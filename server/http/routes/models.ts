// Models: BPMN drafts saved with versions and authors, the deployed versions, checking a model as
// deploy would (the modeler's live lint: no writes), and deploying a draft version (refused with
// the findings when lint, a missing form or a missing worker says so).
import { z } from 'zod';
import { createModels, type ModelFinding, type Models } from '../../core/models/index.js';
import { lintBpmn } from '../../lint/index.js';
import { hasMessage, t, type Locale, type MessageKey } from '../../i18n/index.js';
import type { AppDeps } from '../deps.js';
import { HttpProblem } from '../problems.js';
import { defineRoute } from '../route.js';
import { actorOf } from './auth.js';
import { formsOf } from './forms.js';
import { registeredWorkerTypes } from './workers.js';

const modelsOf = new WeakMap<AppDeps, Models>();
function models(deps: AppDeps): Models {
  let found = modelsOf.get(deps);
  if (!found) {
    found = createModels({
      store: deps.store,
      engine: deps.engine,
      lint: lintBpmn,
      formIds: deps.formIds ?? (() => formsOf(deps).ids()),
      workerTypes: deps.workerTypes ?? registeredWorkerTypes,
    });
    modelsOf.set(deps, found);
  }
  return found;
}

const ProcessId = z.string().regex(/^[A-Za-z_][\w.-]{0,199}$/);
const Author = z.object({ id: z.string(), name: z.string() });
const Finding = z.object({ kind: z.enum(['lint', 'missingForm', 'missingWorker']), elementId: z.string(), rule: z.string(), message: z.string() });

/** A finding in the caller's language (bpmnlint's own text stays as the rule wrote it). */
function spoken(locale: Locale, f: ModelFinding): ModelFinding {
  const element = f.elementId || '—';
  if (f.kind === 'missingForm') return { ...f, message: t(locale, 'models.finding.missingForm', { element, form: f.rule }) };
  if (f.kind === 'missingWorker') return { ...f, message: t(locale, 'models.finding.missingWorker', { element, type: f.rule }) };
  // The rules that fire most have a sentence of their own; the others keep the rule's English text.
  const ruleKey = `models.finding.rule.${f.rule}`;
  if (hasMessage(ruleKey)) return { ...f, message: t(locale, ruleKey as MessageKey, { element, message: f.message }) };
  return { ...f, message: t(locale, 'models.finding.lint', { rule: f.rule, element, message: f.message }) };
}

function processIdsIn(xml: string): string[] {
  return [...xml.matchAll(/<(?:[\w.-]+:)?process\b[^>]*?\sid\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]!);
}

export const modelRoutes = [
  defineRoute({
    method: 'put',
    path: '/api/models/:processId/draft',
    summary: 'Guarda una nueva versión del borrador del modelo / Saves a new draft version of the model',
    tag: 'models',
    access: 'models.edit',
    params: z.object({ processId: ProcessId }),
    body: z.object({ xml: z.string().min(1).max(900_000) }),
    response: z.object({ processId: z.string(), version: z.number(), sha256: z.string(), author: Author, savedAt: z.string() }),
    async handler({ params, body, user, ip, locale, deps }) {
      if (!processIdsIn(body.xml).includes(params.processId)) {
        throw new HttpProblem(400, 'http.validation', {}, [{ field: 'body/xml', message: t(locale, 'http.model.processIdMismatch', { processId: params.processId }), code: 'process_id_mismatch' }]);
      }
      const author = { id: user!.id, name: user!.displayName };
      const saved = await models(deps).saveDraft(params.processId, body.xml, author);
      await deps.audit.record({ actor: actorOf(user), action: 'model.saveDraft', subject: params.processId, data: { version: saved.version, sha256: saved.sha256, bytes: Buffer.byteLength(body.xml) }, ip });
      return { processId: params.processId, ...saved };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/models',
    summary: 'Modelos: borradores y versiones desplegadas / Models: drafts and deployed versions',
    tag: 'models',
    access: 'models.edit',
    response: z.array(
      z.object({
        processId: z.string(),
        name: z.string().optional(),
        draft: z.object({ version: z.number(), author: Author, savedAt: z.string() }).optional(),
        deployed: z.array(z.object({ version: z.number(), processDefinitionKey: z.string(), name: z.string().optional() })),
      }),
    ),
    async handler({ deps }) {
      return models(deps).list();
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/models/:processId/versions',
    summary: 'Versiones de un modelo: borradores (con su BPMN) y desplegadas (la última con su BPMN) / A model\'s versions: drafts (with their BPMN) and deployed (the latest with its BPMN)',
    tag: 'models',
    access: 'models.edit',
    params: z.object({ processId: ProcessId }),
    response: z.object({
      processId: z.string(),
      drafts: z.array(
        z.object({
          version: z.number(),
          xml: z.string(),
          sha256: z.string(),
          author: Author,
          savedAt: z.string(),
          deployedAs: z.array(z.object({ version: z.number(), processDefinitionKey: z.string(), deployedAt: z.string() })),
        }),
      ),
      /** Newest first; the latest carries its BPMN (`xml`) so a model deployed without a draft can be opened. */
      deployed: z.array(z.object({ version: z.number(), processDefinitionKey: z.string(), name: z.string().optional(), versionTag: z.string().optional(), xml: z.string().optional() })),
    }),
    async handler({ params, deps }) {
      const found = await models(deps).versions(params.processId);
      if (found.drafts.length === 0 && found.deployed.length === 0) throw new HttpProblem(404, 'http.model.noDraft', { processId: params.processId });
      return found;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/models/lint',
    summary: 'Revisa un BPMN como lo haría el despliegue, sin guardar nada / Checks a BPMN as deploying would, saving nothing',
    tag: 'models',
    access: 'models.edit',
    body: z.object({ xml: z.string().max(900_000) }),
    response: z.object({ errors: z.array(Finding), warnings: z.array(Finding) }),
    async handler({ body, locale, deps }) {
      const found = await models(deps).check(body.xml, `${processIdsIn(body.xml)[0] ?? 'modelo'}.bpmn`);
      return { errors: found.errors.map((f) => spoken(locale, f)), warnings: found.warnings.map((f) => spoken(locale, f)) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/models/:processId/deploy',
    summary: 'Despliega una versión del borrador (la última si no se indica) / Deploys a draft version (the latest unless given)',
    tag: 'models',
    access: 'models.deploy',
    params: z.object({ processId: ProcessId }),
    body: z.object({ version: z.number().int().min(1).optional() }),
    response: z.object({ processDefinitionKey: z.string(), version: z.number(), draftVersion: z.number(), warnings: z.array(Finding) }),
    async handler({ params, body, user, ip, locale, deps }) {
      const m = models(deps);
      const draft = await m.draft(params.processId, body.version);
      if (draft === 'noDraft') throw new HttpProblem(404, 'http.model.noDraft', { processId: params.processId });
      if (!draft) throw new HttpProblem(404, 'http.model.noSuchVersion', { processId: params.processId, version: body.version ?? 0 });
      const by = { id: user!.id, name: user!.displayName };
      const outcome = await m.deploy(params.processId, draft, by);
      const warnings = outcome.warnings.map((f) => spoken(locale, f));
      if (!outcome.deployed) {
        const errors = outcome.errors.map((f) => spoken(locale, f));
        await deps.audit.record({
          actor: actorOf(user),
          action: 'model.deployRefused',
          subject: params.processId,
          data: { draftVersion: draft.version, errors: outcome.errors.map((f) => ({ kind: f.kind, elementId: f.elementId, rule: f.rule })) },
          ip,
        });
        throw new HttpProblem(
          400,
          'http.model.deployRefused',
          {},
          errors.map((f) => ({ field: f.elementId, message: f.message, code: `${f.kind}:${f.rule}` })),
          { findings: { errors, warnings } },
        );
      }
      await deps.audit.record({
        actor: actorOf(user),
        action: 'model.deploy',
        subject: params.processId,
        data: { draftVersion: draft.version, processDefinitionKey: outcome.processDefinitionKey, version: outcome.version, warnings: warnings.length },
        ip,
      });
      return { processDefinitionKey: outcome.processDefinitionKey, version: outcome.version, draftVersion: draft.version, warnings };
    },
  }),
];
