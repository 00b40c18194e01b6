// The form designer's labelled inputs: each bound to its <label>, its hint and its problems (the
// model's checks and the server's refusals) read out with it, and marked invalid when it has any.
import type { ReactNode } from 'react';
import type { I18n, MessageKey } from '../i18n';
import type { Issue, IssueCode } from './model';

/** Problems of an empty form that only make sense once the user tries to save. */
const AFTER_SAVE: ReadonlySet<IssueCode> = new Set<IssueCode>([
  'title.required',
  'manualReference.required',
  'fields.empty',
  'name.required',
  'label.required',
  'options.empty',
  'options.valueRequired',
  'options.labelRequired',
  'text.incomplete',
]);

export function isShown(issue: Issue, afterSave: boolean, formId: string): boolean {
  if (afterSave) return true;
  if (issue.code === 'id.invalid') return formId !== '';
  return !AFTER_SAVE.has(issue.code);
}

export function issueMessage(i18n: I18n, issue: Issue): string {
  return i18n.tDynamic(`fd.issue.${issue.code}`, issue.code, issue.params ?? {});
}

/** The label of the input an issue's `at` names ('label.en', 'options.2.value', …). */
export function inputLabel(i18n: I18n, at: string): string {
  const fixed: Record<string, MessageKey> = {
    id: 'fd.form.id',
    'title.es': 'fd.form.titleEs',
    'title.en': 'fd.form.titleEn',
    'description.es': 'fd.form.descriptionEs',
    'description.en': 'fd.form.descriptionEn',
    manualReference: 'fd.form.manualReference',
    fields: 'fd.section.fields',
    name: 'fd.field.name',
    required: 'fd.field.required',
    'label.es': 'fd.field.labelEs',
    'label.en': 'fd.field.labelEn',
    'help.es': 'fd.field.helpEs',
    'help.en': 'fd.field.helpEn',
    options: 'fd.options.heading',
    pattern: 'fd.field.pattern',
    minLength: 'fd.field.minLength',
    maxLength: 'fd.field.maxLength',
    minimum: 'fd.field.minimum',
    maximum: 'fd.field.maximum',
    minItems: 'fd.field.minItems',
    maxItems: 'fd.field.maxItems',
    showIf: 'fd.cond.field',
    'showIf.value': 'fd.cond.value',
  };
  if (fixed[at]) return i18n.t(fixed[at]);
  const option = /^options\.(\d+)\.(value|label\.es|label\.en)$/.exec(at);
  if (option) {
    const n = Number(option[1]) + 1;
    return i18n.t(option[2] === 'value' ? 'fd.options.valueOf' : option[2] === 'label.es' ? 'fd.options.labelEsOf' : 'fd.options.labelEnOf', { n });
  }
  return at;
}

/** The DOM id of the input an issue points at, so the summary can take the user there. */
export function inputId(scope: string, at: string): string {
  return `fd-${scope}-${at}`;
}

/** Its optional members may be given as undefined: the inputs below pass their own through. */
export interface FieldFrameProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  problems?: string[] | undefined;
  children(describedBy: string | undefined, invalid: boolean): ReactNode;
  className?: string | undefined;
}

/** A label above its control, then the hint and the problems the control is described by. */
export function FieldFrame({ id, label, hint, problems = [], children, className }: FieldFrameProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const problemsId = problems.length ? `${id}-problems` : undefined;
  const describedBy = [hintId, problemsId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`fd-input${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(describedBy, problems.length > 0)}
      {hint && (
        <p id={hintId} className="fd-hint">
          {hint}
        </p>
      )}
      {problems.length > 0 && (
        <ul id={problemsId} className="fd-problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function TextInput(props: {
  id: string;
  label: ReactNode;
  value: string;
  onChange(value: string): void;
  hint?: ReactNode;
  problems?: string[];
  multiline?: boolean;
  rows?: number;
  autoFocus?: boolean;
  spellCheck?: boolean;
  type?: string;
  className?: string;
  lang?: string;
}) {
  return (
    <FieldFrame id={props.id} label={props.label} hint={props.hint} problems={props.problems} className={props.className}>
      {(describedBy, invalid) =>
        props.multiline ? (
          <textarea
            id={props.id}
            value={props.value}
            rows={props.rows ?? 2}
            lang={props.lang}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => props.onChange(e.target.value)}
          />
        ) : (
          <input
            id={props.id}
            type={props.type ?? 'text'}
            value={props.value}
            lang={props.lang}
            autoFocus={props.autoFocus}
            spellCheck={props.spellCheck}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => props.onChange(e.target.value)}
          />
        )
      }
    </FieldFrame>
  );
}

/** A number input whose empty value is `undefined` (the rule is off). */
export function NumberInput(props: {
  id: string;
  label: ReactNode;
  value: number | undefined;
  onChange(value: number | undefined): void;
  problems?: string[];
  integer?: boolean;
  min?: number;
  hint?: ReactNode;
}) {
  return (
    <FieldFrame id={props.id} label={props.label} problems={props.problems} hint={props.hint}>
      {(describedBy, invalid) => (
        <input
          id={props.id}
          type="number"
          inputMode={props.integer ? 'numeric' : 'decimal'}
          step={props.integer ? 1 : 'any'}
          min={props.min}
          value={props.value ?? ''}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => {
            const text = e.target.value;
            const value = text === '' ? undefined : Number(text);
            props.onChange(value !== undefined && Number.isFinite(value) ? value : undefined);
          }}
        />
      )}
    </FieldFrame>
  );
}

export function CheckboxInput(props: { id: string; label: ReactNode; checked: boolean; onChange(checked: boolean): void; hint?: ReactNode }) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  return (
    <div className="fd-check">
      <input id={props.id} type="checkbox" checked={props.checked} aria-describedby={hintId} onChange={(e) => props.onChange(e.target.checked)} />
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && (
        <p id={hintId} className="fd-hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}
