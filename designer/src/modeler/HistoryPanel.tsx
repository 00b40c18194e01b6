// The model's draft versions, newest first: who saved each and when, which engine versions it was
// deployed as; each can be looked at read-only or restored as the working copy.
import { useId } from 'react';
import type { DraftVersion, ModelVersions } from '../api/models';
import { useT } from '../i18n';

export interface HistoryPanelProps {
  id: string;
  versions: ModelVersions | null;
  viewing: number | undefined;
  onView(draft: DraftVersion): void;
  onRestore(draft: DraftVersion): void;
  onClose(): void;
}

export function HistoryPanel({ id, versions, viewing, onView, onRestore, onClose }: HistoryPanelProps) {
  const { t, formatDateTime } = useT();
  const headingId = useId();
  const drafts = [...(versions?.drafts ?? [])].sort((a, b) => b.version - a.version);
  return (
    <section id={id} className="modeler-box modeler-history" aria-labelledby={headingId}>
      <div className="modeler-history-head">
        <h2 id={headingId}>{t('modeler.history.title')}</h2>
        <button type="button" onClick={onClose}>
          {t('action.close')}
        </button>
      </div>
      {drafts.length === 0 ? (
        <p className="muted">{t('modeler.history.empty')}</p>
      ) : (
        <table data-testid="history-table">
          <caption className="visually-hidden">{t('modeler.history.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('modeler.history.version')}</th>
              <th scope="col">{t('modeler.history.author')}</th>
              <th scope="col">{t('modeler.history.savedAt')}</th>
              <th scope="col">{t('modeler.history.deployed')}</th>
              <th scope="col">{t('modeler.history.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {drafts.map((draft) => (
              <tr key={draft.version} aria-current={viewing === draft.version ? 'true' : undefined}>
                <th scope="row">{t('modeler.history.versionN', { version: draft.version })}</th>
                <td>{draft.author.name}</td>
                <td>{formatDateTime(draft.savedAt)}</td>
                <td>
                  {draft.deployedAs.length === 0 ? (
                    <span className="muted">{t('modeler.history.notDeployed')}</span>
                  ) : (
                    draft.deployedAs.map((d) => (
                      <span key={d.processDefinitionKey} className="badge ok" title={formatDateTime(d.deployedAt)}>
                        {t('modeler.history.deployedAs', { version: d.version })}
                      </span>
                    ))
                  )}
                </td>
                <td className="modeler-history-actions">
                  <button type="button" onClick={() => onView(draft)} aria-pressed={viewing === draft.version}>
                    {t('modeler.history.view')}
                    <span className="visually-hidden"> {t('modeler.history.versionN', { version: draft.version })}</span>
                  </button>
                  <button type="button" onClick={() => onRestore(draft)}>
                    {t('modeler.history.restore')}
                    <span className="visually-hidden"> {t('modeler.history.versionN', { version: draft.version })}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
