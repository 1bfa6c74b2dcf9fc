// dmn-js ships no types; the console uses this much of its Modeler and Viewer.
declare module 'dmn-js/lib/Modeler' {
  export interface DmnView {
    type: 'drd' | 'decisionTable' | 'literalExpression' | 'boxedExpression' | string;
    element: { id: string; name?: string };
  }
  export default class DmnModeler {
    constructor(options: { container: HTMLElement; common?: Record<string, unknown> });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): DmnView[];
    getActiveView(): DmnView | undefined;
    open(view: DmnView): Promise<unknown>;
    on(event: string, callback: (...args: unknown[]) => void): void;
    destroy(): void;
  }
}

declare module 'dmn-js/lib/Viewer' {
  import type DmnModeler from 'dmn-js/lib/Modeler';
  export default class DmnViewer extends DmnModeler {}
}
