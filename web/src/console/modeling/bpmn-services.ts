import type BaseViewer from 'bpmn-js/lib/BaseViewer';
import type Modeling from 'bpmn-js/lib/features/modeling/Modeling';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import type { Element } from 'bpmn-js/lib/model/Types';

/** The part of bpmn-moddle the panel uses: making a FEEL condition element. */
export interface BpmnModdle {
  create(type: 'bpmn:FormalExpression', attributes: { body: string }): unknown;
}

/** What the console reads from a model element's business object. */
export interface BusinessObject {
  $type: string;
  id: string;
  name?: string;
  isExecutable?: boolean;
  conditionExpression?: { body?: string };
  sourceRef?: { $type: string; default?: { id: string } };
}

export const businessObjectOf = (element: Element): BusinessObject => element.businessObject as BusinessObject;

/**
 * bpmn-js hands out its services by name (`get('modeling')`), untyped; this is the one
 * place that names them, so the rest of the console works with typed services.
 */
export function viewerServices(viewer: BaseViewer) {
  return {
    canvas: viewer.get<Canvas>('canvas'),
    elementRegistry: viewer.get<ElementRegistry>('elementRegistry'),
    eventBus: viewer.get<EventBus>('eventBus'),
  };
}

export function modelerServices(modeler: BaseViewer) {
  return {
    ...viewerServices(modeler),
    modeling: modeler.get<Modeling>('modeling'),
    selection: modeler.get<Selection>('selection'),
    moddle: modeler.get<BpmnModdle>('moddle'),
  };
}
export type ModelerServices = ReturnType<typeof modelerServices>;

/**
 * The whole diagram in view, centred with a margin, never enlarged past 100 %. `leftPx`
 * keeps clear of the modeler's palette. (bpmn-js's own fit puts the drawing flush against
 * the top-left corner, under the palette.)
 */
export function showWholeDiagram(canvas: Canvas, { marginPx = 40, leftPx = 0 } = {}): void {
  canvas.zoom('fit-viewport');
  const { inner, outer } = canvas.viewbox();
  if (!inner.width || !inner.height) return;
  const usableWidthPx = Math.max(100, outer.width - leftPx - 2 * marginPx);
  const usableHeightPx = Math.max(100, outer.height - 2 * marginPx);
  const scale = Math.min(1, usableWidthPx / inner.width, usableHeightPx / inner.height);
  const width = outer.width / scale;
  const height = outer.height / scale;
  const screenCentreX = (leftPx + outer.width) / 2 / scale;
  canvas.viewbox({ x: inner.x + inner.width / 2 - screenCentreX, y: inner.y + inner.height / 2 - height / 2, width, height });
}
