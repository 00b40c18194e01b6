// The designer's message catalogues and the hook pages speak through: useT() gives t(key, params)
// in the reader's language (Spanish unless they chose English; the choice is remembered).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from '../api/client';
import { formatMessage, intlLocaleOf, LOCALES, type Locale, type MessageParams } from './define';
import { common } from './messages/common';
import { tasklist } from './messages/tasklist';
import { catalogue } from './messages/catalogue';
import { modeler } from './messages/modeler';
import { formDesigner } from './messages/formDesigner';
import { auditor } from './messages/auditor';
import { rjsf } from './messages/rjsf';
import { bpmn } from './messages/bpmn';
import { forms } from './messages/forms';
import { cases } from './messages/cases';

export type { Bilingual, Locale } from './define';
export { LOCALES } from './define';

const all = [common, tasklist, catalogue, modeler, formDesigner, auditor, rjsf, bpmn, forms, cases];

export const MESSAGES: Record<Locale, Record<string, string>> = {
  es: Object.assign({}, ...all.map((c) => c.es)),
  en: Object.assign({}, ...all.map((c) => c.en)),
};

export type MessageKey =
  | keyof typeof common.es
  | keyof typeof tasklist.es
  | keyof typeof catalogue.es
  | keyof typeof modeler.es
  | keyof typeof formDesigner.es
  | keyof typeof auditor.es
  | keyof typeof rjsf.es
  | keyof typeof bpmn.es
  | keyof typeof forms.es
  | keyof typeof cases.es;

export type Params = MessageParams;

/**
 * `{name}` placeholders filled from params, counts said with the language's plural rules
 * (`{count, plural, one {…} other {…}}`, define.ts formatMessage); an unknown key shows itself (and
 * is caught by the catalogue test).
 */
export function translate(locale: Locale, key: string, params: Params = {}): string {
  const template = MESSAGES[locale][key] ?? MESSAGES.es[key] ?? key;
  return formatMessage(template, params, intlLocaleOf(locale));
}

export function hasMessage(key: string): boolean {
  return key in MESSAGES.es;
}

const STORAGE_KEY = 'oficio.locale';

function initialLocale(): Locale {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return stored && (LOCALES as readonly string[]).includes(stored) ? (stored as Locale) : 'es';
}

export interface I18n {
  locale: Locale;
  /** The locale for Intl (dates, numbers): es-MX or en-US. */
  intlLocale: string;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: Params): string;
  /** For keys built at run time (a state, a group id); falls back to `fallback` when unknown. */
  tDynamic(key: string, fallback: string, params?: Params): string;
  formatDateTime(iso: string | null | undefined): string;
  formatDate(iso: string | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    setApiLanguage(locale);
    document.documentElement.lang = locale === 'es' ? 'es-MX' : 'en';
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setApiLanguage(next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const intlLocale = intlLocaleOf(locale);
    const dateTime = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeStyle: 'short' });
    const date = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium' });
    return {
      locale,
      intlLocale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      tDynamic: (key, fallback, params) => (hasMessage(key) ? translate(locale, key, params) : fallback),
      formatDateTime: (iso) => (iso ? dateTime.format(new Date(iso)) : '—'),
      formatDate: (iso) => (iso ? date.format(new Date(iso)) : '—'),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT outside I18nProvider');
  return value;
}
