// Small things of a case said in words: who did something, how big a file is.
import type { Who } from '../api/cases';
import type { I18n } from '../i18n';

/** A person's name, or the words for the system and for a citizen without a session. */
export function whoText(who: Who | undefined, t: I18n['t']): string {
  if (!who || who === 'system') return t('case.who.system');
  if (who === 'anonymous') return t('case.who.anonymous');
  return who.name || who.id;
}

/** A file's size as Intl writes it in the reader's locale: «512 bytes», «1.5 kB», «2.3 MB». */
export function formatBytes(bytes: number, intlLocale: string): string {
  const unit = (value: number, name: string, display: 'long' | 'short') =>
    new Intl.NumberFormat(intlLocale, { style: 'unit', unit: name, unitDisplay: display, maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024) return unit(bytes, 'byte', 'long');
  if (bytes < 1024 * 1024) return unit(bytes / 1024, 'kilobyte', 'short');
  return unit(bytes / (1024 * 1024), 'megabyte', 'short');
}
