// A task's SLA as the server judged it: a coloured badge whose words say the status and the time
// left or overdue, so it never rests on colour alone.
import type { Sla, TaskState } from '../api/tasks';
import { useT, type I18n } from '../i18n';

const BADGE = { 'on-time': 'ok', 'due-soon': 'warn', breached: 'bad' } as const;

/** 135 minutes → "2 h 15 min"; 3000 → "2 d 2 h". */
export function formatMinutes(t: I18n['t'], total: number): string {
  const minutes = Math.max(0, Math.round(total));
  if (minutes < 60) return t('tasks.duration.minutes', { m: minutes });
  if (minutes < 24 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m ? t('tasks.duration.hours', { h, m }) : t('tasks.duration.hoursExact', { h });
  }
  const d = Math.floor(minutes / (24 * 60));
  const h = Math.floor((minutes % (24 * 60)) / 60);
  return h ? t('tasks.duration.days', { d, h }) : t('tasks.duration.daysExact', { d });
}

export function slaText(t: I18n['t'], sla: Sla, state: TaskState): string {
  const status = t(`tasks.sla.${sla.status}`);
  const time = formatMinutes(t, sla.byMinutes);
  // A closed task's SLA is measured at its completion, not now.
  if (state !== 'CREATED') return t(sla.status === 'breached' ? 'tasks.sla.doneLate' : 'tasks.sla.doneEarly', { status, time });
  return t(sla.status === 'breached' ? 'tasks.sla.late' : 'tasks.sla.left', { status, time });
}

export function SlaBadge({ sla, state }: { sla: Sla | null; state: TaskState }) {
  const { t } = useT();
  if (!sla) return null;
  return <span className={`badge ${BADGE[sla.status]}`}>{slaText(t, sla, state)}</span>;
}
