import DmnModeler from 'dmn-js/lib/Modeler';
import DmnViewer from 'dmn-js/lib/Viewer';
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn.css';
import './modeling.css';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { useI18n } from '../i18n.ts';

export interface DmnEditorHandle {
  saveXml(): Promise<string>;
}

interface Props {
  xml: string;
  readOnly: boolean;
  handle: Ref<DmnEditorHandle>;
  onImportError(message: string): void;
}

/**
 * dmn-js on a decision's table: rules edited in place (or only shown, for roles that may
 * not deploy). Opens the first decision table rather than the requirements diagram, which
 * shipped decisions often draw nothing for. Loaded on demand (see lazy.ts).
 */
export default function DmnEditor({ xml, readOnly, handle, onImportError }: Props) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const editor = useRef<DmnModeler | null>(null);

  useImperativeHandle(handle, () => ({
    async saveXml() {
      const { xml: saved } = await editor.current!.saveXML({ format: true });
      return saved;
    },
  }));

  useEffect(() => {
    const instance = readOnly ? new DmnViewer({ container: container.current! }) : new DmnModeler({ container: container.current! });
    editor.current = instance;
    let cancelled = false;
    instance
      .importXML(xml)
      .then(async () => {
        const table = instance.getViews().find((view) => view.type === 'decisionTable');
        if (!cancelled && table && instance.getActiveView()?.element.id !== table.element.id) await instance.open(table);
      })
      .catch((error: unknown) => {
        if (!cancelled) onImportError(error instanceof Error ? error.message : String(error));
      });
    return () => {
      cancelled = true;
      instance.destroy();
      editor.current = null;
    };
  }, [xml, readOnly, onImportError]);

  // Focusable: the wide table scrolls sideways here, and a keyboard must reach that too.
  return <div ref={container} className="dmn-canvas" role="region" aria-label={t('decision.tableLabel')} tabIndex={0} />;
}
