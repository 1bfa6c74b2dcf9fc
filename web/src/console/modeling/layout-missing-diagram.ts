/**
 * Models written by hand (processes/review.bpmn) or by other tools often carry no diagram
 * interchange (BPMNDI), and bpmn-js refuses to draw a model without one ("no diagram to
 * display"). This adds a plain left-to-right layout to each such process, so the console can
 * open every deployed model: columns by distance from the start, one row per branch,
 * boundary events on their task's lower edge. The first deploy from the modeler stores it.
 */
const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const BPMNDI = 'http://www.omg.org/spec/BPMN/20100524/DI';
const DC = 'http://www.omg.org/spec/DD/20100524/DC';
const DI = 'http://www.omg.org/spec/DD/20100524/DI';

const COLUMN_WIDTH_PX = 170;
const ROW_HEIGHT_PX = 130;
const MARGIN_PX = 60;

const NOT_DRAWN_AS_NODE = new Set([
  'sequenceFlow', 'laneSet', 'documentation', 'extensionElements', 'association', 'dataInputAssociation',
  'dataOutputAssociation', 'ioSpecification', 'property', 'textAnnotation', 'group', 'dataObject', 'dataStoreReference', 'dataObjectReference',
]);

function sizeOf(localName: string): { width: number; height: number } {
  if (localName.endsWith('Event')) return { width: 36, height: 36 };
  if (localName.endsWith('Gateway')) return { width: 50, height: 50 };
  return { width: 100, height: 80 };
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function hasDiagram(xml: string): boolean {
  return /<([\w-]+:)?BPMNDiagram[\s>]/.test(xml);
}

/** The XML with a generated diagram when it has none; unchanged otherwise. */
export function layoutMissingDiagram(xml: string): string {
  if (hasDiagram(xml)) return xml;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return xml;
  const definitions = doc.documentElement;
  const processes = Array.from(doc.getElementsByTagNameNS(BPMN, 'process'));
  processes.forEach((process, index) => {
    const diagram = doc.createElementNS(BPMNDI, 'bpmndi:BPMNDiagram');
    diagram.setAttribute('id', `${process.getAttribute('id')}_diagram`);
    const plane = doc.createElementNS(BPMNDI, 'bpmndi:BPMNPlane');
    plane.setAttribute('id', `${process.getAttribute('id')}_plane`);
    plane.setAttribute('bpmnElement', process.getAttribute('id') ?? `process_${index}`);
    diagram.appendChild(plane);
    layoutProcess(doc, process, plane);
    definitions.appendChild(diagram);
  });
  return new XMLSerializer().serializeToString(doc);
}

function layoutProcess(doc: Document, process: Element, plane: Element): void {
  const children = Array.from(process.children).filter((child) => child.namespaceURI === BPMN);
  const flows = children.filter((child) => child.localName === 'sequenceFlow');
  const nodes = children.filter((child) => !NOT_DRAWN_AS_NODE.has(child.localName) && child.localName !== 'boundaryEvent' && child.getAttribute('id'));
  const boundaries = children.filter((child) => child.localName === 'boundaryEvent' && child.getAttribute('id'));
  const hostOf = new Map(boundaries.map((b) => [b.getAttribute('id')!, b.getAttribute('attachedToRef') ?? '']));
  const outgoing = new Map<string, string[]>();
  const incoming = new Set<string>();
  for (const flow of flows) {
    const source = flow.getAttribute('sourceRef') ?? '';
    const target = flow.getAttribute('targetRef') ?? '';
    outgoing.set(source, [...(outgoing.get(source) ?? []), target]);
    incoming.add(target);
  }

  // Columns: shortest distance from a node nothing flows into (cycles keep their first visit).
  const column = new Map<string, number>();
  const queue: string[] = [];
  for (const node of nodes) {
    const id = node.getAttribute('id')!;
    if (!incoming.has(id)) {
      column.set(id, 0);
      queue.push(id);
    }
  }
  const visit = (from: string, fromColumn: number) => {
    for (const target of outgoing.get(from) ?? []) {
      if (column.has(target)) continue;
      column.set(target, fromColumn + 1);
      queue.push(target);
    }
  };
  while (queue.length || column.size < nodes.length) {
    const id = queue.shift();
    if (id === undefined) {
      // Unreached nodes (loops without an entry) start a column of their own.
      const orphan = nodes.find((n) => !column.has(n.getAttribute('id')!))!.getAttribute('id')!;
      column.set(orphan, 0);
      queue.push(orphan);
      continue;
    }
    visit(id, column.get(id)!);
    for (const [boundary, host] of hostOf) if (host === id) visit(boundary, column.get(id)!);
  }

  // Rows: in document order within a column; targets of boundary events one row lower.
  const boxes = new Map<string, Box>();
  const rowsUsed = new Map<number, number>();
  const reachedFromBoundary = new Set(boundaries.flatMap((b) => outgoing.get(b.getAttribute('id')!) ?? []));
  for (const node of nodes) {
    const id = node.getAttribute('id')!;
    const col = column.get(id) ?? 0;
    let row = rowsUsed.get(col) ?? 0;
    if (reachedFromBoundary.has(id) && row === 0) row = 1;
    rowsUsed.set(col, row + 1);
    const { width, height } = sizeOf(node.localName);
    const centreX = MARGIN_PX + col * COLUMN_WIDTH_PX + 50;
    const centreY = MARGIN_PX + row * ROW_HEIGHT_PX + 40;
    boxes.set(id, { x: centreX - width / 2, y: centreY - height / 2, width, height });
  }
  boundaries.forEach((boundary) => {
    const id = boundary.getAttribute('id')!;
    const host = boxes.get(hostOf.get(id)!);
    if (!host) return;
    const siblings = boundaries.filter((b) => b.getAttribute('attachedToRef') === hostOf.get(id));
    const offset = (siblings.indexOf(boundary) + 1) * (host.width / (siblings.length + 1));
    boxes.set(id, { x: host.x + offset - 18, y: host.y + host.height - 18, width: 36, height: 36 });
  });

  for (const node of [...nodes, ...boundaries]) {
    const id = node.getAttribute('id')!;
    const box = boxes.get(id);
    if (!box) continue;
    const shape = doc.createElementNS(BPMNDI, 'bpmndi:BPMNShape');
    shape.setAttribute('id', `${id}_di`);
    shape.setAttribute('bpmnElement', id);
    if (node.localName === 'subProcess') shape.setAttribute('isExpanded', 'false');
    if (node.localName === 'exclusiveGateway') shape.setAttribute('isMarkerVisible', 'true');
    shape.appendChild(bounds(doc, box));
    plane.appendChild(shape);
  }
  for (const flow of flows) {
    const id = flow.getAttribute('id');
    const source = boxes.get(flow.getAttribute('sourceRef') ?? '');
    const target = boxes.get(flow.getAttribute('targetRef') ?? '');
    if (!id || !source || !target) continue;
    const edge = doc.createElementNS(BPMNDI, 'bpmndi:BPMNEdge');
    edge.setAttribute('id', `${id}_di`);
    edge.setAttribute('bpmnElement', id);
    const fromBoundary = hostOf.has(flow.getAttribute('sourceRef') ?? '');
    for (const [x, y] of waypoints(source, target, fromBoundary)) {
      const point = doc.createElementNS(DI, 'di:waypoint');
      point.setAttribute('x', String(Math.round(x)));
      point.setAttribute('y', String(Math.round(y)));
      edge.appendChild(point);
    }
    plane.appendChild(edge);
  }
}

function bounds(doc: Document, box: Box): Element {
  const element = doc.createElementNS(DC, 'dc:Bounds');
  for (const key of ['x', 'y', 'width', 'height'] as const) element.setAttribute(key, String(Math.round(box[key])));
  return element;
}

/** Right side to left side, with one bend when the rows differ; down first from a boundary event. */
function waypoints(source: Box, target: Box, fromBoundary: boolean): [number, number][] {
  const targetLeft: [number, number] = [target.x, target.y + target.height / 2];
  if (fromBoundary) {
    const bottom: [number, number] = [source.x + source.width / 2, source.y + source.height];
    return [bottom, [bottom[0], targetLeft[1]], targetLeft];
  }
  const sourceRight: [number, number] = [source.x + source.width, source.y + source.height / 2];
  if (Math.abs(sourceRight[1] - targetLeft[1]) < 1) return [sourceRight, targetLeft];
  if (target.x <= sourceRight[0]) {
    // A loop back: leave from the bottom and come in from below.
    const below = Math.max(source.y + source.height, target.y + target.height) + 30;
    const sourceBottom: [number, number] = [source.x + source.width / 2, source.y + source.height];
    const targetBottom: [number, number] = [target.x + target.width / 2, target.y + target.height];
    return [sourceBottom, [sourceBottom[0], below], [targetBottom[0], below], targetBottom];
  }
  return [sourceRight, [sourceRight[0] + 25, sourceRight[1]], [sourceRight[0] + 25, targetLeft[1]], targetLeft];
}
