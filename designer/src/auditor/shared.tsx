// Small pieces the auditor pages share: state badges, people's names, audit actions in words,
// folios (the engine key only in places marked for operators), values and sizes as text.
import type { AuditActor, InstanceState, StartedBy, Who } from '../api/auditor';
import type { I18n } from '../i18n';
import { hasMessage, useT } from '../i18n';

const STATE_LOOK: Record<InstanceState, { badge: string; icon: string }> = {
  ACTIVE: { badge: 'neutral', icon: '●' },
  COMPLETED: { badge: 'ok', icon: '✓' },
  TERMINATED: { badge: 'warn', icon: '✕' },
};

export function InstanceStateBadge({ state }: { state: InstanceState }) {
  const { t, tDynamic } = useT();
  const look = STATE_LOOK[state] ?? STATE_LOOK.ACTIVE;
  return (
    <span className={`badge ${look.badge}`} data-state={state}>
      <span aria-hidden="true">{look.icon} </span>
      {tDynamic(`auditor.state.${state}`, t('auditor.none'))}
    </span>
  );
}

/** What people call an instance: its case's folio; undefined for an instance from before folios. */
export function folioOf(instance: { folio?: string | null | undefined }): string | undefined {
  return instance.folio || undefined;
}

/**
 * The engine's key, in a place marked for operators (data-operator): what an operator quotes to the
 * engine or the command line, never what a person identifies a request by.
 */
export function EngineKey({ engineKey, label = 'auditor.engineKey' }: { engineKey: string; label?: 'auditor.engineKey' | 'auditor.audit.task' }) {
  const { t } = useT();
  return (
    <span className="auditor-operator" data-operator="engine-key">
      {t(label, { key: engineKey })}
    </span>
  );
}

/** An element type (USER_TASK …) in words; a type the catalogue does not know is "another element". */
export function elementTypeLabel(type: string, i18n: Pick<I18n, 't' | 'tDynamic'>): string {
  return i18n.tDynamic(`auditor.type.${type}`, i18n.t('auditor.type.unknown'));
}

/** An incident's error type (JOB_NO_RETRIES …) in words; an unknown one reads as an unknown error. */
export function errorTypeLabel(errorType: string | undefined, i18n: Pick<I18n, 't' | 'tDynamic'>): string {
  return i18n.tDynamic(`auditor.errorType.${errorType ?? 'UNKNOWN'}`, i18n.t('auditor.errorType.UNKNOWN'));
}

/** "With incident", or the number of open incidents where the column says what it counts (a row's count may be undefined: unknown). */
export function IncidentBadge({ count }: { count?: number | undefined }) {
  const { t } = useT();
  return (
    <span className="badge bad" data-incident="true">
      <span aria-hidden="true">⚠ </span>
      {count !== undefined ? count : t('auditor.withIncident')}
    </span>
  );
}

/** A person's display name, or the words for the system and for a citizen on a public form. */
export function whoName(who: Who | AuditActor | undefined, t: I18n['t']): string {
  if (!who) return t('auditor.none');
  if (who === 'system') return t('auditor.who.system');
  if (who === 'anonymous') return t('auditor.who.anonymous');
  return who.name || who.id;
}

/** The `iniciadoPor` variable's name, when it has one (any process variable may hold anything: each key is checked). */
export function startedByName(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Partial<Record<keyof StartedBy, unknown>>;
  for (const candidate of [v.nombre, v.username, v.id]) if (typeof candidate === 'string' && candidate) return candidate;
  return undefined;
}

/** Whether the catalogue names this audit action. */
export function isKnownAction(action: string): boolean {
  return hasMessage(`auditor.action.${action}`);
}

/** An audit action in words; one the catalogue does not name says so (its code goes to operators: ActionText). */
export function actionLabel(action: string, i18n: Pick<I18n, 't' | 'tDynamic'>): string {
  return i18n.tDynamic(`auditor.action.${action}`, i18n.t('auditor.actionUnknown'));
}

/** The action in words, for tables; an action the catalogue does not name shows its code, marked for operators. */
export function ActionText({ action }: { action: string }) {
  const i18n = useT();
  return (
    <span data-action={action}>
      {actionLabel(action, i18n)}
      {!isKnownAction(action) && (
        <>
          {' '}
          <code className="auditor-code auditor-operator" data-operator="action-code">
            {i18n.t('auditor.actionCode', { code: action })}
          </code>
        </>
      )}
    </span>
  );
}

/** A variable's value as one line of text: strings as they are, everything else as JSON. */
export function valueText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Long values are cut on screen; the whole text stays in the title and in a details element. */
export function ValueCell({ value, max = 120 }: { value: unknown; max?: number }) {
  const text = valueText(value);
  if (text.length <= max) return <span className="auditor-value">{text}</span>;
  return (
    <details className="auditor-value">
      <summary>{`${text.slice(0, max)}…`}</summary>
      <pre>{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

export function formatSize(bytes: number, t: I18n['t'], intlLocale: string): string {
  const number = (n: number) => new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 1 }).format(n);
  if (bytes < 1024) return t('auditor.size.bytes', { n: number(bytes) });
  if (bytes < 1024 * 1024) return t('auditor.size.kb', { n: number(bytes / 1024) });
  return t('auditor.size.mb', { n: number(bytes / (1024 * 1024)) });
}

/** A span of minutes as people say it: minutes, hours and minutes, or days and hours. */
export function formatMinutes(minutes: number, t: I18n['t']): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return t('auditor.duration.minutes', { m });
  if (m < 24 * 60) return t('auditor.duration.hours', { h: Math.floor(m / 60), m: m % 60 });
  return t('auditor.duration.days', { d: Math.floor(m / (24 * 60)), h: Math.floor((m % (24 * 60)) / 60) });
}

/** A date input's value (yyyy-mm-dd, the reader's day) as the ISO instant that day starts. */
export function dayStart(day: string | null | undefined): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const at = new Date(`${day}T00:00:00`);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** The instant the day after `day` starts: an inclusive "until" day as the API's exclusive bound. */
export function dayEnd(day: string | null | undefined): string | undefined {
  const start = dayStart(day);
  if (!start) return undefined;
  const at = new Date(start);
  at.setDate(at.getDate() + 1);
  return at.toISOString();
}
