import Modeler from 'bpmn-js/lib/Modeler';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import './modeling.css';
import type { Element } from 'bpmn-js/lib/model/Types';
import { useEffect, useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useI18n } from '../i18n.ts';
import { businessObjectOf, modelerServices, showWholeDiagram, type ModelerServices } from './bpmn-services.ts';
import { layoutMissingDiagram } from './layout-missing-diagram.ts';

export interface BpmnEditorHandle {
  /** The edited model as BPMN XML, diagram included. */
  saveXml(): Promise<string>;
}

interface Props {
  xml: string;
  handle: Ref<BpmnEditorHandle>;
  /** Called when the XML cannot be opened (not BPMN, broken). */
  onImportError(message: string): void;
}

/**
 * The bpmn-js modeler with a small panel for what the engine reads and bpmn-js's canvas
 * cannot show: the process id (its key), names, and the FEEL condition of a flow.
 * Loaded on demand (see lazy.ts): bpmn-js is most of a megabyte.
 */
export default function BpmnEditor({ xml, handle, onImportError }: Props) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<Modeler | null>(null);
  const [services, setServices] = useState<ModelerServices>();
  const [selected, setSelected] = useState<Element>();
  const [revision, setRevision] = useState(0);

  useImperativeHandle(handle, () => ({
    async saveXml() {
      const { xml: saved } = await modelerRef.current!.saveXML({ format: true });
      return saved ?? '';
    },
  }));

  useEffect(() => {
    const modeler = new Modeler({ container: container.current! });
    modelerRef.current = modeler;
    const found = modelerServices(modeler);
    let cancelled = false;
    modeler
      .importXML(layoutMissingDiagram(xml))
      .then(() => {
        if (cancelled) return;
        showWholeDiagram(found.canvas, { leftPx: 130 });
        setServices(found);
        setSelected(undefined);
      })
      .catch((error: unknown) => {
        if (!cancelled) onImportError(error instanceof Error ? error.message : String(error));
      });
    // A selected label stands for its flow or event: the panel edits the element itself.
    const onSelection = (event: { newSelection: Element[] }) => {
      const only = event.newSelection.length === 1 ? event.newSelection[0] : undefined;
      setSelected(only ? ((only.labelTarget as Element | undefined) ?? only) : undefined);
    };
    const onChange = () => setRevision((r) => r + 1);
    found.eventBus.on('selection.changed', onSelection);
    found.eventBus.on('elements.changed', onChange);
    return () => {
      cancelled = true;
      modeler.destroy();
      modelerRef.current = null;
    };
  }, [xml, onImportError]);

  return (
    <div className="modeler-layout">
      <div ref={container} className="diagram-canvas diagram-canvas-edit" role="application" aria-label={t('modeler.canvas')} />
      {services ? <PropertiesPanel services={services} element={selected ?? (services.canvas.getRootElement() as Element)} revision={revision} /> : null}
    </div>
  );
}

/** Fields commit on leaving them (or Enter); a change made on the canvas shows in the fields not being typed in. */
function PropertiesPanel({ services, element, revision }: { services: ModelerServices; element: Element; revision: number }) {
  const { t } = useI18n();
  const bo = businessObjectOf(element);
  const [id, setId] = useState(bo.id);
  const [name, setName] = useState(bo.name ?? '');
  const [condition, setCondition] = useState(bo.conditionExpression?.body ?? '');
  useEffect(() => {
    const editing = document.activeElement?.id;
    if (editing !== 'element-id') setId(bo.id);
    if (editing !== 'element-name') setName(bo.name ?? '');
    if (editing !== 'element-condition') setCondition(bo.conditionExpression?.body ?? '');
  }, [element, revision, bo]);
  const commitOnEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') event.currentTarget.blur();
  };
  const isProcess = bo.$type === 'bpmn:Process';
  const isFlow = bo.$type === 'bpmn:SequenceFlow';
  const takesCondition = isFlow && /Gateway$/.test(bo.sourceRef?.$type ?? '') && bo.sourceRef?.default?.id !== bo.id;

  const apply = (properties: Record<string, unknown>) => services.modeling.updateProperties(element, properties);
  const commitId = () => {
    if (id.trim() && id.trim() !== bo.id && /^[A-Za-z_][\w.-]*$/.test(id.trim())) apply({ id: id.trim() });
    else setId(bo.id);
  };
  const commitName = () => {
    if (name === (bo.name ?? '')) return;
    if (isProcess) apply({ name: name || undefined });
    else services.modeling.updateLabel(element, name);
  };
  const commitCondition = () => {
    if (condition === (bo.conditionExpression?.body ?? '')) return;
    apply({ conditionExpression: condition.trim() ? services.moddle.create('bpmn:FormalExpression', { body: condition }) : undefined });
  };

  return (
    <aside className="properties-panel" aria-labelledby="properties-heading">
      <h2 id="properties-heading">{isProcess ? t('modeler.processProperties') : t('modeler.elementProperties')}</h2>
      <p className="muted small">
        <code>{bo.$type.replace(/^bpmn:/, '')}</code>
      </p>
      <div className="field">
        <label htmlFor="element-id">{isProcess ? t('modeler.processId') : t('modeler.elementId')}</label>
        <input id="element-id" value={id} onChange={(e) => setId(e.target.value)} onBlur={commitId} onKeyDown={commitOnEnter} spellCheck={false} />
        {isProcess ? <span className="muted small">{t('modeler.processIdHint')}</span> : null}
      </div>
      <div className="field">
        <label htmlFor="element-name">{t('modeler.name')}</label>
        <input id="element-name" value={name} onChange={(e) => setName(e.target.value)} onBlur={commitName} onKeyDown={commitOnEnter} />
      </div>
      {takesCondition ? (
        <div className="field">
          <label htmlFor="element-condition">{t('modeler.condition')}</label>
          <textarea id="element-condition" rows={3} value={condition} onChange={(e) => setCondition(e.target.value)} onBlur={commitCondition} spellCheck={false} />
          <span className="muted small">{t('modeler.conditionHint')}</span>
        </div>
      ) : null}
    </aside>
  );
}
