// A filed form, read-only: each field's label and its value as people write it (readForm.ts), as a
// description list — groups nested, lists as lists, files as download links.
import { useMemo } from 'react';
import type { LocalizedForm } from '../api/types';
import { useT } from '../i18n';
import { readForm, readValues, type Cell, type FileRef, type Reading, type Row } from './readForm';
import { formatBytes } from './words';

export interface FilledValuesProps {
  /** The form it was filed with; null when the form is gone (the data is read without it). */
  form: LocalizedForm | null;
  data: Record<string, unknown>;
  /** Where a file is downloaded, by its id (the case's attachment links). */
  fileUrl(id: string): string;
  /** Shown when nothing was filled in. */
  empty: string;
  /** A user's display name by user name, when the page knows it. */
  personName?(username: string): string | undefined;
}

export function FilledValues({ form, data, fileUrl, empty, personName }: FilledValuesProps) {
  const { t, intlLocale } = useT();
  const rows = useMemo(() => {
    const reading: Reading = { intlLocale, yes: t('case.value.yes'), no: t('case.value.no'), ...(personName ? { personName } : {}) };
    return form ? readForm(form, data, reading) : readValues(data, reading);
  }, [form, data, intlLocale, t, personName]);
  if (!rows.length) return <p className="muted">{empty}</p>;
  return (
    <>
      {!form && <p className="muted">{t('case.form.gone')}</p>}
      <Rows rows={rows} fileUrl={fileUrl} />
    </>
  );
}

function Rows({ rows, fileUrl }: { rows: Row[]; fileUrl(id: string): string }) {
  return (
    <dl className="case-values">
      {rows.map((row) => (
        <div key={row.path} className="case-value" data-field={row.path}>
          <dt>{row.label}</dt>
          <dd>
            <CellView cell={row.cell} fileUrl={fileUrl} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function CellView({ cell, fileUrl }: { cell: Cell; fileUrl(id: string): string }) {
  switch (cell.kind) {
    case 'text':
      return cell.multiline ? <span className="case-multiline">{cell.text}</span> : <>{cell.text}</>;
    case 'file':
      return <FileLink file={cell.file} url={fileUrl(cell.file.id)} />;
    case 'group':
      return <Rows rows={cell.rows} fileUrl={fileUrl} />;
    case 'list': {
      // Records are numbered (their order may matter: the first good, the second …); plain values are a list.
      const records = cell.items.some((item) => item.kind === 'group');
      const items = cell.items.map((item, i) => (
        <li key={i}>
          <CellView cell={item} fileUrl={fileUrl} />
        </li>
      ));
      return records ? <ol className="case-list">{items}</ol> : <ul className="case-list">{items}</ul>;
    }
  }
}

export function FileLink({ file, url }: { file: FileRef; url: string }) {
  const { intlLocale } = useT();
  return (
    <>
      <a href={url} download={file.nombre}>
        {file.nombre}
      </a>
      {file.tamano !== undefined && <span className="muted"> ({formatBytes(file.tamano, intlLocale)})</span>}
    </>
  );
}
