// The form's own details: its key (new forms only), title and description in both languages, and
// the manual's reference; plus a note when the schema has rules the designer keeps but does not edit.
import { useT, type Bilingual, type Locale } from '../i18n';
import { TextInput, inputId, issueMessage } from './inputs';
import type { FormModel, Issue } from './model';

export interface FormSettingsProps {
  model: FormModel;
  isNew: boolean;
  onChange(change: Partial<Pick<FormModel, 'id' | 'title' | 'description' | 'manualReference'>>): void;
  issues: Issue[];
  /** The server's answers by form-level key ('id', 'title', …). */
  serverErrors: Record<string, string[]>;
}

export function FormSettings({ model, isNew, onChange, issues, serverErrors }: FormSettingsProps) {
  const i18n = useT();
  const { t } = i18n;
  const id = (at: string) => inputId('form', at);
  const problemsAt = (at: string) => [...issues.filter((i) => i.at === at).map((i) => issueMessage(i18n, i)), ...(serverErrors[at] ?? [])];
  const text = (key: 'title' | 'description', lang: Locale, value: string) => onChange({ [key]: { ...model[key], [lang]: value } as Bilingual });
  const general = serverErrors[''] ?? [];
  return (
    <div className="fd-editor-body" data-testid="form-settings">
      <h2>{t('fd.form.heading')}</h2>
      {general.length > 0 && (
        <ul className="fd-problems" role="alert">
          {general.map((message, i) => (
            <li key={i}>{message}</li>
          ))}
        </ul>
      )}
      {isNew ? (
        <TextInput
          id={id('id')}
          className="fd-mono"
          spellCheck={false}
          label={t('fd.form.id')}
          hint={t('fd.form.idHint')}
          value={model.id}
          problems={problemsAt('id')}
          onChange={(v) => onChange({ id: v.trim().toLowerCase() })}
        />
      ) : (
        <p>
          <strong>{t('fd.form.id')}</strong>: <code>{model.id}</code>
        </p>
      )}
      <div className="grid-2">
        <TextInput id={id('title.es')} lang="es" label={t('fd.form.titleEs')} value={model.title.es} problems={problemsAt('title.es')} onChange={(v) => text('title', 'es', v)} />
        <TextInput id={id('title.en')} lang="en" label={t('fd.form.titleEn')} value={model.title.en} problems={problemsAt('title.en')} onChange={(v) => text('title', 'en', v)} />
      </div>
      <div className="grid-2">
        <TextInput
          id={id('description.es')}
          lang="es"
          multiline
          rows={3}
          label={t('fd.form.descriptionEs')}
          value={model.description.es}
          problems={problemsAt('description.es')}
          onChange={(v) => text('description', 'es', v)}
        />
        <TextInput
          id={id('description.en')}
          lang="en"
          multiline
          rows={3}
          label={t('fd.form.descriptionEn')}
          value={model.description.en}
          problems={problemsAt('description.en')}
          onChange={(v) => text('description', 'en', v)}
        />
      </div>
      <TextInput
        id={id('manualReference')}
        label={t('fd.form.manualReference')}
        hint={t('fd.form.manualReferenceHint')}
        value={model.manualReference}
        problems={problemsAt('manualReference')}
        onChange={(v) => onChange({ manualReference: v })}
      />
      {model.rules.length > 0 && <p className="alert warn">{t('fd.form.rules', { count: model.rules.length })}</p>}
    </div>
  );
}
