// The form registry: the forms of forms/*.form.json plus the forms designed in the browser, saved
// as numbered versions with their author and sha256 (collection form_versions, one document per
// version). The latest saved version of an id wins over its file. A save names the version it was
// edited from, so that it never silently overwrites another (the store's unique index on
// (formId, number) settles a race). An in-memory map answers every
// read — loaded from the store once, refreshed on each save — so the catalogue, the tasklist, the
// public forms and the deploy check see a saved form at once. Submitted data is validated with
// ajv, one compiled validator per form id and version, its schema closed (forms/closed.ts), its
// patterns run by RE2 (forms/pattern.ts) and its mistakes worded by what each field means
// (forms/meaning.ts: attestations, yes/no answers, texts that cannot be blank). Ports only.
import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { createFormAjv, toFieldErrors, type FieldError, type FormDefinition } from '../../../forms/index.js';
import { closeSchema } from '../../../forms/closed.js';
import { meaningOf, refineFieldErrors, withMeaning, type FieldMeaning } from '../../../forms/meaning.js';
import { ConflictError, type Store } from '../../store/port.js';
import { DomainError } from '../../errors.js';
import type { MessageKey, MessageParams } from '../../i18n/index.js';
import { checkFormDesign, formContentOf, type FormContent, type FormDesign, type FormDesignProblem } from './check.js';

export { FORM_ID, FORM_MAX_BYTES, allowedValues, checkFormDesign, formContentOf, type FormContent, type FormDesign, type FormDesignProblem } from './check.js';

export const FORM_VERSIONS_COLLECTION = 'form_versions';

export interface FormAuthor {
  id: string;
  name: string;
}

/** One saved version of a designed form, as stored. */
export interface FormVersionDoc {
  formId: string;
  /** The form's version (not `version`: that is the store's own revision of the document). */
  number: number;
  /** Of `definition`, the exact text stored. */
  sha256: string;
  savedAt: string;
  author: FormAuthor;
  /**
   * The definition as JSON text: JSON Schemas carry '$'-keys ($data, $ref) that document stores
   * such as MongoDB refuse or mangle as field names.
   */
  definition: string;
}

/** A form as the registry answers it: its definition and where it comes from. */
export interface RegisteredForm {
  definition: FormContent;
  source: 'file' | 'designed';
  /** The saved version (designed forms only), and its hash, time and author. */
  version?: number;
  sha256?: string;
  savedAt?: string;
  author?: FormAuthor;
}

/**
 * What a save was edited from, so that it cannot silently overwrite someone else's. Without either
 * field the save is simply appended as the next version (the API's behaviour before these fields).
 */
export interface SaveBase {
  /** The designed version the copy was edited from; 0 when it started from a file form or from nothing. */
  baseVersion?: number;
  /** A brand-new form: refused when a file form or a designed version already has the id. */
  new?: boolean;
}

export interface FormVersion {
  version: number;
  sha256: string;
  savedAt: string;
  author: FormAuthor;
  definition: FormContent;
}

export interface SavedFormVersion {
  id: string;
  version: number;
  sha256: string;
  savedAt: string;
  author: FormAuthor;
}

/** What the catalogue and the tasklist need of forms: the current one, and validating data against one. */
export interface FormSource {
  get(id: string): Promise<RegisteredForm | undefined>;
  /** The field errors of `data` against `form`; empty when it is valid. */
  validate(form: RegisteredForm, data: unknown): FieldError[];
}

/** A designed form was refused: each problem names its request field. */
export class FormDesignInvalidError extends DomainError {
  constructor(
    readonly formId: string,
    readonly problems: FormDesignProblem[],
  ) {
    super('invalid', 'http.form.designInvalid', {}, { fields: problems, details: { formId }, message: `form ${formId}: ${problems.map((p) => `${p.field} (${p.code})`).join(', ')}` });
    this.name = 'FormDesignInvalidError';
  }
}

/** The latest designed version of a form, as a conflict names it. */
export interface LatestFormVersion {
  version: number;
  savedAt: string;
  author: FormAuthor;
}

/**
 * A save was refused so as not to overwrite another: 'idTaken' (a new form whose id a file form or
 * a designed one already has), 'staleVersion' (someone saved `latest` since `baseVersion`), or
 * 'unknownBase' (the copy claims a version the form does not have).
 */
export class FormSaveConflictError extends DomainError {
  constructor(
    readonly formId: string,
    readonly reason: 'idTaken' | 'staleVersion' | 'unknownBase',
    readonly baseVersion: number,
    readonly latest: LatestFormVersion | undefined,
    readonly hasFile: boolean,
  ) {
    const id = formId;
    // The problem tells the designer what its copy was based on and who saved the latest version when.
    const details = {
      formId,
      reason,
      baseVersion,
      ...(latest ? { latestVersion: latest.version, latestSavedAt: latest.savedAt, latestAuthor: latest.author } : {}),
      fileForm: hasFile,
    };
    const [messageKey, params]: [MessageKey, MessageParams] =
      reason === 'idTaken'
        ? ['forms.design.idTaken', { id }]
        : reason === 'unknownBase'
          ? ['forms.design.unknownBase', { id, base: baseVersion, latest: latest?.version ?? 0 }]
          : ['forms.design.staleVersion', { id, latest: latest?.version ?? 0, author: latest?.author.name ?? '' }];
    super('conflict', messageKey, params, { details, message: `form ${formId}: ${reason} (base ${baseVersion}, latest ${latest?.version ?? 0}${hasFile ? ', file form' : ''})` });
    this.name = 'FormSaveConflictError';
  }
}

export interface FormRegistryDeps {
  store: Store;
  /** The forms of forms/ (loadForms()). */
  fileForms: ReadonlyMap<string, FormDefinition>;
  now?: () => Date;
}

export type FormRegistry = ReturnType<typeof createFormRegistry>;

const SAVE_ATTEMPTS = 5;
const PAGE = 500;

const withoutExamples = ({ examples: _examples, ...content }: FormDefinition): FormContent => content;

function designedForm(doc: FormVersionDoc): RegisteredForm {
  return { definition: JSON.parse(doc.definition) as FormContent, source: 'designed', version: doc.number, sha256: doc.sha256, savedAt: doc.savedAt, author: doc.author };
}

export function createFormRegistry({ store, fileForms, now = () => new Date() }: FormRegistryDeps) {
  const versions = store.collection<FormVersionDoc>(FORM_VERSIONS_COLLECTION, { indexes: [{ fields: ['formId', 'number'], unique: true }] });
  const files = new Map<string, RegisteredForm>([...fileForms.values()].map((form) => [form.id, { definition: withoutExamples(form), source: 'file' as const }]));
  /** The latest saved version of each designed id. */
  const designed = new Map<string, RegisteredForm>();
  const ajv = createFormAjv();
  const compiled = new Map<string, { validate: ValidateFunction; schema: object; meaning: FieldMeaning }>();
  let loading: Promise<void> | undefined;

  const keyOf = (form: RegisteredForm) => `${form.definition.id}@${form.source === 'file' ? 'file' : form.version}`;

  /** Keeps `form` as the current version of its id unless a later one is already there; frees the superseded validator. */
  function remember(form: RegisteredForm) {
    const id = form.definition.id;
    const previous = designed.get(id) ?? files.get(id);
    if (previous?.source === 'designed' && previous.version! >= form.version!) return;
    designed.set(id, form);
    const old = previous && compiled.get(keyOf(previous));
    if (old) {
      compiled.delete(keyOf(previous));
      ajv.removeSchema(old.schema);
    }
  }

  function load(): Promise<void> {
    loading ??= (async () => {
      let after: string | undefined;
      do {
        // Newest first per id: the first document seen of an id is its current version.
        const page = await versions.find({}, { sort: [{ field: 'formId' }, { field: 'number', order: 'desc' }], limit: PAGE, ...(after ? { after } : {}) });
        for (const doc of page.items) if (!designed.has(doc.formId)) remember(designedForm(doc));
        after = page.nextCursor;
      } while (after);
    })().catch((error: unknown) => {
      // A failed load is tried again by the next reader rather than leaving designed forms out.
      loading = undefined;
      throw error;
    });
    return loading;
  }

  /** The latest stored version of `id`, read from the store (another process may have saved one). */
  async function latestOf(id: string): Promise<FormVersionDoc | undefined> {
    return (await versions.find({ formId: id }, { sort: [{ field: 'number', order: 'desc' }], limit: 1 })).items[0];
  }

  async function current(id: string): Promise<RegisteredForm | undefined> {
    await load();
    return designed.get(id) ?? files.get(id);
  }

  return {
    /** Reads the designed forms from the store; every reader waits for it, the composition root calls it to fail early. */
    load,

    /** The current form `id`: its latest designed version, else its file. */
    get: current,

    /** Every current form, by id. */
    async list(): Promise<RegisteredForm[]> {
      await load();
      const ids = new Set([...files.keys(), ...designed.keys()]);
      return [...ids].sort().map((id) => designed.get(id) ?? files.get(id)!);
    },

    /** The ids a model may reference. */
    async ids(): Promise<ReadonlySet<string>> {
      await load();
      return new Set([...files.keys(), ...designed.keys()]);
    },

    /** Whether forms/ has a file form `id` (a designed form may stand over it). */
    hasFile: (id: string) => files.has(id),

    validate(form: RegisteredForm, data: unknown): FieldError[] {
      const key = keyOf(form);
      let entry = compiled.get(key);
      let keep = true;
      if (!entry) {
        // Without its $id, so that a later version with the same $id compiles beside it. Closed,
        // so that a version saved before designed forms had to be still refuses undeclared fields;
        // its required texts refusing blanks (forms/meaning.ts), as the browser checks them.
        const { $id: _id, ...declared } = form.definition.schema;
        const schema = withMeaning(closeSchema(declared));
        let validate: ValidateFunction;
        try {
          validate = ajv.compile(schema);
        } catch (error) {
          // Only a version saved before today's checks (a pattern RE2 cannot run) gets here: it must be saved again.
          const detail = error instanceof Error ? error.message : String(error);
          throw new DomainError('conflict', 'forms.unusable', { id: form.definition.id, detail }, { message: `form ${keyOf(form)} does not compile: ${detail}`, cause: error });
        }
        entry = { validate, schema, meaning: meaningOf(declared) };
        // A version superseded while its data was on the way is checked once, not kept compiled.
        keep = (designed.get(form.definition.id) ?? files.get(form.definition.id)) === form;
        if (keep) compiled.set(key, entry);
      }
      const errors = entry.validate(data) ? [] : refineFieldErrors(entry.meaning, toFieldErrors(entry.validate.errors ?? []));
      if (!keep) ajv.removeSchema(entry.schema);
      return errors;
    },

    /**
     * Saves `design` as the next version of form `id` (FormDesignInvalidError naming every problem
     * otherwise) and makes it the current form at once. With a `base`, only when it is still the
     * latest: FormSaveConflictError otherwise, nothing written.
     */
    async save(id: string, design: FormDesign, author: FormAuthor, base: SaveBase = {}): Promise<SavedFormVersion> {
      const problems = checkFormDesign(id, design);
      if (problems.length) throw new FormDesignInvalidError(id, problems);
      await load();
      const definition = JSON.stringify(formContentOf(id, design));
      const sha256 = createHash('sha256').update(definition).digest('hex');
      const insert = async (number: number): Promise<SavedFormVersion> => {
        const doc: FormVersionDoc = { formId: id, number, sha256, savedAt: now().toISOString(), author, definition };
        await versions.insert({ id: `${id}@${doc.number}`, ...doc });
        remember(designedForm(doc));
        return { id, version: doc.number, sha256, savedAt: doc.savedAt, author };
      };

      if (base.new || base.baseVersion !== undefined) {
        const baseVersion = base.new ? 0 : base.baseVersion!;
        const refuse = (latest: FormVersionDoc | undefined) => {
          // Another process may have saved it: what is now known is current here too.
          if (latest) remember(designedForm(latest));
          const reason = base.new ? 'idTaken' : (latest?.number ?? 0) > baseVersion ? 'staleVersion' : 'unknownBase';
          const named = latest && { version: latest.number, savedAt: latest.savedAt, author: latest.author };
          return new FormSaveConflictError(id, reason, baseVersion, named, files.has(id));
        };
        const latest = await latestOf(id);
        if ((base.new && files.has(id)) || (latest?.number ?? 0) !== baseVersion) throw refuse(latest);
        try {
          return await insert(baseVersion + 1);
        } catch (error) {
          // The unique index on (formId, number) refused it: someone saved the same base first.
          if (!(error instanceof ConflictError)) throw error;
          const winner = await latestOf(id);
          if (!winner) throw error;
          throw refuse(winner);
        }
      }

      for (let attempt = 1; ; attempt++) {
        const latest = await latestOf(id);
        try {
          return await insert((latest?.number ?? 0) + 1);
        } catch (error) {
          // Someone saved the same form at the same moment: take the next number.
          if (error instanceof ConflictError && attempt < SAVE_ATTEMPTS) continue;
          throw error;
        }
      }
    },

    /** Every saved version of form `id`, newest first. */
    async versions(id: string): Promise<FormVersion[]> {
      const found: FormVersion[] = [];
      let after: string | undefined;
      do {
        const page = await versions.find({ formId: id }, { sort: [{ field: 'number', order: 'desc' }], limit: PAGE, ...(after ? { after } : {}) });
        for (const doc of page.items)
          found.push({ version: doc.number, sha256: doc.sha256, savedAt: doc.savedAt, author: doc.author, definition: JSON.parse(doc.definition) as FormContent });
        after = page.nextCursor;
      } while (after);
      return found;
    },
  };
}
