// /iniciar — the processes the signed-in user may start, grouped by the directorate that runs them
// (DGPT, DGSTI), each with its start form and a link to start it.
import { useState } from 'react';
import type { PageProps } from '../app/App';
import { Link } from '../app/router';
import { catalogueApi, type CatalogueEntry } from '../api/catalogue';
import { useT, type MessageKey } from '../i18n';
import { Loading, ProblemAlert } from '../ui/Problem';
import { useAsync } from '../ui/useAsync';
import './catalogue.css';

/** The directorates by the prefix of their process ids, in the manual's order. */
const DIRECTORATES: Array<{ prefix: string; label: MessageKey }> = [
  { prefix: 'dgpt-', label: 'catalogue.group.dgpt' },
  { prefix: 'dgsti-', label: 'catalogue.group.dgsti' },
];

/** Lowercase without accents, so "informacion" finds "Información". */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Below this many processes a search box is more clutter than help. */
const SEARCH_FROM = 7;

export default function CataloguePage(_props: PageProps) {
  const { t, locale, intlLocale } = useT();
  const catalogue = useAsync(() => catalogueApi.list(), [locale]);
  const [search, setSearch] = useState('');

  if (!catalogue.data) {
    return (
      <>
        <h1>{t('catalogue.title')}</h1>
        {catalogue.error ? <ProblemAlert error={catalogue.error} /> : <Loading />}
      </>
    );
  }

  const all = catalogue.data.items;
  const wanted = fold(search.trim());
  const shown = wanted ? all.filter((p) => fold(`${p.name} ${p.startFormTitle} ${p.versionTag ?? ''} ${p.processDefinitionId}`).includes(wanted)) : all;
  const sections = [
    ...DIRECTORATES.map((d) => ({ label: d.label, items: shown.filter((p) => p.processDefinitionId.startsWith(d.prefix)) })),
    { label: 'catalogue.group.other' as MessageKey, items: shown.filter((p) => !DIRECTORATES.some((d) => p.processDefinitionId.startsWith(d.prefix))) },
  ]
    .filter((s) => s.items.length > 0)
    .map((s) => ({ ...s, items: [...s.items].sort((a, b) => a.name.localeCompare(b.name, intlLocale)) }));

  return (
    <>
      <h1>{t('catalogue.title')}</h1>
      <p>{t('catalogue.intro')}</p>
      <ProblemAlert error={catalogue.error} />
      {all.length === 0 ? (
        <p className="card" role="status">
          {t('catalogue.empty')}
        </p>
      ) : (
        <>
          {all.length >= SEARCH_FROM && (
            <div className="toolbar catalogue-search">
              <label>
                {t('catalogue.search')}
                <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
              </label>
            </div>
          )}
          <p role="status" className={shown.length ? 'visually-hidden' : 'card'}>
            {shown.length ? (wanted ? t('catalogue.count', { count: shown.length }) : '') : t('catalogue.noMatch', { text: search.trim() })}
          </p>
          {sections.map((section) => (
            <section key={section.label} aria-labelledby={`seccion-${section.label}`}>
              <h2 id={`seccion-${section.label}`}>{t(section.label)}</h2>
              <ul className="process-list">
                {section.items.map((p) => (
                  <ProcessCard key={p.processDefinitionId} process={p} />
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </>
  );
}

function ProcessCard({ process }: { process: CatalogueEntry }) {
  const { t } = useT();
  const to = `/iniciar/${encodeURIComponent(process.processDefinitionId)}`;
  return (
    <li className="card">
      <h3>{process.name}</h3>
      <p>{t('catalogue.startForm', { title: process.startFormTitle })}</p>
      <p className="muted">
        {t('catalogue.version', { version: process.version })}
        {process.versionTag ? ` · ${process.versionTag}` : ''}
      </p>
      {process.publicStart && (
        <p className="muted">
          {t('catalogue.publicStart')} <Link to={`/publico/${encodeURIComponent(process.processDefinitionId)}`}>{t('catalogue.publicLink')}</Link>
        </p>
      )}
      <p className="start">
        <Link className="button primary" to={to}>
          {t('catalogue.start')}
          <span className="visually-hidden"> {process.name}</span>
        </Link>
      </p>
    </li>
  );
}
