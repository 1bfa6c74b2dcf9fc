// dmn-moddle ships no type declarations; this is the small part of its API the rules module uses.
declare module 'dmn-moddle' {
  export interface ModdleWarning {
    message: string;
    error?: Error;
  }
  export interface ModdleParseResult {
    rootElement: { $type: string };
    warnings: ModdleWarning[];
  }
  export class DmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ModdleParseResult>;
  }
}
