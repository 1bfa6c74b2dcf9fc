// bpmn-moddle ships no type declarations; this is the small part of its API the engine uses.
declare module 'bpmn-moddle' {
  export interface ModdleElement {
    $type: string;
    id?: string;
    name?: string;
    $attrs?: Record<string, string>;
    $parent?: ModdleElement;
    [property: string]: unknown;
  }
  export interface ModdleWarning {
    message: string;
    error?: Error;
  }
  export interface ModdleContext {
    rootElement: ModdleElement;
    elementsById: Record<string, ModdleElement>;
    references: unknown[];
    warnings: ModdleWarning[];
  }
  export type Definitions = ModdleContext;
  export default class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ModdleContext>;
  }
}
