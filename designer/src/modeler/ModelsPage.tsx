// /modelos — the models: each process with its draft version (who saved it, when) and its deployed
// versions, and a short form that starts a new model in the modeler.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { modelsApi, type ModelSummary } from '../api/models';
import type { PageProps } from '../app/App';
import { Link, navigate } from '../app/router';
import { useT } from '../i18n';
import { Loading, ProblemAlert } from '../ui/Problem';
import { useAsync } from '../ui/useAsync';
import { PROCESS_ID_PATTERN } from './newDiagram';
import './modeler.css';

export default function ModelsPage(_props: PageProps) {
  const { t } = useT();
  const models = useAsync(() => modelsApi.list(), []);
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const shown = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase();
    const list = models.data ?? [];
    return needle ? list.filter((m) => m.processId.toLocaleLowerCase().includes(needle) || (m.name ?? '').toLocaleLowerCase().includes(needle)) : list;
  }, [models.data, filter]);

  return (
    <>
      <h1>{t('modeler.models.title')}</h1>
      <p className="muted">{t('modeler.models.intro')}</p>
      <NewModelForm existing={models.data} />
      <section aria-labelledby="models-list-heading">
        <h2 id="models-list-heading">{t('modeler.models.list.title')}</h2>
        <div className="toolbar">
          <label htmlFor={filterId}>
            {t('modeler.models.list.filter')}
            <input id={filterId} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          </label>
        </div>
        {models.error !== undefined && (
          <>
            <ProblemAlert error={models.error} />
            <button type="button" onClick={models.reload}>
              {t('action.retry')}
            </button>
          </>
        )}
        {models.loading && !models.data && <Loading />}
        {models.data && models.data.length === 0 && <p className="muted">{t('modeler.models.list.empty')}</p>}
        {models.data && models.data.length > 0 && shown.length === 0 && <p className="muted">{t('modeler.models.list.noMatch')}</p>}
        {shown.length > 0 && <ModelsTable models={shown} />}
      </section>
    </>
  );
}

function ModelsTable({ models }: { models: ModelSummary[] }) {
  const { t, formatDateTime } = useT();
  return (
    <table className="models-table" data-testid="models-table">
      <caption className="visually-hidden">{t('modeler.models.list.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('modeler.models.col.process')}</th>
          <th scope="col">{t('modeler.models.col.draft')}</th>
          <th scope="col">{t('modeler.models.col.author')}</th>
          <th scope="col">{t('modeler.models.col.savedAt')}</th>
          <th scope="col">{t('modeler.models.col.deployed')}</th>
        </tr>
      </thead>
      <tbody>
        {models.map((m) => {
          const deployed = [...m.deployed].sort((a, b) => a.version - b.version);
          return (
            <tr key={m.processId}>
              <th scope="row">
                <Link to={`/modelos/${encodeURIComponent(m.processId)}`}>{m.name || m.processId}</Link>
                {m.name && <div className="muted">{m.processId}</div>}
              </th>
              <td>{m.draft ? t('modeler.models.draftVersion', { version: m.draft.version }) : <span className="muted">{t('modeler.models.noDraft')}</span>}</td>
              <td>{m.draft?.author.name ?? '—'}</td>
              <td>{m.draft ? formatDateTime(m.draft.savedAt) : '—'}</td>
              <td className="models-versions">
                {deployed.length === 0 ? (
                  <span className="muted">{t('modeler.models.notDeployed')}</span>
                ) : (
                  deployed.map((d) => (
                    <span key={d.processDefinitionKey} className="badge ok">
                      {t('modeler.models.deployedVersion', { version: d.version })}
                    </span>
                  ))
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function NewModelForm({ existing }: { existing: ModelSummary[] | undefined }) {
  const { t } = useT();
  const idField = useId();
  const nameField = useId();
  const [processId, setProcessId] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<{ processId?: string; name?: string; taken?: boolean }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = processId.trim();
    const title = name.trim();
    const found: typeof errors = {};
    if (!id) found.processId = t('modeler.models.new.idRequired');
    else if (!PROCESS_ID_PATTERN.test(id)) found.processId = t('modeler.models.new.idInvalid');
    else if (existing?.some((m) => m.processId === id)) {
      found.processId = t('modeler.models.new.idTaken');
      found.taken = true;
    }
    if (!title) found.name = t('modeler.models.new.nameRequired');
    setErrors(found);
    if (found.processId || found.name) {
      document.getElementById(found.processId ? idField : nameField)?.focus();
      return;
    }
    navigate(`/modelos/${encodeURIComponent(id)}?nombre=${encodeURIComponent(title)}`);
  };

  return (
    <section className="card models-new" aria-labelledby="models-new-heading">
      <h2 id="models-new-heading">{t('modeler.models.new.title')}</h2>
      <form onSubmit={submit} noValidate data-testid="new-model-form">
        <div className="field">
          <label htmlFor={idField}>{t('modeler.models.new.id')}</label>
          <input
            id={idField}
            name="processId"
            value={processId}
            onChange={(e) => setProcessId(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            required
            aria-invalid={errors.processId ? true : undefined}
            aria-describedby={`${idField}-hint${errors.processId ? ` ${idField}-error` : ''}`}
          />
          <p id={`${idField}-hint`} className="muted modeler-hint">
            {t('modeler.models.new.idHint')}
          </p>
          {errors.processId && (
            <p id={`${idField}-error`} className="field-error">
              {errors.processId} {errors.taken && <Link to={`/modelos/${encodeURIComponent(processId.trim())}`}>{t('modeler.models.new.openExisting')}</Link>}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={nameField}>{t('modeler.models.new.name')}</label>
          <input
            id={nameField}
            name="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            lang="es-MX"
            required
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={`${nameField}-hint${errors.name ? ` ${nameField}-error` : ''}`}
          />
          <p id={`${nameField}-hint`} className="muted modeler-hint">
            {t('modeler.models.new.nameHint')}
          </p>
          {errors.name && (
            <p id={`${nameField}-error`} className="field-error">
              {errors.name}
            </p>
          )}
        </div>
        <div className="actions">
          <button type="submit" className="primary" data-testid="new-model-submit">
            {t('modeler.models.new.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
