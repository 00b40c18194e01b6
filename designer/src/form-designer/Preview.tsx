// The live preview: the form as OficioForm renders it for the people who fill it in, in the
// designer's current language, with the same validation. "Validar" only checks; nothing is sent.
import { Component, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { OficioForm } from '../forms/OficioForm';
import { useT } from '../i18n';
import { isObject, toLocalizedForm, type FormDefinitionJson, type Json } from './model';

type Data = Record<string, unknown>;

/** Each field's schema as text, wherever it is declared (root or a condition), to notice a field that changed. */
function fieldSignatures(definition: FormDefinitionJson): Map<string, string> {
  const found = new Map<string, string>();
  const schema = definition.schema;
  const collect = (properties: unknown) => {
    if (!isObject(properties)) return;
    for (const [name, s] of Object.entries(properties)) found.set(name, JSON.stringify(s));
  };
  collect(schema.properties);
  if (Array.isArray(schema.allOf)) for (const rule of schema.allOf) if (isObject(rule) && isObject(rule.then)) collect((rule.then as Json).properties);
  return found;
}

export function Preview({ definition }: { definition: FormDefinitionJson }) {
  const { t, locale } = useT();
  const form = useMemo(() => toLocalizedForm(definition, locale), [definition, locale]);
  const [data, setData] = useState<Data>({});
  const [valid, setValid] = useState<Data>();
  const signatures = useMemo(() => fieldSignatures(definition), [definition]);
  const previous = useRef(signatures);

  // Data of a field that was removed, renamed or changed no longer fits it: it is dropped, not shown as an error.
  useEffect(() => {
    const before = previous.current;
    previous.current = signatures;
    setData((current) => {
      const kept = Object.fromEntries(Object.entries(current).filter(([name]) => signatures.has(name) && before.get(name) === signatures.get(name)));
      return Object.keys(kept).length === Object.keys(current).length ? current : kept;
    });
    setValid(undefined);
  }, [signatures]);

  const hasFields = signatures.size > 0;
  const resetKey = JSON.stringify(definition);
  return (
    <div className="fd-preview-body" data-testid="form-preview">
      <h2 id="fd-preview-heading">{t('fd.preview.heading')}</h2>
      <p className="fd-hint">{t('fd.preview.hint')}</p>
      {!hasFields ? (
        <p className="muted">{t('fd.preview.empty')}</p>
      ) : (
        <div className="fd-preview-frame">
          <h3 className="fd-preview-title">{form.title}</h3>
          {form.description && <p className="muted">{form.description}</p>}
          <PreviewBoundary resetKey={resetKey} render={(error) => <p className="alert error">{t('fd.preview.broken', { error })}</p>}>
            <OficioForm
              form={form}
              formData={data}
              idPrefix="vista"
              submitLabel={t('fd.preview.validate')}
              onChange={(next) => {
                setData(next);
                setValid(undefined);
              }}
              onSubmit={(submitted) => setValid(submitted)}
            >
              <button
                type="button"
                onClick={() => {
                  setData({});
                  setValid(undefined);
                }}
              >
                {t('fd.preview.reset')}
              </button>
            </OficioForm>
          </PreviewBoundary>
        </div>
      )}
      <div role="status" aria-live="polite">
        {valid && (
          <div className="alert ok">
            <strong>{t('fd.preview.valid')}</strong>
            <p className="fd-hint">{t('fd.preview.data')}</p>
            <pre className="fd-code fd-json-out">{JSON.stringify(valid, null, 2)}</pre>
          </div>
        )}
      </div>
    </div>
  );
}

/** A schema rjsf cannot render (being edited) shows a message instead of taking the page down. */
class PreviewBoundary extends Component<{ resetKey: string; render(error: string): ReactNode; children: ReactNode }, { error?: string; key: string }> {
  override state: { error?: string; key: string } = { key: this.props.resetKey };
  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  static getDerivedStateFromProps(props: { resetKey: string }, state: { error?: string; key: string }) {
    return props.resetKey !== state.key ? { error: undefined, key: props.resetKey } : null;
  }
  override render() {
    return this.state.error !== undefined ? this.props.render(this.state.error) : this.props.children;
  }
}
