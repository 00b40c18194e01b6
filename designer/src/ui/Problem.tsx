// How a failed call reads on a page: the server's title, and each field it named with its message.
import { ApiProblem } from '../api/client';
import { useT, type I18n } from '../i18n';

/** A failed call in one sentence: the server's title, or the catalogue's words when it gave none (or never answered). */
export function problemTitle(error: unknown, t: I18n['t']): string {
  const problem = error instanceof ApiProblem ? error : undefined;
  return problem?.status === 0 ? t('problem.unreachable') : problem?.title || t('problem.title');
}

export function ProblemAlert({ error, labels = {} }: { error: unknown; labels?: Record<string, string> }) {
  const { t } = useT();
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : undefined;
  const title = problemTitle(error, t);
  return (
    <div className="alert error" role="alert">
      <strong>{title}</strong>
      {problem && problem.errors.length > 0 && (
        <>
          <div>{t('problem.fields')}</div>
          <ul>
            {problem.errors.map((e, i) => (
              <li key={`${e.field}-${i}`}>{labels[e.field] ? `${labels[e.field]}: ${e.message}` : e.message}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useT();
  return (
    <p role="status" aria-live="polite" className="muted">
      {t('app.loading')}
    </p>
  );
}
