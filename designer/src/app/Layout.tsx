// The frame of every signed-in page: skip link, the sections this user may open, language, sign out.
import { useEffect, useRef, type ReactNode } from 'react';
import { useT, LOCALES, type Locale, type MessageKey } from '../i18n';
import { SearchBox } from '../search/SearchBox';
import { LiveIndicator } from '../tasklist/LiveIndicator';
import { Link, useLocation } from './router';
import { useSession } from './session';

interface Section {
  to: string;
  label: MessageKey;
  /** The permission that opens it; none for every signed-in user. */
  permission?: string;
}

const SECTIONS: Section[] = [
  { to: '/tareas', label: 'nav.tasks' },
  { to: '/iniciar', label: 'nav.start' },
  { to: '/modelos', label: 'nav.models', permission: 'models.edit' },
  { to: '/formularios', label: 'nav.forms', permission: 'models.edit' },
  { to: '/instancias', label: 'nav.instances' },
  { to: '/auditoria', label: 'nav.audit', permission: 'audit.read' },
];

export function Layout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const { t, locale, setLocale } = useT();
  const session = useSession();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  // A new page moves the focus to its content, as a page load would for a screen reader.
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [path]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <Link className="app-brand" to="/tareas">
          {t('app.name')}
        </Link>
        <nav className="app-nav" aria-label={t('nav.label')}>
          <ul>
            {SECTIONS.filter((s) => !s.permission || session.can(s.permission)).map((s) => (
              <li key={s.to}>
                <Link to={s.to} aria-current={path === s.to || path.startsWith(`${s.to}/`) ? 'page' : undefined}>
                  {t(s.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <SearchBox />
        <LiveIndicator />
        <div className="app-user">
          <LanguagePicker locale={locale} onChange={setLocale} />
          {session.user && <span>{t('app.signedInAs', { name: session.user.displayName })}</span>}
          <button type="button" onClick={() => void session.logout()}>
            {t('app.logout')}
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className={wide ? 'wide' : undefined}>
        {children}
      </main>
    </>
  );
}

export function LanguagePicker({ locale, onChange }: { locale: Locale; onChange(locale: Locale): void }) {
  const { t } = useT();
  return (
    <label>
      <span className="visually-hidden">{t('app.language')}</span>
      <select value={locale} onChange={(e) => onChange(e.target.value as Locale)} aria-label={t('app.language')}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {t(`app.language.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
