// The instance's diagram in bpmn-js's NavigatedViewer, marked with the path it took. Loaded on
// its own (React.lazy) so bpmn-js and its styles never reach the main or tasklist chunks.
import { useEffect, useRef, useState } from 'react';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import { getInstanceDiagram, type ElementHistoryItem } from '../api/auditor';
import { useT } from '../i18n';
import { ProblemAlert } from '../ui/Problem';
import { MARK_ICON, MARKER_CLASS, TAKEN_FLOW_CLASS, takenFlows, type ElementMark, type FlowShape, type Mark } from './marking';

// The few services of the viewer this module uses, as far as it uses them.
interface DiagramElement {
  id: string;
  type: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  source?: { id: string };
  target?: { id: string };
  waypoints?: unknown;
}
interface Canvas {
  addMarker(element: string, marker: string): void;
  removeMarker(element: string, marker: string): void;
  zoom(level?: number | 'fit-viewport', center?: 'auto'): number;
  scrollToElement(element: string, padding?: number): void;
  getContainer(): HTMLElement;
  viewbox(box?: { x: number; y: number; width: number; height: number }): { outer: { width: number; height: number } };
}
interface ElementRegistry {
  get(id: string): DiagramElement | undefined;
  filter(fn: (element: DiagramElement) => boolean): DiagramElement[];
}
interface Overlays {
  add(element: string, type: string, overlay: { position: { top?: number; left?: number; right?: number; bottom?: number }; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface EventBus {
  on(event: string, callback: (event: { element: DiagramElement }) => void): void;
}

const OVERLAY = 'oficio-marking';
/** Below this scale a fitted diagram is unreadable; it is then shown at READABLE_ZOOM around the instance's position. */
const SMALLEST_FIT = 0.45;
const READABLE_ZOOM = 0.85;
const SELECTED = 'oficio-selected';

export interface InstanceDiagramProps {
  /** The URL of the diagram's BPMN XML. */
  url: string;
  processName: string;
  instanceKey: string;
  marking: Map<string, ElementMark>;
  elements: ElementHistoryItem[];
  /** The element to show (scrolled to, outlined), chosen in the elements table; undefined while none is. */
  selected?: string | undefined;
  onSelect?(elementId: string): void;
  /** Ids of what describes the diagram in text (the summary and the legend). */
  describedBy: string;
}

export default function InstanceDiagram({ url, processName, instanceKey, marking, elements, selected, onSelect, describedBy }: InstanceDiagramProps) {
  const { t } = useT();
  const container = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer | null>(null);
  const applied = useRef<Array<[string, string]>>([]);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const latest = useRef({ marking, elements });
  latest.current = { marking, elements };
  const [state, setState] = useState<{ status: 'loading' | 'ready' | 'failed'; error?: unknown }>({ status: 'loading' });
  const label = t('auditor.diagram.label', { name: processName, key: instanceKey });

  useEffect(() => {
    const v = new NavigatedViewer({ container: container.current! });
    viewer.current = v;
    v.get<EventBus>('eventBus').on('element.click', (event) => {
      if (event.element.type !== 'bpmn:Process' && event.element.type !== 'bpmn:Collaboration') onSelectRef.current?.(event.element.id);
    });
    return () => {
      viewer.current = null;
      v.destroy();
    };
  }, []);

  useEffect(() => {
    let cancelled = false;
    setState({ status: 'loading' });
    (async () => {
      const xml = await getInstanceDiagram(url);
      if (cancelled || !viewer.current) return;
      await viewer.current.importXML(xml);
      if (cancelled || !viewer.current) return;
      applied.current = [];
      const canvas = viewer.current.get<Canvas>('canvas');
      canvas.zoom('fit-viewport', 'auto');
      // A large model fitted whole is too small to read: start near where the instance is.
      const focus = focusOf(latest.current.marking, latest.current.elements);
      const shape = focus ? viewer.current.get<ElementRegistry>('elementRegistry').get(focus) : undefined;
      if (shape && canvas.zoom() < SMALLEST_FIT) centerOn(canvas, shape, READABLE_ZOOM);
      setState({ status: 'ready' });
    })().catch((error: unknown) => !cancelled && setState({ status: 'failed', error }));
    return () => {
      cancelled = true;
    };
  }, [url]);

  // The marking follows the instance (a reload after a retry changes it) without re-importing.
  useEffect(() => {
    const v = viewer.current;
    if (state.status !== 'ready' || !v) return;
    const canvas = v.get<Canvas>('canvas');
    const registry = v.get<ElementRegistry>('elementRegistry');
    const overlays = v.get<Overlays>('overlays');
    for (const [id, marker] of applied.current) if (registry.get(id)) canvas.removeMarker(id, marker);
    applied.current = [];
    overlays.remove({ type: OVERLAY });
    const mark = (id: string, marker: string) => {
      canvas.addMarker(id, marker);
      applied.current.push([id, marker]);
    };

    for (const m of marking.values()) {
      if (!registry.get(m.elementId)) continue;
      mark(m.elementId, MARKER_CLASS[m.mark]);
      overlays.add(m.elementId, OVERLAY, { position: { top: -12, left: -12 }, html: icon(m.mark, t(`auditor.elementState.${m.mark === 'incident' ? 'incident' : markState(m.mark)}`)) });
      if (m.times > 1) overlays.add(m.elementId, OVERLAY, { position: { top: -12, right: 14 }, html: times(m.times, t('auditor.diagram.times', { count: m.times })) });
    }
    const flows: FlowShape[] = registry.filter((e) => e.type === 'bpmn:SequenceFlow' && !!e.source && !!e.target).map((e) => ({ id: e.id, sourceId: e.source!.id, targetId: e.target!.id }));
    for (const id of takenFlows(flows, elements)) mark(id, TAKEN_FLOW_CLASS);
  }, [state.status, marking, elements, t]);

  useEffect(() => {
    const v = viewer.current;
    if (state.status !== 'ready' || !v || !selected) return;
    const canvas = v.get<Canvas>('canvas');
    if (!v.get<ElementRegistry>('elementRegistry').get(selected)) return;
    canvas.addMarker(selected, SELECTED);
    canvas.scrollToElement(selected, 120);
    return () => {
      if (viewer.current?.get<ElementRegistry>('elementRegistry').get(selected)) canvas.removeMarker(selected, SELECTED);
    };
  }, [state.status, selected]);

  // The canvas's SVG is what takes the focus (arrow keys move the view): it carries the name.
  useEffect(() => {
    const svg = container.current?.querySelector('svg');
    if (!svg) return;
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
    svg.setAttribute('aria-describedby', describedBy);
  }, [state.status, label, describedBy]);

  const zoom = (factor: number | 'fit') => {
    const canvas = viewer.current?.get<Canvas>('canvas');
    if (!canvas) return;
    if (factor === 'fit') canvas.zoom('fit-viewport', 'auto');
    else canvas.zoom(canvas.zoom() * factor);
  };

  return (
    <div className="auditor-diagram-frame">
      <div className="toolbar auditor-diagram-tools">
        <button type="button" onClick={() => zoom('fit')} disabled={state.status !== 'ready'}>
          {t('auditor.diagram.fit')}
        </button>
        <button type="button" onClick={() => zoom(1.25)} disabled={state.status !== 'ready'}>
          {t('auditor.diagram.zoomIn')}
        </button>
        <button type="button" onClick={() => zoom(0.8)} disabled={state.status !== 'ready'}>
          {t('auditor.diagram.zoomOut')}
        </button>
      </div>
      {state.status === 'loading' && (
        <p role="status" className="muted">
          {t('auditor.diagram.loading')}
        </p>
      )}
      {state.status === 'failed' && (
        <>
          <p className="alert error" role="alert">
            {t('auditor.diagram.failed')}
          </p>
          <ProblemAlert error={state.error} />
        </>
      )}
      <div ref={container} className="auditor-diagram" data-testid="instance-diagram" data-status={state.status} />
    </div>
  );
}

function centerOn(canvas: Canvas, shape: DiagramElement, scale: number) {
  const { outer } = canvas.viewbox();
  const width = outer.width / scale;
  const height = outer.height / scale;
  const cx = (shape.x ?? 0) + (shape.width ?? 0) / 2;
  const cy = (shape.y ?? 0) + (shape.height ?? 0) / 2;
  canvas.viewbox({ x: cx - width / 2, y: cy - height / 2, width, height });
}

/** Where the instance is: an element with an open incident, else one in progress, else the last it passed. */
function focusOf(marking: Map<string, ElementMark>, elements: ElementHistoryItem[]): string | undefined {
  const marks = [...marking.values()];
  return marks.find((m) => m.mark === 'incident')?.elementId ?? marks.find((m) => m.mark === 'active')?.elementId ?? elements[elements.length - 1]?.elementId;
}

function markState(mark: Exclude<Mark, 'incident'>): 'COMPLETED' | 'ACTIVE' | 'TERMINATED' {
  return mark === 'completed' ? 'COMPLETED' : mark === 'active' ? 'ACTIVE' : 'TERMINATED';
}

function icon(mark: Mark, title: string): HTMLElement {
  const span = document.createElement('span');
  span.className = `oficio-mark-icon oficio-mark-${mark}`;
  span.textContent = MARK_ICON[mark];
  span.title = title;
  // The elements table says the same in text; screen readers need not hear the icons twice.
  span.setAttribute('aria-hidden', 'true');
  return span;
}

function times(count: number, title: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'oficio-mark-times';
  span.textContent = `×${count}`;
  span.title = title;
  span.setAttribute('aria-hidden', 'true');
  return span;
}
