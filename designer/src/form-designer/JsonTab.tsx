// The "JSON" tab: the whole definition as text for experts. Edits apply only when the text parses
// and has a form's shape; otherwise each error is named with where it is (line and column, or path).
import { useId, useRef, useState } from 'react';
import { useT } from '../i18n';
import { checkDefinitionShape, jsonErrorPosition, type FormDefinitionJson, type ShapeError } from './model';

export interface JsonTabProps {
  definition: FormDefinitionJson;
  /** The id a saved form must keep; none (absent or undefined) for a new form. */
  fixedId?: string | undefined;
  onApply(definition: FormDefinitionJson): void;
}

export function JsonTab({ definition, fixedId, onApply }: JsonTabProps) {
  const { t } = useT();
  const textId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const current = JSON.stringify(definition, null, 2);
  const [text, setText] = useState(current);
  const [edited, setEdited] = useState(false);
  const [parseError, setParseError] = useState<{ offset: number; line: number; column: number }>();
  const [shapeErrors, setShapeErrors] = useState<ShapeError[]>([]);
  const [idError, setIdError] = useState(false);
  const [applied, setApplied] = useState(false);
  // While the text is not being edited it follows the definition.
  if (!edited && text !== current) setText(current);

  const apply = () => {
    setApplied(false);
    const at = jsonErrorPosition(text);
    setParseError(at);
    if (at) {
      setShapeErrors([]);
      return;
    }
    const value: unknown = JSON.parse(text);
    const errors = checkDefinitionShape(value);
    setShapeErrors(errors);
    const wrongId = errors.length === 0 && fixedId !== undefined && (value as FormDefinitionJson).id !== fixedId;
    setIdError(wrongId);
    if (errors.length || wrongId) return;
    onApply(value as FormDefinitionJson);
    setEdited(false);
    setApplied(true);
  };

  const gotoError = () => {
    if (!parseError || !area.current) return;
    const element = area.current;
    element.focus();
    element.setSelectionRange(parseError.offset, Math.min(parseError.offset + 1, text.length));
    // Selecting does not scroll a textarea: bring the error's line into view, a few lines below the top.
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 18;
    element.scrollTop = Math.max(0, (parseError.line - 4) * lineHeight);
  };

  const hasErrors = Boolean(parseError) || shapeErrors.length > 0 || idError;
  return (
    <section className="fd-json" aria-labelledby={`${textId}-heading`}>
      <h2 id={`${textId}-heading`}>{t('fd.json.heading')}</h2>
      <p className="fd-hint" id={`${textId}-hint`}>
        {t('fd.json.hint')}
      </p>
      <div role="alert">
        {hasErrors && (
          <div className="alert error" id={`${textId}-errors`}>
            {parseError && (
              <p>
                {t('fd.json.parseError', { line: parseError.line, column: parseError.column })}{' '}
                <button type="button" className="link-button" onClick={gotoError}>
                  {t('fd.json.gotoError')}
                </button>
              </p>
            )}
            {shapeErrors.length > 0 && (
              <>
                <p>{t('fd.json.shapeErrors')}</p>
                <ul>
                  {shapeErrors.map((e, i) => (
                    <li key={i}>{t(`fd.json.shape.${e.code}`, { path: e.path || t('fd.json.root') })}</li>
                  ))}
                </ul>
              </>
            )}
            {idError && <p>{t('fd.json.idFixed', { id: fixedId ?? '' })}</p>}
          </div>
        )}
      </div>
      <div role="status">{applied && <p className="alert ok">{t('fd.json.applied')}</p>}</div>
      <label htmlFor={textId}>{t('fd.json.label')}</label>
      <textarea
        id={textId}
        ref={area}
        className="fd-code fd-json-text"
        spellCheck={false}
        value={text}
        rows={30}
        aria-describedby={`${textId}-hint${hasErrors ? ` ${textId}-errors` : ''}`}
        aria-invalid={hasErrors || undefined}
        onChange={(e) => {
          setText(e.target.value);
          setEdited(true);
          setApplied(false);
        }}
      />
      <div className="toolbar fd-json-actions">
        <button type="button" className="primary" onClick={apply} disabled={!edited}>
          {t('fd.json.apply')}
        </button>
        <button
          type="button"
          disabled={!edited}
          onClick={() => {
            setEdited(false);
            setText(current);
            setParseError(undefined);
            setShapeErrors([]);
            setIdError(false);
          }}
        >
          {t('fd.json.revert')}
        </button>
        {edited && <span className="badge warn">{t('fd.json.pending')}</span>}
      </div>
    </section>
  );
}
