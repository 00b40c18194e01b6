// The case beside a task's form: its header (the folio people say on the phone, who asked, the
// references), the request as filed with its own form's labels, every form completed since, the
// attachments, the history in words, and the notes with — for staff the server allows — a form
// to add an internal note or a reply that is e-mailed to the requester.
import { useRef, useState, type FormEvent } from 'react';
import { ApiProblem } from '../api/client';
import { casesApi, NOTE_MAX_LENGTH, type CaseAttachment, type CaseNote, type CaseView, type NoteKind } from '../api/cases';
import { Link } from '../app/router';
import { useT } from '../i18n';
import { ProblemAlert } from '../ui/Problem';
import { useAsync, type Async } from '../ui/useAsync';
import { FilledValues } from './FilledValues';
import { formatBytes, whoText } from './words';
import './cases.css';

/** The case of an instance, reloaded when the reader's language changes (its texts are the server's). */
export function useCase(processInstanceKey: string | undefined): Async<CaseView | undefined> {
  const { locale } = useT();
  return useAsync(() => (processInstanceKey ? casesApi.get(processInstanceKey) : Promise.resolve(undefined)), [processInstanceKey, locale]);
}

/** Where a file of the case is downloaded: the case's own link for it, else the attachment route. */
function fileUrlOf(attachments: CaseAttachment[]) {
  return (id: string) => attachments.find((a) => a.id === id)?.url ?? `/api/attachments/${encodeURIComponent(id)}`;
}

/** The folio, big and copyable, and the facts a clerk is asked about first. */
export function CaseHeader({ view }: { view: CaseView }) {
  const { t, formatDateTime } = useT();
  const c = view.case;
  return (
    <section className="case-header card" aria-labelledby="caso-folio" data-testid="case-header">
      <div className="case-folio-line">
        <h2 id="caso-folio" className="case-folio-heading">
          <span className="case-folio-label">{t('case.folio')}</span>{' '}
          <span className="case-folio" data-testid="case-folio">
            {c.folio}
          </span>
        </h2>
        <CopyFolio folio={c.folio} />
      </div>
      <dl className="case-facts" aria-label={t('case.facts')}>
        <div>
          <dt>{t('case.process')}</dt>
          <dd>
            <Link to={`/instancias/${encodeURIComponent(c.processInstanceKey)}`}>{c.processName}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('case.state')}</dt>
          <dd>{c.stateLabel}</dd>
        </div>
        <div>
          <dt>{t('case.requester')}</dt>
          <dd>
            {c.requester ? (
              <>
                {c.requester.name}
                {c.requester.email && (
                  <>
                    {' '}
                    <a href={`mailto:${c.requester.email}`}>{c.requester.email}</a>
                  </>
                )}
              </>
            ) : (
              <span className="muted">{t('case.requester.none')}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('case.startedAt')}</dt>
          <dd>{formatDateTime(c.startedAt)}</dd>
        </div>
        {c.endedAt && (
          <div>
            <dt>{t('case.endedAt')}</dt>
            <dd>{formatDateTime(c.endedAt)}</dd>
          </div>
        )}
        {c.ticket && (
          <div>
            <dt>{t('case.ticket')}</dt>
            <dd>{c.ticket}</dd>
          </div>
        )}
        {c.kiosk && (
          <div>
            <dt>{t('case.kiosk')}</dt>
            <dd>{c.kiosk}</dd>
          </div>
        )}
        {c.summary && (
          <div className="case-fact-wide">
            <dt>{t('case.summary')}</dt>
            <dd>{c.summary}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function CopyFolio({ folio }: { folio: string }) {
  const { t } = useT();
  const [said, setSaid] = useState<string>();
  const copy = async () => {
    try {
      // The clipboard API exists only on secure pages (https, localhost); an office network may serve plain http.
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(folio);
      else if (!copyBySelection(folio)) throw new Error('no clipboard');
      setSaid(t('case.copied', { folio }));
    } catch {
      setSaid(t('case.copyFailed'));
    }
  };
  return (
    <>
      <button type="button" onClick={() => void copy()}>
        {t('case.copyFolio')}
      </button>
      <span role="status" className="case-copy-status">
        {said}
      </span>
    </>
  );
}

/** The old way to copy: select a hidden text and ask the document to copy it. */
function copyBySelection(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'visually-hidden';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } finally {
    area.remove();
  }
}

/** Everything of the case beside the form: request, earlier forms, attachments, history, notes. */
export function CaseDetails({ view, onChanged }: { view: CaseView; onChanged(): void }) {
  const { t, formatDateTime } = useT();
  const fileUrl = fileUrlOf(view.attachments);
  const personName = (username: string): string | undefined => view.people[username];
  const { request } = view;
  return (
    <div className="case-details" data-testid="case-details">
      <section aria-labelledby="caso-solicitud" className="case-section" data-testid="case-request">
        <h2 id="caso-solicitud">{t('case.request.title')}</h2>
        {request ? (
          <>
            <p className="muted">
              {request.form?.title && <>{request.form.title}. </>}
              {t('case.request.filed', { who: whoText(request.filedBy, t), date: formatDateTime(request.filedAt) })}
            </p>
            <FilledValues form={request.form} data={request.data} fileUrl={fileUrl} empty={t('case.request.empty')} personName={personName} />
          </>
        ) : (
          <p className="muted">{t('case.request.none')}</p>
        )}
      </section>

      <section aria-labelledby="caso-formularios" className="case-section" data-testid="case-submissions">
        <h2 id="caso-formularios">{t('case.submissions.title')}</h2>
        {view.submissions.length === 0 ? (
          <p className="muted">{t('case.submissions.none')}</p>
        ) : (
          view.submissions.map((s) => (
            <article key={s.userTaskKey} className="case-submission" aria-labelledby={`envio-${s.userTaskKey}`}>
              <h3 id={`envio-${s.userTaskKey}`}>{s.taskName}</h3>
              <p className="muted">{t('case.submission.by', { who: whoText(s.completedBy, t), date: formatDateTime(s.completedAt) })}</p>
              <FilledValues form={s.form} data={s.data} fileUrl={fileUrl} empty={t('case.submission.empty')} personName={personName} />
            </article>
          ))
        )}
      </section>

      <section aria-labelledby="caso-adjuntos" className="case-section" data-testid="case-attachments">
        <h2 id="caso-adjuntos">{t('case.attachments.title')}</h2>
        <Attachments attachments={view.attachments} />
      </section>

      <section aria-labelledby="caso-historial" className="case-section" data-testid="case-timeline">
        <h2 id="caso-historial">{t('case.timeline.title')}</h2>
        {view.timeline.length === 0 ? (
          <p className="muted">{t('case.timeline.none')}</p>
        ) : (
          <ol className="case-timeline">
            {view.timeline.map((entry, i) => (
              <li key={`${entry.at}-${i}`} data-kind={entry.kind}>
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                <span>{entry.text}</span>
                {entry.reason && <span className="muted">{t('case.timeline.reason', { reason: entry.reason })}</span>}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="caso-notas" className="case-section" data-testid="case-notes">
        <h2 id="caso-notas">{t('case.notes.title')}</h2>
        {view.notes.length === 0 ? (
          <p className="muted">{t('case.notes.none')}</p>
        ) : (
          <ol className="case-notes">
            {view.notes.map((note) => (
              <Note key={note.id} note={note} />
            ))}
          </ol>
        )}
        {(view.actions.addInternalNote || view.actions.reply) && <NoteForm view={view} onAdded={onChanged} />}
      </section>
    </div>
  );
}

function Attachments({ attachments }: { attachments: CaseAttachment[] }) {
  const { t, formatDateTime, intlLocale } = useT();
  if (!attachments.length) return <p className="muted">{t('case.attachments.none')}</p>;
  return (
    <ul className="case-attachments">
      {attachments.map((a) => (
        <li key={a.id}>
          <a href={a.url} download={a.name}>
            {a.name}
          </a>{' '}
          <span className="muted">({formatBytes(a.size, intlLocale)})</span>
          {a.uploadedBy && a.uploadedAt && <div className="muted">{t('case.attachment.uploaded', { who: a.uploadedBy.name, date: formatDateTime(a.uploadedAt) })}</div>}
        </li>
      ))}
    </ul>
  );
}

function Note({ note }: { note: CaseNote }) {
  const { t, formatDateTime } = useT();
  return (
    <li className={`case-note case-note-${note.kind}`} data-kind={note.kind}>
      <p className="case-note-head">
        <span className={`badge ${note.kind === 'reply' ? 'ok' : 'neutral'}`}>{t(note.kind === 'reply' ? 'case.note.reply' : 'case.note.internal')}</span>{' '}
        <span>{t('case.note.by', { who: note.author.name, date: formatDateTime(note.at) })}</span>
      </p>
      <p className="case-multiline">{note.text}</p>
      {note.kind === 'reply' && note.sentTo && note.sentTo.length > 0 && <p className="muted">{t('case.note.sentTo', { to: note.sentTo.join(', ') })}</p>}
    </li>
  );
}

function NoteForm({ view, onAdded }: { view: CaseView; onAdded(): void }) {
  const { t, intlLocale } = useT();
  const kinds: NoteKind[] = [...(view.actions.addInternalNote ? (['internal'] as const) : []), ...(view.actions.reply ? (['reply'] as const) : [])];
  const [kind, setKind] = useState<NoteKind>(kinds[0]!);
  const [text, setText] = useState('');
  const [blank, setBlank] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const email = view.case.requester?.email;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    setError(undefined);
    if (!text.trim()) {
      setBlank(true);
      textRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const note = await casesApi.addNote(view.case.processInstanceKey, { kind, text });
      const to = note.sentTo?.join(', ');
      setDone(note.kind === 'reply' ? (to ? t('case.noteForm.sent', { to }) : t('case.noteForm.sentNoAddress')) : t('case.noteForm.saved'));
      setText('');
      onAdded();
    } catch (caught) {
      setError(caught);
      if (caught instanceof ApiProblem && caught.errors.some((e) => /text$/.test(e.field))) textRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const help = kind === 'reply' ? (email ? t('case.noteForm.replyHelp', { to: email }) : t('case.noteForm.replyHelpNoAddress')) : t('case.noteForm.internalHelp');
  return (
    <form className="case-note-form card" onSubmit={(e) => void submit(e)} aria-labelledby="caso-nueva-nota" noValidate>
      <h3 id="caso-nueva-nota">{t('case.noteForm.title')}</h3>
      {kinds.length > 1 && (
        <fieldset className="case-note-kinds">
          <legend>{t('case.noteForm.kind')}</legend>
          {kinds.map((k) => (
            <label key={k}>
              <input type="radio" name="tipo-nota" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(k === 'reply' ? 'case.note.reply' : 'case.note.internal')}
            </label>
          ))}
        </fieldset>
      )}
      <p id="caso-nota-ayuda" className="field-help">
        {help} {t('case.noteForm.final')}
      </p>
      <label htmlFor="caso-nota-texto">{t('case.noteForm.text')}</label>
      <textarea
        id="caso-nota-texto"
        ref={textRef}
        value={text}
        maxLength={NOTE_MAX_LENGTH}
        rows={4}
        aria-invalid={blank || undefined}
        aria-describedby={`caso-nota-ayuda caso-nota-restan${blank ? ' caso-nota-error' : ''}`}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim()) setBlank(false);
        }}
      />
      {blank && (
        <p id="caso-nota-error" className="field-error">
          {t('case.noteForm.blank')}
        </p>
      )}
      <p id="caso-nota-restan" className="field-help">
        {t('case.noteForm.remaining', { count: new Intl.NumberFormat(intlLocale).format(NOTE_MAX_LENGTH - text.length) })}
      </p>
      <ProblemAlert error={error} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('case.noteForm.sending') : t(kind === 'reply' ? 'case.noteForm.submit.reply' : 'case.noteForm.submit.internal')}
        </button>
      </div>
      <div role="status">{done && <p className="alert ok">{done}</p>}</div>
    </form>
  );
}
