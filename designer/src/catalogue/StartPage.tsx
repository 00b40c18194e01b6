// /iniciar/:processId — a process's start form: filled, checked in the browser as the server will,
// sent to start the instance; the server's refusals land on their fields and nothing typed is lost.
import type { PageProps } from '../app/App';
import { Link } from '../app/router';
import { catalogueApi } from '../api/catalogue';
import { OficioForm } from '../forms/OficioForm';
import { useT } from '../i18n';
import { Loading, ProblemAlert } from '../ui/Problem';
import { useAsync } from '../ui/useAsync';
import { FormIntro } from './FormIntro';
import { useStartSubmission } from './useStartSubmission';
import './catalogue.css';

export default function StartPage({ params }: PageProps) {
  const processId = params.processId ?? '';
  const { t, locale } = useT();
  const start = useAsync(() => catalogueApi.startForm(processId), [processId, locale]);
  const { data, setData, busy, problem, serverErrors, started, setStarted, submit, problemRef, receiptRef } = useStartSubmission((submitted) => catalogueApi.start(processId, submitted));

  const back = (
    <p>
      <Link to="/iniciar">{t('catalogue.start.back')}</Link>
    </p>
  );

  if (!start.data) {
    return (
      <>
        {back}
        <h1>{t('catalogue.title')}</h1>
        {start.error ? <ProblemAlert error={start.error} /> : <Loading />}
      </>
    );
  }

  const { form, name } = start.data;

  return (
    <>
      {back}
      <h1>{t('catalogue.start.title', { name })}</h1>
      {started ? (
        <div ref={receiptRef} tabIndex={-1} className="alert ok receipt" role="status">
          <p className="folio" data-testid="start-folio">
            {t('catalogue.start.done', { folio: started.folio })}
          </p>
          <p>
            <Link to={`/instancias/${encodeURIComponent(started.processInstanceKey)}`}>{t('catalogue.start.view')}</Link>
          </p>
          <div className="toolbar">
            <button type="button" onClick={() => setStarted(undefined)}>
              {t('catalogue.start.again')}
            </button>
            <Link className="button" to="/iniciar">
              {t('catalogue.start.back')}
            </Link>
          </div>
        </div>
      ) : (
        <>
          <FormIntro form={form} />
          <div ref={problemRef} tabIndex={-1}>
            <ProblemAlert error={problem} />
          </div>
          <OficioForm
            form={form}
            formData={data}
            onChange={setData}
            onSubmit={(submitted) => void submit(submitted)}
            serverErrors={serverErrors}
            uploadTo="/api/attachments"
            disabled={busy}
            submitLabel={busy ? t('catalogue.start.submitting') : t('catalogue.start.submit')}
            idPrefix="inicio"
          />
        </>
      )}
    </>
  );
}
