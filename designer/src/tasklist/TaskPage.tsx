// /tareas/:key — one task: what it is and its SLA, the actions the server allows now (claim,
// unclaim, reassign with a reason), and its form to save as a draft or complete — beside it, the case
// it works on (folio, the request as filed, earlier forms, attachments, history, notes), shown to
// every candidate even before they claim it. What the user typed survives every refusal and every
// reload of the task.
import { useEffect, useRef, useState } from 'react';
import type { PageProps } from '../app/App';
import { Link, navigate } from '../app/router';
import { useSession } from '../app/session';
import { ApiProblem, type FieldProblem } from '../api/client';
import { tasksApi, type TaskDetail } from '../api/tasks';
import { CaseDetails, CaseHeader, useCase } from '../cases/CasePanel';
import { OficioForm } from '../forms/OficioForm';
import { useT } from '../i18n';
import { Loading, ProblemAlert } from '../ui/Problem';
import { useAsync } from '../ui/useAsync';
import { lastListAddress, leaveFlash } from './flash';
import { useGroupNames } from './groupNames';
import { ReassignPanel } from './ReassignPanel';
import { SlaBadge } from './SlaBadge';
import './tasklist.css';

type Data = Record<string, unknown>;
type Busy = 'claim' | 'unclaim' | 'draft' | 'complete';

export default function TaskPage({ params }: PageProps) {
  // Another task is another page: nothing typed, said or refused carries over.
  return <TaskView key={params.key} taskKey={params.key ?? ''} />;
}

function TaskView({ taskKey: key }: { taskKey: string }) {
  const { t, locale, formatDateTime, intlLocale } = useT();
  const user = useSession().user!;
  const { nameOf } = useGroupNames();
  const detail = useAsync(() => tasksApi.get(key), [key, locale]);
  const caseView = useCase(detail.data?.task.userTaskKey === key ? detail.data.task.processInstanceKey : undefined);

  // What the user typed, per task: set from the draft (or the instance's data) once, then theirs.
  const [typed, setTyped] = useState<{ key: string; data: Data; dirty: boolean }>();
  const [busy, setBusy] = useState<Busy>();
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  const [serverErrors, setServerErrors] = useState<FieldProblem[]>();
  const [draftSavedAt, setDraftSavedAt] = useState<string>();
  const [reassigning, setReassigning] = useState(false);
  const problemRef = useRef<HTMLDivElement>(null);

  const loaded: TaskDetail | undefined = detail.data?.task.userTaskKey === key ? detail.data : undefined;
  if (loaded && typed?.key !== key) setTyped({ key, data: loaded.draft?.data ?? loaded.data, dirty: false });
  const formData = typed?.key === key ? typed.data : undefined;

  // Leaving with unsaved typing asks first, as a closed tab would lose it.
  const dirty = Boolean(typed?.dirty);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // A refusal is announced and focused, so the reader learns why before looking for the fields.
  useEffect(() => {
    if (actionError) problemRef.current?.focus();
  }, [actionError]);

  if (!loaded) {
    if (detail.loading || !detail.error) return <Loading />;
    return (
      <>
        <h1>{t('task.details')}</h1>
        <ProblemAlert error={detail.error} />
        <p>
          <Link to={lastListAddress()}>{t('task.back')}</Link>
        </p>
      </>
    );
  }

  const { task, form, actions } = loaded;
  const mine = task.assignee === user.username;
  const editable = task.state === 'CREATED' && mine && actions.complete;
  const time = new Intl.DateTimeFormat(intlLocale, { timeStyle: 'short' });

  const run = async (what: Busy, work: () => Promise<void>) => {
    setBusy(what);
    setActionError(undefined);
    setNotice(undefined);
    try {
      await work();
    } catch (error) {
      setActionError(error);
      // The task may have moved on meanwhile (taken, completed): show it as it is now.
      if (error instanceof ApiProblem && [403, 404, 409].includes(error.status)) detail.reload();
    } finally {
      setBusy(undefined);
    }
  };

  const claim = () =>
    run('claim', async () => {
      await tasksApi.claim(key);
      setNotice(t('task.claimed'));
      detail.reload();
    });

  const unclaim = () =>
    run('unclaim', async () => {
      await tasksApi.unclaim(key);
      setNotice(t('task.unclaimed'));
      setReassigning(false);
      detail.reload();
    });

  const saveDraft = () =>
    run('draft', async () => {
      const saved = await tasksApi.saveDraft(key, formData ?? {});
      setDraftSavedAt(saved.savedAt);
      setTyped((s) => (s ? { ...s, dirty: false } : s));
    });

  const complete = (data: Data) =>
    run('complete', async () => {
      setServerErrors(undefined);
      try {
        await tasksApi.complete(key, data);
      } catch (error) {
        if (error instanceof ApiProblem && error.errors.length) setServerErrors(error.errors);
        throw error;
      }
      setTyped(undefined);
      leaveFlash(t('tasks.completed', { name: task.name }));
      navigate(lastListAddress());
    });

  const readOnlyReason =
    task.state !== 'CREATED'
      ? t('task.readOnly.closed', { state: t(`task.state.${task.state}`) })
      : task.assignee && !mine
        ? t('task.readOnly.other', { name: task.assignee })
        : !task.assignee && actions.claim
          ? t('task.readOnly.unassigned')
          : !editable
            ? t('task.readOnly.notCandidate')
            : undefined;

  const draftButton = actions.saveDraft && editable && (
    <>
      <button type="button" onClick={() => void saveDraft()} disabled={busy !== undefined}>
        {busy === 'draft' ? t('task.savingDraft') : t('task.saveDraft')}
      </button>
      <span role="status" className="draft-status muted">
        {draftSavedAt ? t('task.draftSaved', { time: time.format(new Date(draftSavedAt)) }) : ''}
      </span>
    </>
  );

  // The case is read beside the form; without it (an older server, a refusal) the task still works.
  const theCase = caseView.data?.case.processInstanceKey ? caseView.data : undefined;

  return (
    <>
      <p>
        <Link to={lastListAddress()}>{t('task.back')}</Link>
      </p>
      <h1>{task.name}</h1>
      {theCase && <CaseHeader view={theCase} />}
      <div className="task-layout">
        <div className="task-work">
          <dl className="task-facts" aria-label={t('task.details')}>
            <dt>{t('task.process')}</dt>
            <dd>{task.processName}</dd>
            {!theCase && (
              <>
                <dt>{t('task.folio')}</dt>
                <dd>
                  <Link to={`/instancias/${encodeURIComponent(task.processInstanceKey)}`}>{task.folio ?? task.processInstanceKey}</Link>
                </dd>
              </>
            )}
            <dt>{t('task.groups')}</dt>
            <dd>{task.candidateGroups.map(nameOf).join(', ') || '—'}</dd>
            <dt>{t('task.assignee')}</dt>
            <dd>{task.assignee ? mine ? t('tasks.assignee.you', { name: task.assignee }) : task.assignee : <span className="muted">{t('tasks.unassigned')}</span>}</dd>
            <dt>{t('task.created')}</dt>
            <dd>{formatDateTime(task.creationDate)}</dd>
            <dt>{t('task.due')}</dt>
            <dd>
              {task.dueDate ? (
                <>
                  {formatDateTime(task.dueDate)} <SlaBadge sla={task.sla} state={task.state} />
                </>
              ) : (
                <span className="muted">{t('tasks.noDue')}</span>
              )}
            </dd>
            <dt>{t('task.state')}</dt>
            <dd>{t(`task.state.${task.state}`)}</dd>
            {task.completionDate && (
              <>
                <dt>{t('task.completedAt')}</dt>
                <dd>{formatDateTime(task.completionDate)}</dd>
              </>
            )}
          </dl>

          {(actions.claim || actions.unclaim || actions.reassign) && (
            <div className="toolbar" role="group" aria-label={t('task.actions')}>
              {actions.claim && (
                <button type="button" className="primary" onClick={() => void claim()} disabled={busy !== undefined}>
                  {busy === 'claim' ? t('task.working') : t('task.claim')}
                </button>
              )}
              {actions.unclaim && (
                <button type="button" onClick={() => void unclaim()} disabled={busy !== undefined}>
                  {busy === 'unclaim' ? t('task.working') : t('task.unclaim')}
                </button>
              )}
              {actions.reassign && (
                <button type="button" aria-expanded={reassigning} aria-controls="reasignar" onClick={() => setReassigning((open) => !open)} disabled={busy !== undefined}>
                  {t('task.reassign')}
                </button>
              )}
            </div>
          )}

          <div role="status">{notice && <div className="alert ok">{notice}</div>}</div>
          <div ref={problemRef} tabIndex={-1}>
            <ProblemAlert error={actionError} />
          </div>

          {reassigning && actions.reassign && (
            <ReassignPanel
              id="reasignar"
              task={task}
              onCancel={() => setReassigning(false)}
              onDone={(assignee) => {
                setReassigning(false);
                setActionError(undefined);
                setNotice(t('task.reassigned', { name: assignee }));
                detail.reload();
              }}
            />
          )}

          {readOnlyReason && <p className="alert warn">{readOnlyReason}</p>}

          {form ? (
            <section aria-labelledby="formulario-tarea">
              <h2 id="formulario-tarea">{form.title}</h2>
              {form.description && <p>{form.description}</p>}
              {form.manualReference && <p className="muted">{t('task.manualReference', { ref: form.manualReference })}</p>}
              {loaded.draft && !draftSavedAt && editable && <p className="muted">{t('task.draftLoaded', { date: formatDateTime(loaded.draft.savedAt) })}</p>}
              <OficioForm
                form={form}
                formData={formData ?? {}}
                onChange={(data) => setTyped({ key, data, dirty: true })}
                onSubmit={(data) => editable && void complete(data)}
                serverErrors={serverErrors}
                uploadTo={`/api/instances/${encodeURIComponent(task.processInstanceKey)}/attachments`}
                readOnly={!editable}
                disabled={busy !== undefined}
                submitLabel={busy === 'complete' ? t('task.completing') : t('task.complete')}
                idPrefix="tarea"
              >
                {draftButton}
              </OficioForm>
            </section>
          ) : (
            <section className="card" aria-label={t('task.form')}>
              <p>{t('task.noForm')}</p>
              {editable && (
                <button type="button" className="primary" disabled={busy !== undefined} onClick={() => void complete({})}>
                  {busy === 'complete' ? t('task.completing') : t('task.complete')}
                </button>
              )}
            </section>
          )}
        </div>
        <aside className="task-case" aria-label={t('case.region', { folio: theCase?.case.folio ?? task.folio ?? '' })} data-testid="task-case">
          {theCase ? (
            <CaseDetails view={theCase} onChanged={caseView.reload} />
          ) : caseView.loading ? (
            <p role="status" className="muted">
              {t('case.loading')}
            </p>
          ) : (
            <>
              <p className="muted">{t('case.unavailable')}</p>
              <ProblemAlert error={caseView.error} />
            </>
          )}
        </aside>
      </div>
    </>
  );
}
