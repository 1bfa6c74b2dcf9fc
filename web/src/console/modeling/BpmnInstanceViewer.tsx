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

  // The viewer imports the diagram once per model; where the instance stands is marked on it
  // separately, so new markers never tear the diagram down and draw it again (which left a
  // moment with no markers at all while the new copy imported).
  const [viewer, setViewer] = useState<NavigatedViewer>();
  useEffect(() => {
    const created = new NavigatedViewer({ container: container.current! });
    let cancelled = false;
    created
      .importXML(layoutMissingDiagram(xml))
      .then(() => {
        if (cancelled) return;
        showWholeDiagram(viewerServices(created).canvas);
        setViewer(created);
      })
      .catch((error: unknown) => {
        if (!cancelled) setFailure(error instanceof Error ? error.message : String(error));
      });
    return () => {
      cancelled = true;
      setViewer(undefined);
      created.destroy();
    };
  }, [xml]);

  useEffect(() => {
    if (!viewer) return;
    const { canvas, elementRegistry } = viewerServices(viewer);
    const marked: [string, string][] = [];
    const mark = (id: string, marker: string) => {
      canvas.addMarker(id, marker);
      marked.push([id, marker]);
    };
    const waiting = new Set(waitingAt.filter((id) => elementRegistry.get(id)));
    for (const id of visited) if (elementRegistry.get(id) && !waiting.has(id)) mark(id, 'rb-visited');
    for (const id of waiting) mark(id, 'rb-waiting');
    return () => {
      // After the viewer was destroyed (a new model) its registry is empty: nothing to unmark.
      for (const [id, marker] of marked) if (elementRegistry.get(id)) canvas.removeMarker(id, marker);
    };
  }, [viewer, waitingAt, visited]);

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
