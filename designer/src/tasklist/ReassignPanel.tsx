// Reassigning a task (PR03 3.b): a colleague of its groups and the reason, which the server requires
// (5 characters or more) and keeps in the audit trail. Its refusals are shown on the field they name.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiProblem } from '../api/client';
import { tasksApi, type Candidate, type TaskItem } from '../api/tasks';
import { useT } from '../i18n';
import { ProblemAlert } from '../ui/Problem';

const MIN_REASON = 5;

type Field = 'assignee' | 'reason';

export function ReassignPanel({ id, task, onDone, onCancel }: { id: string; task: TaskItem; onDone(assignee: string): void; onCancel(): void }) {
  const { t } = useT();
  /** undefined while loading; null when the server cannot list them (type a user name instead). */
  const [candidates, setCandidates] = useState<Candidate[] | null>();
  const [candidatesError, setCandidatesError] = useState<unknown>();
  const [assignee, setAssignee] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLSelectElement & HTMLInputElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    let live = true;
    tasksApi.candidates(task.userTaskKey).then(
      (found) => live && setCandidates(found && found.filter((c) => c.username !== task.assignee)),
      (error: unknown) => {
        if (!live) return;
        setCandidatesError(error);
        setCandidates(null);
      },
    );
    return () => {
      live = false;
    };
  }, [task.userTaskKey, task.assignee]);

  useEffect(() => {
    if (candidates !== undefined) first.current?.focus();
  }, [candidates]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!assignee.trim()) found.assignee = t('task.reassign.error.assignee');
    if (reason.trim().length < MIN_REASON) found.reason = t('task.reassign.error.reason');
    setErrors(found);
    setProblem(undefined);
    if (found.assignee) return first.current?.focus();
    if (found.reason) return reasonRef.current?.focus();
    setBusy(true);
    try {
      const done = await tasksApi.reassign(task.userTaskKey, { assignee: assignee.trim(), reason: reason.trim() });
      onDone(candidates?.find((c) => c.username === done.assignee)?.displayName ?? done.assignee);
    } catch (error) {
      setProblem(error);
      if (error instanceof ApiProblem) {
        const onFields: Partial<Record<Field, string>> = {};
        for (const e of error.errors) {
          const field = e.field.split('/').pop();
          if (field === 'assignee' || field === 'reason') onFields[field] = e.message;
        }
        setErrors(onFields);
      }
    } finally {
      setBusy(false);
    }
  };

  const describe = (field: Field, help?: string) => [help, errors[field] ? `reasignar-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <section id={id} className="card reassign" aria-labelledby={`${id}-titulo`}>
      <h2 id={`${id}-titulo`}>{t('task.reassign.title')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {candidates === undefined ? (
          <p role="status" className="muted">
            {t('task.reassign.loading')}
          </p>
        ) : candidates === null ? (
          <>
            {candidatesError ? <ProblemAlert error={candidatesError} /> : <p className="field-help">{t('task.reassign.noList')}</p>}
            <label>
              {t('task.reassign.username')}
              <input
                ref={first}
                id="reasignar-assignee"
                value={assignee}
                onChange={(e) => setAssignee(e.target.value)}
                autoComplete="off"
                aria-invalid={errors.assignee ? true : undefined}
                aria-describedby={describe('assignee')}
              />
            </label>
          </>
        ) : candidates.length === 0 ? (
          <p>{t('task.reassign.noCandidates')}</p>
        ) : (
          <label>
            {t('task.reassign.to')}
            <select
              ref={first}
              id="reasignar-assignee"
              value={assignee}
              onChange={(e) => setAssignee(e.target.value)}
              aria-invalid={errors.assignee ? true : undefined}
              aria-describedby={describe('assignee')}
            >
              <option value="">{t('task.reassign.choose')}</option>
              {candidates.map((c) => (
                <option key={c.username} value={c.username}>
                  {c.displayName === c.username ? c.username : `${c.displayName} (${c.username})`}
                </option>
              ))}
            </select>
          </label>
        )}
        {errors.assignee && (
          <p id="reasignar-assignee-error" className="field-error">
            {errors.assignee}
          </p>
        )}
        <label>
          {t('task.reassign.reason')}
          <textarea
            ref={reasonRef}
            id="reasignar-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={1000}
            aria-required="true"
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={describe('reason', 'reasignar-reason-help')}
          />
        </label>
        <p id="reasignar-reason-help" className="field-help">
          {t('task.reassign.reasonHelp')}
        </p>
        {errors.reason && (
          <p id="reasignar-reason-error" className="field-error">
            {errors.reason}
          </p>
        )}
        <ProblemAlert error={problem} />
        <div className="toolbar">
          <button type="submit" className="primary" disabled={busy || candidates === undefined || candidates?.length === 0}>
            {busy ? t('task.working') : t('task.reassign.submit')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('action.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
