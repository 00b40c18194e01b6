// Models: BPMN drafts saved with versions and authors, the deployed versions, checking a model as
// deploy would (the modeler's live lint: no writes), and deploying a draft version (refused with
// the findings when lint, a missing form or a missing worker says so). No model is parsed here:
// reading and lint run in server/lint's worker, within its time limit (issue 12).
import { z } from 'zod';
import { DeployBody, Deployment, Findings, LintBody, ModelIdParams, ModelSummary, ModelVersions, ModelXmlBody, SavedDraft } from '../../../contracts/api/index.js';
import { actorOf } from '../../core/identity/index.js';
import type { ModelFinding } from '../../core/models/index.js';
import { DomainError } from '../../errors.js';
import { hasMessage, t, type Locale, type MessageKey } from '../../i18n/index.js';
import { defineRoute } from '../route.js';

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

export const modelRoutes = [
  defineRoute({
    method: 'put',
    path: '/api/models/:processId/draft',
    summary: 'Guarda una nueva versión del borrador del modelo / Saves a new draft version of the model',
    tag: 'models',
    access: 'models.edit',
    params: ModelIdParams,
    body: ModelXmlBody,
    response: SavedDraft,
    async handler({ params, body, user, ip, deps }) {
      if (!(await deps.models.processIdsIn(body.xml)).includes(params.processId)) {
        throw new DomainError(
          'invalid',
          'http.validation',
          {},
          {
            fields: [{ field: 'body/xml', messageKey: 'http.model.processIdMismatch', params: { processId: params.processId }, code: 'process_id_mismatch' }],
          },
        );
      }
      const author = { id: user!.id, name: user!.displayName };
      const saved = await deps.models.saveDraft(params.processId, body.xml, author);
      await deps.audit.record({
        actor: actorOf(user),
        action: 'model.saveDraft',
        subject: params.processId,
        data: { version: saved.version, sha256: saved.sha256, bytes: Buffer.byteLength(body.xml) },
        ip,
      });
      return { processId: params.processId, ...saved };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/models',
    summary: 'Modelos: borradores y versiones desplegadas / Models: drafts and deployed versions',
    tag: 'models',
    access: 'models.edit',
    response: z.array(ModelSummary),
    async handler({ deps }) {
      return deps.models.list();
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/models/:processId/versions',
    summary: "Versiones de un modelo: borradores (con su BPMN) y desplegadas (la última con su BPMN) / A model's versions: drafts (with their BPMN) and deployed (the latest with its BPMN)",
    tag: 'models',
    access: 'models.edit',
    params: ModelIdParams,
    response: ModelVersions,
    async handler({ params, deps }) {
      const found = await deps.models.versions(params.processId);
      if (found.drafts.length === 0 && found.deployed.length === 0) throw new DomainError('not-found', 'http.model.noDraft', { processId: params.processId });
      return found;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/models/lint',
    summary: 'Revisa un BPMN como lo haría el despliegue, sin guardar nada / Checks a BPMN as deploying would, saving nothing',
    tag: 'models',
    access: 'models.edit',
    body: LintBody,
    response: Findings,
    async handler({ body, locale, deps }) {
      // Unnamed: a malformed document is named after its first process, as the worker read it.
      const found = await deps.models.check(body.xml);
      return { errors: found.errors.map((f) => spoken(locale, f)), warnings: found.warnings.map((f) => spoken(locale, f)) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/models/:processId/deploy',
    summary: 'Despliega una versión del borrador (la última si no se indica) / Deploys a draft version (the latest unless given)',
    tag: 'models',
    access: 'models.deploy',
    params: ModelIdParams,
    body: DeployBody,
    response: Deployment,
    async handler({ params, body, user, ip, locale, deps }) {
      const m = deps.models;
      const draft = await m.draft(params.processId, body.version);
      if (draft === 'noDraft') throw new DomainError('not-found', 'http.model.noDraft', { processId: params.processId });
      if (!draft) throw new DomainError('not-found', 'http.model.noSuchVersion', { processId: params.processId, version: body.version ?? 0 });
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
        throw new DomainError(
          'invalid',
          'http.model.deployRefused',
          {},
          {
            fields: errors.map((f) => ({ field: f.elementId, message: f.message, code: `${f.kind}:${f.rule}` })),
            details: { findings: { errors, warnings } },
          },
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
