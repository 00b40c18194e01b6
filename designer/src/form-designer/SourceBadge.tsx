// Where a form comes from: a file of forms/, or designed here (with its saved version).
import { useT } from '../i18n';

export function SourceBadge({ form }: { form: { source?: string; version?: number } }) {
  const { t } = useT();
  if (form.source === 'designed') {
    return <span className="badge ok">{form.version !== undefined ? t('fd.source.designed', { version: form.version }) : t('fd.source.designedNoVersion')}</span>;
  }
  return <span className="badge neutral">{t('fd.source.file')}</span>;
}
