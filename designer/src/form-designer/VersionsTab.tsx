// The "Versiones" tab: the versions saved in the designer (number, author, date), one opened to
// read its fields and definition, and restored as the working copy.
import { useEffect, useState } from 'react';
import { formsApi, type FormVersion } from '../api/forms';
import { useT } from '../i18n';
import { Loading, ProblemAlert } from '../ui/Problem';
import { useAsync } from '../ui/useAsync';
import { isObject } from './model';

export interface VersionsTabProps {
  formId: string;
  isNew: boolean;
  /** Changes after each save, so the list shows the new version. */
  reloadKey: number;
  /** A version to open (asked again with a new `request`), e.g. the one someone saved meanwhile; undefined: none. */
  show?: { version: number; request: number } | undefined;
  onRestore(version: FormVersion): void;
}

export function VersionsTab({ formId, isNew, reloadKey, show, onRestore }: VersionsTabProps) {
  const { t, locale, formatDateTime } = useT();
  const versions = useAsync(() => (isNew ? Promise.resolve([]) : formsApi.versions(formId)), [formId, isNew, reloadKey]);
  const [open, setOpen] = useState<number | undefined>(show?.version);
  useEffect(() => {
    if (show) setOpen(show.version);
  }, [show]);
  const opened = versions.data?.find((v) => v.version === open);
  const labelsOf = (version: FormVersion) => {
    const order = version.definition.uiSchema?.['ui:order'];
    const names = Array.isArray(order)
      ? order.filter((n): n is string => typeof n === 'string' && n !== '*')
      : Object.keys(isObject(version.definition.schema?.properties) ? version.definition.schema.properties : {});
    return names.map((name) => version.definition.labels?.[name]?.[locale] || version.definition.labels?.[name]?.es || name);
  };

  return (
    <section className="fd-versions" aria-labelledby="fd-versions-heading">
      <h2 id="fd-versions-heading">{t('fd.versions.heading')}</h2>
      {isNew && <p className="muted">{t('fd.versions.newForm')}</p>}
      {versions.error !== undefined && (
        <>
          <ProblemAlert error={versions.error} />
          <button type="button" onClick={versions.reload}>
            {t('action.retry')}
          </button>
        </>
      )}
      {versions.loading && !versions.data && <Loading />}
      {!isNew && versions.data && versions.data.length === 0 && <p className="muted">{t('fd.versions.empty')}</p>}
      {versions.data && versions.data.length > 0 && (
        <div className="fd-versions-layout">
          <table className="fd-versions-table" data-testid="versions-table">
            <caption className="visually-hidden">{t('fd.versions.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fd.versions.col.version')}</th>
                <th scope="col">{t('fd.versions.col.author')}</th>
                <th scope="col">{t('fd.versions.col.date')}</th>
                <th scope="col">{t('fd.versions.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.data.map((v, i) => (
                <tr key={v.version} className={open === v.version ? 'selected' : undefined}>
                  <th scope="row">
                    {v.version} {i === 0 && <span className="badge ok">{t('fd.versions.latest')}</span>}
                  </th>
                  <td>{v.author?.name ?? '—'}</td>
                  <td>{formatDateTime(v.savedAt)}</td>
                  <td>
                    <button
                      type="button"
                      aria-pressed={open === v.version}
                      aria-label={t('fd.versions.openLabel', { version: v.version })}
                      onClick={() => setOpen(open === v.version ? undefined : v.version)}
                    >
                      {t('fd.versions.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {opened && (
            <article className="card fd-version-detail" aria-labelledby="fd-version-heading" data-testid="version-detail">
              <h3 id="fd-version-heading">{t('fd.versions.viewing', { version: opened.version })}</h3>
              <p>{t('fd.versions.meta', { date: formatDateTime(opened.savedAt), author: opened.author?.name ?? '—' })}</p>
              <p>
                <strong>{opened.definition.title?.[locale] || opened.definition.title?.es}</strong>
              </p>
              <p>{t('fd.versions.fields', { fields: labelsOf(opened).join(', ') || '—' })}</p>
              <div className="toolbar">
                <button type="button" className="primary" onClick={() => onRestore(opened)}>
                  {t('fd.versions.restore')}
                </button>
              </div>
              <details>
                <summary>{t('fd.versions.definition')}</summary>
                <pre className="fd-code fd-json-out">{JSON.stringify(opened.definition, null, 2)}</pre>
              </details>
            </article>
          )}
        </div>
      )}
    </section>
  );
}
