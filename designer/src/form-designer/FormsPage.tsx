// /formularios — every form (from forms/ or designed here) with its source and manual reference, a
// filter kept in the address (?q=), and the way to start a new one.
import { useId, useMemo } from 'react';
import { formsApi, type FormSummary } from '../api/forms';
import type { PageProps } from '../app/App';
import { Link, setQuery, useLocation } from '../app/router';
import { useT } from '../i18n';
import { Loading, ProblemAlert } from '../ui/Problem';
import { useAsync } from '../ui/useAsync';
import { SourceBadge } from './SourceBadge';
import './formDesigner.css';

export default function FormsPage(_props: PageProps) {
  const { t, locale } = useT();
  const { query } = useLocation();
  const filter = query.get('q') ?? '';
  const filterId = useId();
  const forms = useAsync(() => formsApi.list(), []);
  const shown = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase();
    const list = [...(forms.data ?? [])].sort((a, b) => (a.title[locale] || a.title.es).localeCompare(b.title[locale] || b.title.es, locale));
    if (!needle) return list;
    return list.filter((f) => [f.id, f.title.es, f.title.en, f.manualReference].some((text) => text.toLocaleLowerCase().includes(needle)));
  }, [forms.data, filter, locale]);

  return (
    <>
      <h1>{t('fd.list.title')}</h1>
      <p className="muted">{t('fd.list.intro')}</p>
      <div className="toolbar fd-list-toolbar">
        <label htmlFor={filterId}>
          {t('fd.list.filter')}
          <input id={filterId} type="search" value={filter} placeholder={t('fd.list.filterHint')} onChange={(e) => setQuery({ q: e.target.value })} />
        </label>
        <Link className="button primary" to="/formularios/nuevo">
          {t('fd.list.new')}
        </Link>
      </div>
      {forms.error !== undefined && (
        <>
          <ProblemAlert error={forms.error} />
          <button type="button" onClick={forms.reload}>
            {t('action.retry')}
          </button>
        </>
      )}
      {forms.loading && !forms.data && <Loading />}
      {forms.data && forms.data.length === 0 && <p className="muted">{t('fd.list.empty')}</p>}
      {forms.data && forms.data.length > 0 && shown.length === 0 && (
        <p className="muted" role="status">
          {t('fd.list.noMatch', { filter })}
        </p>
      )}
      {shown.length > 0 && <FormsTable forms={shown} />}
    </>
  );
}

function FormsTable({ forms }: { forms: FormSummary[] }) {
  const { t, locale, formatDateTime } = useT();
  return (
    <table className="fd-forms-table" data-testid="forms-table">
      <caption className="visually-hidden">{t('fd.list.caption', { count: forms.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('fd.list.col.title')}</th>
          <th scope="col">{t('fd.list.col.id')}</th>
          <th scope="col">{t('fd.list.col.source')}</th>
          <th scope="col">{t('fd.list.col.manual')}</th>
          <th scope="col">{t('fd.list.col.saved')}</th>
        </tr>
      </thead>
      <tbody>
        {forms.map((form) => (
          <tr key={form.id}>
            <th scope="row">
              <Link to={`/formularios/${encodeURIComponent(form.id)}`}>{form.title[locale] || form.title.es || form.id}</Link>
            </th>
            <td>
              <code>{form.id}</code>
            </td>
            <td>
              <SourceBadge form={form} />
            </td>
            <td>{form.manualReference || '—'}</td>
            <td>{form.savedAt ? t('fd.list.savedBy', { date: formatDateTime(form.savedAt), author: form.author?.name ?? '—' }) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
