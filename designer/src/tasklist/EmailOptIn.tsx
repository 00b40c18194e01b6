// The tasklist's own switch for the e-mail a user may ask for when a task arrives for one of their
// groups (GET/PUT /api/me/preferences): saved as soon as it is changed, with where the mail goes, or
// why none can go (the account has no address).
import { useEffect, useState } from 'react';
import { liveApi, type PreferencesView } from '../api/live';
import { useT } from '../i18n';
import { ProblemAlert } from '../ui/Problem';

export function EmailOptIn() {
  const { t } = useT();
  const [preferences, setPreferences] = useState<PreferencesView>();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    liveApi.preferences().then(
      (p) => live && setPreferences(p),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  if (!preferences) return null;
  const noAddress = preferences.email === null;

  const change = async (emailOnGroupTask: boolean) => {
    setSaving(true);
    setSaved(false);
    setError(undefined);
    try {
      setPreferences(await liveApi.savePreferences({ emailOnGroupTask }));
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="email-opt-in">
      <label>
        <input
          type="checkbox"
          checked={preferences.emailOnGroupTask}
          disabled={saving || (noAddress && !preferences.emailOnGroupTask)}
          aria-describedby="email-opt-in-help"
          onChange={(e) => void change(e.target.checked)}
        />
        {t('tasks.email.label')}
      </label>{' '}
      <span id="email-opt-in-help" className="muted">
        {noAddress ? t('tasks.email.noAddress') : t('tasks.email.to', { email: preferences.email! })}
      </span>{' '}
      <span role="status" className="muted">
        {saved ? t(preferences.emailOnGroupTask ? 'tasks.email.on' : 'tasks.email.off') : ''}
      </span>
      <ProblemAlert error={error} />
    </div>
  );
}
