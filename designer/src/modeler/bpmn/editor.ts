// The only door to bpmn-js: builds the Zeebe modeler (properties panel, Camunda 8 behaviours,
// Spanish/English translate module, Oficio commands) and the read-only viewer, and gives the page
// a small API over them (XML in and out, selection, lint badges, picker writes).
import Modeler from 'bpmn-js/lib/Modeler';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import type { Locale } from '../../i18n';
import type { Finding } from '../../api/models';
import { zeebePropertyOf } from '../../../../contracts/bpmn.js';
import { createTranslateModule } from './translateModule';
import { describeElement, oficioCommandsModule, SET_EXTENSION_COMMAND, SET_PROPERTY_COMMAND, type DiagramElement, type ExtensionType, type SelectedElement } from './extensions';

export type { SelectedElement } from './extensions';

interface EventBus {
  on(event: string | string[], callback: (event: Record<string, unknown>) => void): void;
  on(event: string | string[], priority: number, callback: (event: Record<string, unknown>) => void): void;
  off(event: string | string[], callback: (event: Record<string, unknown>) => void): void;
}
interface ElementRegistry {
  get(id: string): DiagramElement | undefined;
}
interface Selection {
  get(): DiagramElement[];
  select(elements: DiagramElement | DiagramElement[] | null): void;
}
interface Canvas {
  getContainer(): HTMLElement;
  getRootElement(): DiagramElement;
  scrollToElement(element: DiagramElement, padding?: number): void;
  zoom(level: 'fit-viewport' | number, center?: 'auto'): number;
  resized(): void;
  focus(): void;
}
interface CommandStack {
  execute(command: string, context: unknown): void;
}
interface Overlays {
  add(element: DiagramElement | string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}

/** The texts the canvas badges speak (the page fills them from the catalogue). */
export interface BadgeTexts {
  /** Accessible name of a badge: its count and severity, on which element. */
  label(severity: 'error' | 'warning', count: number, elementName: string): string;
  prefix(severity: 'error' | 'warning'): string;
}

export interface EditorOptions {
  canvas: HTMLElement;
  propertiesPanel: HTMLElement;
  locale: Locale;
  /** Accessible name and description of the canvas (its SVG takes the keyboard). */
  canvasLabel: string;
  canvasDescribedBy?: string;
  onChange(): void;
  onSelection(selected: SelectedElement | null): void;
  onBadgeActivate(elementId: string): void;
}

const LINT_OVERLAY = 'oficio-lint';

function labelCanvas(container: HTMLElement, label: string, describedBy?: string) {
  const svg = container.querySelector('svg');
  if (!svg) return;
  svg.setAttribute('role', 'application');
  svg.setAttribute('aria-label', label);
  if (describedBy) svg.setAttribute('aria-describedby', describedBy);
}

/** The name of an element for people: its label, else its id. */
function elementName(element: DiagramElement): string {
  const name = element.businessObject.get('name');
  return typeof name === 'string' && name.trim() ? name : element.id;
}

let badgeCount = 0;

export class DiagramEditor {
  private constructor(
    private readonly modeler: Modeler,
    private readonly options: EditorOptions,
  ) {}

  static create(options: EditorOptions): DiagramEditor {
    const modeler = new Modeler({
      container: options.canvas,
      propertiesPanel: { parent: options.propertiesPanel },
      additionalModules: [
        BpmnPropertiesPanelModule,
        BpmnPropertiesProviderModule,
        ZeebePropertiesProviderModule,
        ZeebeBehaviorsModule,
        oficioCommandsModule,
        createTranslateModule(options.locale),
      ],
      moddleExtensions: { zeebe: zeebeModdle },
    });
    const editor = new DiagramEditor(modeler, options);
    editor.listen();
    labelCanvas(options.canvas, options.canvasLabel, options.canvasDescribedBy);
    return editor;
  }

  private get<T>(service: string): T {
    return this.modeler.get<T>(service);
  }

  private listen() {
    const eventBus = this.get<EventBus>('eventBus');
    eventBus.on('commandStack.changed', (event) => {
      // Importing clears the stack; only the user's edits count as changes.
      if (event.trigger !== 'clear') this.options.onChange();
    });
    const report = () => this.options.onSelection(this.selected());
    eventBus.on('selection.changed', report);
    eventBus.on('elements.changed', report);
    eventBus.on('import.done', report);
  }

  /** The single selected element (or the process when nothing is selected). */
  selected(): SelectedElement | null {
    const selection = this.get<Selection>('selection').get();
    if (selection.length > 1) return null;
    const element = selection[0] ?? this.get<Canvas>('canvas').getRootElement();
    const target = element?.labelTarget ?? element;
    // Before an import the canvas root is diagram-js's own, with no BPMN behind it.
    return target?.businessObject ? describeElement(target) : null;
  }

  /** Imports BPMN; resolves with bpmn-js's import warnings. */
  async open(xml: string): Promise<string[]> {
    const { warnings } = await this.modeler.importXML(xml);
    this.get<Canvas>('canvas').zoom('fit-viewport', 'auto');
    labelCanvas(this.options.canvas, this.options.canvasLabel, this.options.canvasDescribedBy);
    return warnings;
  }

  async xml(): Promise<string> {
    const { xml } = await this.modeler.saveXML({ format: true });
    return xml ?? '';
  }

  /** Selects an element and scrolls it into view; false when the diagram has no such element. */
  reveal(elementId: string): boolean {
    const element = this.get<ElementRegistry>('elementRegistry').get(elementId);
    if (!element || element === this.get<Canvas>('canvas').getRootElement()) return false;
    this.get<Selection>('selection').select(element);
    this.get<Canvas>('canvas').scrollToElement(element);
    return true;
  }

  /** The name people know an element by; undefined when the diagram has no such element to show. */
  nameOf(elementId: string): string | undefined {
    if (!this.hasElement(elementId)) return undefined;
    return elementName(this.get<ElementRegistry>('elementRegistry').get(elementId)!);
  }

  hasElement(elementId: string): boolean {
    const element = this.get<ElementRegistry>('elementRegistry').get(elementId);
    return Boolean(element && element !== this.get<Canvas>('canvas').getRootElement() && element.type !== 'label');
  }

  /** Sets (or with null removes) a Zeebe extension element on an element, as one undoable command. */
  setExtension(elementId: string, type: ExtensionType, properties: Record<string, string | undefined> | null): void {
    const element = this.get<ElementRegistry>('elementRegistry').get(elementId);
    if (!element) return;
    this.get<CommandStack>('commandStack').execute(SET_EXTENSION_COMMAND, { element, type, properties });
  }

  /** Sets (or with undefined removes) a zeebe:property of an element, as one undoable command; nothing when it already holds that value. */
  setProperty(elementId: string, name: string, value: string | undefined): void {
    const element = this.get<ElementRegistry>('elementRegistry').get(elementId);
    if (!element || zeebePropertyOf(element.businessObject, name) === value) return;
    this.get<CommandStack>('commandStack').execute(SET_PROPERTY_COMMAND, { element, name, value });
  }

  /** Marks findings on their elements: one badge per severity, messages shown on hover and focus. */
  showFindings(errors: Finding[], warnings: Finding[], texts: BadgeTexts): void {
    const overlays = this.get<Overlays>('overlays');
    overlays.remove({ type: LINT_OVERLAY });
    const byElement = new Map<string, { error: Finding[]; warning: Finding[] }>();
    const add = (severity: 'error' | 'warning', finding: Finding) => {
      if (!finding.elementId || !this.hasElement(finding.elementId)) return;
      let entry = byElement.get(finding.elementId);
      if (!entry) byElement.set(finding.elementId, (entry = { error: [], warning: [] }));
      entry[severity].push(finding);
    };
    errors.forEach((f) => add('error', f));
    warnings.forEach((f) => add('warning', f));
    for (const [elementId, found] of byElement) {
      const element = this.get<ElementRegistry>('elementRegistry').get(elementId)!;
      const holder = document.createElement('div');
      holder.className = 'oficio-lint-badges';
      for (const severity of ['error', 'warning'] as const) {
        const list = found[severity];
        if (list.length === 0) continue;
        const tipId = `oficio-lint-tip-${++badgeCount}`;
        const badge = document.createElement('div');
        badge.className = `oficio-lint-badge ${severity}`;
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = String(list.length);
        button.setAttribute('aria-label', texts.label(severity, list.length, elementName(element)));
        button.setAttribute('aria-describedby', tipId);
        button.dataset.elementId = elementId;
        button.addEventListener('click', (event) => {
          event.stopPropagation();
          this.options.onBadgeActivate(elementId);
        });
        const tip = document.createElement('div');
        tip.className = 'oficio-lint-tip';
        tip.id = tipId;
        tip.setAttribute('role', 'tooltip');
        const ul = document.createElement('ul');
        for (const finding of list) {
          const li = document.createElement('li');
          li.textContent = `${texts.prefix(severity)} ${finding.message}`;
          ul.append(li);
        }
        tip.append(ul);
        badge.append(button, tip);
        holder.append(badge);
      }
      const position: Record<string, number> = element.waypoints ? { top: -12, left: -12 } : { top: -12, right: 12 };
      overlays.add(element, LINT_OVERLAY, { position, html: holder });
    }
  }

  focusCanvas(): void {
    this.get<Canvas>('canvas').focus();
  }

  resized(): void {
    this.get<Canvas>('canvas').resized();
  }

  destroy(): void {
    this.modeler.destroy();
  }
}

/** A read-only diagram (a past version): pan and zoom, no editing. */
export class DiagramViewer {
  private constructor(private readonly viewer: NavigatedViewer) {}

  static async open(container: HTMLElement, xml: string, label: string): Promise<DiagramViewer> {
    const viewer = new NavigatedViewer({ container, moddleExtensions: { zeebe: zeebeModdle } });
    await viewer.importXML(xml);
    viewer.get<Canvas>('canvas').zoom('fit-viewport', 'auto');
    labelCanvas(container, label);
    return new DiagramViewer(viewer);
  }

  destroy(): void {
    this.viewer.destroy();
  }
}
