// The header's live part: how many tasks arrived for the user (their groups, or assigned to them)
// since they last looked at the tasklist — cleared when they do —, the open tasks of the groups they
// lead that are about to breach their due date, and a polite live region that says each arrival and
// each warning to screen-reader users without taking them from what they are doing.
import { useEffect, useState } from 'react';
import { Link, useLocation } from '../app/router';
import { useSession } from '../app/session';
import { liveApi, type SlaWarning } from '../api/live';
import { useT } from '../i18n';
import { useLiveEvents } from './live';
import './live.css';

/** Warnings the header lists at most (the oldest drop off). */
const MAX_WARNINGS = 20;

export function LiveIndicator() {
  const { t, formatDateTime } = useT();
  const session = useSession();
  const user = session.user;
  const { path } = useLocation();
  const onTasklist = path === '/tareas';
  const [fresh, setFresh] = useState(0);
  const [warnings, setWarnings] = useState<SlaWarning[]>([]);
  const [announcement, setAnnouncement] = useState('');

  // Looking at the tasklist is seeing what arrived.
  useEffect(() => {
    if (onTasklist) setFresh(0);
  }, [onTasklist]);

  useEffect(() => {
    if (!user) return undefined;
    let live = true;
    liveApi.slaWarnings().then(
      (items) => live && setWarnings((known) => merge(known, items)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [user]);

  useLiveEvents((message) => {
    if (!user) return;
    if (message.kind === 'sla-warning') {
      setWarnings((known) => merge([message.warning], known));
      setAnnouncement(t('live.announce.warning', { name: message.warning.taskName, folio: message.warning.folio ?? '' }));
      return;
    }
    if (message.kind !== 'task') return;
    const { change, task } = message.event;
    if (change === 'completed' || change === 'canceled') setWarnings((known) => known.filter((w) => w.userTaskKey !== task.userTaskKey));
    if (change !== 'created') return;
    const forMe = task.assignee ? task.assignee === user.username : task.candidateGroups.some((g) => user.groups.includes(g));
    if (!forMe) return;
    if (!onTasklist) setFresh((n) => n + 1);
    setAnnouncement(t('live.announce.created', { name: task.name }));
  }, Boolean(user));

  if (!user) return null;
  return (
    <div className="live-indicator">
      {fresh > 0 && (
        <Link to="/tareas" className="live-fresh">
          <span className="live-count">{fresh}</span> {t('live.newTasks', { count: fresh })}
        </Link>
      )}
      {warnings.length > 0 && (
        <details className="live-warnings">
          <summary>{t('live.warnings', { count: warnings.length })}</summary>
          <ul>
            {warnings.map((w) => (
              <li key={w.userTaskKey}>
                <Link to={`/tareas/${encodeURIComponent(w.userTaskKey)}`}>{w.folio ? t('live.warnings.itemFolio', { name: w.taskName, folio: w.folio }) : w.taskName}</Link>
                <div className="muted">{t('live.warnings.due', { due: formatDateTime(w.dueDate) })}</div>
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}

/** `first` then `rest`, one warning per task, at most MAX_WARNINGS. */
function merge(first: SlaWarning[], rest: SlaWarning[]): SlaWarning[] {
  const seen = new Set<string>();
  const out: SlaWarning[] = [];
  for (const w of [...first, ...rest]) {
    if (seen.has(w.userTaskKey)) continue;
    seen.add(w.userTaskKey);
    out.push(w);
  }
  return out.slice(0, MAX_WARNINGS);
}
