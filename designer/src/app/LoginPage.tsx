// Signing in: the page for who arrives without a session, and the dialog over an open page whose
// session ended (the page keeps what was typed; after signing in, the user saves again).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { ProblemAlert } from '../ui/Problem';
import { LanguagePicker } from './Layout';
import { navigate } from './router';
import { useSession } from './session';

/** Where to go after signing in: a path of this app only (never another site). */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/tareas';
}

function LoginForm({ onSignedIn, idPrefix }: { onSignedIn(): void; idPrefix: string }) {
  const { t } = useT();
  const session = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await session.login(username, password);
      onSignedIn();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="card">
      <ProblemAlert error={error} />
      <label htmlFor={`${idPrefix}-username`}>{t('login.username')}</label>
      <input id={`${idPrefix}-username`} name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
      <label htmlFor={`${idPrefix}-password`}>{t('login.password')}</label>
      <input id={`${idPrefix}-password`} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('login.busy') : t('login.submit')}
      </button>
    </form>
  );
}

export function LoginPage({ next }: { next: string }) {
  const { t, locale, setLocale } = useT();
  return (
    <main id="main" className="login">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>
          {t('app.name')} — {t('login.title')}
        </h1>
        <LanguagePicker locale={locale} onChange={setLocale} />
      </div>
      <LoginForm idPrefix="login" onSignedIn={() => navigate(safeNext(next), { replace: true })} />
    </main>
  );
}

/** Over the open page when its session ended: a modal sign-in; the page underneath is untouched. */
export function SessionExpiredDialog() {
  const { t } = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    // Escape would leave a page that cannot save: the dialog stays until the user signs in.
    const keep = (event: Event) => event.preventDefault();
    element?.addEventListener('cancel', keep);
    return () => element?.removeEventListener('cancel', keep);
  }, []);
  return (
    <dialog ref={dialog} className="session-expired login" aria-labelledby="session-expired-title">
      <h2 id="session-expired-title">{t('login.expired.title')}</h2>
      <p>{t('login.expired.body')}</p>
      <LoginForm idPrefix="relogin" onSignedIn={() => dialog.current?.close()} />
    </dialog>
  );
}
