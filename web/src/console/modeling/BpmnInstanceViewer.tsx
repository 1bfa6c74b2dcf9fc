import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './modeling.css';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n.ts';
import { showWholeDiagram, viewerServices } from './bpmn-services.ts';
import { layoutMissingDiagram } from './layout-missing-diagram.ts';

interface Props {
  xml: string;
  /** What the diagram shows, for screen readers. */
  label: string;
  /** Activities where the instance waits now (a task, a timer, a message, an action). */
  waitingAt: string[];
  /** Activities it has already passed through. */
  visited: string[];
}

/** A deployed version, read-only; for an instance, with where it stands marked. Loaded on demand. */
export default function BpmnInstanceViewer({ xml, label, waitingAt, visited }: Props) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    const viewer = new NavigatedViewer({ container: container.current! });
    const { canvas, elementRegistry } = viewerServices(viewer);
    let cancelled = false;
    viewer
      .importXML(layoutMissingDiagram(xml))
      .then(() => {
        if (cancelled) return;
        for (const id of visited) if (elementRegistry.get(id)) canvas.addMarker(id, 'rb-visited');
        for (const id of waitingAt) {
          if (!elementRegistry.get(id)) continue;
          canvas.removeMarker(id, 'rb-visited');
          canvas.addMarker(id, 'rb-waiting');
        }
        showWholeDiagram(canvas);
      })
      .catch((error: unknown) => {
        if (!cancelled) setFailure(error instanceof Error ? error.message : String(error));
      });
    return () => {
      cancelled = true;
      viewer.destroy();
    };
  }, [xml, waitingAt, visited]);

  return (
    <>
      {failure ? (
        <div className="alert alert-error" role="alert">
          <strong>{t('modeler.cannotOpen')}</strong>
          <p>{failure}</p>
        </div>
      ) : null}
      <div ref={container} className="diagram-canvas diagram-canvas-view" role="figure" aria-label={label} />
    </>
  );
}
