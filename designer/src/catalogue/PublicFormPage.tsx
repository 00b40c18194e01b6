// /publico/:processId — the citizen's page (the CAS complaint): no sign-in, its own plain header
// with the language picker, the public start form, a receipt with the folio, and the server's limit
// on submissions per connection (429) said in words with the wait.
import { useEffect } from 'react';
import type { PageProps } from '../app/App';
import { LanguagePicker } from '../app/Layout';
import { ApiProblem } from '../api/client';
import { catalogueApi } from '../api/catalogue';
import { OficioForm } from '../forms/OficioForm';
import { attachmentPaths } from '../forms/toRjsf';
import { useT } from '../i18n';
import { Loading, ProblemAlert } from '../ui/Problem';
import { useAsync } from '../ui/useAsync';
import { FormIntro } from './FormIntro';
import { useStartSubmission } from './useStartSubmission';
import './catalogue.css';

export default function PublicFormPage({ params }: PageProps) {
  const processId = params.processId ?? '';
  const { t, locale, setLocale } = useT();
  const publicForm = useAsync(() => catalogueApi.publicForm(processId), [processId, locale]);
  const { data, setData, busy, problem, serverErrors, started, setStarted, submit, problemRef, receiptRef } = useStartSubmission((submitted) =>
    catalogueApi.submitPublic(processId, submitted),
  );
  useEffect(() => {
    if (publicForm.data) document.title = publicForm.data.form.title;
  }, [publicForm.data]);

  let content;
  if (!publicForm.data) {
    content = (
      <>
        <h1>{t('catalogue.public.brand')}</h1>
        {publicForm.error ? (
          publicForm.error instanceof ApiProblem && publicForm.error.status === 404 ? (
            <p className="alert warn" role="alert">
              {t('catalogue.public.unavailable')}
            </p>
          ) : (
            <ProblemAlert error={publicForm.error} />
          )
        ) : (
          <Loading />
        )}
      </>
    );
  } else {
    const { form } = publicForm.data;
    const asksForFiles = attachmentPaths(form.schema).length > 0;
    content = (
      <>
        {started ? <h1>{form.title}</h1> : <FormIntro form={form} headingLevel={1} />}
        {started ? (
          <div ref={receiptRef} tabIndex={-1} className="alert ok receipt" role="status">
            <h2>{t('catalogue.public.done')}</h2>
            <p className="folio" data-testid="public-folio">
              {t('catalogue.public.folio', { folio: started.folio })}
            </p>
            <button type="button" onClick={() => setStarted(undefined)}>
              {t('catalogue.public.again')}
            </button>
          </div>
        ) : (
          <>
            <p>{t('catalogue.public.intro')}</p>
            {asksForFiles && <p className="alert warn">{t('catalogue.public.noUploads')}</p>}
            <div ref={problemRef} tabIndex={-1}>
              {problem instanceof ApiProblem && problem.status === 429 ? (
                <div className="alert error" role="alert">
                  <strong>{t('catalogue.public.rateLimited.title')}</strong>
                  <div>{t('catalogue.public.rateLimited', { minutes: waitMinutes(problem) })}</div>
                </div>
              ) : (
                <ProblemAlert error={problem} />
              )}
            </div>
            <OficioForm
              form={form}
              formData={data}
              onChange={setData}
              onSubmit={(submitted) => void submit(submitted)}
              serverErrors={serverErrors}
              disabled={busy}
              submitLabel={busy ? t('catalogue.public.submitting') : t('catalogue.public.submit')}
              idPrefix="publico"
            />
          </>
        )}
      </>
    );
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <span className="public-brand">{t('catalogue.public.brand')}</span>
        <div className="app-user">
          <LanguagePicker locale={locale} onChange={setLocale} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="public">
        {content}
      </main>
    </>
  );
}

/** The wait the server asks for, in whole minutes (at least one). */
function waitMinutes(problem: ApiProblem): number {
  const seconds = Number(problem.body.retryAfterSeconds);
  return Math.max(1, Math.ceil((Number.isFinite(seconds) ? seconds : 60) / 60));
}
