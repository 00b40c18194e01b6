// The Oficio panel above the properties panel: for the selected user task, its form and candidate
// group; for a service task, the worker that runs it; for the process's none start event, what the
// start catalogue needs (start form, who may start, public start). Choices come from the server's
// lists and are written into the diagram as Zeebe extension elements (one undoable step each).
import { useId } from 'react';
import type { FormSummary, NamedGroup, WorkerSummary } from '../api/models';
import type { Async } from '../ui/useAsync';
import { Loading, ProblemAlert } from '../ui/Problem';
import { useT } from '../i18n';
import type { StartSettings } from '../../../contracts/bpmn.js';
import type { SelectedElement } from './bpmn/extensions';

export interface OficioPanelProps {
  selected: SelectedElement | null;
  forms: Async<FormSummary[]>;
  groups: Async<NamedGroup[] | null>;
  workers: Async<WorkerSummary[] | null>;
  onForm(formId: string | undefined): void;
  onGroup(candidateGroups: string | undefined): void;
  onWorker(type: string | undefined): void;
  onStartForm(formId: string | undefined): void;
  /** The groups allowed to start; empty means any signed-in user. */
  onStarterGroups(groups: string[]): void;
  onPublicStart(publicStart: boolean): void;
}

const isUserTask = (s: SelectedElement | null) => s?.type === 'bpmn:UserTask';
const isServiceTask = (s: SelectedElement | null) => s?.type === 'bpmn:ServiceTask';

export function OficioPanel({ selected, forms, groups, workers, onForm, onGroup, onWorker, onStartForm, onStarterGroups, onPublicStart }: OficioPanelProps) {
  const { t, tDynamic } = useT();
  const headingId = useId();
  const typeLabel = selected ? tDynamic(`bpmn.${typeLabelOf(selected.type)}`, typeLabelOf(selected.type)) : '';
  return (
    <section className="modeler-box" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('modeler.oficio.title')}</h2>
      {!selected ? (
        <p className="muted">{t('modeler.oficio.multiple')}</p>
      ) : (
        <p className="muted" data-testid="oficio-selected">
          {t('modeler.oficio.selected', { name: selected.name ?? selected.id, type: typeLabel })}
        </p>
      )}
      {isUserTask(selected) && selected && (
        <>
          <FormPicker value={selected.form} forms={forms} onChange={onForm} label={t('modeler.oficio.form')} testId="oficio-form-picker" editTestId="oficio-form-edit" />
          <GroupPicker selected={selected} groups={groups} onGroup={onGroup} />
        </>
      )}
      {isServiceTask(selected) && selected && <WorkerPicker selected={selected} workers={workers} onWorker={onWorker} />}
      {selected?.start && (
        <StartSettingsFields
          key={selected.id}
          start={selected.start}
          forms={forms}
          groups={groups}
          onStartForm={onStartForm}
          onStarterGroups={onStarterGroups}
          onPublicStart={onPublicStart}
        />
      )}
      {selected && !isUserTask(selected) && !isServiceTask(selected) && !selected.start && <p className="muted">{t('modeler.oficio.hint')}</p>}
    </section>
  );
}

/** 'bpmn:UserTask' → 'User Task', the properties panel's own header label (and catalogue key). */
function typeLabelOf(type: string): string {
  return (type.split(':')[1] ?? type).replace(/(\B[A-Z])/g, ' $1');
}

interface FormPickerProps {
  /** The form id the element names now. */
  value: string | undefined;
  forms: Async<FormSummary[]>;
  onChange(formId: string | undefined): void;
  label: string;
  testId: string;
  editTestId: string;
  /** What choosing (or not choosing) a form means here. */
  hint?: string;
}

/** A select of the designed and file forms, with links to design a new one or edit the chosen one. */
function FormPicker({ value, forms, onChange, label, testId, editTestId, hint }: FormPickerProps) {
  const { t, locale } = useT();
  const id = useId();
  const hintId = useId();
  const current = value ?? '';
  const list = forms.data ?? [];
  const known = list.some((f) => f.id === current);
  return (
    <div className="modeler-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        data-testid={testId}
        value={current}
        aria-describedby={hint ? hintId : undefined}
        disabled={forms.loading && !forms.data}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">{t('modeler.oficio.form.none')}</option>
        {current && !known && <option value={current}>{t('modeler.oficio.form.unknown', { id: current })}</option>}
        {list.map((f) => (
          <option key={f.id} value={f.id}>
            {t('modeler.oficio.form.option', { title: f.title[locale] || f.title.es, id: f.id })}
          </option>
        ))}
      </select>
      {hint && (
        <p id={hintId} className="modeler-hint">
          {hint}
        </p>
      )}
      {forms.error !== undefined && <ProblemAlert error={forms.error} />}
      <p className="modeler-links">
        <a href="/formularios/nuevo" target="_blank" rel="noopener">
          {t('modeler.oficio.form.new')}
          <span className="visually-hidden"> {t('modeler.newTab')}</span>
        </a>
        {current && (
          <a href={`/formularios/${encodeURIComponent(current)}`} target="_blank" rel="noopener" data-testid={editTestId}>
            {t('modeler.oficio.form.edit')}
            <span className="visually-hidden">
              {' '}
              {t('modeler.oficio.form.editWhich', { id: current })} {t('modeler.newTab')}
            </span>
          </a>
        )}
        <button type="button" className="link-button" onClick={forms.reload}>
          {t('modeler.oficio.form.reload')}
        </button>
      </p>
    </div>
  );
}

function GroupPicker({ selected, groups, onGroup }: { selected: SelectedElement; groups: Async<NamedGroup[] | null>; onGroup(value: string | undefined): void }) {
  const { t, locale } = useT();
  const id = useId();
  const hintId = useId();
  const current = selected.candidateGroups ?? '';
  if (groups.data === null) {
    // No list on this server: the group is typed, as in the properties panel.
    return (
      <div className="modeler-field">
        <label htmlFor={id}>{t('modeler.oficio.group')}</label>
        <input
          id={id}
          data-testid="oficio-group-picker"
          defaultValue={current}
          key={`${selected.id}:${current}`}
          aria-describedby={hintId}
          onBlur={(e) => e.target.value.trim() !== current && onGroup(e.target.value.trim() || undefined)}
        />
        <p id={hintId} className="modeler-hint">
          {t('modeler.oficio.group.free')}
        </p>
      </div>
    );
  }
  const list = groups.data ?? [];
  const known = list.some((g) => g.id === current);
  return (
    <div className="modeler-field">
      <label htmlFor={id}>{t('modeler.oficio.group')}</label>
      <select
        id={id}
        data-testid="oficio-group-picker"
        value={current}
        aria-describedby={hintId}
        disabled={groups.loading && !groups.data}
        onChange={(e) => onGroup(e.target.value || undefined)}
      >
        <option value="">{t('modeler.oficio.group.none')}</option>
        {current && !known && <option value={current}>{t('modeler.oficio.group.current', { value: current })}</option>}
        {list.map((g) => (
          <option key={g.id} value={g.id}>
            {t('modeler.oficio.group.option', { name: g.name[locale] || g.name.es, id: g.id })}
          </option>
        ))}
      </select>
      <p id={hintId} className="modeler-hint">
        {t('modeler.oficio.group.hint')}
      </p>
      {groups.error !== undefined && <ProblemAlert error={groups.error} />}
    </div>
  );
}

function WorkerPicker({ selected, workers, onWorker }: { selected: SelectedElement; workers: Async<WorkerSummary[] | null>; onWorker(type: string | undefined): void }) {
  const { t, locale } = useT();
  const id = useId();
  const hintId = useId();
  const current = selected.jobType ?? '';
  if (workers.data === null) {
    return (
      <div className="modeler-field">
        <label htmlFor={id}>{t('modeler.oficio.worker')}</label>
        <input
          id={id}
          data-testid="oficio-worker-picker"
          defaultValue={current}
          key={`${selected.id}:${current}`}
          aria-describedby={hintId}
          onBlur={(e) => e.target.value.trim() !== current && onWorker(e.target.value.trim() || undefined)}
        />
        <p id={hintId} className="modeler-hint">
          {t('modeler.oficio.worker.free')}
        </p>
      </div>
    );
  }
  const list = workers.data ?? [];
  const known = list.some((w) => w.type === current);
  const description = list.find((w) => w.type === current)?.description;
  return (
    <div className="modeler-field">
      <label htmlFor={id}>{t('modeler.oficio.worker')}</label>
      <select
        id={id}
        data-testid="oficio-worker-picker"
        value={current}
        aria-describedby={hintId}
        disabled={workers.loading && !workers.data}
        onChange={(e) => onWorker(e.target.value || undefined)}
      >
        <option value="">{t('modeler.oficio.worker.none')}</option>
        {current && !known && <option value={current}>{t('modeler.oficio.worker.unknown', { type: current })}</option>}
        {list.map((w) => (
          <option key={w.type} value={w.type}>
            {w.type}
          </option>
        ))}
      </select>
      <p id={hintId} className="modeler-hint">
        {description ? description[locale] || description.es : t('modeler.oficio.worker.hint')}
      </p>
      {workers.error !== undefined && <ProblemAlert error={workers.error} />}
    </div>
  );
}

interface StartSettingsProps {
  start: StartSettings;
  forms: Async<FormSummary[]>;
  groups: Async<NamedGroup[] | null>;
  onStartForm(formId: string | undefined): void;
  onStarterGroups(groups: string[]): void;
  onPublicStart(publicStart: boolean): void;
}

/** The none start event's settings the start catalogue reads (zeebe:property oficio:*). */
function StartSettingsFields({ start, forms, groups, onStartForm, onStarterGroups, onPublicStart }: StartSettingsProps) {
  const { t } = useT();
  const publicId = useId();
  const publicHintId = useId();
  return (
    <>
      <FormPicker
        value={start.form}
        forms={forms}
        onChange={onStartForm}
        label={t('modeler.oficio.start.form')}
        testId="oficio-start-form-picker"
        editTestId="oficio-start-form-edit"
        hint={t(start.form ? 'modeler.oficio.start.form.hint' : 'modeler.oficio.start.form.missing')}
      />
      <StarterGroupsField current={start.starterGroups} groups={groups} onChange={onStarterGroups} />
      <div className="modeler-field modeler-check">
        <span>
          <input
            id={publicId}
            type="checkbox"
            data-testid="oficio-public-start"
            checked={start.publicStart}
            aria-describedby={publicHintId}
            onChange={(e) => onPublicStart(e.target.checked)}
          />{' '}
          <label htmlFor={publicId}>{t('modeler.oficio.start.public')}</label>
        </span>
        <p id={publicHintId} className="modeler-hint">
          {t(start.publicStart && !start.form ? 'modeler.oficio.start.public.needsForm' : 'modeler.oficio.start.public.hint')}
        </p>
      </div>
    </>
  );
}

function StarterGroupsField({ current, groups, onChange }: { current: string[]; groups: Async<NamedGroup[] | null>; onChange(groups: string[]): void }) {
  const { t, locale } = useT();
  const baseId = useId();
  const hintId = useId();
  const hint = (
    <p id={hintId} className="modeler-hint">
      {t(current.length ? 'modeler.oficio.start.groups.hint' : 'modeler.oficio.start.groups.anyone')}
    </p>
  );
  if (groups.data === null) {
    // No list on this server: the groups are typed, as in the properties panel.
    const value = current.join(',');
    return (
      <fieldset className="modeler-field modeler-fieldset" data-testid="oficio-starter-groups" aria-describedby={hintId}>
        <legend>{t('modeler.oficio.start.groups')}</legend>
        <label htmlFor={`${baseId}-free`}>{t('modeler.oficio.start.groups.free')}</label>
        <input
          id={`${baseId}-free`}
          defaultValue={value}
          key={value}
          onBlur={(e) => {
            const typed = e.target.value
              .split(',')
              .map((g) => g.trim())
              .filter(Boolean);
            if (typed.join(',') !== value) onChange(typed);
          }}
        />
        {hint}
      </fieldset>
    );
  }
  const list = groups.data ?? [];
  // Groups the model names but the server does not list stay visible, so unchecking them is possible.
  const unknown = current.filter((id) => !list.some((g) => g.id === id));
  const options = [
    ...list.map((g) => ({ id: g.id, label: t('modeler.oficio.group.option', { name: g.name[locale] || g.name.es, id: g.id }) })),
    ...unknown.map((id) => ({ id, label: t('modeler.oficio.group.current', { value: id }) })),
  ];
  // Written in the list's order, so the same choice always reads the same in the XML.
  const toggle = (id: string, checked: boolean) => onChange(options.map((o) => o.id).filter((g) => (g === id ? checked : current.includes(g))));
  return (
    <fieldset className="modeler-field modeler-fieldset" data-testid="oficio-starter-groups" aria-describedby={hintId}>
      <legend>{t('modeler.oficio.start.groups')}</legend>
      {groups.loading && !groups.data && <Loading />}
      {options.length > 0 && (
        <ul className="modeler-checks">
          {options.map((option, i) => (
            <li key={option.id}>
              <input id={`${baseId}-${i}`} type="checkbox" value={option.id} checked={current.includes(option.id)} onChange={(e) => toggle(option.id, e.target.checked)} />{' '}
              <label htmlFor={`${baseId}-${i}`}>{option.label}</label>
            </li>
          ))}
        </ul>
      )}
      {!groups.loading && groups.error === undefined && options.length === 0 && <p className="muted">{t('modeler.oficio.start.groups.empty')}</p>}
      {hint}
      {groups.error !== undefined && <ProblemAlert error={groups.error} />}
    </fieldset>
  );
}
