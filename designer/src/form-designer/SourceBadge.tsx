// Where a form comes from: a file of forms/, or designed here (with its saved version).
import { useT } from '../i18n';

// `form` is a contract type (zod's optional members may be undefined).
export function SourceBadge({ form }: { form: { source?: string | undefined; version?: number | undefined } }) {
  const { t } = useT();
  if (form.source === 'designed') {
    return <span className="badge ok">{form.version !== undefined ? t('fd.source.designed', { version: form.version }) : t('fd.source.designedNoVersion')}</span>;
  }
  return <span className="badge neutral">{t('fd.source.file')}</span>;
}
