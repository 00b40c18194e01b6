// Signing in; after it the user lands where they were going (or on their tasks).
import { useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { ProblemAlert } from '../ui/Problem';
import { LanguagePicker } from './Layout';
import { navigate } from './router';
import { useSession } from './session';

export function LoginPage({ next }: { next: string }) {
  const { t, locale, setLocale } = useT();
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
      navigate(next.startsWith('/') && !next.startsWith('//') ? next : '/tareas', { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <main id="main" className="login">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>
          {t('app.name')} — {t('login.title')}
        </h1>
        <LanguagePicker locale={locale} onChange={setLocale} />
      </div>
      <form onSubmit={submit} className="card">
        <ProblemAlert error={error} />
        <label htmlFor="login-username">{t('login.username')}</label>
        <input id="login-username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        <label htmlFor="login-password">{t('login.password')}</label>
        <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
