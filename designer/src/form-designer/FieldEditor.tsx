// Editing one field: its type, property name, labels and help in both languages, whether it is
// required, the rules its type has (lengths and pattern, limits, options), and "Mostrar solo si".
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useT, type Locale } from '../i18n';
import { CheckboxInput, FieldFrame, NumberInput, TextInput, inputId, inputLabel, issueMessage } from './inputs';
import { fieldTitle } from './FieldList';
import {
  CONTROLLER_KINDS,
  FIELD_KINDS,
  NEW_FIELD_KINDS,
  changeKind,
  isObject,
  jsonErrorPosition,
  keptKeywords,
  patternMatches,
  suggestName,
  suggestValue,
  type FieldKind,
  type FieldModel,
  type FormModel,
  type Issue,
  type OptionModel,
} from './model';

export interface FieldEditorProps {
  model: FormModel;
  field: FieldModel;
  onChange(change: (field: FieldModel) => FieldModel): void;
  /** The model's problems of this field that are to be shown now. */
  issues: Issue[];
  /** What the server answered about this field on the last save. */
  serverErrors: string[];
  /** Moves the focus to the Spanish label (a field just added). */
  focusLabel: boolean;
  /** Whether a schema rule the designer does not edit names this field. */
  mentionedByRules: boolean;
}

export function FieldEditor({ model, field, onChange, issues, serverErrors, focusLabel, mentionedByRules }: FieldEditorProps) {
  const i18n = useT();
  const { t, locale } = i18n;
  const scope = field.uid;
  const id = (at: string) => inputId(scope, at);
  const problemsAt = (at: string) => issues.filter((i) => i.at === at).map((i) => issueMessage(i18n, i));
  const others = useMemo(() => model.fields.filter((f) => f.uid !== field.uid).map((f) => f.name), [model.fields, field.uid]);
  const suggestion = suggestName(field.label.es, others);
  const labelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (focusLabel) labelRef.current?.querySelector('input')?.focus();
  }, [focusLabel, field.uid]);

  const setLabel = (lang: Locale, value: string) =>
    onChange((f) => {
      const label = { ...f.label, [lang]: value };
      const name = f.autoName && lang === 'es' ? suggestName(value, others) : f.name;
      return { ...f, label, name };
    });

  const title = fieldTitle(field, locale);
  const kinds: readonly FieldKind[] = field.kind === 'custom' ? FIELD_KINDS : NEW_FIELD_KINDS;

  return (
    <div className="fd-editor-body" data-testid="field-editor">
      <h2>{title ? t('fd.field.heading', { label: title }) : t('fd.field.headingNew')}</h2>
      {serverErrors.length > 0 && (
        <div className="alert error" role="alert">
          {t('fd.field.serverErrors')}
          <ul>
            {serverErrors.map((message, i) => (
              <li key={i}>{message}</li>
            ))}
          </ul>
        </div>
      )}
      <FieldFrame id={id('kind')} label={t('fd.field.kind')} hint={t('fd.field.kindHint')}>
        {(describedBy) => (
          <select id={id('kind')} value={field.kind} aria-describedby={describedBy} onChange={(e) => onChange((f) => changeKind(f, e.target.value as FieldKind))}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`fd.kind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </FieldFrame>
      <div className="grid-2" ref={labelRef}>
        <TextInput id={id('label.es')} lang="es" label={t('fd.field.labelEs')} value={field.label.es} problems={problemsAt('label.es')} onChange={(v) => setLabel('es', v)} />
        <TextInput id={id('label.en')} lang="en" label={t('fd.field.labelEn')} value={field.label.en} problems={problemsAt('label.en')} onChange={(v) => setLabel('en', v)} />
      </div>
      <TextInput
        id={id('name')}
        label={t('fd.field.name')}
        value={field.name}
        spellCheck={false}
        className="fd-mono"
        hint={
          <>
            {t('fd.field.nameHint')} {field.autoName && t('fd.field.nameAuto')}
          </>
        }
        problems={problemsAt('name')}
        onChange={(v) => onChange((f) => ({ ...f, name: v.trim(), autoName: false }))}
      />
      {!field.autoName && suggestion && suggestion !== field.name && (
        <p className="fd-inline-action">
          <button type="button" className="link-button" onClick={() => onChange((f) => ({ ...f, name: suggestion, autoName: true }))}>
            {t('fd.field.useSuggestion', { name: suggestion })}
          </button>
        </p>
      )}
      {mentionedByRules && <p className="alert warn">{t('fd.form.rulesMention')}</p>}
      <div className="grid-2">
        <TextInput
          id={id('help.es')}
          lang="es"
          multiline
          label={t('fd.field.helpEs')}
          value={field.help.es}
          problems={problemsAt('help.es')}
          onChange={(v) => onChange((f) => ({ ...f, help: { ...f.help, es: v } }))}
        />
        <TextInput
          id={id('help.en')}
          lang="en"
          multiline
          label={t('fd.field.helpEn')}
          value={field.help.en}
          problems={problemsAt('help.en')}
          onChange={(v) => onChange((f) => ({ ...f, help: { ...f.help, en: v } }))}
        />
      </div>
      {field.kind === 'attestation' ? (
        // Left unticked, no one would have vouched for it: an attestation is always asked for.
        <p className="fd-hint">{t('fd.field.requiredAttestation')}</p>
      ) : (
        <CheckboxInput
          id={id('required')}
          label={field.showIf ? t('fd.field.requiredWhenShown') : t('fd.field.required')}
          checked={field.required}
          onChange={(v) => onChange((f) => ({ ...f, required: v }))}
        />
      )}

      <KindRules field={field} onChange={onChange} id={id} problemsAt={problemsAt} />
      <ConditionEditor model={model} field={field} onChange={onChange} id={id} problemsAt={problemsAt} />
      {issues.some((i) => !KNOWN_INPUTS.test(i.at)) && (
        <ul className="fd-problems">
          {issues
            .filter((i) => !KNOWN_INPUTS.test(i.at))
            .map((i, n) => (
              <li key={n}>{`${inputLabel(i18n, i.at)}: ${issueMessage(i18n, i)}`}</li>
            ))}
        </ul>
      )}
    </div>
  );
}

/** Inputs that show their own problems; any other problem is listed at the end of the editor. */
const KNOWN_INPUTS = /^(label\.(es|en)|help\.(es|en)|name|minLength|maxLength|pattern|minimum|maximum|minItems|maxItems|options(\.\d+\.(value|label\.es|label\.en))?|showIf(\.value)?)$/;

interface PartProps {
  field: FieldModel;
  onChange(change: (field: FieldModel) => FieldModel): void;
  id(at: string): string;
  problemsAt(at: string): string[];
}

function KindRules({ field, onChange, id, problemsAt }: PartProps) {
  const { t } = useT();
  const kept = keptKeywords(field);
  const keptNote = kept.length > 0 && <p className="fd-hint">{t('fd.field.kept', { keywords: kept.join(', ') })}</p>;
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return (
        <fieldset className="fd-group">
          <legend>{t('fd.field.rules')}</legend>
          <div className="grid-2">
            <NumberInput
              id={id('minLength')}
              integer
              min={0}
              label={t('fd.field.minLength')}
              value={field.minLength}
              problems={problemsAt('minLength')}
              onChange={(v) => onChange((f) => ({ ...f, minLength: v }))}
            />
            <NumberInput
              id={id('maxLength')}
              integer
              min={0}
              label={t('fd.field.maxLength')}
              value={field.maxLength}
              problems={problemsAt('maxLength')}
              onChange={(v) => onChange((f) => ({ ...f, maxLength: v }))}
            />
          </div>
          <TextInput
            id={id('pattern')}
            className="fd-mono"
            spellCheck={false}
            label={t('fd.field.pattern')}
            hint={t('fd.field.patternHint')}
            value={field.pattern ?? ''}
            problems={problemsAt('pattern')}
            onChange={(v) => onChange((f) => ({ ...f, pattern: v === '' ? undefined : v }))}
          />
          {field.pattern && <PatternTester id={id('patternTest')} pattern={field.pattern} />}
          {keptNote}
        </fieldset>
      );
    case 'number':
      return (
        <fieldset className="fd-group">
          <legend>{t('fd.field.rules')}</legend>
          <CheckboxInput id={id('integer')} label={t('fd.field.integer')} checked={field.integer} onChange={(v) => onChange((f) => ({ ...f, integer: v }))} />
          <div className="grid-2">
            <NumberInput
              id={id('minimum')}
              integer={field.integer}
              label={t('fd.field.minimum')}
              value={field.minimum}
              problems={problemsAt('minimum')}
              onChange={(v) => onChange((f) => ({ ...f, minimum: v }))}
            />
            <NumberInput
              id={id('maximum')}
              integer={field.integer}
              label={t('fd.field.maximum')}
              value={field.maximum}
              problems={problemsAt('maximum')}
              onChange={(v) => onChange((f) => ({ ...f, maximum: v }))}
            />
          </div>
          {keptNote}
        </fieldset>
      );
    case 'select':
      return (
        <fieldset className="fd-group">
          <legend>{t('fd.options.heading')}</legend>
          <CheckboxInput id={id('radio')} label={t('fd.field.radio')} checked={field.radio} onChange={(v) => onChange((f) => ({ ...f, radio: v }))} />
          <OptionsEditor field={field} onChange={onChange} id={id} problemsAt={problemsAt} />
          {keptNote}
        </fieldset>
      );
    case 'multiselect':
      return (
        <fieldset className="fd-group">
          <legend>{t('fd.options.heading')}</legend>
          <OptionsEditor field={field} onChange={onChange} id={id} problemsAt={problemsAt} />
          <div className="grid-2">
            <NumberInput
              id={id('minItems')}
              integer
              min={0}
              label={t('fd.field.minItems')}
              value={field.minItems}
              problems={problemsAt('minItems')}
              onChange={(v) => onChange((f) => ({ ...f, minItems: v }))}
            />
            <NumberInput
              id={id('maxItems')}
              integer
              min={0}
              label={t('fd.field.maxItems')}
              value={field.maxItems}
              problems={problemsAt('maxItems')}
              onChange={(v) => onChange((f) => ({ ...f, maxItems: v }))}
            />
          </div>
          {keptNote}
        </fieldset>
      );
    case 'checkbox':
    case 'yesno':
    case 'attestation':
      // No default is offered: a box starts unticked, a question unanswered (forms/meaning.ts).
      return (
        <p className="fd-hint">
          {t(`fd.field.hint.${field.kind}`)} {kept.length > 0 && t('fd.field.kept', { keywords: kept.join(', ') })}
        </p>
      );
    case 'file':
      return (
        <p className="fd-hint">
          {t('fd.field.fileHint')} {kept.length > 0 && t('fd.field.kept', { keywords: kept.join(', ') })}
        </p>
      );
    case 'custom':
      return <CustomSchemaEditor field={field} onChange={onChange} id={id} problemsAt={problemsAt} />;
    default:
      return (
        <p className="fd-hint">
          {t('fd.field.formatHint')} {kept.length > 0 && t('fd.field.kept', { keywords: kept.join(', ') })}
        </p>
      );
  }
}

/** Tries the field's pattern on a sample text as the forms' validators will (RE2, in linear time). */
function PatternTester({ id, pattern }: { id: string; pattern: string }) {
  const { t } = useT();
  const [sample, setSample] = useState('');
  const matches = sample === '' ? undefined : patternMatches(pattern, sample);
  const result = matches === undefined ? undefined : matches ? 'match' : 'noMatch';
  return (
    <div className="fd-pattern-test">
      <TextInput id={id} className="fd-mono" spellCheck={false} label={t('fd.field.patternTest')} value={sample} onChange={setSample} />
      <p role="status" className={`fd-pattern-result ${result ?? ''}`}>
        {result === 'match' && <span className="badge ok">{t('fd.field.patternMatches')}</span>}
        {result === 'noMatch' && <span className="badge bad">{t('fd.field.patternNoMatch')}</span>}
      </p>
    </div>
  );
}

function OptionsEditor({ field, onChange, id, problemsAt }: PartProps) {
  const { t } = useT();
  const tableId = useId();
  const addRef = useRef<HTMLButtonElement>(null);
  const [focusRow, setFocusRow] = useState<number>();
  const rows = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    if (focusRow === undefined) return;
    rows.current?.querySelectorAll('tr')[focusRow]?.querySelector<HTMLInputElement>('input[data-part="label-es"]')?.focus();
    setFocusRow(undefined);
  }, [focusRow]);

  const setOptions = (change: (options: OptionModel[]) => OptionModel[]) => onChange((f) => ({ ...f, options: change(f.options) }));
  const setOption = (index: number, change: (o: OptionModel) => OptionModel) => setOptions((options) => options.map((o, i) => (i === index ? change(o) : o)));
  const move = (from: number, to: number) =>
    setOptions((options) => {
      const next = [...options];
      const [moved] = next.splice(from, 1);
      next.splice(to, 0, moved!);
      return next;
    });
  const listProblems = problemsAt('options');

  return (
    <div className="fd-options">
      <p className="fd-hint" id={`${tableId}-hint`}>
        {t('fd.options.valueHint')}
      </p>
      {field.options.length === 0 ? (
        <p className="muted">{t('fd.options.empty')}</p>
      ) : (
        <table className="fd-options-table" aria-describedby={`${tableId}-hint`}>
          <caption className="visually-hidden">{t('fd.options.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('fd.options.labelEs')}</th>
              <th scope="col">{t('fd.options.labelEn')}</th>
              <th scope="col">{t('fd.options.value')}</th>
              <th scope="col">{t('fd.options.actions')}</th>
            </tr>
          </thead>
          <tbody ref={rows}>
            {field.options.map((option, index) => {
              const n = index + 1;
              const cell = (at: string, label: string, value: string, set: (v: string) => void, part: string, lang?: string) => {
                const problems = problemsAt(`options.${index}.${at}`);
                const inputIdValue = id(`options.${index}.${at}`);
                return (
                  <td>
                    <label htmlFor={inputIdValue} className="visually-hidden">
                      {label}
                    </label>
                    <input
                      id={inputIdValue}
                      data-part={part}
                      lang={lang}
                      className={part === 'value' ? 'fd-mono' : undefined}
                      value={value}
                      aria-invalid={problems.length > 0 || undefined}
                      aria-describedby={problems.length ? `${inputIdValue}-problems` : undefined}
                      onChange={(e) => set(e.target.value)}
                    />
                    {problems.length > 0 && (
                      <ul id={`${inputIdValue}-problems`} className="fd-problems">
                        {problems.map((p, i) => (
                          <li key={i}>{p}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                );
              };
              return (
                <tr key={index}>
                  {cell(
                    'label.es',
                    t('fd.options.labelEsOf', { n }),
                    option.label.es,
                    // The value follows the Spanish text while it is empty or still the text's suggestion.
                    (v) => setOption(index, (o) => ({ ...o, label: { ...o.label, es: v }, value: o.value === '' || o.value === suggestValue(o.label.es) ? suggestValue(v) : o.value })),
                    'label-es',
                    'es',
                  )}
                  {cell('label.en', t('fd.options.labelEnOf', { n }), option.label.en, (v) => setOption(index, (o) => ({ ...o, label: { ...o.label, en: v } })), 'label-en', 'en')}
                  {cell('value', t('fd.options.valueOf', { n }), option.value, (v) => setOption(index, (o) => ({ ...o, value: v.trim() })), 'value')}
                  <td className="fd-option-actions">
                    <button type="button" disabled={index === 0} aria-label={t('fd.options.moveUpOf', { n })} onClick={() => move(index, index - 1)}>
                      {t('fd.fields.moveUp')}
                    </button>
                    <button type="button" disabled={index === field.options.length - 1} aria-label={t('fd.options.moveDownOf', { n })} onClick={() => move(index, index + 1)}>
                      {t('fd.fields.moveDown')}
                    </button>
                    <button
                      type="button"
                      className="danger"
                      aria-label={t('fd.options.removeOf', { n })}
                      onClick={() => {
                        setOptions((options) => options.filter((_, i) => i !== index));
                        addRef.current?.focus();
                      }}
                    >
                      {t('fd.options.remove')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {listProblems.length > 0 && (
        <ul className="fd-problems" id={id('options')}>
          {listProblems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      <button
        type="button"
        ref={addRef}
        onClick={() => {
          setOptions((options) => [...options, { value: '', label: { es: '', en: '' } }]);
          setFocusRow(field.options.length);
        }}
      >
        {t('fd.options.add')}
      </button>
    </div>
  );
}

function ConditionEditor({ model, field, onChange, id, problemsAt }: PartProps & { model: FormModel }) {
  const { t, locale } = useT();
  const candidates = model.fields.filter((f) => f.uid !== field.uid && CONTROLLER_KINDS.includes(f.kind));
  const controller = field.showIf ? model.fields.find((f) => f.uid === field.showIf!.fieldUid) : undefined;
  const fieldProblems = problemsAt('showIf');
  const valueProblems = problemsAt('showIf.value');
  const choose = (uid: string) =>
    onChange((f) => {
      if (!uid) return { ...f, showIf: undefined };
      const next = model.fields.find((c) => c.uid === uid);
      const value = next?.kind === 'checkbox' || next?.kind === 'yesno' ? true : (next?.options[0]?.value ?? '');
      return { ...f, showIf: { fieldUid: uid, value } };
    });
  return (
    <fieldset className="fd-group">
      <legend>{t('fd.cond.heading')}</legend>
      {candidates.length === 0 && !field.showIf ? (
        <p className="fd-hint">{t('fd.cond.none')}</p>
      ) : (
        <>
          <div className="grid-2">
            <FieldFrame id={id('showIf')} label={t('fd.cond.field')} problems={fieldProblems}>
              {(describedBy, invalid) => (
                <select id={id('showIf')} value={field.showIf?.fieldUid ?? ''} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => choose(e.target.value)}>
                  <option value="">{t('fd.cond.always')}</option>
                  {field.showIf && !candidates.some((c) => c.uid === field.showIf!.fieldUid) && (
                    <option value={field.showIf.fieldUid}>{controller ? fieldTitle(controller, locale) : '—'}</option>
                  )}
                  {candidates.map((c) => (
                    <option key={c.uid} value={c.uid}>
                      {fieldTitle(c, locale) || t('fd.fields.untitled')}
                    </option>
                  ))}
                </select>
              )}
            </FieldFrame>
            {field.showIf && controller && CONTROLLER_KINDS.includes(controller.kind) && (
              <FieldFrame id={id('showIf.value')} label={t('fd.cond.value')} problems={valueProblems}>
                {(describedBy, invalid) => (
                  <select
                    id={id('showIf.value')}
                    value={String(field.showIf!.value)}
                    aria-describedby={describedBy}
                    aria-invalid={invalid || undefined}
                    onChange={(e) => {
                      const raw = e.target.value;
                      const value = controller.kind === 'select' ? raw : raw === 'true';
                      onChange((f) => ({ ...f, showIf: f.showIf ? { ...f.showIf, value } : undefined }));
                    }}
                  >
                    {controller.kind === 'checkbox' ? (
                      <>
                        <option value="true">{t('fd.cond.true')}</option>
                        <option value="false">{t('fd.cond.false')}</option>
                      </>
                    ) : controller.kind === 'yesno' ? (
                      <>
                        <option value="true">{t('fd.cond.yes')}</option>
                        <option value="false">{t('fd.cond.no')}</option>
                      </>
                    ) : (
                      <>
                        {!controller.options.some((o) => o.value === field.showIf!.value) && <option value={String(field.showIf!.value)}>{String(field.showIf!.value) || '—'}</option>}
                        {controller.options.map((o, i) => (
                          <option key={i} value={o.value}>
                            {o.label[locale] || o.label.es || o.value}
                          </option>
                        ))}
                      </>
                    )}
                  </select>
                )}
              </FieldFrame>
            )}
          </div>
          <p className="fd-hint">{t('fd.cond.hint')}</p>
        </>
      )}
    </fieldset>
  );
}

/** The schema of a field the designer does not model, edited as JSON; only valid JSON objects are taken. */
function CustomSchemaEditor({ field, onChange, id }: PartProps) {
  const { t } = useT();
  const current = useMemo(() => JSON.stringify('__raw' in field.schema && Object.keys(field.schema).length === 1 ? field.schema.__raw : field.schema, null, 2), [field.schema]);
  const [text, setText] = useState(current);
  const [error, setError] = useState<string>();
  const [shownFor, setShownFor] = useState(field.uid);
  if (shownFor !== field.uid) {
    setShownFor(field.uid);
    setText(current);
    setError(undefined);
  }
  const edit = (value: string) => {
    setText(value);
    const at = jsonErrorPosition(value);
    if (at) return setError(t('fd.field.customInvalid', { line: at.line, column: at.column }));
    const parsed: unknown = JSON.parse(value);
    if (!isObject(parsed)) return setError(t('fd.field.customNotObject'));
    setError(undefined);
    onChange((f) => ({ ...f, schema: parsed }));
  };
  return (
    <>
      <p className="fd-hint">{t('fd.field.customHint')}</p>
      <FieldFrame id={id('schema')} label={t('fd.field.customSchema')} problems={error ? [error] : []}>
        {(describedBy, invalid) => (
          <textarea
            id={id('schema')}
            className="fd-mono fd-code"
            rows={12}
            spellCheck={false}
            value={text}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => edit(e.target.value)}
          />
        )}
      </FieldFrame>
    </>
  );
}
