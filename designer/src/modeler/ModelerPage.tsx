// /modelos/:processId — the BPMN modeler: the working copy of a model (its latest draft, else its
// deployed BPMN, else a new diagram), live lint, Oficio's pickers, saving drafts, deploying, and
// the version history. bpmn-js is loaded only with this page.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { ApiProblem } from '../api/client';
import { findingsOfRefusal, modelsApi, type Deployment, type DraftVersion, type Finding, type Findings, type SavedDraft } from '../api/models';
import type { PageProps } from '../app/App';
import { Link, useLocation } from '../app/router';
import { useSession } from '../app/session';
import { translate, useT } from '../i18n';
import { Loading, ProblemAlert } from '../ui/Problem';
import { useAsync } from '../ui/useAsync';
import { DiagramViewer } from './bpmn/editor';
import { PUBLIC_START_PROPERTY, publicStartValue, START_FORM_PROPERTY, START_GROUPS_PROPERTY, starterGroupsValue } from '../../../contracts/bpmn.js';
import { FindingsList } from './FindingsList';
import { HistoryPanel } from './HistoryPanel';
import { newDiagramXml, PROCESS_ID_PATTERN, processNameIn } from './newDiagram';
import { OficioPanel } from './OficioPanel';
import { useDiagramEditor, type Baseline } from './useDiagramEditor';
import './modeler.css';
import { useLeaveGuard } from '../ui/useLeaveGuard';

type Outcome =
  | { kind: 'saved'; version: number }
  | { kind: 'deployed'; deployment: Deployment }
  | { kind: 'refused'; title: string; findings: Findings }
  | { kind: 'failed'; action: 'save' | 'deploy'; error: unknown };

type LoadNote = 'new' | 'fromDeployed' | 'deployedWithoutXml';

export default function ModelerPage({ params }: PageProps) {
  const processId = params.processId ?? '';
  const { t, formatDateTime } = useT();
  const session = useSession();
  const { query } = useLocation();
  const requestedName = query.get('nombre')?.trim() || undefined;
  const canDeploy = session.can('models.deploy');

  const versions = useAsync(() => modelsApi.versions(processId), [processId]);
  const forms = useAsync(() => modelsApi.forms(), []);
  const groups = useAsync(() => modelsApi.groups(), []);
  const workers = useAsync(() => modelsApi.workers(), []);

  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<HTMLDivElement>(null);
  const historyButton = useRef<HTMLButtonElement>(null);
  const viewingHeading = useRef<HTMLHeadingElement>(null);
  const keysId = useId();
  const historyId = useId();

  const [baseline, setBaseline] = useState<Baseline>();
  const [loadNote, setLoadNote] = useState<LoadNote>();
  const [savedVersion, setSavedVersion] = useState<number>();
  const [busy, setBusy] = useState<'save' | 'deploy' | undefined>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [historyOpen, setHistoryOpen] = useState(false);
  const [viewing, setViewing] = useState<DraftVersion>();
  const [viewError, setViewError] = useState<unknown>();

  const editor = useDiagramEditor(canvasRef, panelRef, baseline, keysId);
  const validId = PROCESS_ID_PATTERN.test(processId);

  // The working copy starts once, from what the server had when the page opened.
  useEffect(() => {
    if (baseline || versions.data === undefined) return;
    const found = versions.data;
    const latestDraft = found?.drafts.reduce<DraftVersion | undefined>((a, b) => (!a || b.version > a.version ? b : a), undefined);
    if (latestDraft) {
      setSavedVersion(latestDraft.version);
      setBaseline({ xml: latestDraft.xml, saved: true });
      return;
    }
    const deployed = [...(found?.deployed ?? [])].sort((a, b) => b.version - a.version)[0];
    if (deployed?.xml) {
      setLoadNote('fromDeployed');
      setBaseline({ xml: deployed.xml, saved: true });
      return;
    }
    if (!found && !validId) return;
    setLoadNote(deployed ? 'deployedWithoutXml' : 'new');
    // BPMN names follow the manual's Spanish, whatever the reader's language.
    setBaseline({ xml: newDiagramXml(processId, requestedName ?? processId, translate('es', 'modeler.template.startEvent')), saved: false });
  }, [baseline, versions.data, processId, requestedName, validId]);

  const name = useMemo(() => requestedName ?? (baseline ? processNameIn(baseline.xml, processId) : undefined) ?? processId, [requestedName, baseline, processId]);

  // Leaving with unsaved changes asks first.
  useLeaveGuard(editor.dirty, t('modeler.leaveConfirm'));

  // Forms designed in another tab appear when the reader comes back.
  const reloadForms = forms.reload;
  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && reloadForms();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [reloadForms]);

  // A past version opens read-only in its own viewer; the working copy waits, untouched, beside it.
  useEffect(() => {
    if (!viewing || !viewerRef.current) return;
    let viewer: DiagramViewer | undefined;
    let cancelled = false;
    setViewError(undefined);
    DiagramViewer.open(viewerRef.current, viewing.xml, t('modeler.viewer.svgLabel', { version: viewing.version })).then(
      (opened) => (cancelled ? opened.destroy() : (viewer = opened)),
      (error: unknown) => !cancelled && setViewError(error),
    );
    viewingHeading.current?.focus();
    return () => {
      cancelled = true;
      viewer?.destroy();
    };
  }, [viewing, t]);

  // A refusal's findings stand until the live check speaks of the edited diagram.
  useEffect(() => {
    if (editor.lint.source === 'lint' && editor.lint.status === 'done') setOutcome((o) => (o?.kind === 'refused' ? undefined : o));
  }, [editor.lint.source, editor.lint.status]);

  const save = useCallback(async (): Promise<SavedDraft | null> => {
    setBusy('save');
    setOutcome(undefined);
    try {
      const mark = editor.changeMark();
      const xml = await editor.xml();
      const saved = await modelsApi.saveDraft(processId, xml);
      editor.markSaved(xml, mark);
      setSavedVersion(saved.version);
      setLoadNote(undefined);
      setOutcome({ kind: 'saved', version: saved.version });
      versions.reload();
      return saved;
    } catch (error) {
      setOutcome({ kind: 'failed', action: 'save', error });
      return null;
    } finally {
      setBusy(undefined);
    }
  }, [editor, processId, versions]);

  const deploy = useCallback(async () => {
    let version = savedVersion;
    if (editor.dirty || version === undefined) {
      const saved = await save();
      if (!saved) return;
      version = saved.version;
    }
    setBusy('deploy');
    setOutcome(undefined);
    try {
      const deployment = await modelsApi.deploy(processId, version);
      setOutcome({ kind: 'deployed', deployment });
      versions.reload();
    } catch (error) {
      const findings = findingsOfRefusal(error);
      if (findings) {
        setOutcome({ kind: 'refused', title: error instanceof ApiProblem ? error.title : t('problem.title'), findings });
        editor.showFindings(findings, 'deploy');
      } else {
        setOutcome({ kind: 'failed', action: 'deploy', error });
      }
    } finally {
      setBusy(undefined);
    }
  }, [editor, processId, save, savedVersion, t, versions]);

  const download = useCallback(async () => {
    const xml = viewing ? viewing.xml : await editor.xml();
    const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = viewing ? `${processId}-v${viewing.version}.bpmn` : `${processId}.bpmn`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }, [editor, processId, viewing]);

  const closeViewing = useCallback(() => {
    setViewing(undefined);
    // The canvas was hidden: bpmn-js measures it again once it shows.
    requestAnimationFrame(() => {
      editor.resized();
      historyButton.current?.focus();
    });
  }, [editor]);

  const restore = useCallback(
    async (draft: DraftVersion) => {
      if (editor.dirty && !window.confirm(t('modeler.history.restoreConfirm', { version: draft.version }))) return;
      setViewing(undefined);
      setOutcome(undefined);
      requestAnimationFrame(() => {
        editor.resized();
        void editor.replace(draft.xml).then(
          () => setOutcome(undefined),
          (error: unknown) => setOutcome({ kind: 'failed', action: 'save', error }),
        );
      });
    },
    [editor, t],
  );

  const selected = editor.selected;
  // Only externalReference: camunda-bpmn-js-behaviors clears formId/formKey itself, and naming formId
  // (even as undefined) would make it clear externalReference instead.
  const onForm = (formId: string | undefined) => selected && editor.setExtension(selected.id, 'zeebe:FormDefinition', formId ? { externalReference: formId } : null);
  const onGroup = (value: string | undefined) =>
    selected && editor.setExtension(selected.id, 'zeebe:AssignmentDefinition', value ? { candidateGroups: value } : selected.assignmentHasOthers ? { candidateGroups: undefined } : null);
  const onWorker = (type: string | undefined) => selected && editor.setExtension(selected.id, 'zeebe:TaskDefinition', type ? { type } : null);
  const onStartForm = (formId: string | undefined) => selected?.start && editor.setProperty(selected.id, START_FORM_PROPERTY, formId);
  const onStarterGroups = (ids: string[]) => selected?.start && editor.setProperty(selected.id, START_GROUPS_PROPERTY, starterGroupsValue(ids));
  // Only "true" means public to the server; unchecked removes the property rather than writing "false".
  const onPublicStart = (publicStart: boolean) => selected?.start && editor.setProperty(selected.id, PUBLIC_START_PROPERTY, publicStartValue(publicStart));

  if (versions.error !== undefined && !baseline) {
    return (
      <>
        <h1>{t('modeler.title', { name: processId })}</h1>
        <ProblemAlert error={versions.error} />
        <button type="button" onClick={versions.reload}>
          {t('action.retry')}
        </button>
      </>
    );
  }
  if (versions.data === null && !validId) {
    return (
      <>
        <h1>{t('modeler.title', { name: processId })}</h1>
        <div className="alert error" role="alert">
          {t('modeler.invalidId', { id: processId })}
        </div>
        <Link to="/modelos">{t('modeler.backToModels')}</Link>
      </>
    );
  }

  const working = !viewing;
  const disabled = !editor.ready || busy !== undefined || !working;

  return (
    <div className="modeler-page">
      <p className="modeler-crumbs">
        <Link to="/modelos">{t('modeler.backToModels')}</Link>
      </p>
      <h1>
        {t('modeler.title', { name })} <span className="muted modeler-id">{processId}</span>
      </h1>

      {!baseline && <Loading />}
      {loadNote === 'new' && (
        <p className="alert warn" role="status">
          {t('modeler.load.new')}
        </p>
      )}
      {loadNote === 'fromDeployed' && (
        <p className="alert warn" role="status">
          {t('modeler.load.fromDeployed')}
        </p>
      )}
      {loadNote === 'deployedWithoutXml' && (
        <p className="alert warn" role="status">
          {t('modeler.load.deployedWithoutXml')}
        </p>
      )}
      {editor.openError !== undefined && (
        <div className="alert error" role="alert">
          {t('modeler.load.unreadable')}
        </div>
      )}

      <div className="toolbar modeler-toolbar" role="group" aria-label={t('modeler.toolbar.label')}>
        <button type="button" className="primary" onClick={() => void save()} disabled={disabled || (!editor.dirty && savedVersion !== undefined)} data-testid="save-draft">
          {busy === 'save' ? t('modeler.toolbar.saving') : t('modeler.toolbar.save')}
        </button>
        {canDeploy && (
          <button type="button" onClick={() => void deploy()} disabled={disabled} data-testid="deploy">
            {busy === 'deploy' ? t('modeler.toolbar.deploying') : t('modeler.toolbar.deploy')}
          </button>
        )}
        <button type="button" ref={historyButton} aria-expanded={historyOpen} aria-controls={historyId} onClick={() => setHistoryOpen((open) => !open)} data-testid="history-toggle">
          {t('modeler.toolbar.history')}
        </button>
        <button type="button" onClick={() => void download()} disabled={!editor.ready && !viewing}>
          {t('modeler.toolbar.download')}
        </button>
        <span className="modeler-dirty" aria-live="polite" data-testid="dirty-indicator" data-dirty={editor.dirty ? 'true' : 'false'}>
          {editor.dirty ? <span className="badge warn">{t('modeler.toolbar.dirty')}</span> : <span className="badge neutral">{t('modeler.toolbar.clean')}</span>}
        </span>
      </div>

      <OutcomeMessage outcome={outcome} onReveal={editor.reveal} nameOf={editor.nameOf} />

      {historyOpen && (
        <HistoryPanel
          id={historyId}
          versions={versions.data ?? null}
          viewing={viewing?.version}
          onView={(draft) => setViewing(draft)}
          onRestore={(draft) => void restore(draft)}
          onClose={() => {
            setHistoryOpen(false);
            historyButton.current?.focus();
          }}
        />
      )}

      {viewing && (
        <section className="alert warn modeler-viewing" aria-labelledby={`${historyId}-viewing`}>
          <h2 id={`${historyId}-viewing`} ref={viewingHeading} tabIndex={-1}>
            {t('modeler.viewer.title', { version: viewing.version })}
          </h2>
          <p>{t('modeler.viewer.meta', { author: viewing.author.name, date: formatDateTime(viewing.savedAt) })}</p>
          <div className="toolbar">
            <button type="button" className="primary" onClick={closeViewing}>
              {t('modeler.viewer.back')}
            </button>
            <button type="button" onClick={() => void restore(viewing)}>
              {t('modeler.viewer.restore')}
            </button>
          </div>
          {viewError !== undefined && <ProblemAlert error={viewError} />}
        </section>
      )}

      <div className={working ? 'modeler-layout' : 'modeler-layout viewing'}>
        <div className="modeler-main">
          <div ref={canvasRef} className="modeler-canvas" role="region" aria-label={t('modeler.canvas.label')} hidden={!working} data-testid="modeler-canvas" />
          <div ref={viewerRef} className="modeler-canvas" role="region" aria-label={t('modeler.viewer.label')} hidden={working} data-testid="viewer-canvas" />
          <p id={keysId} className="modeler-keys muted">
            {t('modeler.canvas.keys')}
          </p>
        </div>
        <div className="modeler-side" hidden={!working}>
          <FindingsList lint={editor.lint} nameOf={editor.nameOf} onReveal={editor.reveal} />
          <OficioPanel
            selected={selected}
            forms={forms}
            groups={groups}
            workers={workers}
            onForm={onForm}
            onGroup={onGroup}
            onWorker={onWorker}
            onStartForm={onStartForm}
            onStarterGroups={onStarterGroups}
            onPublicStart={onPublicStart}
          />
          <section className="modeler-box" aria-labelledby={`${historyId}-props`}>
            <h2 id={`${historyId}-props`}>{t('modeler.properties.title')}</h2>
            <div ref={panelRef} className="modeler-properties" data-testid="properties-panel" />
          </section>
        </div>
      </div>
    </div>
  );
}

function OutcomeMessage({ outcome, onReveal, nameOf }: { outcome: Outcome | undefined; onReveal(id: string): void; nameOf(id: string): string | undefined }) {
  const { t } = useT();
  if (!outcome) return null;
  if (outcome.kind === 'saved') {
    return (
      <p className="alert ok" role="status" data-testid="outcome">
        {t('modeler.outcome.saved', { version: outcome.version })}
      </p>
    );
  }
  if (outcome.kind === 'deployed') {
    const { deployment } = outcome;
    return (
      <div className="alert ok" role="status" data-testid="outcome" data-outcome="deployed">
        <strong>{t('modeler.outcome.deployed', { version: deployment.version, draft: deployment.draftVersion })}</strong>
        {deployment.warnings.length > 0 && (
          <>
            <div>{t('modeler.outcome.warnings')}</div>
            <FindingItems findings={deployment.warnings} onReveal={onReveal} nameOf={nameOf} />
          </>
        )}
      </div>
    );
  }
  if (outcome.kind === 'refused') {
    return (
      <div className="alert error" role="alert" data-testid="outcome" data-outcome="refused">
        <strong>{outcome.title}</strong>
        <div>{t('modeler.outcome.refused')}</div>
        <FindingItems findings={outcome.findings.errors} onReveal={onReveal} nameOf={nameOf} />
        {outcome.findings.warnings.length > 0 && (
          <>
            <div>{t('modeler.outcome.warnings')}</div>
            <FindingItems findings={outcome.findings.warnings} onReveal={onReveal} nameOf={nameOf} />
          </>
        )}
      </div>
    );
  }
  return (
    <div data-testid="outcome" data-outcome="failed">
      <p className="modeler-failed">{t(outcome.action === 'save' ? 'modeler.outcome.saveFailed' : 'modeler.outcome.deployFailed')}</p>
      <ProblemAlert error={outcome.error} />
    </div>
  );
}

function FindingItems({ findings, onReveal, nameOf }: { findings: Finding[]; onReveal(id: string): void; nameOf(id: string): string | undefined }) {
  const { t } = useT();
  return (
    <ul>
      {findings.map((f, i) => {
        const name = f.elementId ? nameOf(f.elementId) : undefined;
        return (
          <li key={`${f.elementId}-${f.rule}-${i}`}>
            {f.message}{' '}
            {name !== undefined && (
              <button type="button" className="link-button" onClick={() => onReveal(f.elementId)}>
                {t('modeler.outcome.show', { name })}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
