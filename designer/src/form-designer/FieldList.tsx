// The form's fields in order: choose one to edit, move it with "Subir"/"Bajar" (or drag it), remove
// it, and add a new field of a chosen type. The form's own details are the first entry.
import { useId, useRef, useState } from 'react';
import { useT, type Locale } from '../i18n';
import { NEW_FIELD_KINDS, type FieldKind, type FieldModel } from './model';

export const FORM_ENTRY = 'form';

export interface FieldListProps {
  fields: FieldModel[];
  selected: string;
  /** Fields with problems (the model's or the server's), marked in the list. */
  flagged: ReadonlySet<string>;
  formFlagged: boolean;
  onSelect(uid: string): void;
  onMove(from: number, to: number): void;
  onRemove(uid: string): void;
  onAdd(kind: FieldKind): void;
}

export function fieldTitle(field: FieldModel, locale: Locale): string {
  return field.label[locale].trim() || field.label.es.trim() || field.name;
}

export function FieldList({ fields, selected, flagged, formFlagged, onSelect, onMove, onRemove, onAdd }: FieldListProps) {
  const i18n = useT();
  const { t, locale } = i18n;
  const kindId = useId();
  const [kind, setKind] = useState<FieldKind>('text');
  const [dragging, setDragging] = useState<string>();
  const [over, setOver] = useState<string>();
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  // After a move the same button keeps the focus (or its sibling, once the field reaches an end).
  const move = (uid: string, from: number, to: number, direction: 'up' | 'down') => {
    onMove(from, to);
    requestAnimationFrame(() => {
      const atEnd = direction === 'up' ? to === 0 : to === fields.length - 1;
      const target = buttons.current.get(`${uid}:${atEnd ? (direction === 'up' ? 'down' : 'up') : direction}`);
      target?.focus();
    });
  };

  const ref = (key: string) => (element: HTMLButtonElement | null) => {
    if (element) buttons.current.set(key, element);
    else buttons.current.delete(key);
  };

  return (
    <div className="fd-field-list">
      <button
        type="button"
        className={`fd-entry${selected === FORM_ENTRY ? ' selected' : ''}`}
        aria-current={selected === FORM_ENTRY ? 'true' : undefined}
        onClick={() => onSelect(FORM_ENTRY)}
      >
        <span className="fd-entry-title">{t('fd.fields.formSettings')}</span>
        <span className="fd-entry-meta">
          {t('fd.fields.formSettingsHint')}
          {formFlagged && <span className="badge bad fd-flag">{t('fd.fields.hasProblems')}</span>}
        </span>
      </button>
      {fields.length === 0 ? (
        <p className="muted">{t('fd.fields.empty')}</p>
      ) : (
        <ol className="fd-fields" aria-label={t('fd.fields.listLabel')}>
          {fields.map((field, index) => {
            const title = fieldTitle(field, locale) || t('fd.fields.untitled');
            const isSelected = selected === field.uid;
            return (
              <li
                key={field.uid}
                className={`fd-field-row${isSelected ? ' selected' : ''}${over === field.uid && dragging && dragging !== field.uid ? ' drop-target' : ''}`}
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.effectAllowed = 'move';
                  e.dataTransfer.setData('text/plain', field.uid);
                  setDragging(field.uid);
                }}
                onDragOver={(e) => {
                  if (!dragging) return;
                  e.preventDefault();
                  setOver(field.uid);
                }}
                onDragLeave={() => setOver((o) => (o === field.uid ? undefined : o))}
                onDrop={(e) => {
                  e.preventDefault();
                  const from = fields.findIndex((f) => f.uid === dragging);
                  if (from !== -1) onMove(from, index);
                  setDragging(undefined);
                  setOver(undefined);
                }}
                onDragEnd={() => {
                  setDragging(undefined);
                  setOver(undefined);
                }}
              >
                <button type="button" className={`fd-entry${isSelected ? ' selected' : ''}`} aria-current={isSelected ? 'true' : undefined} onClick={() => onSelect(field.uid)}>
                  <span className="fd-entry-title">{title}</span>
                  <span className="fd-entry-meta">
                    {t(`fd.kind.${field.kind}`)}
                    {field.name && (
                      <>
                        {' · '}
                        <code>{field.name}</code>
                      </>
                    )}
                    {field.required && <span className="badge neutral">{t('fd.fields.required')}</span>}
                    {field.showIf && <span className="badge neutral">{t('fd.fields.conditional')}</span>}
                    {flagged.has(field.uid) && <span className="badge bad fd-flag">{t('fd.fields.hasProblems')}</span>}
                  </span>
                </button>
                <div className="fd-row-actions">
                  <button
                    type="button"
                    ref={ref(`${field.uid}:up`)}
                    disabled={index === 0}
                    aria-label={t('fd.fields.moveUpLabel', { label: title })}
                    onClick={() => move(field.uid, index, index - 1, 'up')}
                  >
                    {t('fd.fields.moveUp')}
                  </button>
                  <button
                    type="button"
                    ref={ref(`${field.uid}:down`)}
                    disabled={index === fields.length - 1}
                    aria-label={t('fd.fields.moveDownLabel', { label: title })}
                    onClick={() => move(field.uid, index, index + 1, 'down')}
                  >
                    {t('fd.fields.moveDown')}
                  </button>
                  <button type="button" className="danger" aria-label={t('fd.fields.removeLabel', { label: title })} onClick={() => onRemove(field.uid)}>
                    {t('fd.fields.remove')}
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {fields.length > 1 && <p className="fd-hint">{t('fd.fields.dragHint')}</p>}
      <div className="fd-add">
        <label htmlFor={kindId}>{t('fd.fields.addKind')}</label>
        <div className="fd-add-row">
          <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as FieldKind)}>
            {NEW_FIELD_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`fd.kind.${k}`)}
              </option>
            ))}
          </select>
          <button type="button" className="primary" onClick={() => onAdd(kind)}>
            {t('fd.fields.add')}
          </button>
        </div>
      </div>
    </div>
  );
}
