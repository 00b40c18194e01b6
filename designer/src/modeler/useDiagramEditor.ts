// The working copy of a model in the page: the bpmn-js editor (re-created with the current XML when
// the reader changes language, since its translations are fixed at creation), whether there are
// unsaved changes, the selected element, and the live lint that follows every edit.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { modelsApi, type Findings } from '../api/models';
import { useT } from '../i18n';
import { DiagramEditor, type BadgeTexts, type SelectedElement } from './bpmn/editor';
import type { ExtensionType } from './bpmn/extensions';
import { NO_FINDINGS, type LintState } from './FindingsList';

const LINT_DELAY_MS = 800;

export interface Baseline {
  xml: string;
  /** True when the XML is what the server keeps (a draft or a deployed version); false for a new diagram. */
  saved: boolean;
}

export interface DiagramEditorSession {
  ready: boolean;
  openError: unknown;
  dirty: boolean;
  selected: SelectedElement | null;
  lint: LintState;
  /** The current XML of the working copy. */
  xml(): Promise<string>;
  /** A mark of the edits so far: a save is clean only if no edit came after its mark. */
  changeMark(): number;
  markSaved(xml: string, mark: number): void;
  /** Replaces the working copy (a restored version); unsaved until saved. */
  replace(xml: string): Promise<void>;
  setExtension(elementId: string, type: ExtensionType, properties: Record<string, string | undefined> | null): void;
  /** Sets (undefined removes) one zeebe:property of an element, one undo step. */
  setProperty(elementId: string, name: string, value: string | undefined): void;
  reveal(elementId: string): boolean;
  nameOf(elementId: string): string | undefined;
  showFindings(findings: Findings, source: LintState['source']): void;
  /** Asks the editor to measure its container again (after it was hidden). */
  resized(): void;
}

export function useDiagramEditor(
  canvas: RefObject<HTMLDivElement | null>,
  panel: RefObject<HTMLDivElement | null>,
  baseline: Baseline | undefined,
  canvasDescribedBy: string,
): DiagramEditorSession {
  const { t, locale } = useT();
  const editor = useRef<DiagramEditor | null>(null);
  const savedXml = useRef<string | null>(null);
  const changes = useRef(0);
  const lintSeq = useRef(0);
  const lintTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const [ready, setReady] = useState(false);
  const [openError, setOpenError] = useState<unknown>(undefined);
  const [dirty, setDirty] = useState(false);
  const [selected, setSelected] = useState<SelectedElement | null>(null);
  const [lint, setLint] = useState<LintState>({ status: 'idle', findings: NO_FINDINGS, source: 'lint' });
  const tRef = useRef(t);
  tRef.current = t;

  const runLint = useCallback(async () => {
    const current = editor.current;
    if (!current) return;
    const seq = ++lintSeq.current;
    const xml = await current.xml();
    if (seq !== lintSeq.current) return;
    setDirty(savedXml.current === null || xml !== savedXml.current);
    setLint((l) => ({ ...l, status: 'checking' }));
    try {
      const found = await modelsApi.lint(xml);
      if (seq !== lintSeq.current) return;
      setLint(found ? { status: 'done', findings: found, source: 'lint' } : { status: 'unavailable', findings: NO_FINDINGS, source: 'lint' });
    } catch (error) {
      if (seq !== lintSeq.current) return;
      setLint((l) => ({ ...l, status: 'failed', error }));
    }
  }, []);

  const scheduleLint = useCallback(() => {
    clearTimeout(lintTimer.current);
    lintTimer.current = setTimeout(() => void runLint(), LINT_DELAY_MS);
  }, [runLint]);

  // Create (or re-create, for a new language) the editor and open the working copy in it.
  useEffect(() => {
    if (!baseline) return;
    let cancelled = false;
    const open = async () => {
      if (cancelled || !canvas.current || !panel.current) return;
      const previous = editor.current;
      // A diagram that never opened has no XML of its own: start again from the baseline.
      const xml = previous ? await previous.xml().catch(() => baseline.xml) : baseline.xml;
      if (cancelled) return;
      previous?.destroy();
      editor.current = null;
      setReady(false);
      const created = DiagramEditor.create({
        canvas: canvas.current,
        propertiesPanel: panel.current,
        locale,
        canvasLabel: tRef.current('modeler.canvas.svgLabel'),
        canvasDescribedBy,
        onChange: () => {
          changes.current++;
          // A check still on its way speaks of a diagram that no longer exists.
          lintSeq.current++;
          setDirty(true);
          scheduleLint();
        },
        onSelection: setSelected,
        onBadgeActivate: (elementId) => created.reveal(elementId),
      });
      editor.current = created;
      try {
        await created.open(xml);
        if (!previous) {
          // The baseline as bpmn-js writes it, so undoing back to it reads as "no changes".
          savedXml.current = baseline.saved ? await created.xml() : null;
          setDirty(!baseline.saved);
        }
        setOpenError(undefined);
        setReady(true);
        void runLint();
      } catch (error) {
        setOpenError(error);
      }
    };
    chain.current = chain.current.then(open, open);
    return () => {
      cancelled = true;
    };
    // Re-created only for a new baseline or language; the callbacks read refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [baseline, locale]);

  useEffect(
    () => () => {
      clearTimeout(lintTimer.current);
      lintSeq.current++;
      editor.current?.destroy();
      editor.current = null;
    },
    [],
  );

  // Badges on the canvas follow the findings (and the language of their labels).
  useEffect(() => {
    if (!ready || !editor.current) return;
    const texts: BadgeTexts = {
      label: (severity, count, element) =>
        t(severity === 'error' ? (count === 1 ? 'modeler.badge.error.one' : 'modeler.badge.error.other') : count === 1 ? 'modeler.badge.warning.one' : 'modeler.badge.warning.other', {
          count,
          element,
        }),
      prefix: (severity) => t(severity === 'error' ? 'modeler.badge.errorPrefix' : 'modeler.badge.warningPrefix'),
    };
    editor.current.showFindings(lint.findings.errors, lint.findings.warnings, texts);
  }, [lint.findings, ready, t]);

  const xml = useCallback(async () => (editor.current ? editor.current.xml() : (baseline?.xml ?? '')), [baseline]);
  const changeMark = useCallback(() => changes.current, []);
  const markSaved = useCallback((saved: string, mark: number) => {
    savedXml.current = saved;
    if (changes.current === mark) setDirty(false);
  }, []);
  const replace = useCallback(
    async (next: string) => {
      const current = editor.current;
      if (!current) return;
      await current.open(next);
      changes.current++;
      setDirty(true);
      void runLint();
    },
    [runLint],
  );
  const setExtension = useCallback((elementId: string, type: ExtensionType, properties: Record<string, string | undefined> | null) => {
    editor.current?.setExtension(elementId, type, properties);
  }, []);
  const setProperty = useCallback((elementId: string, name: string, value: string | undefined) => {
    editor.current?.setProperty(elementId, name, value);
  }, []);
  const reveal = useCallback((elementId: string) => editor.current?.reveal(elementId) ?? false, []);
  const nameOf = useCallback((elementId: string) => editor.current?.nameOf(elementId), []);
  const showFindings = useCallback((findings: Findings, source: LintState['source']) => {
    lintSeq.current++;
    setLint({ status: 'done', findings, source });
  }, []);
  const resized = useCallback(() => editor.current?.resized(), []);

  return { ready, openError, dirty, selected, lint, xml, changeMark, markSaved, replace, setExtension, setProperty, reveal, nameOf, showFindings, resized };
}
