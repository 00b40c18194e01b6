// Models: BPMN drafts saved with their versions and authors (collection model_drafts, one
// document per process id), the deployed versions, checking a model as deploy would (the modeler's
// live lint), and deploying a draft version — refused when lint finds errors, when a user task or
// start event names a form that exists neither in forms/ nor among the designed forms, or when a
// service task's type has no worker in the workers/ registry.
import { createHash } from 'node:crypto';
import type { EnginePort, ProcessDefinitionResult } from '../../engine/port.js';
import type { Store } from '../../store/port.js';
import { readBpmn, type BpmnReading } from '../../bpmn/read.js';
import { DomainError } from '../../errors.js';
import { CHECK_TIME_LIMIT_RULE, MALFORMED_XML_RULE, type Finding, type ModelCheck } from '../../lint/index.js';

export const MODEL_DRAFTS_COLLECTION = 'model_drafts';
/** How many documents' lint results are kept (least recently asked for goes first). */
export const LINT_CACHE_SIZE = 32;
/** The largest model taken unless configured (OFICIO_MODEL_MAX_BYTES's default): the API's own bound on a model's text. */
export const DEFAULT_MODEL_MAX_BYTES = 900_000;

export interface Author {
  id: string;
  name: string;
}

export interface DraftVersion {
  version: number;
  xml: string;
  sha256: string;
  author: Author;
  savedAt: string;
}

export interface DraftDeployment {
  draftVersion: number;
  processDefinitionKey: string;
  version: number;
  deployedAt: string;
  by: Author;
}

export interface ModelDraftDoc {
  processId: string;
  versions: DraftVersion[];
  deployments: DraftDeployment[];
}

/** One reason a model cannot be deployed, or a warning about it. */
export interface ModelFinding {
  kind: 'lint' | 'missingForm' | 'missingWorker';
  elementId: string;
  /** The lint rule, the missing form id or the job type without a worker. */
  rule: string;
  message: string;
}

/** What a model references: forms by element, job types by element. */
export interface ModelReferences {
  processIds: string[];
  forms: Array<{ elementId: string; form: string }>;
  jobTypes: Array<{ elementId: string; type: string }>;
}

/**
 * The process ids, form references (zeebe:formDefinition externalReference/formId, and the
 * start event's oficio:startForm property) and job types (zeebe:taskDefinition) of a BPMN
 * document, each with the element that holds it, as server/bpmn reads them. On this thread: the
 * model routes read through `lint` / `read` instead, off the event loop.
 */
export async function referencesOf(xml: string): Promise<ModelReferences> {
  const { processIds, forms, jobTypes } = await readBpmn(xml);
  return { processIds, forms, jobTypes };
}

export interface ModelsDeps {
  store: Store;
  engine: EnginePort;
  /**
   * Lints a model and reads what it names, off the event loop within a time limit (server/lint:
   * createModelChecker().check); without `name`, a malformed document is named after its process.
   */
  lint: (xml: string, name?: string) => Promise<ModelCheck>;
  /** Reads what a model names without linting it (a draft save); undefined when out of time. lint's reading unless given. */
  read?: (xml: string) => Promise<BpmnReading | undefined>;
  /** The largest model taken, in bytes of UTF-8 (OFICIO_MODEL_MAX_BYTES); larger ones are refused before anything reads them. */
  maxModelBytes?: number;
  /** The form ids a model may reference (forms/ and the designed forms). */
  formIds: () => ReadonlySet<string> | Promise<ReadonlySet<string>>;
  workerTypes: () => ReadonlySet<string>;
  now?: () => Date;
}

export type DeployOutcome =
  | { deployed: true; processDefinitionKey: string; version: number; draftVersion: number; warnings: ModelFinding[] }
  | { deployed: false; draftVersion: number; errors: ModelFinding[]; warnings: ModelFinding[] };

function lintFinding(f: Finding): ModelFinding {
  return { kind: 'lint', elementId: f.elementId, rule: f.rule, message: f.message };
}

export function createModels({ store, engine, lint, read, maxModelBytes = DEFAULT_MODEL_MAX_BYTES, formIds, workerTypes, now = () => new Date() }: ModelsDeps) {
  const drafts = store.collection<ModelDraftDoc>(MODEL_DRAFTS_COLLECTION);

  /** Refuses a model larger than the limit before anything reads it (413, naming the field). */
  function requireSize(xml: string) {
    // Most models are ASCII: only a text that might exceed the limit is measured.
    if (xml.length * 3 <= maxModelBytes || Buffer.byteLength(xml) <= maxModelBytes) return;
    const params = { max: maxModelBytes };
    throw new DomainError('too-large', 'models.tooLarge', params, {
      fields: [{ field: 'xml', input: true, messageKey: 'models.tooLarge', params, code: 'model_too_large' }],
      message: `the model exceeds ${maxModelBytes} bytes`,
    });
  }

  async function deployedVersions(processId?: string): Promise<ProcessDefinitionResult[]> {
    const { items } = await engine.searchProcessDefinitions({
      ...(processId ? { filter: { processDefinitionId: processId } } : {}),
      sort: [{ field: 'version', order: 'DESC' }],
      page: { limit: 10_000 },
    });
    return items;
  }

  // The modeler asks again every few hundred milliseconds while drawing, often for a document it
  // already sent: lint (the slow part, and a pure function of the text) is kept for the last few.
  // A document that ran out of time is not kept: on a less busy moment it may finish.
  const linted = new Map<string, Promise<ModelCheck>>();
  function lintOnce(xml: string, name?: string) {
    const key = createHash('sha256')
      .update(name ?? '')
      .update(name === undefined ? '\u0001' : '\u0000')
      .update(xml)
      .digest('hex');
    let result = linted.get(key);
    if (result) linted.delete(key);
    else {
      const asked = lint(xml, name);
      result = asked;
      asked.then(
        (found) => {
          if (found.errors.some((f) => f.rule === CHECK_TIME_LIMIT_RULE) && linted.get(key) === asked) linted.delete(key);
        },
        () => linted.delete(key),
      );
    }
    linted.set(key, result);
    if (linted.size > LINT_CACHE_SIZE) linted.delete(linted.keys().next().value!);
    return result;
  }

  /**
   * What deploy would find in `xml`: lint, then the forms and job types it names (the forms read
   * afresh each time). Without `name`, a malformed document is named after its process. Writes nothing.
   */
  async function check(xml: string, name?: string): Promise<{ errors: ModelFinding[]; warnings: ModelFinding[] }> {
    requireSize(xml);
    const result = await lintOnce(xml, name);
    const errors = result.errors.map(lintFinding);
    const warnings = result.warnings.map(lintFinding);
    // A document that cannot be read has no references worth reporting: the parse error says it all;
    // nor has one that ran out of time (its finding says so).
    const refs = result.reading;
    if (!refs || result.errors.some((f) => f.rule === MALFORMED_XML_RULE)) return { errors, warnings };
    const forms = await formIds();
    const types = workerTypes();
    for (const { elementId, form } of refs.forms) if (!forms.has(form)) errors.push({ kind: 'missingForm', elementId, rule: form, message: `form '${form}' does not exist` });
    for (const { elementId, type } of refs.jobTypes)
      if (!types.has(type)) errors.push({ kind: 'missingWorker', elementId, rule: type, message: `no worker in workers/ handles job type '${type}'` });
    return { errors, warnings };
  }

  return {
    check,

    /**
     * The processes `xml` names, as far as it can be read — read off the event loop. Refused when
     * larger than the limit (413) or when reading it takes longer than the check's time limit (400).
     */
    async processIdsIn(xml: string): Promise<string[]> {
      requireSize(xml);
      const reading = read ? await read(xml) : (await lintOnce(xml)).reading;
      if (!reading) {
        throw new DomainError(
          'invalid',
          'models.tooLongToRead',
          {},
          {
            fields: [{ field: 'xml', input: true, messageKey: 'models.tooLongToRead', code: 'model_check_time_limit' }],
            message: 'reading the model took longer than the time limit',
          },
        );
      }
      return reading.processIds;
    },

    /** Saves `xml` as the next draft version of `processId` (retried on a concurrent save). */
    async saveDraft(processId: string, xml: string, author: Author): Promise<Omit<DraftVersion, 'xml'>> {
      for (let attempt = 1; ; attempt++) {
        const doc = await drafts.get(processId);
        const entry: DraftVersion = {
          version: (doc?.versions.at(-1)?.version ?? 0) + 1,
          xml,
          sha256: createHash('sha256').update(xml).digest('hex'),
          author,
          savedAt: now().toISOString(),
        };
        try {
          if (doc) await drafts.update(processId, { processId, versions: [...doc.versions, entry], deployments: doc.deployments ?? [] }, doc.version);
          else await drafts.insert({ id: processId, processId, versions: [entry], deployments: [] });
          const { xml: _xml, ...rest } = entry;
          return rest;
        } catch (error) {
          if ((error as { code?: string }).code !== 'STORE_CONFLICT' || attempt >= 5) throw error;
        }
      }
    },

    async list() {
      const [{ items }, deployed] = await Promise.all([drafts.find({}, { sort: [{ field: 'id' }], limit: 10_000 }), deployedVersions()]);
      const byProcess = new Map<
        string,
        { processId: string; name?: string; draft?: { version: number; author: Author; savedAt: string }; deployed: Array<{ version: number; processDefinitionKey: string; name?: string }> }
      >();
      const entry = (processId: string) => {
        let found = byProcess.get(processId);
        if (!found) byProcess.set(processId, (found = { processId, deployed: [] }));
        return found;
      };
      for (const doc of items) {
        const last = doc.versions.at(-1);
        if (last) entry(doc.processId).draft = { version: last.version, author: last.author, savedAt: last.savedAt };
      }
      for (const d of deployed) {
        if (!d.processDefinitionId) continue;
        const e = entry(d.processDefinitionId);
        if (d.name !== undefined) e.name ??= d.name;
        e.deployed.push({ version: d.version ?? 0, processDefinitionKey: d.processDefinitionKey ?? '', ...(d.name ? { name: d.name } : {}) });
      }
      return [...byProcess.values()].sort((a, b) => a.processId.localeCompare(b.processId));
    },

    /** The drafts with their BPMN, and the deployed versions newest first — the latest with its BPMN, so a model deployed without a draft (processes/) opens in the modeler. */
    async versions(processId: string) {
      const [doc, deployed] = await Promise.all([drafts.get(processId), deployedVersions(processId)]);
      const latestKey = deployed[0]?.processDefinitionKey;
      const latestXml = latestKey ? await engine.getProcessDefinitionXml({ processDefinitionKey: latestKey }) : undefined;
      return {
        processId,
        drafts: (doc?.versions ?? []).map((v) => ({
          ...v,
          deployedAs: (doc?.deployments ?? [])
            .filter((d) => d.draftVersion === v.version)
            .map((d) => ({ version: d.version, processDefinitionKey: d.processDefinitionKey, deployedAt: d.deployedAt })),
        })),
        deployed: deployed.map((d, at) => ({
          version: d.version ?? 0,
          processDefinitionKey: d.processDefinitionKey ?? '',
          ...(d.name ? { name: d.name } : {}),
          ...(d.versionTag ? { versionTag: d.versionTag } : {}),
          ...(at === 0 && latestXml !== undefined ? { xml: latestXml } : {}),
        })),
      };
    },

    async draft(processId: string, version?: number): Promise<DraftVersion | undefined | 'noDraft'> {
      const doc = await drafts.get(processId);
      if (!doc || doc.versions.length === 0) return 'noDraft';
      return version === undefined ? doc.versions.at(-1) : doc.versions.find((v) => v.version === version);
    },

    /** Lints and checks a draft version, and deploys it when nothing stands in the way. */
    async deploy(processId: string, draft: DraftVersion, by: Author): Promise<DeployOutcome> {
      const name = `${processId}.bpmn`;
      const { errors, warnings } = await check(draft.xml, name);
      if (errors.length) return { deployed: false, draftVersion: draft.version, errors, warnings };

      const deployment = await engine.createDeployment({ resources: [{ name, content: draft.xml }] });
      const process = deployment.processes.find((p) => p.processDefinitionId === processId) ?? deployment.processes[0]!;
      const record: DraftDeployment = {
        draftVersion: draft.version,
        processDefinitionKey: process.processDefinitionKey,
        version: process.processDefinitionVersion,
        deployedAt: now().toISOString(),
        by,
      };
      for (let attempt = 1; attempt <= 5; attempt++) {
        const doc = await drafts.get(processId);
        if (!doc) break;
        try {
          await drafts.update(processId, { processId, versions: doc.versions, deployments: [...(doc.deployments ?? []), record] }, doc.version);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== 'STORE_CONFLICT') throw error;
        }
      }
      return { deployed: true, processDefinitionKey: process.processDefinitionKey, version: process.processDefinitionVersion, draftVersion: draft.version, warnings };
    },
  };
}

export type Models = ReturnType<typeof createModels>;
