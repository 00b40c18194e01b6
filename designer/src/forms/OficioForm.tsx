// Every form a person fills in — a start form, a task, a citizen's complaint, the designer's
// preview — is rendered here: rjsf with ajv checking as the server will, messages from the
// catalogue naming the field by its label, the server's refusals shown on their fields, and
// attachment fields that upload the file and keep its reference. Nothing is answered for the
// person: an attestation starts unticked, a yes/no unanswered (no `const` nor required boolean
// turned into a default), and a field shown only under a condition that no longer holds is not sent.
import { useMemo, useState, type ReactNode } from 'react';
import Form, { getDefaultRegistry } from '@rjsf/core';
import { TranslatableString, errorId, helpId, type FieldProps, type RJSFSchema, type RJSFValidationError, type UiSchema } from '@rjsf/utils';
import { api, type FieldProblem } from '../api/client';
import type { Adjunto, LocalizedForm } from '../api/types';
import { hasMessage, useT, type I18n, type MessageKey } from '../i18n';
import { problemTitle } from '../ui/Problem';
import { NOTHING_PRESET, meaningOf, refineFieldErrors, withMeaning } from '../../../forms/meaning.js';
import { attachmentPaths, pathOfProperty, toErrorSchema, toRjsfUiSchema } from './toRjsf';
import { formValidator as validator } from './validator';
import { PERSON_FIELD, PersonField, withPersonFields, type PersonContext } from './PersonField';

type Data = Record<string, unknown>;

/** rjsf's texts by their English default → their TranslatableString name, the catalogue's key. */
const TRANSLATABLE_NAMES = new Map<string, string>(Object.entries(TranslatableString).map(([name, text]) => [text, name]));

export interface OficioFormProps {
  form: LocalizedForm;
  formData: Data;
  onChange?(data: Data): void;
  onSubmit(data: Data): void;
  /** Field errors the server answered with; shown on their fields until the data changes (undefined: none). */
  serverErrors?: FieldProblem[] | undefined;
  /** Where attachment fields upload to: an instance's attachments, or '/api/attachments' before a start. */
  uploadTo?: string;
  disabled?: boolean;
  /** Shown to read, not to fill in (a task held by someone else): fields stay focusable, no submit button. */
  readOnly?: boolean;
  submitLabel?: string;
  /** More buttons beside submit (save draft, …). */
  children?: ReactNode;
  idPrefix?: string;
  /** Where person fields (a dispatch's technician) load the people of a group: `/api/tasks/:key/people`; by default the task of the page. */
  peopleFrom?: string;
}

function labelFor(form: LocalizedForm, path: string): string {
  return (
    form.labels[path] ??
    form.labels[
      path
        .split('/')
        .filter((s) => !/^\d+$/.test(s))
        .join('/')
    ] ??
    path.split('/').pop() ??
    path
  );
}

function transformErrorsFor(form: LocalizedForm, i18n: I18n) {
  const attachments = attachmentPaths(form.schema);
  const meaning = meaningOf(form.schema);
  return (errors: RJSFValidationError[]) => {
    const seen = new Set<string>();
    const located = errors
      // An `if` only echoes its `then`; a branch's missing field only explains the anyOf/oneOf error beside it.
      .filter((error) => error.name !== 'if' && !BRANCH_REQUIRED.test(error.schemaPath ?? ''))
      .map((error) => {
        let field = pathOfProperty(error.property);
        // rjsf's ajv8 validator already ends a required error's property with the missing field.
        const missing = error.name === 'required' ? String(error.params?.missingProperty ?? '') : '';
        if (missing && field.split('/').pop() !== missing) field = [field, missing].filter(Boolean).join('/');
        return { error, field, keyword: error.name ?? '' };
      });
    return (
      // Worded as the server words them (forms/meaning.ts): an attestation not ticked, a yes/no not answered, a blank text.
      refineFieldErrors(meaning, located)
        .map(({ error: original, field, keyword }) => {
          let path = field;
          let error: RJSFValidationError = { ...original, name: keyword };
          // A file not chosen leaves its reference's parts (id, nombre) missing: that is the file field's own error.
          const attachment = attachments.find((a) => path.startsWith(`${a}/`));
          if (attachment) {
            path = attachment;
            error = { ...error, name: 'required', property: `.${attachment.split('/').join('.')}` };
          }
          const limit = error.params?.limit ?? error.params?.comparison ?? '';
          const formatKey = `form.format.${String(error.params?.format ?? '')}`;
          const params = {
            label: labelFor(form, path),
            limit: typeof limit === 'object' ? JSON.stringify(limit) : String(limit),
            format: hasMessage(formatKey) ? i18n.t(formatKey as MessageKey) : String(error.params?.format ?? ''),
          };
          const key = `form.error.${error.name}`;
          return { ...error, message: i18n.t((hasMessage(key) ? key : 'form.error.invalid') as MessageKey, params) };
        })
        .filter((error) => {
          // One message per field and rule (a missing file would otherwise say so once per missing part).
          const key = `${error.property}\u0000${error.name}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        })
    );
  };
}

const BRANCH_REQUIRED = /\/(anyOf|oneOf)\/\d+\/required$/;

/** A branch that only names required fields (`{ required: ['telefono'] }`) is a rule, not something to choose. */
const onlyRequires = (option: unknown) => typeof option === 'object' && option !== null && Object.keys(option).every((key) => key === 'required');

/**
 * rjsf renders every anyOf/oneOf as a choice between options. "At least one of teléfono or correo"
 * is no choice: its fields are already on the form, so only the rule's error is shown, where the
 * choice would have been (rjsf leaves a node's errors to this field when the node has anyOf/oneOf).
 */
function ruleAware(keyword: 'anyOf' | 'oneOf') {
  const Default = getDefaultRegistry().fields[keyword === 'anyOf' ? 'AnyOfField' : 'OneOfField']!;
  return function RuleAwareField(props: FieldProps) {
    const options = props.schema[keyword];
    if (!Array.isArray(options) || options.length === 0 || !options.every(onlyRequires)) return <Default {...props} />;
    if (props.hideError) return null;
    const { FieldErrorTemplate } = props.registry.templates;
    const { errorSchema, uiSchema } = props;
    const errors = errorSchema?.__errors;
    return (
      <FieldErrorTemplate
        {...(errors !== undefined ? { errors } : {})}
        {...(errorSchema !== undefined ? { errorSchema } : {})}
        fieldPathId={props.fieldPathId}
        schema={props.schema}
        {...(uiSchema !== undefined ? { uiSchema } : {})}
        registry={props.registry}
      />
    );
  };
}
const RuleAwareAnyOfField = ruleAware('anyOf');
const RuleAwareOneOfField = ruleAware('oneOf');

export function OficioForm({
  form,
  formData,
  onChange,
  onSubmit,
  serverErrors,
  uploadTo = '/api/attachments',
  disabled,
  readOnly = false,
  submitLabel,
  children,
  idPrefix = 'campo',
  peopleFrom,
}: OficioFormProps) {
  const i18n = useT();
  const [serverErrorsShownFor, setServerErrorsShownFor] = useState<FieldProblem[] | undefined>(serverErrors);
  if (serverErrors !== serverErrorsShownFor) setServerErrorsShownFor(serverErrors);
  const [touchedSinceServer, setTouchedSinceServer] = useState(false);
  // Required texts refuse blanks, as on the server (forms/meaning.ts).
  const schema = useMemo(() => withMeaning(form.schema) as RJSFSchema, [form.schema]);
  const uiSchema = useMemo(() => {
    const ui = withPersonFields(toRjsfUiSchema(form.schema, form.uiSchema, form) as UiSchema, form.schema);
    ui['ui:submitButtonOptions'] = { norender: true };
    return ui;
  }, [form]);
  const extraErrors = useMemo(() => (serverErrors && !touchedSinceServer ? toErrorSchema(serverErrors) : undefined), [serverErrors, touchedSinceServer]);
  const fields = useMemo(
    () => ({
      oficioAttachment: (props: FieldProps) => <AttachmentField {...props} uploadTo={uploadTo} />,
      [PERSON_FIELD]: PersonField,
      AnyOfField: RuleAwareAnyOfField,
      OneOfField: RuleAwareOneOfField,
    }),
    [uploadTo],
  );
  // A person field follows another field as it changes (the dispatch's category): it reads the data as typed.
  const [typed, setTyped] = useState<{ from: Data; data: Data }>();
  const people = useMemo<PersonContext>(
    () => ({ formData: typed && typed.from === formData ? typed.data : formData, peopleFrom, labels: form.labels }),
    [typed, formData, peopleFrom, form.labels],
  );
  return (
    <Form
      className="oficio-form"
      schema={schema}
      uiSchema={uiSchema}
      formData={formData}
      validator={validator}
      experimental_defaultFormStateBehavior={NOTHING_PRESET}
      // A field shown only while another has some value is not sent once it is hidden again.
      omitExtraData
      idPrefix={idPrefix}
      fields={fields}
      formContext={people}
      {...(disabled !== undefined ? { disabled } : {})}
      readonly={readOnly}
      noHtml5Validate
      showErrorList={false}
      focusOnFirstError
      extraErrors={extraErrors as never}
      transformErrors={transformErrorsFor(form, i18n)}
      translateString={(key: TranslatableString, params?: string[]) => {
        const name = `rjsf.${TRANSLATABLE_NAMES.get(key) ?? ''}`;
        let text = hasMessage(name) ? i18n.t(name as MessageKey) : String(key);
        (params ?? []).forEach((p, i) => (text = text.replace(`%${i + 1}`, p)));
        return text;
      }}
      onChange={(event) => {
        setTouchedSinceServer(true);
        setTyped({ from: formData, data: event.formData as Data });
        onChange?.(event.formData as Data);
      }}
      onSubmit={(event) => {
        setTouchedSinceServer(false);
        onSubmit(event.formData as Data);
      }}
    >
      <div className="toolbar">
        {!readOnly && (
          <button type="submit" className="primary" disabled={disabled}>
            {submitLabel ?? i18n.t('form.submit')}
          </button>
        )}
        {children}
      </div>
    </Form>
  );
}

function formatSize(bytes: number, locale: string): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: 1 })} ${units[unit]}`;
}

/** An attachment field: choose a file, it uploads at once, the field keeps { id, nombre, tipo, tamano }. */
function AttachmentField(props: FieldProps & { uploadTo: string }) {
  const { t, intlLocale } = useT();
  const [uploading, setUploading] = useState<string>();
  const [error, setError] = useState<string>();
  // The field holds the stored file without its hash: the forms' file schemas allow only these four keys.
  const value = props.formData as Omit<Adjunto, 'sha256'> | undefined;
  const id = props.fieldPathId.$id;
  const title = (props.uiSchema?.['ui:title'] as string | undefined) ?? props.name;
  const help = props.uiSchema?.['ui:help'] as string | undefined;
  const errors = props.rawErrors ?? [];
  const choose = async (file: File | undefined) => {
    if (!file) return;
    setError(undefined);
    setUploading(file.name);
    try {
      const stored = await api.upload<Adjunto>(props.uploadTo, file);
      props.onChange({ id: stored.id, nombre: stored.nombre, tipo: stored.tipo, tamano: stored.tamano }, props.fieldPathId.path, undefined, id);
    } catch (e) {
      setError(problemTitle(e, t));
    } finally {
      setUploading(undefined);
    }
  };
  return (
    <div className="form-group field field-attachment">
      <label htmlFor={id}>
        {title}
        {props.required && <span className="required"> *</span>}
      </label>
      {value?.id && (
        <p>
          {t('form.attachment.current', { name: value.nombre, size: formatSize(value.tamano ?? 0, intlLocale) })} <a href={`/api/attachments/${value.id}`}>{t('form.attachment.download')}</a>{' '}
          {!props.disabled && !props.readonly && (
            <button type="button" onClick={() => props.onChange(undefined, props.fieldPathId.path, undefined, id)}>
              {t('form.attachment.remove')}
            </button>
          )}
        </p>
      )}
      <input
        id={id}
        type="file"
        disabled={props.disabled || props.readonly || Boolean(uploading)}
        aria-invalid={errors.length > 0 || Boolean(error) ? true : undefined}
        aria-describedby={[errorId(props.fieldPathId), help ? helpId(props.fieldPathId) : '', error ? `${id}__upload` : ''].filter(Boolean).join(' ')}
        onChange={(e) => void choose(e.target.files?.[0])}
      />
      {uploading && <p role="status">{t('form.attachment.uploading', { name: uploading })}</p>}
      {/* The field's help and its validation errors are rendered by rjsf's FieldTemplate around this field. */}
      {error && (
        <ul id={`${id}__upload`} className="error-detail" role="alert">
          <li>{error}</li>
        </ul>
      )}
    </div>
  );
}
