// /formularios/:id — the form designer: the fields list, the editor of the chosen field (or of the
// form's details) and the live preview side by side; a JSON tab for experts; the saved versions.
// "Guardar versión" checks the form first, then PUTs it with the version it was edited from; the
// server's refusals land on their fields, and a version saved meanwhile by someone else is named
// (the working copy is kept, to compare or to save on top).
// /formularios/nuevo starts a new form, asking for its key.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { ApiProblem, type FieldProblem } from '../api/client';
import { definitionOf, formsApi, saveConflictOf, type FormSource, type FormVersion } from '../api/forms';
import type { PageProps } from '../app/App';
import { Link, navigate } from '../app/router';
import { useT, type I18n, type MessageKey, type Params } from '../i18n';
import { Loading, ProblemAlert } from '../ui/Problem';
import { FieldEditor } from './FieldEditor';
import { FieldList, FORM_ENTRY, fieldTitle } from './FieldList';
import { FormSettings } from './FormSettings';
import { JsonTab } from './JsonTab';
import { Preview } from './Preview';
import { VersionsTab } from './VersionsTab';
import { inputId, inputLabel, isShown, issueMessage } from './inputs';
import {
  checkModel,
  emptyModel,
  fieldOfServerPath,
  fromDefinition,
  moveField,
  NEW_FORM_ID,
  newField,
  patternError,
  removeField,
  toDefinition,
  toSaveBody,
  type FieldKind,
  type FieldModel,
  type FormDefinitionJson,
  type FormModel,
  type Issue,
} from './model';
import { SourceBadge } from './SourceBadge';
import './formDesigner.css';
import { useLeaveGuard } from '../ui/useLeaveGuard';

type Tab = 'design' | 'json' | 'versions';
const TABS: Tab[] = ['design', 'json', 'versions'];

interface Origin {
  source?: FormSource;
  version?: number;
}

/** A version someone else saved while this copy was being edited. */
interface StaleSave {
  version: number;
  author: string;
  savedAt?: string;
}

/** Server errors sorted by where they belong: a field (uid), a form-level input, or the form as a whole (''). */
interface ServerErrors {
  byField: Map<string, string[]>;
  byFormInput: Record<string, string[]>;
  problem?: ApiProblem;
}

/** The form-level input a server error path names: 'body/title/es' → 'title.es', 'params/id' → 'id'; '' for the form as a whole. */
function formInputOf(path: string, form: string | undefined): string {
  if (form === 'title' || form === 'description') {
    const lang = path.replace(/^body\//, '').split('/')[1];
    return `${form}.${lang === 'en' ? 'en' : 'es'}`;
  }
  return form ?? '';
}

function sortServerErrors(model: FormModel, problem: ApiProblem): ServerErrors {
  const byField = new Map<string, string[]>();
  const byFormInput: Record<string, string[]> = {};
  for (const error of problem.errors) {
    const place = fieldOfServerPath(model, error.field);
    if (place.fieldUid) byField.set(place.fieldUid, [...(byField.get(place.fieldUid) ?? []), error.message]);
    else (byFormInput[formInputOf(error.field, place.form)] ??= []).push(error.message);
  }
  return { byField, byFormInput, problem };
}

export default function FormDesignerPage({ params }: PageProps) {
  const i18n = useT();
  const { t, locale, formatDateTime } = i18n;
  const routeId = params.id ?? '';
  const isNew = routeId === NEW_FORM_ID;

  const [model, setModel] = useState<FormModel>();
  const [snapshot, setSnapshot] = useState('');
  const [origin, setOrigin] = useState<Origin>({});
  const [loadError, setLoadError] = useState<unknown>();
  const [selected, setSelected] = useState<string>(FORM_ENTRY);
  const [focusLabelOf, setFocusLabelOf] = useState<string>();
  const [tab, setTab] = useState<Tab>('design');
  const [undo, setUndo] = useState<{ message: MessageKey; params: Params; model: FormModel; selected: string }>();
  const [announcement, setAnnouncement] = useState('');
  const [afterSave, setAfterSave] = useState(false);
  const [saving, setSaving] = useState(false);
  const [savedVersion, setSavedVersion] = useState<number>();
  const [saveError, setSaveError] = useState<unknown>();
  const [idTaken, setIdTaken] = useState<string>();
  const [stale, setStale] = useState<StaleSave>();
  const [viewVersion, setViewVersion] = useState<{ version: number; request: number }>();
  const [server, setServer] = useState<ServerErrors>();
  const [versionsKey, setVersionsKey] = useState(0);
  const loadedFor = useRef<string>(undefined);
  const summaryRef = useRef<HTMLDivElement>(null);
  const tabRefs = useRef(new Map<Tab, HTMLButtonElement>());

  // Loading: a new form starts empty; an existing one comes from the server. After a new form's
  // first save the address changes to its id, and the form already in hand is kept.
  const modelRef = useRef<FormModel>(undefined);
  modelRef.current = model;
  useEffect(() => {
    if (loadedFor.current === routeId && (isNew || modelRef.current?.id === routeId)) return;
    loadedFor.current = routeId;
    setLoadError(undefined);
    setSelected(FORM_ENTRY);
    setTab('design');
    if (isNew) {
      const fresh = emptyModel('');
      setModel(fresh);
      setSnapshot(JSON.stringify(toDefinition(fresh)));
      setOrigin({});
      return;
    }
    setModel(undefined);
    let current = true;
    formsApi.get(routeId).then(
      (document) => {
        if (!current) return;
        const loaded = fromDefinition(definitionOf(document));
        setModel(loaded);
        setSnapshot(JSON.stringify(toDefinition(loaded)));
        setOrigin({ source: document.source, ...(document.version !== undefined ? { version: document.version } : {}) });
      },
      (error: unknown) => current && setLoadError(error),
    );
    return () => {
      current = false;
    };
  }, [routeId, isNew]);

  const definition = useMemo(() => (model ? toDefinition(model) : undefined), [model]);
  const dirty = definition !== undefined && JSON.stringify(definition) !== snapshot;
  const issues = useMemo(() => (model ? checkModel(model, { checkId: isNew }) : []), [model, isNew]);
  const shownIssues = useMemo(() => issues.filter((i) => isShown(i, afterSave, model?.id ?? '')), [issues, afterSave, model?.id]);

  // The preview shows what can be shown while a pattern is being typed.
  const previewDefinition = useMemo(() => {
    if (!model) return undefined;
    const safe = model.fields.some((f) => patternError(f.pattern));
    return safe ? toDefinition({ ...model, fields: model.fields.map((f) => (patternError(f.pattern) ? { ...f, pattern: undefined } : f)) }) : definition;
  }, [model, definition]);

  // Leaving with unsaved changes asks first.
  useLeaveGuard(dirty, t('fd.unsaved.leave'));

  const change = useCallback((next: (m: FormModel) => FormModel) => {
    setModel((m) => (m ? next(m) : m));
    setUndo(undefined);
    setSavedVersion(undefined);
  }, []);

  const changeField = useCallback((uid: string, next: (f: FieldModel) => FieldModel) => change((m) => ({ ...m, fields: m.fields.map((f) => (f.uid === uid ? next(f) : f)) })), [change]);

  // The offer keeps its message as a key, so it reads right after a change of language.
  const offerUndo = (message: MessageKey, params: Params, previous: FormModel) => {
    setUndo({ message, params, model: previous, selected });
    setAnnouncement(t(message, params));
  };

  // A replaced model has new field identities: the last save's refusals no longer point anywhere.
  const forgetSaveAttempt = () => {
    setServer(undefined);
    setSaveError(undefined);
    setIdTaken(undefined);
    setStale(undefined);
  };

  if (loadError !== undefined) {
    const notFound = loadError instanceof ApiProblem && loadError.status === 404;
    return (
      <>
        <h1>{notFound ? t('fd.page.notFound', { id: routeId }) : t('fd.page.newTitle')}</h1>
        {!notFound && <ProblemAlert error={loadError} />}
        <Link to="/formularios">{t('fd.page.back')}</Link>
      </>
    );
  }
  if (!model || !definition || !previewDefinition) return <Loading />;

  const addField = (kind: FieldKind) => {
    const field = newField(kind);
    change((m) => ({ ...m, fields: [...m.fields, field] }));
    setSelected(field.uid);
    setFocusLabelOf(field.uid);
    setAnnouncement(t('fd.fields.added', { kind: t(`fd.kind.${kind}`) }));
  };

  const moveTo = (from: number, to: number) => {
    const moved = model.fields[from];
    if (!moved) return;
    change((m) => moveField(m, from, to));
    setAnnouncement(t('fd.fields.moved', { label: fieldTitle(moved, locale) || t('fd.fields.untitled'), position: to + 1, count: model.fields.length }));
  };

  const remove = (uid: string) => {
    const field = model.fields.find((f) => f.uid === uid);
    if (!field) return;
    const previous = model;
    change((m) => removeField(m, uid));
    if (selected === uid) setSelected(FORM_ENTRY);
    offerUndo('fd.fields.removed', { label: fieldTitle(field, locale) || t('fd.fields.untitled') }, previous);
  };

  const applyJson = (next: FormDefinitionJson) => {
    const previous = model;
    change(() => fromDefinition(next));
    forgetSaveAttempt();
    setSelected(FORM_ENTRY);
    offerUndo('fd.json.applied', {}, previous);
  };

  const restore = (version: FormVersion) => {
    const previous = model;
    change(() => fromDefinition({ ...version.definition, id: model.id }));
    forgetSaveAttempt();
    setSelected(FORM_ENTRY);
    setTab('design');
    offerUndo('fd.versions.restored', { version: version.version }, previous);
  };

  const goTo = (issue: { fieldUid?: string; at: string }) => {
    setTab('design');
    setSelected(issue.fieldUid ?? FORM_ENTRY);
    requestAnimationFrame(() => document.getElementById(inputId(issue.fieldUid ?? 'form', issue.at))?.focus());
  };

  /** Saves the working copy; `onTopOf` is the version someone else saved, when the user chose to save over it. */
  const save = async (onTopOf?: number) => {
    setAfterSave(true);
    setSaveError(undefined);
    setIdTaken(undefined);
    setSavedVersion(undefined);
    if (issues.length > 0) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setSaving(true);
    setServer(undefined);
    try {
      // The server refuses (409) a save over a version this copy was not edited from; checking
      // there, not here first, is what keeps two people from both passing the check.
      const base = isNew ? { baseVersion: 0, new: true } : { baseVersion: onTopOf ?? origin.version ?? 0 };
      const saved = await formsApi.save(model.id, toSaveBody(definition), base);
      setStale(undefined);
      setSnapshot(JSON.stringify(definition));
      setOrigin({ source: 'designed', version: saved.version });
      setSavedVersion(saved.version);
      setVersionsKey((k) => k + 1);
      setAfterSave(false);
      if (isNew) {
        loadedFor.current = model.id;
        navigate(`/formularios/${encodeURIComponent(model.id)}`, { replace: true });
      }
    } catch (error) {
      const conflict = saveConflictOf(error);
      if (conflict?.reason === 'idTaken') {
        setIdTaken(model.id);
      } else if (conflict?.reason === 'staleVersion' && conflict.latestVersion !== undefined) {
        setStale({ version: conflict.latestVersion, author: conflict.latestAuthor?.name ?? '—', ...(conflict.latestSavedAt ? { savedAt: conflict.latestSavedAt } : {}) });
        setVersionsKey((k) => k + 1);
      } else {
        setStale(undefined);
        setSaveError(error);
        if (error instanceof ApiProblem && error.errors.length > 0) setServer(sortServerErrors(model, error));
      }
    } finally {
      setSaving(false);
    }
  };

  const showVersion = (version: number) => {
    setViewVersion((v) => ({ version, request: (v?.request ?? 0) + 1 }));
    setTab('versions');
    requestAnimationFrame(() => tabRefs.current.get('versions')?.focus());
  };

  const selectedField = model.fields.find((f) => f.uid === selected);
  const flagged = new Set<string>([...shownIssues.map((i) => i.fieldUid).filter((u): u is string => Boolean(u)), ...(server?.byField.keys() ?? [])]);
  const formFlagged = shownIssues.some((i) => !i.fieldUid && i.at !== 'fields') || Object.keys(server?.byFormInput ?? {}).some((k) => k !== '');
  const rulesText = JSON.stringify(model.rules);
  const title = model.title[locale].trim() || model.title.es.trim();

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const at = TABS.indexOf(tab);
    const next =
      event.key === 'ArrowRight'
        ? TABS[(at + 1) % TABS.length]
        : event.key === 'ArrowLeft'
          ? TABS[(at + TABS.length - 1) % TABS.length]
          : event.key === 'Home'
            ? TABS[0]
            : event.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    tabRefs.current.get(next)?.focus();
  };

  return (
    <div className="fd-page">
      <p className="fd-crumbs">
        <Link to="/formularios">{t('fd.page.back')}</Link>
      </p>
      <div className="fd-header">
        <h1>{isNew ? t('fd.page.newTitle') : t('fd.page.title', { title: title || model.id })}</h1>
        {!isNew && <SourceBadge form={origin} />}
        <span className={`badge ${dirty ? 'warn' : 'neutral'}`} data-testid="dirty-state">
          {dirty ? t('fd.state.dirty') : t('fd.state.clean')}
        </span>
        <div className="fd-header-actions">
          {/* An unchanged designed form has nothing to save; a file form may be saved as is to become designed. */}
          <button type="button" className="primary" onClick={() => void save()} disabled={saving || (!dirty && origin.source === 'designed')}>
            {saving ? t('fd.saving') : t('fd.save')}
          </button>
        </div>
      </div>

      <div className="fd-messages">
        <div role="status" aria-live="polite" className="visually-hidden">
          {announcement}
        </div>
        <div role="status" aria-live="polite" data-testid="save-status">
          {savedVersion !== undefined && <p className="alert ok">{t('fd.saved', { version: savedVersion })}</p>}
        </div>
        {undo && (
          <div className="alert ok fd-undo">
            <span>{t(undo.message, undo.params)}</span>{' '}
            <button
              type="button"
              onClick={() => {
                setModel(undo.model);
                forgetSaveAttempt();
                setSelected(undo.model.fields.some((f) => f.uid === undo.selected) ? undo.selected : FORM_ENTRY);
                setUndo(undefined);
                setAnnouncement(t('fd.undone'));
              }}
            >
              {t('fd.undo')}
            </button>
          </div>
        )}
        {afterSave && issues.length > 0 && <IssueSummary refTo={summaryRef} issues={issues} model={model} i18n={i18n} onGoTo={goTo} />}
        {idTaken && (
          <p className="alert error" role="alert">
            {t('fd.save.exists', { id: idTaken })}
          </p>
        )}
        {stale && (
          <div className="alert error fd-stale" role="alert" data-testid="save-conflict">
            <p>{t('fd.save.stale', { author: stale.author, version: stale.version, date: stale.savedAt ? formatDateTime(stale.savedAt) : '—' })}</p>
            <p>{t('fd.save.staleHint', { version: stale.version })}</p>
            <div className="toolbar">
              <button type="button" onClick={() => showVersion(stale.version)}>
                {t('fd.save.staleView', { version: stale.version })}
              </button>
              <button type="button" onClick={() => void save(stale.version)} disabled={saving}>
                {t('fd.save.staleOverwrite', { next: stale.version + 1 })}
              </button>
            </div>
          </div>
        )}
        {saveError !== undefined && server && <ServerSummary server={server} model={model} i18n={i18n} onGoTo={goTo} />}
        {saveError !== undefined && !server && <ProblemAlert error={saveError} />}
      </div>

      <div role="tablist" aria-label={t('fd.tab.label')} className="fd-tabs">
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`fd-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`fd-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            ref={(element) => {
              if (element) tabRefs.current.set(name, element);
            }}
            onKeyDown={onTabKey}
            onClick={() => setTab(name)}
          >
            {t(`fd.tab.${name}`)}
          </button>
        ))}
      </div>

      <div role="tabpanel" id="fd-panel-design" aria-labelledby="fd-tab-design" hidden={tab !== 'design'}>
        {tab === 'design' && (
          <div className="fd-workspace">
            <section className="fd-pane fd-pane-fields" aria-labelledby="fd-fields-heading">
              <h2 id="fd-fields-heading">{t('fd.section.fields')}</h2>
              <FieldList
                fields={model.fields}
                selected={selectedField ? selected : FORM_ENTRY}
                flagged={flagged}
                formFlagged={formFlagged}
                onSelect={(uid) => {
                  setSelected(uid);
                  setFocusLabelOf(undefined);
                }}
                onMove={moveTo}
                onRemove={remove}
                onAdd={addField}
              />
              {shownIssues.some((i) => i.at === 'fields') && <p className="fd-problems">{t('fd.issue.fields.empty')}</p>}
            </section>
            <section className="fd-pane fd-pane-editor" aria-label={t('fd.section.editor')}>
              {selectedField ? (
                <FieldEditor
                  key={selectedField.uid}
                  model={model}
                  field={selectedField}
                  onChange={(next) => changeField(selectedField.uid, next)}
                  issues={shownIssues.filter((i) => i.fieldUid === selectedField.uid)}
                  serverErrors={server?.byField.get(selectedField.uid) ?? []}
                  focusLabel={focusLabelOf === selectedField.uid}
                  mentionedByRules={selectedField.name !== '' && rulesText.includes(`"${selectedField.name}"`)}
                />
              ) : (
                <FormSettings
                  model={model}
                  isNew={isNew}
                  onChange={(patch) => change((m) => ({ ...m, ...patch }))}
                  issues={shownIssues.filter((i) => !i.fieldUid && i.at !== 'fields')}
                  serverErrors={server?.byFormInput ?? {}}
                />
              )}
            </section>
            <section className="fd-pane fd-pane-preview" aria-labelledby="fd-preview-heading">
              <Preview definition={previewDefinition} />
            </section>
          </div>
        )}
      </div>
      <div role="tabpanel" id="fd-panel-json" aria-labelledby="fd-tab-json" hidden={tab !== 'json'}>
        {tab === 'json' && <JsonTab definition={definition} fixedId={isNew ? undefined : model.id} onApply={applyJson} />}
      </div>
      <div role="tabpanel" id="fd-panel-versions" aria-labelledby="fd-tab-versions" hidden={tab !== 'versions'}>
        {tab === 'versions' && <VersionsTab formId={isNew ? model.id : routeId} isNew={isNew} reloadKey={versionsKey} show={viewVersion} onRestore={restore} />}
      </div>
    </div>
  );
}

function whereOf(i18n: I18n, model: FormModel, fieldUid: string | undefined): string {
  const field = fieldUid ? model.fields.find((f) => f.uid === fieldUid) : undefined;
  return field ? fieldTitle(field, i18n.locale) || field.name || i18n.t('fd.fields.untitled') : i18n.t('fd.issues.form');
}

function IssueSummary({ issues, model, i18n, onGoTo, refTo }: { issues: Issue[]; model: FormModel; i18n: I18n; onGoTo(issue: Issue): void; refTo: RefObject<HTMLDivElement | null> }) {
  const { t } = i18n;
  return (
    <div className="alert error fd-summary" role="alert" tabIndex={-1} ref={refTo} data-testid="issue-summary">
      <strong>{t('fd.issues.summary', { count: issues.length })}</strong>
      <ul>
        {issues.map((issue, i) => (
          <li key={i}>
            <button type="button" className="link-button" onClick={() => onGoTo(issue)}>
              {t('fd.issues.item', { where: whereOf(i18n, model, issue.fieldUid), input: inputLabel(i18n, issue.at), message: issueMessage(i18n, issue) })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ServerSummary({ server, model, i18n, onGoTo }: { server: ServerErrors; model: FormModel; i18n: I18n; onGoTo(issue: { fieldUid?: string; at: string }): void }) {
  const { t } = i18n;
  const errors: FieldProblem[] = server.problem?.errors ?? [];
  return (
    <div className="alert error" role="alert" data-testid="server-errors">
      <strong>{server.problem?.title}</strong>
      <div>{t('fd.save.refused')}</div>
      <ul>
        {errors.map((error, i) => {
          const place = fieldOfServerPath(model, error.field);
          const where = place.fieldUid ? whereOf(i18n, model, place.fieldUid) : t('fd.issues.form');
          const at = place.fieldUid ? 'label.es' : formInputOf(error.field, place.form) || 'title.es';
          return (
            <li key={i}>
              <button type="button" className="link-button" onClick={() => onGoTo({ ...(place.fieldUid ? { fieldUid: place.fieldUid } : {}), at })}>
                {`${where}: ${error.message}`}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
